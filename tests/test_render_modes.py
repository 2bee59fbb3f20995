"""Output modes: plain when piped, Rich on a terminal, JSON on request; NO_COLOR,
FORCE_COLOR, TERM=dumb and COLUMNS honoured; collection text is always text."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import Result

from innovasjon_faq.environment import Environment
from innovasjon_faq.models import Collection, Contact, Entry
from innovasjon_faq.render import human, jsonout, plain
from innovasjon_faq.search import SearchEngine

Cli = Callable[..., Result]

COMMANDS = [[], ["list"], ["show", "N3"], ["show", "1"], ["search", "politikere"], ["contacts"]]
SGR = re.compile(r"\x1b\[([0-9;]*)m")
ESCAPES = re.compile(r"\x1b(?:\[[0-9;?]*[A-Za-z]|\]8;[^\x1b]*\x1b\\)")


def visible(text: str) -> str:
    """`text` without its escape sequences (styles and OSC 8 links)."""
    return ESCAPES.sub("", text)


def sgr_codes(text: str) -> set[int]:
    return {int(code) for params in SGR.findall(text) for code in params.split(";") if code}


def rich_run(
    cli: Cli, terminal: Callable[..., Environment], args: list[str], **environ: str
) -> str:
    env = terminal(**environ)
    result = cli(*args, obj=env)
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert result.stdout == ""  # everything went through the Environment's stream
    assert isinstance(env.stdout, io.StringIO)
    out = env.stdout.getvalue()
    assert isinstance(out, str)
    return out


# -- piped: plain text ---------------------------------------------------------------------


@pytest.mark.parametrize("args", COMMANDS)
def test_piped_output_is_plain_text(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 0
    assert result.stdout
    assert "\x1b" not in result.stdout
    assert "╭" not in result.stdout


@pytest.mark.parametrize("args", COMMANDS)
def test_piped_output_with_no_color_and_term_dumb_is_plain(cli: Cli, args: list[str]) -> None:
    result = cli(*args, env={"NO_COLOR": "1", "TERM": "dumb"})
    assert "\x1b" not in result.stdout
    assert result.stdout == cli(*args).stdout


# -- terminal: Rich ------------------------------------------------------------------------


@pytest.mark.parametrize("args", COMMANDS)
def test_terminal_output_is_rich_with_styles(
    cli: Cli, terminal: Callable[..., Environment], args: list[str]
) -> None:
    out = rich_run(cli, terminal, args)
    codes = sgr_codes(out)
    assert 1 in codes  # bold
    assert codes & {32, 33, 35, 36}  # green ids, yellow matches, magenta commands, cyan headings


def test_terminal_list_is_a_table(cli: Cli, terminal: Callable[..., Environment]) -> None:
    lines = visible(rich_run(cli, terminal, ["list"])).splitlines()
    assert lines[0].split() == ["ID", "Question", "Keywords"]
    assert set(lines[1]) == {"─"}
    assert lines[2].split()[:3] == ["1", "Hva", "gjør"]
    assert "kommentar, innspill," in lines[2]


def test_terminal_search_highlights_the_matched_words(
    cli: Cli, terminal: Callable[..., Environment]
) -> None:
    out = rich_run(cli, terminal, ["search", "politikere"])
    assert "\x1b[1;33mpolitikere\x1b[0m" in out


def test_terminal_contacts_are_cards_with_links(
    cli: Cli, terminal: Callable[..., Environment]
) -> None:
    out = rich_run(cli, terminal, ["contacts", "weiberg"])
    text = visible(out)
    assert text.splitlines()[0].startswith("╭─ Gustav Weiberg-Aurdal ─")
    assert "│ Phone         24 13 26 38" in text
    assert "│               93 45 71 37" in text
    assert "│ E-mail        Gustav.Weiberg-Aurdal@ks.no" in text
    assert re.search(r"\x1b\]8;id=\d+;tel:\+4724132638\x1b\\24 13 26 38", out)
    assert re.search(r"\x1b\]8;id=\d+;mailto:Gustav.Weiberg-Aurdal@ks.no\x1b\\", out)


def test_terminal_show_has_heading_answer_and_hints(
    cli: Cli, terminal: Callable[..., Environment]
) -> None:
    text = visible(rich_run(cli, terminal, ["show", "5"]))
    lines = [line.rstrip() for line in text.splitlines()]
    assert lines[0] == "5  Hvordan kan en best involvere politikere i innovasjonsarbeidet?"
    assert lines[-1] == "See also: ‘Bygge system’, ‘Menneskene’"
    text = visible(rich_run(cli, terminal, ["show", "1"]))
    assert text.rstrip().endswith("Contacts: faq contacts")


def test_force_color_gives_rich_when_piped(cli: Cli) -> None:
    result = cli("show", "N3", env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    assert "\x1b[" in result.stdout
    assert visible(result.stdout).startswith("2  Hva er forskjellen på N3 (BLT) og SLIK?")


def test_no_color_drops_the_colours(cli: Cli, terminal: Callable[..., Environment]) -> None:
    out = rich_run(cli, terminal, ["search", "politikere"], NO_COLOR="1")
    codes = sgr_codes(out)
    assert not codes & (set(range(30, 50)) | set(range(90, 108)))
    assert visible(out) == visible(rich_run(cli, terminal, ["search", "politikere"]))


@pytest.mark.parametrize("args", COMMANDS)
def test_term_dumb_has_no_escape_codes(
    cli: Cli, terminal: Callable[..., Environment], args: list[str]
) -> None:
    out = rich_run(cli, terminal, args, TERM="dumb")
    assert "\x1b" not in out


@pytest.mark.parametrize("width", [40, 60, 120])
@pytest.mark.parametrize("args", [["show", "N3"], ["list"], ["search", "kommune"], ["contacts"]])
def test_columns_sets_the_rich_width(
    cli: Cli, terminal: Callable[..., Environment], args: list[str], width: int
) -> None:
    lines = visible(rich_run(cli, terminal, args, COLUMNS=str(width))).splitlines()
    assert max(len(line) for line in lines) <= width
    if args[0] == "list":
        assert max(len(line) for line in lines) == width


@pytest.mark.parametrize("width", [40, 50, 100])
@pytest.mark.parametrize("args", [[], ["show", "N3"], ["search", "kommune"], ["contacts"]])
def test_columns_sets_the_plain_width(cli: Cli, args: list[str], width: int) -> None:
    result = cli(*args, env={"COLUMNS": str(width)})
    assert max(len(line) for line in result.stdout.splitlines()) <= width


@pytest.mark.parametrize("columns", ["", "0", "wide", "-5"])
def test_columns_that_are_not_a_width_mean_80(cli: Cli, columns: str) -> None:
    result = cli("show", "N3", env={"COLUMNS": columns})
    assert result.stdout == cli("show", "N3", env={"COLUMNS": "80"}).stdout


def test_environment_width_asks_the_terminal_when_columns_is_unset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    class Tty(io.StringIO):
        def fileno(self) -> int:
            return 1

    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((123, 40)))
    assert Environment(stdout=Tty(), stdout_isatty=True, environ={}).width == 123

    def no_terminal(fd: int) -> os.terminal_size:
        raise OSError("not a terminal")

    monkeypatch.setattr(os, "get_terminal_size", no_terminal)
    assert Environment(stdout=Tty(), stdout_isatty=True, environ={}).width == 80


def test_environment_asks_the_streams_whether_they_are_terminals() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    class Closed(io.StringIO):
        def isatty(self) -> bool:
            raise ValueError("I/O operation on closed file")

    env = Environment(stdout=Tty(), stderr=Closed(), environ={})
    assert env.stdout_isatty is True
    assert env.stderr_isatty is False
    assert env.rich_stdout is True


# -- collection text is text ----------------------------------------------------------------


@pytest.fixture
def markup_collection(bundled: dict[str, Any], write_collection: Callable[..., Path]) -> Path:
    bundled["title"] = "[bold red]Tittel[/]"
    bundled["entries"][1]["question"] = "Hva er [link=http://x]N3[/link] og [bold]SLIK[/bold]?"
    bundled["entries"][1]["answer"] = "Svar med [red]markup[/red] og :smile: og [/] i seg."
    bundled["entries"][1]["keywords"] = ["[i]N3[/i]"]
    bundled["contacts"][0]["name"] = "[blink]Gustav[/blink]"
    bundled["contacts"][0]["organization"] = "KS [dim]"
    return write_collection(bundled)


@pytest.mark.parametrize(
    ("args", "literal"),
    [
        ([], "[bold red]Tittel[/]"),
        (["list"], "[bold]SLIK[/bold]"),
        (["show", "2"], "Hva er [link=http://x]N3[/link] og [bold]SLIK[/bold]?"),
        (["show", "2"], "Svar med [red]markup[/red] og :smile: og [/] i seg."),
        (["search", "markup"], "[red]markup[/red]"),
        (["contacts"], "[blink]Gustav[/blink]"),
        (["contacts"], "KS [dim]"),
    ],
)
@pytest.mark.parametrize("mode", ["plain", "rich"])
def test_rich_markup_in_collection_text_shows_literally(
    cli: Cli,
    terminal: Callable[..., Environment],
    markup_collection: Path,
    args: list[str],
    literal: str,
    mode: str,
) -> None:
    full = [*args, "--data", str(markup_collection)]
    if mode == "plain":
        result = cli(*full, env={"COLUMNS": "200"})
        assert result.exit_code == 0
        out = result.stdout
    else:
        out = visible(rich_run(cli, terminal, full, COLUMNS="200"))
    assert literal in out
    assert "\x1b[5m" not in out  # blink was not applied


UNSAFE = "\x1b[2J\x1b]0;title\x07\x9b31m\u202e\x00\x7f"


def _unsafe_entry() -> Entry:
    return Entry(
        id=1,
        slug="x",
        question=f"Spørsmål {UNSAFE}?",
        answer=f"Svar {UNSAFE}\tslutt.",
        keywords=(f"nøkkel{UNSAFE}",),
        see_also=(f"Del {UNSAFE}",),
        refers_to_contacts=True,
    )


def _unsafe_collection() -> Collection:
    return Collection(
        title=f"Tittel {UNSAFE}",
        intro=f"Intro {UNSAFE}",
        entries=(_unsafe_entry(),),
        contacts_intro=f"Kontakt {UNSAFE}",
        contacts=(Contact(f"Navn {UNSAFE}", f"Org {UNSAFE}", ("+4724132638",), f"a{UNSAFE}@b.no"),),
        section=6,
    )


def _rich(renderable: Any) -> str:
    buffer = io.StringIO()
    Console(file=buffer, force_terminal=True, width=80, _environ={"TERM": "xterm"}).print(
        renderable
    )
    return buffer.getvalue()


def _assert_safe(out: str) -> None:
    leftover = ESCAPES.sub("", out)
    for char in "\x1b\x07\x9b\u202e\x00\x7f":
        assert char not in leftover, (char, out)
    assert "<U+001B>" in out


def test_control_characters_that_slip_past_the_loader_never_reach_stdout() -> None:
    """The loader refuses them (see test_loader); the renderers are the second line."""
    faq = _unsafe_collection()
    entry = faq.entries[0]
    hits = SearchEngine.of(faq).search("svar")
    assert hits
    outputs = [
        plain.overview(faq, 80),
        plain.entry_list(faq.entries, 80),
        plain.show(entry, 80),
        plain.search(hits, 80),
        plain.contacts(faq.contacts, faq.contacts_intro, 80),
        _rich(human.overview(faq)),
        _rich(human.entry_list(faq.entries)),
        _rich(human.show(entry)),
        _rich(human.search(hits)),
        _rich(human.contacts(faq.contacts, faq.contacts_intro)),
    ]
    for out in outputs:
        _assert_safe(out)


def test_json_escapes_every_control_character() -> None:
    out = jsonout.dumps(_unsafe_entry().to_dict())
    for char in "\x1b\x07\x9b\u202e\x00\x7f\t":
        assert char not in out
    assert "\\u001b" in out
    assert "\\u009b" in out
    assert "\\u202e" in out
    assert "ø" in out


@pytest.mark.parametrize("args", [["show"], ["search"], ["contacts"]])
def test_control_characters_typed_by_a_user_are_neutralised_on_stderr(
    cli: Cli, args: list[str]
) -> None:
    result = cli(*args, "zz\x1b[2Jzz\u202e")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "\x1b" not in result.stderr
    assert "\u202e" not in result.stderr
    assert "<U+001B>[2J" in result.stderr


def test_search_highlights_move_with_the_text_neutralising_changed() -> None:
    def marked(text: Any) -> list[str]:
        return [text.plain[span.start : span.end] for span in text.spans]

    # A control made visible (longer), invisible marks removed (shorter).
    text = human._highlighted("a\x1bb politikere", [(4, 14)])
    assert text.plain == "a<U+001B>b politikere"
    assert marked(text) == ["politikere"]
    text = human._highlighted("\u200epoli\u00adtikere og \u200bkommune", [(1, 12), (17, 24)])
    assert text.plain == "politikere og kommune"
    assert marked(text) == ["politikere", "kommune"]
    text = human._highlighted("ab politikere", [(3, 13)])
    assert [(s.start, s.end) for s in text.spans] == [(3, 13)]
