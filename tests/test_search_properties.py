"""Properties of search that must hold for any collection and any query."""

from __future__ import annotations

import re
from collections import defaultdict

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from innovasjon_faq.cli import app
from innovasjon_faq.loader import load
from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search import SearchEngine
from innovasjon_faq.search.normalize import tokens
from innovasjon_faq.search.phrase import has_phrase
from innovasjon_faq.search.query import parse
from innovasjon_faq.search.snippet import analysed

# Norwegian words, with æ/ø/å, stop words, inflections and compounds among them.
_POOL = (
    "rådmann rådmannen ordfører ordførere kommune kommunene kommunepolitiker plan planer "
    "planverk budsjett budsjettet skole møte møtene ærlig blåbær økonomi strategi "
    "innovasjonsstrategi leder ledere ledelse toppledelsen eie eierskap vår på og i hva "
    "er det som system systemer bygge frø frøet sjø tåke næring nærmere fører færre "
    "politiker politikerne samfunn samfunnsfloker floker N3 SLIK BLT"
)
POOL = _POOL.split()
ASCII = {"æ": ["ae"], "ø": ["o", "oe"], "å": ["a", "aa"], "Æ": ["AE", "Ae"], "Ø": ["O", "OE"]}
ASCII["Å"] = ["A", "AA", "Aa"]

words = st.sampled_from(POOL)
phrases = st.lists(words, min_size=1, max_size=5).map(" ".join)


@st.composite
def entries(draw: st.DrawFn, entry_id: int) -> Entry:
    question = draw(phrases) + "?"
    answer = ". ".join(draw(st.lists(phrases, max_size=4)))
    keywords = tuple(draw(st.lists(words, max_size=3, unique=True)))
    return Entry(entry_id, f"e{entry_id}", question, answer, keywords)


@st.composite
def collections(draw: st.DrawFn) -> Collection:
    size = draw(st.integers(min_value=1, max_value=6))
    items = tuple(draw(entries(entry_id)) for entry_id in range(1, size + 1))
    return Collection("Test", "", items)


@st.composite
def respelled(draw: st.DrawFn, text: str) -> str:
    """`text` with each æ/ø/å in one of its ASCII spellings (or kept), in any case."""
    out = "".join(draw(st.sampled_from([ch, *ASCII.get(ch, [])])) for ch in text)
    return draw(st.sampled_from([out, out.upper(), out.lower(), out.title()]))


def question_words(entry: Entry) -> frozenset[str]:
    return frozenset(term.word for term in parse(entry.question).terms)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(collections(), st.data())
def test_every_entry_is_found_first_by_its_own_question(
    faq: Collection, data: st.DataObject
) -> None:
    assume(len({question_words(e) for e in faq.entries}) == len(faq.entries))
    engine = SearchEngine.of(faq)
    for entry in faq.entries:
        query = data.draw(respelled(entry.question))
        assert engine.search(query)[0].entry.id == entry.id, query


def test_every_bundled_entry_is_found_first_by_its_own_question() -> None:
    faq = load()
    engine = SearchEngine.of(faq)
    for entry in faq.entries:
        assert engine.search(entry.question)[0].entry == entry


def unique_words(faq: Collection) -> list[tuple[str, int]]:
    """(surface, entry id) of each word whose folded form and whose stem are
    in one entry only (a form of it elsewhere would compete, as it should)."""
    where: dict[str, set[int]] = defaultdict(set)
    surfaces: dict[str, str] = {}
    for entry in faq.entries:
        for text in (*entry.keywords, entry.question, entry.answer):
            for token in tokens(text):
                folded, stem = analysed(token)
                where[folded].add(entry.id)
                where["stem:" + stem].add(entry.id)
                if not token.joined:
                    surfaces.setdefault(folded, token.surface)
    return sorted(
        (surfaces[word], next(iter(ids)))
        for word, ids in where.items()
        if word in surfaces
        and len(ids) == 1
        and where["stem:" + analysed(tokens(surfaces[word])[0])[1]] == ids
    )


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.just(load()), collections()), st.data())
def test_a_word_of_one_entry_finds_it_first_in_any_spelling(
    faq: Collection, data: st.DataObject
) -> None:
    candidates = unique_words(faq)
    assume(candidates)
    surface, entry_id = data.draw(st.sampled_from(candidates))
    query = data.draw(respelled(surface))
    assert SearchEngine.of(faq).search(query)[0].entry.id == entry_id, query


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(st.just(load()), collections()),
    st.lists(words, min_size=1, max_size=3).map(" ".join),
    entries(1000),
)
def test_an_unrelated_entry_never_changes_what_is_found(
    faq: Collection, query: str, extra: Entry
) -> None:
    """It may change the order, since the idf and the mean length are the
    collection's own (docs/performance.md says why); never which entries match."""
    assume(not SearchEngine.of(Collection("One", "", (extra,))).search(query))
    bigger = Collection(faq.title, faq.intro, (*faq.entries, extra))
    before = {hit.entry.id for hit in SearchEngine.of(faq).search(query)}
    after = {hit.entry.id for hit in SearchEngine.of(bigger).search(query)}
    assert after == before


@st.composite
def crowded_collections(draw: st.DrawFn) -> Collection:
    """Up to 40 entries of a few words, so most queries match many of them."""
    size = draw(st.integers(min_value=2, max_value=40))
    few = st.sampled_from(POOL[:12] + POOL[-14:])
    text = st.lists(few, min_size=1, max_size=12).map(" ".join)
    items = tuple(
        Entry(n, f"e{n}", draw(text) + "?", draw(text), tuple(draw(st.lists(few, max_size=2))))
        for n in range(1, size + 1)
    )
    return Collection("Test", "", items)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    crowded_collections(),
    st.lists(words, min_size=1, max_size=3).map(" ".join),
    st.integers(min_value=1, max_value=8),
)
def test_the_best_n_are_the_first_n_of_all(faq: Collection, query: str, limit: int) -> None:
    """Skipping what cannot be among the best (and ties at the cut) never changes them."""
    engine = SearchEngine.of(faq)
    every = engine.search(query)
    best = engine.search(query, limit)
    assert [(h.entry.id, h.score) for h in best] == [(h.entry.id, h.score) for h in every[:limit]]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(crowded_collections(), st.lists(words, min_size=2, max_size=3), st.integers(1, 8))
def test_a_phrase_keeps_the_hits_that_hold_it_in_the_same_order(
    faq: Collection, phrase: list[str], limit: int
) -> None:
    """A phrase is a filter: the hits are those of its words typed loose, in
    the same order with the same scores, less the entries without the phrase."""
    engine = SearchEngine.of(faq)
    quoted = parse('"' + " ".join(phrase) + '"')
    assume(quoted.phrases)
    loose = engine.search(" ".join(phrase))
    expected = [(h.entry.id, h.score) for h in loose if has_phrase(h.entry, quoted.phrases[0])]
    found = engine.search('"' + " ".join(phrase) + '"', limit)
    assert [(h.entry.id, h.score) for h in found] == expected[:limit]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(crowded_collections(), st.lists(words, min_size=2, max_size=4))
def test_a_phrase_finds_exactly_the_entries_that_hold_it(
    faq: Collection, phrase: list[str]
) -> None:
    """The index's positions of stems answer as the texts do (`has_phrase`):
    word after word in one text, each word as itself or another form of it."""
    quoted = parse('"' + " ".join(phrase) + '"')
    assume(quoted.phrases)
    found = {h.entry.id for h in SearchEngine.of(faq).search('"' + " ".join(phrase) + '"')}
    assert found == {e.id for e in faq.entries if has_phrase(e, quoted.phrases[0])}


@settings(max_examples=200, deadline=None)
@example("0:0:0/0˥0:0:0/0:0:0:0/0:0:0/0:0/0:0/0:0/0:0:0/0:0:0:0/0:0:0:0:0,0", "search")
@given(st.text(min_size=1).filter(str.strip), st.sampled_from(["search", "show"]))
def test_any_text_as_a_query_exits_0_or_1_without_a_traceback(query: str, command: str) -> None:
    """0 or 1 for any query within the limits; beyond them (more than
    MAX_QUERY_WORDS runs of letters and digits, or MAX_QUERY_CHARS characters:
    Hypothesis found 33 in a short text of digits and colons) one line, status 2."""
    from innovasjon_faq.cli.actions import MAX_QUERY_CHARS, MAX_QUERY_WORDS

    result = CliRunner().invoke(app, [command, "--", query])
    over = len(re.findall(r"\w+", query)) > MAX_QUERY_WORDS or len(query) > MAX_QUERY_CHARS
    if over:
        assert result.exit_code == 2, (result.exit_code, result.stderr)
        assert result.stderr.startswith("faq: the query has ")
        assert result.stderr.count("\n") == 1
        return
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 1:
        assert result.stderr.startswith("faq: ")
