"""Run the copilot: the same as ``spa-copilot run`` (settings from the environment or ``.env``), its options too
(``python app.py --port 3000``)."""

import sys

from spa_copilot.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["run", *sys.argv[1:]]))
