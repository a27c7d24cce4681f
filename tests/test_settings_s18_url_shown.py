"""A base URL refused for its scheme or host is shown in its error line without what may be a secret: before, an
``ftp://it:s3cret@host`` or a ``host?key=s3cret`` with no scheme was echoed whole, password and key included, where a
URL refused for holding them (44b814f, baf85b8) showed them as ``…``."""

from __future__ import annotations

from pathlib import Path

import pytest

from spa_copilot.cli import main


@pytest.mark.parametrize("name", ["MANGOMINT_API_URL", "SLACK_API_URL", "LLM_BASE_URL"])
@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("ftp://it:s3cret@gateway.example.com/v1", "ftp://…@gateway.example.com/v1"),
        ("gateway.example.com/v1?key=s3cret", "gateway.example.com/v1?…"),
        ("it:s3cret@gateway.example.com", "…@gateway.example.com"),
        ("https://it:s3cret@:8443/v1", "https://…@:8443/v1"),
        # a password with an unescaped "/": the URL has no host to read, but what
        # stands before the last "@" is still the user and password
        ("https://it:s3/cret@gateway.example.com/v1", "https://…@gateway.example.com/v1"),
        # "?" or "#" in the password: it was shown up to them, 'https://it:s3?…'
        ("https://it:s3?cret@gateway.example.com/v1", "https://…@gateway.example.com/v1"),
        ("https://it:s3#cret@gateway.example.com/v1", "https://…@gateway.example.com/v1"),
    ],
)
def test_a_refused_scheme_or_host_never_shows_the_password_or_key(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, url: str, shown: str,
) -> None:
    monkeypatch.setenv(name, url)
    assert main(["check"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"spa-copilot: configuration error: {name}: must be an http:// or https:// URL with a host")
    assert line.endswith(f"(got {shown!r})") and "s3cret" not in line


def test_a_plain_wrong_url_is_still_shown_whole(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MANGOMINT_API_URL", "gateway.example.com/v1")
    assert main(["check"]) == 2
    assert capsys.readouterr().err.rstrip().endswith("(got 'gateway.example.com/v1')")


def test_a_url_holding_a_password_keeps_its_scheme_as_typed(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MANGOMINT_API_URL", "HTTPS://it:s3cret@gateway.example.com/v1")
    assert main(["check"]) == 2
    line = capsys.readouterr().err.rstrip()
    assert line.endswith("got 'HTTPS://…@gateway.example.com/v1'") and "s3cret" not in line
