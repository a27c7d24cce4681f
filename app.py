"""Run the copilot: the same as ``spa-copilot run`` (settings from the environment or ``.env``)."""

from spa_copilot.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["run"]))
