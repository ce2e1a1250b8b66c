"""The reader view (enter), and the config file: keymap, theme, a bad file."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import GRAMMAR, Notifications, on_disk, running, type_filter, wait_until

from paperdeck.config import BINDING_IDS
from paperdeck.tui.bindings import MAIN_BINDINGS, binding_ids
from paperdeck.tui.screens.reader import ReaderScreen


def reader_text(screen: ReaderScreen) -> str:
    return screen.text.plain


async def test_enter_opens_the_whole_paper_and_esc_comes_back_to_it(small: Path) -> None:
    async with running(small, size=(100, 30)) as (app, pilot):
        await pilot.press("j")
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        text = reader_text(app.screen)
        assert paper.title in text and paper.abstract in text
        assert (paper.arxiv_id or paper.key) in text and "Note" in text
        if paper.url:
            assert paper.url in text
        await pilot.press("escape")
        assert app.screen is app.main
        assert app.main.current_paper() == paper and app.main.paper_list.cursor == 1


async def test_the_reader_moves_on_with_brackets_and_triages_its_paper(small: Path) -> None:
    async with running(small, size=(100, 30)) as (app, pilot):
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        first = screen.paper
        await pilot.press("right_square_bracket")
        second = screen.paper
        assert second is not None and second != first
        assert app.main.current_paper() == second
        await pilot.press("s")
        assert on_disk(small).state(second.key).starred
        assert "★ starred" in reader_text(screen)
        await pilot.press("r")
        assert on_disk(small).state(second.key).read
        await pilot.press("left_square_bracket")
        assert screen.paper == first
        await pilot.press("escape")
        assert app.main.current_paper() == first


async def test_the_reader_says_untitled_and_highlights_the_query(small: Path) -> None:
    async with running(small, size=(100, 30)) as (app, pilot):
        await type_filter(pilot, "grammar")
        current = app.main.current_paper()
        assert current is not None and current.key == GRAMMAR.key
        await pilot.press("enter", "enter")
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert reader_text(screen).startswith("(untitled)")
        body = screen.text
        spans = [span for span in body.spans if "reverse" in str(span.style)]
        assert spans
        plain = body.plain
        assert all(plain[s.start : s.end].casefold().startswith("grammar") for s in spans)


async def test_a_key_remapped_in_config_toml_does_the_action(
    small: Path, config_file: Path
) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('[keys]\nstar = "x"\n', encoding="utf-8")
    async with running(small) as (app, pilot):
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("x")
        assert on_disk(small).state(paper.key).starred
        await pilot.press("s")  # no longer star
        assert on_disk(small).state(paper.key).starred


async def test_the_theme_comes_from_the_config_and_a_picked_one_is_written_back(
    small: Path, config_file: Path
) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('theme = "nord"\n# mine\n', encoding="utf-8")
    async with running(small) as (app, pilot):
        assert app.theme == "nord"
        assert config_file.read_text(encoding="utf-8") == 'theme = "nord"\n# mine\n'
        app.theme = "gruvbox"
        await wait_until(pilot, lambda: "gruvbox" in config_file.read_text("utf-8"), "the save")
    assert config_file.read_text(encoding="utf-8") == 'theme = "gruvbox"\n# mine\n'


async def test_a_bad_config_file_is_named_and_the_defaults_are_used(
    small: Path, config_file: Path
) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('theme = "nord"\n[keys]\nstar = \n', encoding="utf-8")
    async with running(small) as (app, pilot):
        told = Notifications(app)
        assert app.config_problems
        problem = app.config_problems[0]
        assert str(config_file) in problem and "\n" not in problem
        assert app.theme != "nord"
        # Shown on screen before the test could listen: the toast is there.
        toasts = [n.message for n in app._notifications]
        assert any(str(config_file) in message for message in toasts)
        paper = app.main.current_paper()
        assert paper is not None
        await pilot.press("s")
        assert on_disk(small).state(paper.key).starred
        assert told.messages("error") == []


def test_every_binding_id_is_a_config_id_and_every_config_id_a_binding() -> None:
    in_app = binding_ids(MAIN_BINDINGS) + binding_ids(ReaderScreen.BINDINGS)
    assert set(in_app) == set(BINDING_IDS)


async def test_reader_keys_and_the_abstract_scroll_are_remappable(
    small: Path, config_file: Path
) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text(
        '[keys]\nreader_next = "n"\nscroll_abstract_down = "ctrl+j"\n', encoding="utf-8"
    )
    async with running(small, size=(100, 30)) as (app, pilot):
        assert app.config_problems == []
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        first = screen.paper
        await pilot.press("n")
        assert screen.paper is not None and screen.paper != first


async def test_a_sort_set_in_the_config_is_kept_while_a_query_is_typed(
    small: Path, config_file: Path
) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('sort = "date"\n', encoding="utf-8")
    async with running(small) as (app, pilot):
        await type_filter(pilot, "model")
        assert "sort: date" in str(app.main.paper_list.border_subtitle)
        assert app.library is not None
        dates = [app.library.papers[p].published for p in app.main.paper_list.positions]
        assert len(dates) > 1 and dates == sorted(dates, reverse=True)


async def test_without_a_sort_in_the_config_a_query_is_ranked(small: Path) -> None:
    async with running(small) as (app, pilot):
        await type_filter(pilot, "model")
        assert "sort: relevance" in str(app.main.paper_list.border_subtitle)


async def test_with_a_sort_in_the_config_the_app_starts_on_the_top_paper_of_that_sort(
    small: Path, config_file: Path
) -> None:
    # The first list used to be drawn newest first and then re-sorted keeping the
    # cursor on its paper: a key pressed at once acted on a paper far down the list.
    config_file.parent.mkdir(parents=True)
    config_file.write_text('sort = "upvotes"\nreverse = true\n', encoding="utf-8")
    async with running(small) as (app, pilot):
        await pilot.pause()
        library = app.library
        assert library is not None
        shown = [library.papers[p] for p in app.main.paper_list.positions]
        votes = [paper.upvotes for paper in shown if paper.upvotes is not None]
        assert len(votes) > 1 and votes == sorted(votes) and shown[0].upvotes == votes[0]
        newest = max(library.papers, key=lambda paper: paper.sort_date)
        assert shown[0] != newest  # else this test could not tell the sorts apart
        assert app.main.paper_list.cursor == 0
        await pilot.press("s")
        assert library.state(shown[0].key).starred
