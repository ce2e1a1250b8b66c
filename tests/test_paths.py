"""Where the data and the config live without $PAPERDECK_HOME / $PAPERDECK_CONFIG: the
folders paths.xdg_folder works out on Linux are platformdirs' own."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from paperdeck import paths
from paperdeck.config import CONFIG_FILE, config_path

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the XDG rule is Linux's")

HOMES = ["/home/ada", "/home/ada/", "/", "relative/home", "", " /home/ada", None]
XDG = ["", "/srv/xdg", "/srv/xdg/", "relative/xdg", " /srv/xdg", None]


def set_env(monkeypatch: pytest.MonkeyPatch, name: str, value: str | None) -> None:
    if value is None:
        monkeypatch.delenv(name, raising=False)
    else:
        monkeypatch.setenv(name, value)


@linux_only
@pytest.mark.parametrize("home", HOMES)
@pytest.mark.parametrize("xdg", XDG)
def test_the_data_and_config_folders_are_platformdirs_own(
    monkeypatch: pytest.MonkeyPatch, home: str | None, xdg: str | None
) -> None:
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    monkeypatch.delenv("PAPERDECK_CONFIG", raising=False)
    set_env(monkeypatch, "HOME", home)
    set_env(monkeypatch, "XDG_DATA_HOME", xdg)
    set_env(monkeypatch, "XDG_CONFIG_HOME", xdg)
    try:
        data = platformdirs.user_data_dir("paperdeck", appauthor=False)
        config = platformdirs.user_config_dir("paperdeck", appauthor=False)
    except RuntimeError:  # no home platformdirs can name: then it answers itself
        assert paths.xdg_folder("XDG_DATA_HOME", "~/.local/share") is None
        return
    assert paths.data_dir() == Path(data)
    assert config_path() == Path(config) / CONFIG_FILE


@linux_only
def test_the_usual_case_needs_no_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/ada")
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", "/srv/data")
    assert paths.xdg_folder("XDG_CONFIG_HOME", "~/.config") == "/home/ada/.config/paperdeck"
    assert paths.xdg_folder("XDG_DATA_HOME", "~/.local/share") == "/srv/data/paperdeck"
    monkeypatch.setenv("XDG_DATA_HOME", "data")  # relative: platformdirs' own rule decides
    assert paths.xdg_folder("XDG_DATA_HOME", "~/.local/share") is None
