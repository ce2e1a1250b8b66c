"""config.toml: where it is, what it may hold, and one line per mistake in it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperdeck.config import (
    BINDING_IDS,
    CONFIG_ENV,
    Config,
    Feed,
    config_path,
    load_config,
    save_theme,
    toml_string,
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_path_is_the_environment_variable_when_set(config_file: Path) -> None:
    assert config_path() == config_file


def test_without_the_variable_the_path_is_in_the_user_config_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import platformdirs

    monkeypatch.delenv(CONFIG_ENV)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    expected = Path(platformdirs.user_config_dir("paperdeck", appauthor=False)) / "config.toml"
    assert config_path() == expected
    assert expected.name == "config.toml" and expected.parent.name == "paperdeck"


def test_no_file_means_the_defaults_and_no_problem() -> None:
    assert load_config() == (Config(), [])
    assert Config().sort == "date" and Config().theme is None


def test_every_setting_is_read(config_file: Path) -> None:
    write(
        config_file,
        """# mine
theme = "gruvbox"
sort = "upvotes"
reverse = true
advance_after_triage = true

[keys]
star = "x"
quit = "ctrl+q,Q"

[[feeds]]
name = "daily"
source = "hf"
""",
    )
    config, problems = load_config()
    assert problems == []
    assert config == Config(
        theme="gruvbox",
        keys={"star": "x", "quit": "ctrl+q,Q"},
        sort="upvotes",
        reverse=True,
        advance_after_triage=True,
        feeds=(Feed("daily", "hf"),),
    )
    assert config.given == {"theme", "sort", "reverse", "advance_after_triage", "keys", "feeds"}
    assert config.to_dict()["feeds"] == [{"name": "daily", "source": "hf"}]


def test_a_file_that_is_not_toml_gives_one_line_with_its_line_and_the_defaults(
    config_file: Path,
) -> None:
    write(config_file, 'theme = "a"\n\n[keys]\nstar = x\n')
    config, problems = load_config()
    assert config == Config()
    assert len(problems) == 1
    assert problems[0].startswith(f"{config_file}:4: not valid TOML")
    assert "using the defaults" in problems[0] and "\n" not in problems[0]


@pytest.mark.parametrize(
    ("text", "where", "key"),
    [
        ('theme = 3\nsort = "title"\n', 1, "theme"),
        ('sort = "title"\nreverse = "yes"\n', 2, "reverse"),
        ('sort = "title"\nadvance_after_triage = 1\n', 2, "advance_after_triage"),
        ('sort = "title"\n\n[keys]\nstar = 3\n', 4, "keys.star"),
        ('sort = "title"\n\n[keys]\nstar = "a b"\n', 4, "keys.star"),
    ],
)
def test_a_setting_of_the_wrong_type_names_file_line_and_key_and_keeps_the_rest(
    config_file: Path, text: str, where: int, key: str
) -> None:
    write(config_file, text)
    config, problems = load_config()
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{config_file}:{where}: {key}: should be ")
    assert config.sort == "title"  # the good setting stands
    assert "sort" in config.given and key.split(".")[0] not in config.given - {"keys"}
    assert config.keys == {} and config.reverse is False and config.theme is None


def test_an_unknown_binding_id_is_named_and_the_others_kept(config_file: Path) -> None:
    write(config_file, '[keys]\nstar = "x"\nstarr = "y"\n')
    config, problems = load_config()
    assert config.keys == {"star": "x"}
    assert problems == [
        f"{config_file}:3: keys.starr: no binding has this id "
        f"(known: {', '.join(BINDING_IDS)}); ignored"
    ]


def test_an_unknown_sort_is_named_with_the_choices(config_file: Path) -> None:
    write(config_file, 'theme = "nord"\nsort = "stars"\n')
    config, problems = load_config()
    assert config == Config(theme="nord")
    assert config.given == {"theme"}
    assert problems == [
        f'{config_file}:2: sort: unknown sort "stars" '
        "(choose from relevance, date, upvotes, title, added, for-you, for-you:TAG)"
    ]


def test_unknown_settings_and_bad_feeds_are_named(config_file: Path) -> None:
    write(config_file, 'colour = "red"\n\n[[feeds]]\nname = "x"\n')
    config, problems = load_config()
    assert config.feeds == ()
    assert problems[0].startswith(f"{config_file}:1: colour: unknown setting")
    assert problems[1].startswith(f"{config_file}:3: feeds: a feed needs a name and a source")


def test_an_unreadable_file_is_one_problem(config_file: Path) -> None:
    config_file.mkdir(parents=True)
    config, problems = load_config()
    assert config == Config()
    assert len(problems) == 1 and problems[0].startswith(f"{config_file}: cannot read")


def test_the_binding_ids_hold_those_the_issue_names() -> None:
    named = [
        "star",
        "read",
        "tag",
        "untag",
        "note",
        "mark",
        "mark_all",
        "undo",
        "redo",
        "save_filter",
        "export",
        "open",
        "copy_link",
        "help",
        "quit",
        "sort",
        "detail",
        "filter",
        "next_unread",
        "title",
    ]
    assert set(named) <= set(BINDING_IDS)
    assert len(set(BINDING_IDS)) == len(BINDING_IDS)


def test_saving_the_theme_makes_the_file_and_its_folder(config_file: Path) -> None:
    assert not config_file.parent.exists()
    assert save_theme("nord") == config_file
    assert config_file.read_text() == 'theme = "nord"\n'
    assert load_config() == (Config(theme="nord"), [])
    assert oct(config_file.stat().st_mode & 0o777) == oct(0o644)


def test_saving_the_theme_keeps_comments_and_every_other_line(config_file: Path) -> None:
    original = (
        "# my settings\n"
        'theme = "gruvbox"   # the dark one\n'
        'sort = "title"\n'
        "\n"
        "[keys]\n"
        'star = "x"  # x marks it\n'
    )
    write(config_file, original)
    os.chmod(config_file, 0o600)
    save_theme("nord")
    assert config_file.read_text() == original.replace('"gruvbox"', '"nord"')
    assert oct(config_file.stat().st_mode & 0o777) == oct(0o600)
    assert not [p for p in config_file.parent.iterdir() if p != config_file]


def test_a_new_theme_line_goes_before_the_first_table(config_file: Path) -> None:
    write(config_file, '# mine\nsort = "title"\n[keys]\ntheme = "x"\n')
    save_theme('odd "name"')
    text = config_file.read_text()
    assert text == '# mine\nsort = "title"\ntheme = "odd \\"name\\""\n[keys]\ntheme = "x"\n'
    config, problems = load_config()
    assert config.theme == 'odd "name"'
    # theme is not a binding id: the one in [keys] is still reported, not rewritten.
    assert len(problems) == 1 and "keys.theme" in problems[0]


def test_a_file_without_a_final_newline_stays_valid(config_file: Path) -> None:
    write(config_file, 'sort = "title"')
    save_theme("nord")
    assert load_config() == (Config(theme="nord", sort="title"), [])


def test_saving_the_theme_through_a_link_replaces_the_linked_file(
    config_file: Path, tmp_path: Path
) -> None:
    kept = write(tmp_path / "dotfiles" / "paperdeck.toml", 'sort = "title"\n')
    config_file.parent.mkdir(parents=True)
    config_file.symlink_to(kept)
    save_theme("nord")
    assert config_file.is_symlink()
    assert kept.read_text() == 'sort = "title"\ntheme = "nord"\n'


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_no_file_content_makes_the_loader_raise(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        path.write_text(text, encoding="utf-8")
        config, problems = load_config(path)
    assert isinstance(config, Config)
    assert all(isinstance(problem, str) and "\n" not in problem for problem in problems)


@given(
    st.dictionaries(
        st.sampled_from(["theme", "sort", "reverse", "advance_after_triage", "keys", "feeds", "x"]),
        st.one_of(
            st.booleans(),
            st.integers(),
            st.text(max_size=10),
            st.lists(st.dictionaries(st.text(max_size=5), st.text(max_size=5)), max_size=2),
            st.dictionaries(st.sampled_from(["star", "nope", "quit"]), st.text(max_size=4)),
        ),
    )
)
@settings(max_examples=200, deadline=None)
def test_any_toml_document_gives_a_config_and_one_line_problems(data: dict) -> None:
    import tempfile
    import tomllib

    text = "".join(f"{key} = {_toml(value)}\n" for key, value in data.items())
    tomllib.loads(text)  # the document itself is valid TOML
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        path.write_text(text, encoding="utf-8")
        config, problems = load_config(path)
    assert config.sort in ("relevance", "date", "upvotes", "title", "added")
    assert isinstance(config.reverse, bool) and isinstance(config.advance_after_triage, bool)
    assert all(str(path) in problem and "\n" not in problem for problem in problems)


def _toml(value: object) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_string(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, str):
        return toml_string(value)
    return json.dumps(value)


@given(st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_any_theme_name_is_written_as_toml_that_reads_back(theme: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        save_theme(theme, path)
        config, problems = load_config(path)
    assert problems == [] and config.theme == (theme.strip() or None)


def test_a_value_or_key_with_a_line_break_is_still_one_problem_line(config_file: Path) -> None:
    write(config_file, 'sort = "da\\nte"\n"odd\\nkey" = 1\n')
    _config, problems = load_config()
    assert len(problems) == 2 and all("\n" not in problem for problem in problems)
    assert "odd\\u000akey: unknown setting" in problems[0]
    assert problems[1].startswith(f'{config_file}:1: sort: unknown sort "da\\nte"')


def test_a_for_you_sort_is_a_sort(config_file: Path) -> None:
    write(config_file, 'sort = "for-you"\n')
    config, problems = load_config()
    assert problems == [] and config.sort == "for-you" and "sort" in config.given
    write(config_file, 'sort = "for-you:reading"\n')
    config, problems = load_config()
    assert problems == [] and config.sort == "for-you:reading"
    write(config_file, 'sort = "for-you:"\n')
    config, problems = load_config()
    assert config.sort == "date" and "unknown sort" in problems[0]
