"""How a text becomes the words the index holds, and a query the words it asks for.

One definition for both sides, so that `radmann`, `raadmann` and `rådmann`
meet, and so do `ordforer`, `ordfoerer` and `ordfører`:

1. `prepare` (here, in Python, over the whole text at once): NFKC, the
   invisible characters (soft hyphen, zero-width space, …) dropped, lower
   case, æ ø å as ae o a, and then their ASCII spellings collapsed (`aa` →
   `a`, `oe` → `o`, to the end of a run: `frøet`, `froet`, `froeet` → `frot`).
2. The index's analyzers (tantivy, in Rust): the words are the runs of
   letters and digits (tantivy's simple tokenizer: Python's `\\w` but `_`,
   which step 1 makes a space), folded to ASCII (æ → ae, ø → o, å → a, other
   accents dropped); `STEMS` adds the Snowball Norwegian stemmer.

The index runs step 2 itself, in its own threads, on the texts step 1 gives
it: no Python object per word on a build of millions of words. Queries and
highlighting call the same analyzers (`words`, `stems`, `analyse`).

Hyphenated words (`parti-hatten`) are two words here, as in the text; their
joined form (`partihatten`) is found by `joined` and indexed beside them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import tantivy

from innovasjon_faq.search.normalize import INVISIBLE, JOINERS

_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_DROP_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE))
_SURROGATES = re.compile("[\ud800-\udfff]")
_LETTERS = (("æ", "ae"), ("ø", "o"), ("å", "a"), ("ä", "ae"), ("ö", "o"))
# (The look-behind makes a search try only the starts of words: without it, a
# long text costs the square of its words' lengths.)
_JOINED = re.compile(rf"(?<!\w)\w+(?:[{JOINERS}]\w+)+")
_SPLIT_JOINERS = re.compile(rf"[{JOINERS}]")
# Longer "words" are no words (a pasted hash, a base64 blob): not indexed.
MAX_WORD_BYTES = 100

WORDS = "faq_words"
STEMS = "faq_stems"


def prepare(text: str) -> str:
    """Step 1 of the analysis (see the module's docstring)."""
    if not text.isascii():
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        if _INVISIBLE.search(text):
            text = text.translate(_DROP_INVISIBLE)
    text = text.lower()
    if "_" in text:
        text = text.replace("_", " ")
    if not text.isascii():
        # æøå (and ä ö) as ASCII here, before their spellings are collapsed:
        # `frøet` and `froet` must meet (tantivy folds the other accents).
        for letter, ascii_spelling in _LETTERS:
            if letter in text:
                text = text.replace(letter, ascii_spelling)
    return _collapsed(text)


def _collapsed(text: str) -> str:
    """The ASCII spellings of å and ø collapsed, to the end of a run (`aa` →
    `a`, `oe` → `o`). `str.replace` runs in C over the whole text; a regular
    expression with a replacement per match costs five times as much on a build."""
    while "aa" in text:
        text = text.replace("aa", "a")
    while "oe" in text:
        text = text.replace("oe", "o")
    return text


def joined(text: str) -> str:
    """The joined forms of the hyphenated words of a prepared text, one
    after another (`parti-hatten og N3-verktøyet` → `partihatten n3verktoyet`);
    "" when it has none."""
    joiner = _SPLIT_JOINERS.search(text)
    if joiner is None:
        return ""
    # Each hyphenated word is looked for where a joiner stands, a word's length
    # before it: a search of the whole text costs a build of prose with a
    # hyphen or an apostrophe in every other answer five times as much.
    found: list[str] = []
    end = 0
    while joiner is not None:
        at = joiner.start()
        if at >= end:
            word = _JOINED.search(text, max(end, at - MAX_WORD_BYTES), at + MAX_WORD_BYTES)
            if word is not None and word.start() <= at < word.end():
                # Joined, a word is prepared again: `data-analyse` gives
                # `datanalyse`, as a query of `dataanalyse` is prepared.
                found.append(_collapsed(_SPLIT_JOINERS.sub("", word.group())))
                end = word.end()
        joiner = _SPLIT_JOINERS.search(text, max(at + 1, end))
    return " ".join(found)


def _builder() -> tantivy.TextAnalyzerBuilder:
    return (
        # The simple tokenizer, not a regular expression: a build spends half
        # as long on splitting words.
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_WORD_BYTES))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
    )


@lru_cache(maxsize=1)
def analyzers() -> dict[str, tantivy.TextAnalyzer]:
    """The index's analyzers by name: folded words, and their stems."""
    return {
        WORDS: _builder().build(),
        STEMS: _builder().filter(tantivy.Filter.stemmer("norwegian")).build(),
    }


def register(index: tantivy.Index) -> None:
    """Make the analyzers known to an index (they are not stored with it)."""
    for name, analyzer in analyzers().items():
        index.register_tokenizer(name, analyzer)


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _analyze(WORDS, prepare(text))


def stems(text: str) -> list[str]:
    """The stems of the words of a text, in order."""
    return _analyze(STEMS, prepare(text))


def analyse_prepared(prepared: str) -> list[str]:
    """The folded words of a text already prepared (`prepare`)."""
    return _analyze(WORDS, prepared)


def _analyze(name: str, text: str) -> list[str]:
    try:
        return analyzers()[name].analyze(text)
    except UnicodeEncodeError:
        # A lone surrogate (a command line's byte that is not UTF-8: the loader
        # refuses them in files) is no letter, and cannot cross into Rust.
        return analyzers()[name].analyze(_SURROGATES.sub(" ", text))


@lru_cache(maxsize=65536)
def analyse(word: str) -> tuple[str, str]:
    """(folded word, stem) of one word as the text spells it; ("", "") for
    a string that is no word. A word the analyzer splits (`x²`: NFKC makes it
    `x2`, one word; a rare mark can split one) gives its first part."""
    folded = words(word)
    if not folded:
        return "", ""
    return folded[0], stem_of(folded[0])


def stems_of(folded: list[str]) -> list[str]:
    """The stems of folded words, as `stem_of` each: in one call to the
    analyzer, not one per word (a lexicon's million words are stemmed in a
    second, not ten), unless one of them is not one word to it."""
    found = _analyze(STEMS, "\n".join(folded))
    if len(found) == len(folded):
        return found
    return [stem_of(word) for word in folded]


@lru_cache(maxsize=65536)
def stem_of(folded: str) -> str:
    """The stem of a folded word."""
    found = _analyze(STEMS, folded)
    return found[0] if found else folded
