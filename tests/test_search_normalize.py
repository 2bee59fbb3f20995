"""Normalisation, analysis, stemming and query parsing: the words as people type them.

`normalize.fold` folds the keys of `faq show` (slugs, keywords) and what
completion compares; `analysis` makes the words the index holds and a query
asks for. The two meet on every word people type (tests below).
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from innovasjon_faq.search import analysis
from innovasjon_faq.search.normalize import fold, split_phrases, tokens
from innovasjon_faq.search.query import STOP_WORDS, parse, same_word
from innovasjon_faq.search.snippet import analysed
from innovasjon_faq.search.stem import related, shorter_relatives

stem = analysis.stem_of


@pytest.mark.parametrize(
    ("spellings", "folded"),
    [
        (["rådmann", "raadmann", "radmann", "RÅDMANN", "Raadmann"], "radmann"),
        (["ordfører", "ordfoerer", "ordforer", "ORDFØRER"], "ordforer"),
        (["ærlig", "aerlig", "ÆRLIG"], "aerlig"),
        (["frøet", "froet", "froeet"], "frot"),
        (["blåaktig", "blaaaktig", "blaaktig"], "blaktig"),
        (
            ["ｐｏｌｉｔｉｋｅｒｅ", "politi\u00adkere", "politi\u200bkere", "Politikere"],
            "politikere",
        ),
        (["café", "cafe"], "cafe"),
        (["Straße", "strasse"], "strasse"),
    ],
)
def test_every_spelling_folds_to_one_form(spellings: list[str], folded: str) -> None:
    assert {fold(spelling) for spelling in spellings} == {folded}
    assert {tuple(analysis.words(spelling)) for spelling in spellings} == {(folded,)}


def test_every_unicode_space_is_a_space() -> None:
    assert fold("a\u00a0b\u2009c\u3000d\te\nf") == "a b c d e f"


# The characters that make folding and splitting words hard, and any others.
_TRICKY = list("aAeEoOøØåÅæÆäÄöÖéÉüßİﬁ½²_1 \t\n.,;:!?«»-–—'’ʼ\u00ad\u200b\u2060\u0301\u00a0")
texts = st.text(st.sampled_from(_TRICKY) | st.characters(), max_size=40)


def reference_fold(text: str) -> str:
    """`fold` as its docstring says, step by step, for any text."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if ch not in "\u00ad\u200b\u200c\u200d\u2060\ufeff")
    text = re.sub(r"\s+", " ", text.casefold())
    letters: dict[str, str | int | None] = {"æ": "ae", "ø": "o", "å": "a", "ä": "ae", "ö": "o"}
    text = text.translate(str.maketrans(letters))
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub("a+|oe+", lambda m: m.group()[0], text)


@given(texts)
def test_fold_is_its_definition_for_any_text(text: str) -> None:
    """Including the shortcut for ASCII and leaving single a's alone."""
    assert fold(text) == reference_fold(text)


# Word characters, joiners (ʼ is itself a word character) and separators, no invisible one.
_VISIBLE = st.text(st.sampled_from(list("aøÅé½_1 .-–'’ʼ")), max_size=20)
# Norwegian as people write and type it: letters, digits, punctuation, joiners,
# the invisible characters, and ASCII spellings of æøå.
_NORWEGIAN = st.lists(
    st.sampled_from(list("abcdefghijklmnopqrstuvwxyzæøåABCÆØÅéü0123456789 .,;:!?«»-–'’"))
    | st.sampled_from(["aa", "oe", "ae", "\u00ad", "\u200b", "ﬁ", "ｐ", "ß"]),
    max_size=40,
).map("".join)


@given(_NORWEGIAN)
def test_highlighting_finds_each_word_the_index_holds(text: str) -> None:
    """The index analyses a whole text at once (in Rust); highlighting analyses
    each word of it as it stands in the text (`snippet.analysed`): the same words."""
    by_token = [analysed(t)[0] for t in tokens(text) if not t.joined]
    assert [w for w in by_token if w] == analysis.words(text)


@given(texts | _VISIBLE)
def test_prepare_is_idempotent_and_keeps_the_words(text: str) -> None:
    once = analysis.prepare(text)
    assert analysis.prepare(once) == once
    assert analysis.words(once) == analysis.words(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Parti-hatten, N3–verktøyet!", ["parti", "hatten", "n3", "verktoyet"]),
        ("poli\u00adtikere", ["politikere"]),  # an invisible character inside a word
        ("foo_bar", ["foo", "bar"]),
        ("Rådmannen og ØKONOMI", ["radmannen", "og", "okonomi"]),
    ],
)
def test_analysis_takes_the_parts_of_a_hyphenated_word(text: str, expected: list[str]) -> None:
    assert analysis.words(text) == expected


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("seg ‘parti-hatten’ i", "partihatten"),
        ("N3–verktøyet og Norge’s", "n3verktoyet norges"),
        ("ingen bindestrek", ""),
        ("a - b", ""),
        # Joined, a word is prepared again, as a query of it is: aa → a, oe → o.
        ("data-analyse og bo-enhet", "datanalyse bonhet"),
    ],
)
def test_joined_gives_the_whole_of_each_hyphenated_word(text: str, joined: str) -> None:
    assert analysis.joined(analysis.prepare(text)) == joined


def test_a_word_longer_than_any_word_is_left_out() -> None:
    assert analysis.words("kort " + "x" * 200 + " ord") == ["kort", "ord"]


def test_tokens_keep_their_spans_in_the_original_text() -> None:
    text = "Dere kan lese om ‘Bygge system’ i verktøyet."
    found = tokens(text)
    assert [t.surface for t in found] == [
        "Dere",
        "kan",
        "lese",
        "om",
        "Bygge",
        "system",
        "i",
        "verktøyet",
    ]
    assert all(text[t.start : t.end] == t.surface for t in found)
    assert found[-1].folded == "verktoyet"
    assert analysed(found[-1]) == ("verktoyet", "verktoy")


@pytest.mark.parametrize("dash", ["-", "\u2010", "\u2011", "\u2013", "\u2212"])
def test_a_hyphenated_word_gives_its_parts_and_the_joined_word(dash: str) -> None:
    text = f"seg ‘parti{dash}hatten’ i"
    found = tokens(text)
    assert [(t.folded, t.joined) for t in found] == [
        ("seg", False),
        ("parti", False),
        ("hatten", False),
        ("partihatten", True),
        ("i", False),
    ]
    joined = found[3]
    assert text[joined.start : joined.end] == f"parti{dash}hatten"


def test_words_are_the_folded_words() -> None:
    assert analysis.words("Hva er N3 (BLT)?") == ["hva", "er", "n3", "blt"]
    assert analysis.words("!!! … –") == []
    assert analysis.stems("Politikerne involverer") == ["politikern", "involver"]


@pytest.mark.parametrize(
    ("query", "loose", "phrases"),
    [
        ('"bygge system"', ["", ""], ["bygge system"]),
        ('a "b c" d', ["a ", " d"], ["b c"]),
        ("“bygge system” og «menneskene»", ["", " og ", ""], ["bygge system", "menneskene"]),
        ('open "quote', ["open ", "quote"], []),
        ('"a" "b', ["", " ", "b"], ["a"]),
    ],
)
def test_split_phrases(query: str, loose: list[str], phrases: list[str]) -> None:
    assert split_phrases(query) == (loose, phrases)


def test_stems_that_are_forms_of_one_word_are_related() -> None:
    assert stem("politikerne") != stem("politikere")
    assert related(stem("politikerne"), stem("politikere"))
    assert related(stem("politiker"), stem("politikerne"))
    assert related(stem("kartlegging"), stem("kartlegge"))
    assert not related(stem("kommer"), stem("kommune"))  # too short to stretch
    assert not related(stem("system"), stem("systematisk"))  # too long a tail
    assert shorter_relatives("politikern") == ["politik", "politike", "politiker"]
    assert shorter_relatives("komm") == []


def test_parse_drops_stop_words_unless_there_is_nothing_else() -> None:
    query = parse("Hvordan kan en involvere politikere?")
    assert [t.word for t in query.terms] == ["involvere", "politikere"]
    assert not query.stop_only
    only = parse("hva er det")
    assert [t.word for t in only.terms] == ["hva", "er", "det"]
    assert only.stop_only
    assert all(t.stop for t in only.terms)
    assert {"og", "i", "pa", "a", "er", "det", "som"} <= STOP_WORDS


def test_parse_keeps_phrases_and_their_words() -> None:
    query = parse('"komme i gang" kommune "SLIK"')
    assert query.phrases == (("komme", "i", "gang"),)
    assert [t.word for t in query.terms] == ["kommune", "slik", "komme", "gang"]
    assert query.loose == frozenset({"kommune", "slik"})
    assert parse("!!!").terms == ()


def test_parse_adds_the_joined_form_of_a_hyphenated_word() -> None:
    assert [t.word for t in parse("parti-hatten").terms] == ["parti", "hatten", "partihatten"]


def test_same_word_accepts_other_forms() -> None:
    assert same_word("politikerne", "politikere")
    assert same_word("system", "system")
    assert not same_word("systemer", "bygge")


@example("a-a")  # joined `aa`, which a query prepares to `a` (found by Hypothesis)
@example("Hva er data-analyse?")
@given(_NORWEGIAN | st.sampled_from(["Hva er «innovasjon»?", 'Hva "er" det?', "Parti-hatten?"]))
def test_question_terms_are_the_terms_a_query_of_the_question_ranks_by(text: str) -> None:
    """What a build keeps of each question (for the question's own-query rule),
    found without parsing when it can: the same words as `parse`."""
    from innovasjon_faq.search.query import question_terms

    prepared = analysis.prepare(text)
    expected = [term.word for term in parse(text).terms]
    assert question_terms(text, prepared, analysis.joined(prepared)) == expected


@given(
    st.lists(
        st.sampled_from(["a", "bc", "ø", " ", "-", "–", "'", "’", "ʼ", "\n", "1", "_"]), max_size=60
    ).map("".join)
)
def test_joined_is_every_hyphenated_word_of_the_text(text: str) -> None:
    """`joined` looks only near each joiner; the definition reads the whole text."""
    prepared = analysis.prepare(text)
    whole = analysis._JOINED.findall(prepared)
    assert analysis.joined(prepared) == " ".join(
        analysis.prepare(analysis._SPLIT_JOINERS.sub("", word)) for word in whole
    )


@given(st.lists(st.text(max_size=12), max_size=20))
def test_stems_of_is_stem_of_each_word(texts: list[str]) -> None:
    """The lexicon's stems come a batch at a time, each as it alone would."""
    folded = [word for text in texts for word in analysis.words(text)]
    assert analysis.stems_of(folded) == [analysis.stem_of(word) for word in folded]
