"""Three ways of typing a question (issue #12): as written, without æøå, with one typo.

Each is deterministic: the random choices are seeded by the way of typing and
the question's own text, so a question is typed alike in the full judged set
and in the sample under tests/, on every machine and Python.

- Without æøå, the way people type on a foreign keyboard: æ → ae, ø → o or
  oe, å → a or aa. People do both, so each word draws one of the two styles
  (ø → o and å → a, or ø → oe and å → aa); a word in capitals stays in
  capitals (`ÅS` → `AAS`, `Øst` → `Oest`).
- One typo: one edit in one content word of five letters or more (not a
  function word, see FUNCTION_WORDS), never its first letter: a deletion, an
  insertion or a substitution of a key next to the letter on a Norwegian
  keyboard, or a transposition of two neighbouring letters. A question with
  no such word is typed as written.
"""

from __future__ import annotations

import random
import re

SEED = "issue-12"
WAYS = ("as written", "without æøå", "one typo")
MIN_TYPO_WORD = 5

# A Norwegian keyboard's letter rows; each row sits a little to the right of
# the row above, so a key's neighbours are the keys beside it, the two above
# (same column and one to the right) and the two below (one to the left and
# same column).
ROWS = ("qwertyuiopå", "asdfghjkløæ", "zxcvbnm")
# Words of five letters or more that carry no content: a typo is put in a
# word that says what the question is about.
_FUNCTION_WORDS = """
    aldri allerede alltid altså andre andres annet blant blitt burde denne deres derfor dette
    disse eller etter flere flest foran fortsatt ganske gjennom hadde hennes hvert hvilke
    hvilken hvilket hvorav hvordan hvorfor hvorfra hvorledes hvorvidt ifølge ingen kunne likevel
    mange mellom mindre minst måtte noens omkring rundt samme selve siden skulle slike slikt
    svært sånne under veldig ville
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
_WORD = re.compile(r"\w+")


def _neighbours() -> dict[str, str]:
    table: dict[str, str] = {}
    for row, keys in enumerate(ROWS):
        for column, key in enumerate(keys):
            near = [keys[c] for c in (column - 1, column + 1) if 0 <= c < len(keys)]
            if row > 0:
                above = ROWS[row - 1]
                near += [above[c] for c in (column, column + 1) if c < len(above)]
            if row + 1 < len(ROWS):
                below = ROWS[row + 1]
                near += [below[c] for c in (column - 1, column) if 0 <= c < len(below)]
            table[key] = "".join(near)
    return table


NEIGHBOURS = _neighbours()


def rng(way: str, text: str) -> random.Random:
    """The random source of one way of typing one question (str seeds are
    hashed with SHA-512: the same on every run and machine)."""
    return random.Random(f"{SEED}\0{way}\0{text}")


def typed(question: str, way: str) -> str:
    """`question` typed the given way (one of WAYS)."""
    if way == WAYS[0]:
        return question
    if way == WAYS[1]:
        return without_aeoa(question, rng(way, question))
    if way == WAYS[2]:
        return with_typo(question, rng(way, question))
    raise ValueError(f"not a way of typing: {way!r}")


def without_aeoa(text: str, source: random.Random) -> str:
    """Every æ, ø, å spelt in ASCII; ø and å the short or the long way, per word."""

    def word(match: re.Match[str]) -> str:
        letters = match.group()
        if not any(ch in "æøåÆØÅ" for ch in letters):
            return letters
        long = source.random() < 0.5
        spelt = {"æ": "ae", "ø": "oe" if long else "o", "å": "aa" if long else "a"}
        shouting = letters.isupper()
        out = []
        for ch in letters:
            ascii_ = spelt.get(ch.lower())
            if ascii_ is None:
                out.append(ch)
            elif ch.islower():
                out.append(ascii_)
            else:
                out.append(ascii_.upper() if shouting else ascii_.capitalize())
        return "".join(out)

    return _WORD.sub(word, text)


def typo_candidates(text: str) -> list[re.Match[str]]:
    """The words of `text` a typo may go in."""
    return [
        match
        for match in _WORD.finditer(text)
        if match.group().isalpha()
        and len(match.group()) >= MIN_TYPO_WORD
        and match.group().lower() not in FUNCTION_WORDS
    ]


def with_typo(text: str, source: random.Random) -> str:
    """`text` with one seeded edit in one of its `typo_candidates`."""
    candidates = typo_candidates(text)
    if not candidates:
        return text
    match = source.choice(candidates)
    word = match.group()
    for _ in range(100):  # an edit that changes nothing (a doubled letter swapped) is drawn again
        wrong = _edit(word, source)
        if wrong != word:
            return text[: match.start()] + wrong + text[match.end() :]
    return text  # pragma: no cover - a word of one letter repeated, never in the data


def _near(ch: str, source: random.Random) -> str | None:
    keys = NEIGHBOURS.get(ch.lower())
    if not keys:
        return None
    key = source.choice(keys)
    return key.upper() if ch.isupper() else key


def _edit(word: str, source: random.Random) -> str:
    """One edit of `word` that leaves its first letter alone."""
    kind = source.choice(("deletion", "insertion", "substitution", "transposition"))
    at = source.randrange(1, len(word))  # never the first letter
    if kind == "deletion":
        return word[:at] + word[at + 1 :]
    if kind == "transposition":
        at = min(at, len(word) - 2)
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    key = _near(word[at], source)
    if key is None:  # a letter not on the keyboard's letter rows (é, ü): delete it
        return word[:at] + word[at + 1 :]
    if kind == "insertion":
        return word[:at] + key + word[at:]
    return word[:at] + key + word[at + 1 :]
