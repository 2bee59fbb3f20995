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
from innovasjon_faq.text import BIDI_CONTROLS, INVISIBLE_MARKS, neutralise

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

# Everything but line feed that must never appear raw in what faq writes (the
# invisible marks are not refused, but not written either).
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + INVISIBLE_MARKS + "\u2028\u2029]"
)
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
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


def all_views(faq: Collection) -> dict[str, tuple[object, str]]:
    hits = SearchEngine.of(faq).search("politikere")
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


# -- invisible marks: accepted, not shown, warned about (issue #13) -------------

# Text copied from a web page: direction marks around a name, a soft hyphen
# inside a long word, a zero-width space, a word joiner, a byte-order mark.
MARKED = {
    ("entries", 1, "answer"): "SLIK\u200e fokuserer på innovasjons\u00adarbeid\u200f.",
    ("entries", 1, "question"): "Hva er\u200b forskjellen på N3 og SLIK\u061c?",
    ("entries", 1, "keywords", 0): "N3\u2060",
    ("intro",): "\ufeffHer har vi lagt ut svar.",
    ("contacts", 0, "name"): "\u200fGustav Weiberg-Aurdal",
}


@pytest.fixture
def marked_file(write_collection: Callable[..., Path], bundled: dict[str, Any]) -> Path:
    for path, value in MARKED.items():
        _set(bundled, path, value)
    written: Path = write_collection(bundled)
    return written


MARKED_COMMANDS = [[], ["list"], ["show", "2"], ["search", "innovasjonsarbeid"], ["contacts"]]


@pytest.mark.parametrize("command", MARKED_COMMANDS)
def test_invisible_marks_are_accepted_and_not_shown(
    runner: CliRunner,
    terminal: Callable[..., Environment],
    marked_file: Path,
    command: list[str],
) -> None:
    piped = runner.invoke(app, [*command, "--data", str(marked_file)])
    assert piped.exit_code == 0, piped.stderr
    env = terminal(width=120)
    shown = runner.invoke(app, [*command, "--data", str(marked_file)], obj=env)
    assert shown.exit_code == 0, shown.stderr
    out = env.stdout.getvalue()  # type: ignore[attr-defined]
    for text in (piped.stdout, rich_leftovers(out)):
        assert not FORBIDDEN.search(text), repr(text)
        assert "<U+" not in text
    words = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", out).split())
    if command == ["show", "2"]:
        assert "SLIK fokuserer på innovasjonsarbeid." in piped.stdout
        assert "SLIK fokuserer på innovasjonsarbeid." in words
    if command == ["contacts"]:
        assert "Gustav Weiberg-Aurdal" in words


def test_a_search_highlights_a_word_with_a_soft_hyphen_whole(
    runner: CliRunner, terminal: Callable[..., Environment], marked_file: Path
) -> None:
    env = terminal(width=120)
    result = runner.invoke(
        app, ["search", "innovasjonsarbeid", "--data", str(marked_file)], obj=env
    )
    assert result.exit_code == 0
    out = env.stdout.getvalue()  # type: ignore[attr-defined]
    assert re.search(r"\x1b\[[0-9;]*m(innovasjonsarbeid)\x1b\[0m", out), repr(out)


def test_validate_warns_about_each_invisible_mark(runner: CliRunner, marked_file: Path) -> None:
    result = runner.invoke(app, ["validate", str(marked_file)])
    assert result.exit_code == 0, result.stdout
    said = "which faq does not show"
    assert result.stdout.splitlines() == [
        f"{marked_file}: top level: warning: field 'intro' holds the invisible character "
        f"U+FEFF ZERO WIDTH NO-BREAK SPACE, {said}",
        f"{marked_file}: entry 2 (id 2): warning: field 'question' holds the invisible "
        f"character U+200B ZERO WIDTH SPACE, {said}",
        f"{marked_file}: entry 2 (id 2): warning: field 'question' holds the invisible "
        f"character U+061C ARABIC LETTER MARK, {said}",
        f"{marked_file}: entry 2 (id 2): warning: field 'answer' holds the invisible "
        f"character U+200E LEFT-TO-RIGHT MARK, {said}",
        f"{marked_file}: entry 2 (id 2): warning: field 'answer' holds the invisible "
        f"character U+00AD SOFT HYPHEN, {said}",
        f"{marked_file}: entry 2 (id 2): warning: field 'answer' holds the invisible "
        f"character U+200F RIGHT-TO-LEFT MARK, {said}",
        f"{marked_file}: entry 2 (id 2), field 'keywords' item 1: warning: holds the "
        f"invisible character U+2060 WORD JOINER, {said}",
        f"{marked_file}: contact 1: warning: field 'name' holds the invisible character "
        f"U+200F RIGHT-TO-LEFT MARK, {said}",
        f"{marked_file}: ok",
        "8 warnings in 1 file",
    ]
    report = json.loads(runner.invoke(app, ["validate", "--json", str(marked_file)]).stdout)
    assert report["valid"] is True
    (checked,) = report["files"]
    assert (checked["valid"], checked["problems"], len(checked["warnings"])) == (True, [], 8)
    assert checked["warnings"][3] == {
        "file": str(marked_file),
        "where": "entry 2 (id 2)",
        "line": None,
        "column": None,
        "problem": f"field 'answer' holds the invisible character U+200E LEFT-TO-RIGHT MARK, "
        f"{said}",
    }


def test_validate_counts_problems_and_warnings(
    runner: CliRunner, write_collection: Callable[..., Path], bundled: dict[str, Any]
) -> None:
    bundled["entries"][0]["answer"] = "Svar\u200e."
    bundled["entries"][1]["question"] = "Spørsmål\x1b?"
    path = write_collection(bundled)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == "1 problem and 1 warning in 1 file"


def test_the_json_outputs_keep_invisible_marks_exactly(
    runner: CliRunner, marked_file: Path
) -> None:
    answer = MARKED["entries", 1, "answer"]
    shown = runner.invoke(app, ["show", "2", "--json", "--data", str(marked_file)])
    assert shown.exit_code == 0
    assert "\\u200e" in shown.stdout  # escaped, so a reader sees it
    assert json.loads(shown.stdout)["answer"] == answer
    exported = runner.invoke(app, ["export", "--format", "json", "--data", str(marked_file)])
    assert json.loads(exported.stdout)["entries"][1]["answer"] == answer
    assert not FORBIDDEN.search(exported.stdout.replace("\n", ""))


def test_an_e_mail_address_with_an_invisible_mark_is_refused(
    runner: CliRunner, write_collection: Callable[..., Path], bundled: dict[str, Any]
) -> None:
    # Shown as nothing, the mark would make another address than the file's.
    bundled["contacts"][1]["email"] = "morten@agenda\u200ekaupang.no"
    path = write_collection(bundled)
    result = runner.invoke(app, ["contacts", "--data", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"faq: {path}: contact 2 (Morten Stenstadvold): field 'email' is not an e-mail "
        "address: 'morten@agenda\\u200ekaupang.no'\n"
    )


@pytest.mark.parametrize("char", list(BIDI_CONTROLS), ids=lambda c: f"U+{ord(c):04X}")
def test_bidi_controls_that_reorder_stay_refused(
    runner: CliRunner, write_collection: Callable[..., Path], bundled: dict[str, Any], char: str
) -> None:
    bundled["entries"][0]["answer"] = f"Svar {char}med{char} retning."
    path = write_collection(bundled)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"holds the control character U+{ord(char):04X}" in result.stdout


def test_neutralise_removes_invisible_marks() -> None:
    assert neutralise("inn\u00adova\u200bsjon\u200e\u200f\u061c\u2060\ufeff") == "innovasjon"
    # The joiners emoji need are kept.
    assert neutralise("\U0001f469\u200d\U0001f4bb") == "\U0001f469\u200d\U0001f4bb"


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_phone_number_past_the_loader_is_neither_raw_nor_a_hostile_link(attack: str) -> None:
    # A contact built in code (or read from a tampered file) with a phone that
    # is no E.164 number: shown neutralised, and linked only if it is a number.
    contact = Contact(
        name="Navn", organization="", phones=(f"+47{ATTACKS[attack]}", "+4724132638"), email=""
    )
    out = rich_render(human.contacts((contact,), ""))
    assert not FORBIDDEN.search(rich_leftovers(out)), repr(out)
    assert links(out) == ["tel:+4724132638"]
    text = plain.contacts((contact,), "", 80)
    assert not FORBIDDEN.search(text)


def test_a_mailto_link_is_percent_encoded() -> None:
    contact = Contact(name="N", organization="", phones=(), email='a"b <c>@d.no?cc=e@f.no')
    out = rich_render(human.contacts((contact,), ""))
    assert links(out) == ["mailto:a%22b%20%3Cc%3E@d.no%3Fcc%3De@f.no"]
