"""``MANGOMINT_API_URL`` is the gateway's address alone: a ``?key=…``, a ``#fragment`` or a ``user:password@`` in it
passed the URL check and broke every call (``…/v1?key=x/v1/locations``; the user and password sent as Basic auth, so
``run`` exited 3 saying the spa system refused MANGOMINT_API_KEY). Each is now a one-line configuration error naming
the variable and what to remove, without repeating what it held (it may be the key)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from spa_copilot.cli import main
from spa_copilot.settings import Settings


@pytest.mark.parametrize(
    ("url", "removed", "shown"),
    [
        ("https://gw.example.com/v1?key=s3cretkey", "a query (?…): remove it", "https://gw.example.com/v1?…"),
        ("https://gw.example.com/v1?", "a query (?…): remove it", "https://gw.example.com/v1?…"),
        ("https://gw.example.com/v1#s3cretkey", "a fragment (#…): remove it", "https://gw.example.com/v1#…"),
        ("https://spa:s3cretkey@gw.example.com/v1", "a user or password (user:password@): remove it",
         "https://…@gw.example.com/v1"),
        ("https://s3cretkey@gw.example.com:8443/?k=s3cretkey",
         "a user or password (user:password@) or a query (?…): remove them", "https://…@gw.example.com:8443/?…"),
    ],
)
def test_a_url_holding_more_than_the_address_is_a_configuration_error(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str, removed: str,
    shown: str,
) -> None:
    monkeypatch.setenv("MANGOMINT_API_URL", url)
    with pytest.raises(ValidationError):
        Settings(_env_file=None)
    assert main(["check"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line == (f"spa-copilot: configuration error: MANGOMINT_API_URL: must be the gateway's address alone, "
                    f"without {removed} (the key goes in MANGOMINT_API_KEY), got {shown!r}")
    assert "s3cretkey" not in line


@pytest.mark.parametrize(
    "url", ["https://gw.example.com", "https://gw.example.com/v1/", "http://127.0.0.1:8765/v1", "https://[::1]:8443/v1"]
)
def test_an_address_alone_is_taken(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("MANGOMINT_API_URL", url)
    assert Settings(_env_file=None).mangomint_api_url == url
