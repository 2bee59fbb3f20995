"""Prose at any width (issue #13): never a word, an e-mail address or a phone
number split across lines, and lines of prose at most MEASURE columns wide
on a wide terminal; plain and Rich alike.

The property: at any width from 30 to 300 columns (20 for plain text), no line
is wider than the width (MEASURE for the reading views) unless it holds a
piece no break may go inside that is itself about that wide; and every such
piece of the text shown comes out whole on one line.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from innovasjon_faq.cli.output import MIN_RICH_WIDTH, emit
from innovasjon_faq.environment import Environment
from innovasjon_faq.loader import load
from innovasjon_faq.models import Collection, Contact, Entry
from innovasjon_faq.render import human, plain
from innovasjon_faq.render.wrap import MEASURE, cells, units
from innovasjon_faq.search import Hit, SearchEngine

Cli = Callable[..., Result]
ANSI = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")
# How far in a line may start: an id of up to ten digits and its two spaces,
# a table's first column, a box's edge and label.
INDENT = 12


def render(view: str, faq: Collection, width: int, rich: bool, hits: list[Hit]) -> list[str]:
    """The lines `faq VIEW` writes at `width` columns, as the CLI writes them."""
    out = io.StringIO()
    env = Environment(
        stdout=out,
        stderr=io.StringIO(),
        stdout_isatty=rich,
        stderr_isatty=False,
        environ={"COLUMNS": str(width), "TERM": "xterm-256color"},
    )
    views: dict[str, tuple[Callable[[int], str], Callable[[], Any]]] = {
        "overview": (lambda w: plain.overview(faq, w), lambda: human.overview(faq)),
        "list": (lambda w: plain.entry_list(faq.entries, w), lambda: human.entry_list(faq.entries)),
        "show": (lambda w: plain.show(faq.entries[0], w), lambda: human.show(faq.entries[0])),
        "search": (lambda w: plain.search(hits, w), lambda: human.search(hits)),
        "contacts": (
            lambda w: plain.contacts(faq.contacts, faq.contacts_intro, w),
            lambda: human.contacts(faq.contacts, faq.contacts_intro),
        ),
    }
    text, renderable = views[view]
    emit(env, as_json=False, data=lambda: None, plain=text, human=renderable)
    return ANSI.sub("", out.getvalue()).split("\n")


def shown_texts(view: str, faq: Collection, hits: list[Hit], rich: bool) -> list[str]:
    """The collection's text a view shows, as it shows it."""
    entry = faq.entries[0]
    quoted = [f"‘{s}’" if rich else s for s in entry.see_also]
    texts = {
        "overview": [faq.title, faq.intro, *(e.question for e in faq.entries)],
        "list": [t for e in faq.entries for t in (e.question, ", ".join(e.keywords))],
        "show": [entry.question, entry.answer, ", ".join(quoted)],
        "search": [t for h in hits for t in (h.entry.question, h.snippet)],
        "contacts": [
            faq.contacts_intro,
            *(t for c in faq.contacts for t in (c.name, c.organization, c.email)),
        ],
    }[view]
    return [t for t in texts if t]


def check(lines: list[str], texts: list[str], limit: int) -> None:
    """No line wider than `limit` but for an unbreakable piece about as wide;
    every unbreakable piece of `texts` whole on one line."""
    for line in lines:
        line = line.rstrip()
        if cells(line) > limit:
            widest = max((cells(u) for u in units(line)), default=0)
            assert widest > limit - INDENT, (limit, line)
    found = Counter(u for line in lines for u in units(line))
    wanted = Counter(u for t in texts for u in units(t))
    missing = {u: n for u, n in wanted.items() if found[u] < n}
    assert not missing, (missing, lines)


VIEWS = ["overview", "list", "show", "search", "contacts"]
BUNDLED = load()
BUNDLED_HITS = SearchEngine.of(BUNDLED).search("politikere innovasjon")


def check_view(view: str, faq: Collection, width: int, rich: bool, hits: list[Hit]) -> None:
    lines = render(view, faq, width, rich, hits)
    if view == "list" and not (rich and width >= MIN_RICH_WIDTH):
        # Plain `faq list` is one line per entry, for grep and cut: not wrapped.
        assert len([line for line in lines if line]) == len(faq.entries)
        return
    if view == "contacts" and not (rich and width >= MIN_RICH_WIDTH):
        # Plain contacts are one line per field (for grep); their intro is prose.
        intro = lines[: lines.index("")]
        check(intro, [faq.contacts_intro], min(width, MEASURE))
        for contact in faq.contacts:
            assert contact.name in lines
            assert not contact.email or f"E-mail: {contact.email}" in lines
        return
    # The reading views keep to the measure; the list, a table, uses the width.
    limit = width if view == "list" else min(width, MEASURE)
    check(lines, shown_texts(view, faq, hits, rich and width >= MIN_RICH_WIDTH), limit)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(width=st.integers(20, 300), view=st.sampled_from(VIEWS), rich=st.booleans())
def test_the_bundled_collection_at_any_width(width: int, view: str, rich: bool) -> None:
    check_view(view, BUNDLED, width, rich, BUNDLED_HITS)


# -- any collection ----------------------------------------------------------------

LETTERS = "abcdefghijklmnoprstuvyzæøåABCDEFGHIJKLMNOPRSTUVYZÆØÅ"
word = st.text(LETTERS, min_size=1, max_size=22)
long_word = st.text(LETTERS, min_size=23, max_size=70)
email = st.builds("{}@{}.no".format, st.text(LETTERS.lower() + ".-", min_size=1, max_size=30), word)
url = st.builds("https://{}.no/{}".format, word, st.text(LETTERS + "/-_", max_size=60))
phone = st.sampled_from(["24 13 26 38", "+47 24 13 26 38", "934 57 137", "+45 78 41 08 43"])
amount = st.sampled_from(["12\u00a0000 kroner", "kl.\u00a014.30"])
piece = st.one_of(word, word, word, word, long_word, email, url, phone, amount)
sentence = st.lists(piece, min_size=1, max_size=40).map(" ".join)
paragraphs = st.lists(sentence, min_size=1, max_size=3).map("\n".join)


@st.composite
def collections(draw: st.DrawFn) -> Collection:
    count = draw(st.integers(1, 4))
    entries = tuple(
        Entry(
            id=draw(st.integers(1, 10**6)) * 10 + number,
            slug=f"e-{number}",
            question=draw(sentence),
            answer=draw(paragraphs),
            keywords=tuple(draw(st.lists(st.one_of(word, phone, long_word), max_size=5))),
            see_also=tuple(draw(st.lists(word, max_size=2))),
        )
        for number in range(count)
    )
    contacts = tuple(
        Contact(
            name=draw(sentence.filter(lambda s: len(s) < 60)),
            organization=draw(st.one_of(st.just(""), sentence)),
            phones=tuple(draw(st.lists(st.just("+4724132638"), max_size=2))),
            email=draw(st.one_of(st.just(""), email)),
        )
        for _ in range(draw(st.integers(1, 3)))
    )
    return Collection(
        title=draw(sentence),
        intro=draw(paragraphs),
        entries=entries,
        contacts_intro=draw(paragraphs),
        contacts=contacts,
        section=draw(st.one_of(st.none(), st.integers(1, 99))),
    )


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    faq=collections(),
    width=st.integers(20, 300),
    view=st.sampled_from(VIEWS),
    rich=st.booleans(),
)
def test_any_collection_at_any_width(faq: Collection, width: int, view: str, rich: bool) -> None:
    hits = [Hit(entry=e, score=1.0, snippet=e.answer.split("\n")[0]) for e in faq.entries]
    check_view(view, faq, width, rich, hits)


# -- the faults of issue #13, one by one -------------------------------------------


def test_list_at_60_columns_splits_no_word(cli: Cli, terminal: Callable[..., Environment]) -> None:
    env = terminal(width=60)
    assert cli("list", obj=env).exit_code == 0
    out = ANSI.sub("", env.stdout.getvalue())  # type: ignore[attr-defined]
    assert "innovasjonsverktøy" in out  # it was innovasjonsverkt / øy
    assert "innovasjonsstrategi," in out
    assert max(cells(line) for line in out.splitlines()) <= 60


@pytest.mark.parametrize("width", [30, 36, 40, 44])
def test_contact_cards_never_split_an_address(
    cli: Cli, terminal: Callable[..., Environment], width: int
) -> None:
    env = terminal(width=width)
    assert cli("contacts", obj=env).exit_code == 0
    lines = ANSI.sub("", env.stdout.getvalue()).splitlines()  # type: ignore[attr-defined]
    for address in ("Gustav.Weiberg-Aurdal@ks.no", "jens.peter.jensen@midtlab.dk"):
        assert any(address in line for line in lines), (address, lines)
    for number in ("24 13 26 38", "93 45 71 37", "+45 78 41 08 43"):
        assert any(number in line for line in lines), (number, lines)
    assert max(cells(line) for line in lines) <= width


@pytest.mark.parametrize("rich", [False, True])
def test_show_at_200_columns_wraps_at_the_measure(
    cli: Cli, terminal: Callable[..., Environment], rich: bool
) -> None:
    if rich:
        env = terminal(width=200)
        assert cli("show", "3", obj=env).exit_code == 0
        out = ANSI.sub("", env.stdout.getvalue())  # type: ignore[attr-defined]
    else:
        result = cli("show", "3", env={"COLUMNS": "200"})
        assert result.exit_code == 0
        out = result.stdout
    widths = [cells(line.rstrip()) for line in out.splitlines()]
    assert max(widths) <= MEASURE  # it was 190
    assert max(widths) > 80  # and it uses the room it has


@pytest.mark.parametrize("rich", [False, True])
@pytest.mark.parametrize("width", [30, 50])
def test_a_word_wider_than_the_line_runs_past_it_whole(rich: bool, width: int) -> None:
    link = "https://www.ks.no/fagomrader/innovasjon/slik-verktoykassen/kontakt-og-sporsmal"
    faq = Collection(
        title="T",
        intro="",
        entries=(Entry(1, "a", "Hvor?", f"Les mer på {link} der du finner 24 13 26 38."),),
    )
    lines = render("show", faq, width, rich, [])
    assert any(link in line for line in lines), lines
    assert any("24 13 26 38" in line for line in lines), lines
    assert [line for line in lines if cells(line.rstrip()) > width] == [
        next(line for line in lines if link in line)
    ]


@pytest.mark.parametrize("rich", [False, True])
def test_a_no_break_space_does_not_break(rich: bool) -> None:
    answer = " ".join(["Tilskuddet er på"] + ["12\u00a0000 kroner"] * 20)
    faq = Collection(title="T", intro="", entries=(Entry(1, "a", "Hvor mye?", answer),))
    for width in (30, 41, 57):
        lines = render("show", faq, width, rich, [])
        assert all(line.count("12") == line.count("12\u00a0000") for line in lines), lines
        assert sum(line.count("12\u00a0000") for line in lines) == 20


def test_a_choice_of_layout_measures_as_the_layout_it_chooses() -> None:
    from rich.console import Console
    from rich.measure import Measurement
    from rich.text import Text

    from innovasjon_faq.render.layout import Fits, Prose

    console = Console(width=40, file=io.StringIO())
    wide, narrow = Prose(Text("eitt ord og ein lengre setning")), Text("smal")
    choice = Fits(30, wide, narrow)
    assert Measurement.get(console, console.options, choice) == (7, 30)
    assert Measurement.get(console, console.options.update_width(20), choice) == (4, 4)
