"""The engine: match quality, field weights, ties, phrases, highlights, snippets,
suggestions, and `faq show` resolution."""

from __future__ import annotations

import pytest

from innovasjon_faq.errors import AmbiguousError, NotFoundError
from innovasjon_faq.loader import load
from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search import Hit, SearchEngine, resolve
from innovasjon_faq.search import engine as engine_module
from innovasjon_faq.search.engine import _TENS, MAX_COMPOUNDS, TF_FACTOR
from innovasjon_faq.search.snippet import ELLIPSIS, Mark, make_snippet, marks
from innovasjon_faq.search.store import FIELD_WEIGHTS


def entry(entry_id: int, question: str, answer: str = "", keywords: tuple[str, ...] = ()) -> Entry:
    return Entry(entry_id, f"e{entry_id}", question, answer, keywords)


def collection(*entries: Entry) -> Collection:
    return Collection("Test", "", tuple(entries))


@pytest.fixture(scope="module")
def bundled() -> SearchEngine:
    return SearchEngine(load())


def ids(hits: list[Hit]) -> list[int]:
    return [hit.entry.id for hit in hits]


def highlighted(hit: Hit) -> tuple[list[str], list[str]]:
    """The highlighted words of the question and of the snippet."""
    question = [hit.entry.question[a:b] for a, b in hit.question_spans]
    snippet = [hit.snippet[a:b] for a, b in hit.snippet_spans]
    return question, snippet


# -- ranking ---------------------------------------------------------------------


def test_match_quality_exact_then_stem_then_compound_whatever_the_field() -> None:
    engine = SearchEngine(
        collection(
            entry(1, "Om planer", keywords=("innovasjonsstrategi",)),
            entry(2, "Om mål", "Vi har strategien klar.", keywords=("strategiene",)),
            entry(3, "Om veien", "En strategi er en plan."),
        )
    )
    assert ids(engine.search("strategi")) == [3, 2, 1]


def test_field_weights_keywords_then_question_then_answer() -> None:
    engine = SearchEngine(
        collection(
            entry(1, "Noe annet", "Om budsjett."),
            entry(2, "Om budsjett i kommunen?", "Noe annet."),
            entry(3, "Noe annet", "Noe annet.", keywords=("budsjett",)),
        )
    )
    assert ids(engine.search("budsjett")) == [3, 2, 1]


def test_equal_scores_go_to_the_lower_id_whatever_the_order() -> None:
    engine = SearchEngine(collection(entry(9, "Om budsjett"), entry(4, "Om budsjett")))
    assert ids(engine.search("budsjett")) == [4, 9]


def test_typos_only_when_nothing_matches_as_a_word_or_a_form() -> None:
    engine = SearchEngine(collection(entry(1, "Om budsjettet"), entry(2, "Om budsjetter")))
    assert ids(engine.search("budsjettet")) == [1, 2]  # exact, then another form
    typo = SearchEngine(collection(entry(1, "Om budsjettet"), entry(2, "Om kaffe")))
    assert ids(typo.search("budsjetett")) == [1]
    assert typo.search("kafe") == []  # too short to forgive a typo
    assert typo.search("kaffi") != []


def test_stop_words_do_not_drive_ranking() -> None:
    engine = SearchEngine(
        collection(
            entry(1, "Hvordan og hvorfor og hva er det som skjer?"),
            entry(2, "Om budsjett", "Budsjett."),
        )
    )
    assert ids(engine.search("hvordan er det med budsjett")) == [2]
    assert ids(engine.search("hvordan er det")) == [1]


def test_the_own_question_wins_over_a_longer_one() -> None:
    engine = SearchEngine(
        collection(
            entry(1, "Budsjett og plan for kommunen", "Budsjett, plan, budsjett, plan."),
            entry(2, "Budsjett og plan"),
        )
    )
    assert ids(engine.search("budsjett og plan"))[0] == 2
    assert ids(engine.search("plan budsjett"))[0] == 2


def test_phrases_need_the_words_next_to_each_other() -> None:
    engine = SearchEngine(
        collection(
            entry(1, "Bygge et system", "Vi skal bygge et godt system."),
            entry(2, "Om systemet", "Bygge systemer er moro."),
        )
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


def test_an_engine_needs_a_collection_or_a_store() -> None:
    with pytest.raises(TypeError):
        SearchEngine()


def test_compounds_are_bounded() -> None:
    many = [entry(n, f"Om a{n:04d}budsjett") for n in range(MAX_COMPOUNDS + 20)]
    engine = SearchEngine(collection(*many))
    assert len(engine.search("budsjett")) == MAX_COMPOUNDS


def test_weights_are_tenths_so_frequencies_sum_exactly() -> None:
    """The engine sums ten times each weight as a whole number."""
    for quality, factor in TF_FACTOR.items():
        for field, weight in enumerate(FIELD_WEIGHTS):
            assert _TENS[quality << 2 | field] == pytest.approx(weight * factor * 10, abs=1e-9)


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
def test_the_best_few_are_the_first_few_of_all(limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    every = SearchEngine(crowded()).search("politikere")
    assert len(every) == 80
    assert every[0].entry.id == 1
    scored: list[int] = []
    term_scores = engine_module._term_scores

    def counting(found: dict[int, int], *args: object) -> dict[int, float]:
        scored.append(len(found))
        return term_scores(found, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine_module, "_term_scores", counting)
    best = SearchEngine(crowded()).search("politikere", limit)
    assert [(h.entry.id, h.score, h.snippet) for h in best] == [
        (h.entry.id, h.score, h.snippet) for h in every[:limit]
    ]
    if limit <= 10:  # the few best: most entries are never scored exactly
        assert scored[-1] < 40, scored


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


def test_marks_merge_a_hyphenated_word_with_its_parts() -> None:
    found = marks("seg ‘parti-hatten’", lambda w: {"parti": 2, "partihatten": 4}.get(w, 0))
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
    faq = load()
    assert resolve(faq, ref).id == entry_id


def test_resolve_lists_candidates_when_no_entry_clearly_wins() -> None:
    faq = load()
    with pytest.raises(AmbiguousError) as caught:
        resolve(faq, "innovasjon")
    assert [entry_id for entry_id, _ in caught.value.candidates][:2] == [3, 4]
    assert len(caught.value.candidates) >= 2


def test_resolve_suggests_when_nothing_matches() -> None:
    with pytest.raises(NotFoundError) as caught:
        resolve(load(), "politkr")
    assert caught.value.suggestions == ("politikere", "politikk")
    with pytest.raises(NotFoundError):
        resolve(load(), "99")


def test_a_word_longer_than_the_snippet_is_never_cut() -> None:
    long_word = "budsjett" * 9
    text = "Her står et ord: " + long_word + " og mer tekst etter det. " + "Slutt " * 30 + "."
    start = text.index(long_word)
    found = [Mark(start, start + len(long_word), 4)]
    snippet, spans = make_snippet(text, found, width=60)
    assert snippet == f"{ELLIPSIS}står et ord: {long_word}{ELLIPSIS}"
    assert [snippet[a:b] for a, b in spans] == [long_word]
