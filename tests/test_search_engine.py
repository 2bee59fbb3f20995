"""The engine: the kinds of match, field weights, ties, phrases, highlights,
snippets, suggestions, and `faq show` resolution."""

from __future__ import annotations

import pytest

from innovasjon_faq.errors import AmbiguousError, NotFoundError
from innovasjon_faq.loader import load
from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search import Hit, SearchEngine, resolve
from innovasjon_faq.search.engine import MAX_EXTRA, MIN_EXTRA
from innovasjon_faq.search.query import parse
from innovasjon_faq.search.snippet import ELLIPSIS, Mark, make_snippet, marks
from innovasjon_faq.search.store import Entries


def entry(entry_id: int, question: str, answer: str = "", keywords: tuple[str, ...] = ()) -> Entry:
    return Entry(entry_id, f"e{entry_id}", question, answer, keywords)


def collection(*entries: Entry) -> Collection:
    return Collection("Test", "", tuple(entries))


@pytest.fixture(scope="module")
def bundled() -> SearchEngine:
    return SearchEngine.of(load())


def engine_of(*entries: Entry) -> SearchEngine:
    return SearchEngine.of(collection(*entries))


def resolved(faq: Collection, ref: str) -> Entry:
    """`faq show REF` in the core: the engine made only if the words need it."""
    return resolve(Entries(faq), ref, lambda: SearchEngine.of(faq))


def ids(hits: list[Hit]) -> list[int]:
    return [hit.entry.id for hit in hits]


def highlighted(hit: Hit) -> tuple[list[str], list[str]]:
    """The highlighted words of the question and of the snippet."""
    question = [hit.entry.question[a:b] for a, b in hit.question_spans]
    snippet = [hit.snippet[a:b] for a, b in hit.snippet_spans]
    return question, snippet


# -- ranking ---------------------------------------------------------------------


def test_the_word_itself_then_another_form_of_it() -> None:
    engine = engine_of(
        entry(1, "Om mål", "Vi har strategien klar."),
        entry(2, "Om veien", "En strategi er en plan."),
    )
    assert ids(engine.search("strategi")) == [2, 1]


def test_compounds_only_when_the_word_is_nowhere_as_itself_or_a_form() -> None:
    alone = engine_of(entry(1, "Om planer", "Vår innovasjonsstrategi."), entry(2, "Om kaffe"))
    assert ids(alone.search("strategi")) == [1]
    beside = engine_of(
        entry(1, "Om planer", "Vår innovasjonsstrategi."), entry(2, "Om mål", "En strategi.")
    )
    assert ids(beside.search("strategi")) == [2]


def test_field_weights_keywords_then_question_then_answer() -> None:
    engine = engine_of(
        entry(1, "Noe annet", "Om budsjett."),
        entry(2, "Om budsjett i kommunen?", "Noe annet."),
        entry(3, "Noe annet", "Noe annet.", keywords=("budsjett",)),
    )
    assert ids(engine.search("budsjett")) == [3, 2, 1]


def test_equal_scores_go_to_the_entry_that_comes_first() -> None:
    engine = engine_of(entry(9, "Om budsjett"), entry(4, "Om budsjett"))
    assert ids(engine.search("budsjett")) == [9, 4]
    hits = engine.search("budsjett")
    assert hits[0].score == hits[1].score


@pytest.mark.parametrize("limit", [1, 2, 5, 9, 10, 11, 30])
def test_ties_at_the_cut_go_to_the_entries_that_come_first(limit: int) -> None:
    """tantivy breaks ties as it likes; the engine fetches every tie at the cut."""
    many = [entry(n, "Om budsjett", "Noe.") for n in range(60, 0, -1)]
    engine = engine_of(*many, entry(100, "Budsjett budsjett", "Budsjett."))
    found = ids(engine.search("budsjett", limit))
    assert found == [100, *range(60, 0, -1)][:limit]


def test_typos_only_when_nothing_matches_as_a_word_or_a_form() -> None:
    engine = engine_of(entry(1, "Om budsjettet"), entry(2, "Om budsjetter"))
    assert ids(engine.search("budsjettet")) == [1, 2]  # exact, then another form
    typo = engine_of(entry(1, "Om budsjettet"), entry(2, "Om kaffe"))
    assert ids(typo.search("budsjetett")) == [1]
    assert typo.search("kafe") == []  # too short to forgive a typo
    assert typo.search("kaffi") != []


def test_stop_words_do_not_drive_ranking() -> None:
    engine = engine_of(
        entry(1, "Hvordan og hvorfor og hva er det som skjer?"),
        entry(2, "Om budsjett", "Budsjett."),
    )
    assert ids(engine.search("hvordan er det med budsjett")) == [2]
    assert ids(engine.search("hvordan er det")) == [1]


def test_the_own_question_wins_over_a_longer_one() -> None:
    engine = engine_of(
        entry(1, "Budsjett og plan for kommunen", "Budsjett, plan, budsjett, plan."),
        entry(2, "Budsjett og plan"),
    )
    assert ids(engine.search("budsjett og plan"))[0] == 2
    assert ids(engine.search("plan budsjett"))[0] == 2


def test_phrases_need_the_words_next_to_each_other() -> None:
    engine = engine_of(
        entry(1, "Bygge et system", "Vi skal bygge et godt system."),
        entry(2, "Om systemet", "Bygge systemer er moro."),
    )
    assert ids(engine.search('"bygge system"')) == [2]
    assert ids(engine.search("bygge system")) == [1, 2]  # the own question first
    assert engine.search('"system bygge"') == []
    assert ids(engine.search('"bygge" "et"')) == [1, 2]  # single words are not phrases


def test_limit_and_json_shape(bundled: SearchEngine) -> None:
    hits = bundled.search("innovasjon", limit=2)
    assert len(hits) == 2
    row = hits[0].to_dict()
    assert list(row) == ["id", "slug", "question", "score", "snippet"]
    assert row["score"] == round(hits[0].score, 4)


def test_a_query_without_words_finds_nothing(bundled: SearchEngine) -> None:
    assert bundled.search("!!! ?") == []


def test_compounds_are_bounded_by_count() -> None:
    many = [entry(n, f"Om a{n:04d}budsjett") for n in range(1, MAX_EXTRA + 21)]
    assert len(engine_of(*many).search("budsjett")) == MAX_EXTRA


def test_compounds_are_bounded_by_postings_the_commonest_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A part of many common compounds costs a search at most EXTRA_POSTINGS
    postings of them, past the MIN_EXTRA commonest (always taken)."""
    from innovasjon_faq.search import engine as engine_module

    monkeypatch.setattr(engine_module, "EXTRA_POSTINGS", 10)
    parts = ["felles", "sær", "skole", "kirke", "vei", "havne"]
    entries, number = [], 0
    for rank, part in enumerate(parts):  # `havnebudsjett` the commonest
        for _ in range(rank + 1):
            number += 1
            entries.append(entry(number, f"Om {part}budsjett"))
    found = {h.entry.question for h in engine_of(*entries).search("budsjett")}
    assert found == {f"Om {part}budsjett" for part in parts[-MIN_EXTRA:]}


def crowded() -> Collection:
    """80 entries with `politikere` 1 to 8 times in answers of about one length
    (and forms and compounds of it), ties among them, and one whose question is
    the word alone, lifted first despite a long answer by the question bonus."""
    entries = [entry(1, "Politikere?", " ".join(["fyll"] * 150) + " politikere.")]
    for n in range(2, 81):
        times = n % 8 + 1
        filler = " ".join(["ord"] * (40 - times - n % 3))
        answer = f"{'politikere ' * times}{filler}, politikerne og politikerkontakt."
        entries.append(entry(n, f"Spørsmål nummer {n}?", answer))
    return collection(*entries)


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 10, 40, 79])
def test_the_best_few_are_the_first_few_of_all(limit: int) -> None:
    engine = SearchEngine.of(crowded())
    every = engine.search("politikere")
    assert len(every) == 80
    assert every[0].entry.id == 1  # the own question first, despite its long answer
    best = engine.search("politikere", limit)
    assert [(h.entry.id, h.score, h.snippet) for h in best] == [
        (h.entry.id, h.score, h.snippet) for h in every[:limit]
    ]


# -- highlights and snippets ---------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "question", "snippet"),
    [
        ("politikere", ["politikere"], ["Politikerne", "politikerne"]),
        ("politkere", ["politikere"], ["Politikerne", "politikerne"]),
        ("strategi", [], ["innovasjonsstrategi"]),
        ("ledelse", [], ["toppledelsen"]),
        ("floker", [], ["samfunnsflokene"]),
        ("radmann", [], ["Rådmannen"]),
        ("parti-hatten", [], ["parti-hatten"]),
        ('"i verktoyet"', [], ["i verktøyet"]),
        ('"bygge system"', [], ["Bygge system"]),
        ("N3 BLT", ["N3", "BLT"], ["N3"]),
    ],
)
def test_highlights_are_the_matched_words_as_the_text_spells_them(
    bundled: SearchEngine, query: str, question: list[str], snippet: list[str]
) -> None:
    hit = bundled.search(query)[0]
    assert highlighted(hit) == (question, snippet)


def test_the_snippet_is_the_sentence_around_the_best_match(bundled: SearchEngine) -> None:
    hit = bundled.search("bevilgninger")[0]
    assert hit.snippet.startswith("Disse vil kreve langsiktighet")
    assert hit.snippet in hit.entry.answer


def test_a_long_sentence_is_cut_at_word_boundaries_on_both_sides() -> None:
    words = [f"ord{n}" for n in range(80)]
    text = " ".join([*words[:60], "budsjett", *words[60:]]) + "."
    found = [Mark(text.index("budsjett"), text.index("budsjett") + 8, 4)]
    snippet, spans = make_snippet(text, found, width=60)
    assert snippet.startswith(ELLIPSIS)
    assert snippet.endswith(ELLIPSIS)
    assert len(snippet) <= 62
    inner = snippet.strip(ELLIPSIS)
    assert f" {inner} " in f" {text} "  # whole words only
    assert [snippet[a:b] for a, b in spans] == ["budsjett"]


def test_a_snippet_takes_the_next_sentences_while_they_fit() -> None:
    text = "En. To tre. Fire fem seks sju åtte ni ti elleve tolv tretten fjorten."
    snippet, spans = make_snippet(text, [], width=20)
    assert (snippet, spans) == ("En. To tre.", ())
    assert make_snippet("", []) == ("", ())


def test_a_hyphenated_word_is_found_joined_whatever_its_letters() -> None:
    """`data-analyse` is found by `dataanalyse` and `datanalyse` (the joined
    form is prepared as a query is: `aa` → `a`), `bo-enhet` by `boenhet`."""
    engine = engine_of(
        entry(1, "Om data", "Vi bruker data-analyse og bo-enhet."),
        entry(2, "Om noe annet", "Data og analyse hver for seg, og en enhet."),
    )
    for query in ("dataanalyse", "datanalyse", "boenhet"):
        assert ids(engine.search(query))[:1] == [1], query
        # As the word itself, not as a typo of the joined form.
        (term,) = parse(query).terms
        match = engine.match(term)
        assert match.stems, query
        assert not match.typos, query


def test_marks_merge_a_hyphenated_word_with_its_parts() -> None:
    found = marks("seg ‘parti-hatten’", lambda w, _: {"parti": 2, "partihatten": 4}.get(w, 0))
    assert found == [Mark(5, 17, 4)]


# -- did you mean -------------------------------------------------------------------------


def test_suggestions_are_close_words_one_form_each(bundled: SearchEngine) -> None:
    assert bundled.search("politkr") == []
    assert bundled.suggest("politkr") == ["politikere", "politikk"]
    assert bundled.suggest("slk") == ["SLIK"]
    assert bundled.suggest("xq") == []
    assert bundled.suggest("qqqqqqq") == []


# -- faq show REF ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "entry_id"),
    [
        ("2", 2),
        ("komme-i-gang", 3),
        ("Komme-I-Gang", 3),
        ("N3", 2),
        ("rådmann", 4),
        ("politikere", 5),
        ("involvere politikere", 5),
        ("radmann", 4),
        ("toppledelsen", 4),
    ],
)
def test_resolve_takes_a_clear_winner(ref: str, entry_id: int) -> None:
    assert resolved(load(), ref).id == entry_id


def test_resolve_makes_no_engine_for_an_id_a_slug_or_a_keyword() -> None:
    def no_engine() -> SearchEngine:
        raise AssertionError("the engine was asked for")

    faq = load()
    for ref in ("2", "n3-og-slik", "BLT"):
        assert resolve(Entries(faq), ref, no_engine).id == 2


def test_resolve_lists_candidates_when_no_entry_clearly_wins() -> None:
    faq = load()
    with pytest.raises(AmbiguousError) as caught:
        resolved(faq, "innovasjon")
    assert [entry_id for entry_id, _ in caught.value.candidates][:2] == [3, 4]
    assert len(caught.value.candidates) >= 2


def test_resolve_suggests_when_nothing_matches() -> None:
    with pytest.raises(NotFoundError) as caught:
        resolved(load(), "politkr")
    assert caught.value.suggestions == ("politikere", "politikk")
    with pytest.raises(NotFoundError):
        resolved(load(), "99")


def test_a_word_longer_than_the_snippet_is_never_cut() -> None:
    long_word = "budsjett" * 9
    text = "Her står et ord: " + long_word + " og mer tekst etter det. " + "Slutt " * 30 + "."
    start = text.index(long_word)
    found = [Mark(start, start + len(long_word), 4)]
    snippet, spans = make_snippet(text, found, width=60)
    assert snippet == f"{ELLIPSIS}står et ord: {long_word}{ELLIPSIS}"
    assert [snippet[a:b] for a, b in spans] == [long_word]


def test_a_question_of_stop_words_only_is_its_own_question() -> None:
    """`og?` has only stop words, so they are its words; `rådmann og?` has
    one word that ranks, and is not `og`'s own question (found by Hypothesis)."""
    engine = engine_of(entry(1, "rådmann og?"), entry(2, "og?", keywords=("rådmann",)))
    assert ids(engine.search("og?"))[0] == 2
    assert ids(engine.search("rådmann og?"))[0] == 1


def test_a_typo_of_a_common_word_finds_it_however_common(monkeypatch: pytest.MonkeyPatch) -> None:
    """No budget for typos: a slip on a word in a million entries finds it
    (with one, `politkere` found nothing at a million entries)."""
    from innovasjon_faq.search import engine as engine_module

    monkeypatch.setattr(engine_module, "EXTRA_POSTINGS", 1)
    engine = engine_of(*(entry(n, "Om politikere", "Politikere her.") for n in range(1, 30)))
    assert len(engine.search("politkere", limit=None)) == 29


def test_a_typo_prefers_the_closest_word_then_the_commonest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from innovasjon_faq.search import engine as engine_module
    from innovasjon_faq.search.query import parse

    monkeypatch.setattr(engine_module, "MAX_TYPOS", 1)
    engine = engine_of(
        entry(1, "Om budsjetet"),  # one edit from `budsjtetet` (a letter less)
        entry(2, "Om budsjettet"),  # one edit too (two letters swapped), and commoner
        entry(3, "Om budsjettet igjen"),
    )
    assert engine.match(parse("budsjtetet").terms[0]).typos == {"budsjettet"}
