"""Hostile text: Rich markup shows literally, control characters never reach a terminal.

Two layers, both tested: the loader refuses control characters in a collection
(exit 2, naming entry and field), and every renderer neutralises any that reach
it anyway (here: collections built in code, past the loader).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from innovasjon_faq.cli import app
from innovasjon_faq.environment import Environment
from innovasjon_faq.models import Collection, Contact, Entry
from innovasjon_faq.render import human, jsonout, plain
from innovasjon_faq.search import SearchEngine
from innovasjon_faq.text import BIDI_CONTROLS, neutralise

MARKUP = "[bold red]ALARM[/] [link=https://evil.example]klikk[/link] :smile: [/]"

# What a hostile file might try: colours, clearing the screen, a window title,
# a fake hyperlink, C1 CSI, bell and backspace, and a Trojan Source override.
ATTACKS = {
    "csi": "\x1b[31mred\x1b[0m",
    "clear": "\x1b[2J\x1b[H",
    "title": "\x1b]0;owned\x07",
    "osc8": "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "c1-csi": "\x9b31m",
    "bel-bs": "ding\x07\x08\x08",
    "cr": "over\rwrite",
    "bidi": "admin\u202e\u2066txt.exe\u2069",
    "separator": "line\u2028next",
}

# Everything but line feed that must never appear raw in what faq writes.
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\u2028\u2029]")
# What Rich itself writes: SGR colour/style and OSC 8 links (for tel:/mailto: only).
RICH_OWN = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b\x07]*\x1b\\")


def rich_leftovers(out: str) -> str:
    """`out` without Rich's own sequences; must then hold no control character."""
    return RICH_OWN.sub("", out)


def links(out: str) -> list[str]:
    """The targets of the OSC 8 hyperlinks in `out` (not the closing ones)."""
    return [t for t in re.findall(r"\x1b\]8;[^;]*;([^\x1b]*)\x1b\\", out) if t]


# -- markup stays literal ------------------------------------------------------


@pytest.fixture
def markup_file(write_collection: Callable[..., Path], bundled: dict[str, Any]) -> Path:
    bundled["title"] = f"Tittel {MARKUP}"
    bundled["intro"] = f"Intro {MARKUP}"
    bundled["section"] = "[blink]6[/blink]"
    entry = bundled["entries"][0]
    entry["question"] = f"Spørsmål {MARKUP}"
    entry["answer"] = f"Svar med markup {MARKUP} og mer tekst."
    entry["keywords"] = [MARKUP, "markup"]
    entry["see_also"] = [MARKUP]
    bundled["contacts_intro"] = f"Kontakt {MARKUP}"
    bundled["contacts"][0]["name"] = f"Navn {MARKUP}"
    bundled["contacts"][0]["organization"] = f"Org {MARKUP}"
    path: Path = write_collection(bundled)
    return path


COMMANDS = [[], ["list"], ["show", "1"], ["search", "markup"], ["contacts"]]


@pytest.mark.parametrize("command", COMMANDS)
def test_markup_is_literal_on_a_terminal(
    runner: CliRunner,
    terminal: Callable[..., Environment],
    markup_file: Path,
    command: list[str],
) -> None:
    env = terminal(width=200)
    result = runner.invoke(app, [*command, "--data", str(markup_file)], obj=env)
    assert result.exit_code == 0, result.output
    out = env.stdout.getvalue()  # type: ignore[attr-defined]
    text = re.sub(r"\s+", " ", RICH_OWN.sub("", out).replace("│", " "))
    assert "[bold red]ALARM[/]" in text
    assert "[link=https://evil.example]klikk[/link]" in text
    assert ":smile:" in text
    assert "evil.example" not in "".join(links(out))
    assert not FORBIDDEN.search(rich_leftovers(out))


@pytest.mark.parametrize("command", COMMANDS)
def test_markup_is_literal_when_piped(
    runner: CliRunner, markup_file: Path, command: list[str]
) -> None:
    result = runner.invoke(app, [*command, "--data", str(markup_file)])
    assert result.exit_code == 0, result.output
    assert "[bold red]ALARM[/]" in re.sub(r"\s+", " ", result.stdout)
    assert "\x1b" not in result.stdout


def test_markup_is_exact_in_json(runner: CliRunner, markup_file: Path) -> None:
    result = runner.invoke(app, ["show", "1", "--json", "--data", str(markup_file)])
    assert json.loads(result.stdout)["keywords"][0] == MARKUP


# -- the loader refuses control characters -------------------------------------


FIELDS = [
    (("title",), "top level", "title"),
    (("intro",), "top level", "intro"),
    (("section",), "top level", "section"),
    (("language",), "top level", "language"),
    (("contacts_intro",), "top level", "contacts_intro"),
    (("entries", 0, "question"), "entry 1 (id 1)", "question"),
    (("entries", 0, "answer"), "entry 1 (id 1)", "answer"),
    (("entries", 0, "slug"), "entry 1 (id 1)", "slug"),
    (("contacts", 0, "name"), "contact 1", "name"),
    (("contacts", 0, "organization"), "contact 1 (Gustav Weiberg-Aurdal)", "organization"),
    (("contacts", 0, "email"), "contact 1 (Gustav Weiberg-Aurdal)", "email"),
]


def _set(data: dict[str, Any], path: tuple[Any, ...], value: str) -> None:
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


@pytest.mark.parametrize(("path", "where", "field"), FIELDS, ids=lambda v: str(v))
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_the_loader_refuses_control_characters_naming_entry_and_field(
    runner: CliRunner,
    write_collection: Callable[..., Path],
    bundled: dict[str, Any],
    path: tuple[Any, ...],
    where: str,
    field: str,
    attack: str,
) -> None:
    _set(bundled, path, "x" + ATTACKS[attack])
    file = write_collection(bundled)
    result = runner.invoke(app, ["list", "--data", str(file)])
    assert result.exit_code == 2
    assert result.stdout == ""
    line = result.stderr
    assert line.count("\n") == 1
    if field == "slug":  # the kebab-case rule (or the control check) refuses it first
        assert line.startswith(f"faq: {file}: {where}: field 'slug' ")
    else:
        assert re.fullmatch(
            rf"faq: {re.escape(str(file))}: {re.escape(where)}: field '{field}' "
            r"holds the control character U\+[0-9A-F]{4}\n",
            line,
        ), line
    assert not FORBIDDEN.search(line.rstrip("\n"))


@pytest.mark.parametrize("key", ["keywords", "see_also"])
def test_the_loader_refuses_control_characters_in_list_items(
    runner: CliRunner,
    write_collection: Callable[..., Path],
    bundled: dict[str, Any],
    key: str,
) -> None:
    bundled["entries"][2][key] = ["ok", "bad\x1b]0;t\x07"]
    file = write_collection(bundled)
    result = runner.invoke(app, ["list", "--data", str(file)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"faq: {file}: entry 3 (id 3), field '{key}' item 2: holds the control character U+001B\n"
    )


def test_line_feed_is_allowed_in_multiline_fields_only(
    runner: CliRunner, write_collection: Callable[..., Path], bundled: dict[str, Any]
) -> None:
    bundled["entries"][0]["answer"] = "Første avsnitt.\n\nAndre avsnitt."
    ok = write_collection(bundled)
    assert runner.invoke(app, ["show", "1", "--data", str(ok)]).exit_code == 0
    bundled["entries"][0]["question"] = "To\nlinjer?"
    bad = write_collection(bundled)
    result = runner.invoke(app, ["show", "1", "--data", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.endswith("field 'question' holds the control character U+000A\n")


# -- renderers neutralise what gets past the loader ------------------------------


def hostile_collection(payload: str) -> Collection:
    entry = Entry(
        id=1,
        slug="x",
        question=f"Spørsmål {payload} politikere",
        answer=f"Svar {payload} politikere.\nNeste linje {payload}.",
        keywords=(f"nøkkel{payload}", "politikere"),
        see_also=(f"se {payload}",),
        refers_to_contacts=True,
    )
    contact = Contact(
        name=f"Navn {payload}",
        organization=f"Org {payload}",
        phones=("+4724132638",),
        email=f"a{payload}@b.no",
    )
    return Collection(
        title=f"Tittel {payload}",
        intro=f"Intro {payload}",
        entries=(entry,),
        contacts_intro=f"Kontakt {payload}",
        contacts=(contact,),
        section=f"6{payload}",
    )


def rich_render(renderable: object, width: int = 100) -> str:
    console = Console(
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        width=width,
        markup=False,
        emoji=False,
        highlight=False,
    )
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def all_views(faq: Collection) -> dict[str, tuple[object, str]]:
    hits = SearchEngine(faq).search("politikere")
    assert hits
    return {
        "overview": (human.overview(faq), plain.overview(faq, 80)),
        "list": (human.entry_list(faq.entries), plain.entry_list(faq.entries, 80)),
        "show": (human.show(faq.entries[0]), plain.show(faq.entries[0], 80)),
        "search": (human.search(hits), plain.search(hits, 80)),
        "contacts": (
            human.contacts(faq.contacts, faq.contacts_intro),
            plain.contacts(faq.contacts, faq.contacts_intro, 80),
        ),
    }


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_every_renderer_neutralises_control_characters(attack: str) -> None:
    payload = ATTACKS[attack]
    for name, (renderable, text) in all_views(hostile_collection(payload)).items():
        out = rich_render(renderable)
        assert not FORBIDDEN.search(rich_leftovers(out)), (name, out)
        assert not FORBIDDEN.search(text), (name, text)
        assert "<U+" in text, name
        assert all(target.startswith(("tel:", "mailto:")) for target in links(out)), name


def test_a_mailto_link_carries_no_escape() -> None:
    out = rich_render(human.contacts(hostile_collection(ATTACKS["osc8"]).contacts, ""))
    targets = links(out)
    assert "tel:+4724132638" in targets
    assert all("\x1b" not in t and "\x07" not in t for t in targets)


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_json_escapes_every_control_character(attack: str) -> None:
    data = hostile_collection(ATTACKS[attack]).entries[0].to_dict()
    text = jsonout.dumps(data)
    assert not FORBIDDEN.search(text.replace("\n", ""))
    assert json.loads(text) == data  # the data stays exact


def test_json_escapes_a_lone_surrogate_and_reads_it_back() -> None:
    # A file name's byte that is not UTF-8 (validate --json names the file).
    data = {"file": "\udcff-samling.json", "pair": "\U0001f642"}
    text = jsonout.dumps(data)
    assert "\\udcff-samling.json" in text
    assert "\U0001f642" in text
    text.encode("utf-8")  # writable to any UTF-8 stream
    assert json.loads(text) == data


def test_neutralise_makes_each_control_visible() -> None:
    assert neutralise("a\x1b[31mb") == "a<U+001B>[31mb"
    assert neutralise("tab\there") == "tab here"
    assert neutralise("x\ny") == "x\ny"
    assert neutralise("x\ny", multiline=False) == "x<U+000A>y"
    assert neutralise("\u202eabc\u2069") == "<U+202E>abc<U+2069>"
    assert neutralise("\x9b\x85\x7f") == "<U+009B><U+0085><U+007F>"
    assert neutralise("ærlig talt [bold]") == "ærlig talt [bold]"
    assert neutralise("bytes \udcff\ud800") == "bytes <U+DCFF><U+D800>"
    assert neutralise("par \U0001f642") == "par \U0001f642"
