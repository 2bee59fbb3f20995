"""Write a large FAQ collection in our shape, for measuring growth.

    python benchmarks/generate.py 100000 /tmp/faq-100k.json
    python benchmarks/generate.py 100000 /tmp/faq-100k-real.json --vocabulary realistic

Two vocabularies, both drawn with Zipf frequencies (function words common,
most words rare):

- `page` (the worst case for an index): the words of the bundled page, and
  30,000 compounds of them (`innovasjonsarbeid`-style). So few distinct words
  that every common one stands in a large share of the entries.
- `realistic`: the words of real Norwegian text — the 34,000 of NorQuAD's
  753 passages (benchmarks/data/norquad/, CC0), by their frequency there —
  and after them compounds of those words, without end: the vocabulary grows
  with the collection as a real one does (Heaps' law: about a million
  distinct words at a million entries), and each word is in fewer entries.

Questions have 6–15 words, answers 40–150 words in sentences, each entry 2–5
keywords. The five bundled entries come first, unchanged (ids 1–5), so
`faq show N3` and `faq search politikere` mean the same thing in every
collection. Deterministic for a given size, vocabulary and seed; written one
entry at a time, so a million entries never stand in memory as text.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "data" / "faq.json"
NORQUAD = Path(__file__).resolve().parent / "data" / "norquad" / "faq.json.gz"
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
QUESTION_WORDS = ("Hva", "Hvordan", "Hvem", "Hvorfor", "Når", "Hvor", "Kan", "Må", "Skal", "Bør")
VOCABULARIES = ("page", "realistic")
# `page`: how many compounds beyond the page's own words, and their share of
# the running text (Norwegian compounds are many but each is rare).
COMPOUNDS = 30_000
COMPOUND_SHARE = 0.12
SUFFIXES = ("", "", "", "en", "et", "ene", "er", "ens", "ane")
# `realistic`: the Zipf exponent over the ranks of the whole vocabulary.
ZIPF = 1.0


def bundled() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BUNDLED.read_text(encoding="utf-8"))
    return data


def _counted(texts: list[str]) -> list[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(word.lower() for word in WORD.findall(text))
    return sorted(counts, key=lambda w: (-counts[w], w))


def _compound(rng: random.Random, stems: list[str]) -> str:
    first, second = rng.choice(stems), rng.choice(stems)
    joint = "s" if first[-1] not in "aeiouyæøås" and rng.random() < 0.4 else ""
    return first + joint + second + rng.choice(SUFFIXES)


class Words:
    """Draws words for a vocabulary: `draw(k)` gives k words."""

    def __init__(self, vocabulary: str, size: int, rng: random.Random) -> None:
        self.rng = rng
        data = bundled()
        if vocabulary == "page":
            texts = [data.get("intro", ""), data.get("contacts_intro", "")]
            texts += [t for e in data["entries"] for t in (e["question"], e["answer"])]
            words = _counted(texts)
            stems = [w for w in words if len(w) >= 5 and "-" not in w]
            known = set(words)
            compounds: dict[str, None] = {}
            while len(compounds) < COMPOUNDS:
                word = _compound(rng, stems)
                if word not in known:
                    compounds[word] = None
            extra = list(compounds)
            rng.shuffle(extra)
            page = len(words)
            self.words = words + extra
            weights = [1.0 / (rank + 2.7) for rank in range(len(self.words))]
            page_mass, compound_mass = sum(weights[:page]), sum(weights[page:])
            scale = COMPOUND_SHARE / (1 - COMPOUND_SHARE) * page_mass / compound_mass
            weights = weights[:page] + [w * scale for w in weights[page:]]
        else:
            real = json.loads(gzip.decompress(NORQUAD.read_bytes()))
            words = _counted([t for e in real["entries"] for t in (e["question"], e["answer"])])
            stems = [w for w in words[300:] if len(w) >= 4 and "-" not in w]
            # Enough compounds that the collection never runs out of new words.
            known = set(words)
            wanted = max(200_000, 3 * size)
            compounds = {}
            while len(compounds) < wanted:
                word = _compound(rng, stems)
                if word not in known:
                    compounds[word] = None
            self.words = words + list(compounds)
            weights = [1.0 / (rank + 2.7) ** ZIPF for rank in range(len(self.words))]
        self.cum = list(itertools.accumulate(weights))
        reserved = {k.lower() for e in data["entries"] for k in e["keywords"]}
        self.keywords = [w for w in self.words[200:] if w not in reserved]

    def draw(self, k: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=k)

    def sentence(self, k: int) -> str:
        text = " ".join(self.draw(k))
        return text[0].upper() + text[1:]


def entries(size: int, vocabulary: str = "page", seed: int = 4) -> Iterator[dict[str, Any]]:
    """The entries of a collection of `size` (the five bundled ones first)."""
    rng = random.Random(f"{seed}-{vocabulary}" if vocabulary != "page" else seed)
    words = Words(vocabulary, size, rng)
    first = list(bundled()["entries"])[:size]
    yield from first
    for entry_id in range(len(first) + 1, size + 1):
        q_len = rng.randint(6, 15)
        question = rng.choice(QUESTION_WORDS) + " " + words.sentence(q_len - 1).lower()
        answer_words = rng.randint(40, 150)
        sentences = []
        while answer_words > 0:
            n = min(answer_words, rng.randint(6, 20))
            sentences.append(words.sentence(n) + ".")
            answer_words -= n
        slug_words = [w for w in WORD.findall(question.lower()) if w.isascii()][:4]
        yield {
            "id": entry_id,
            "slug": "-".join([*slug_words, str(entry_id)]),
            "question": question + "?",
            "answer": " ".join(sentences),
            "keywords": rng.sample(words.keywords, rng.randint(2, 5)),
            "see_also": [],
            "refers_to_contacts": rng.random() < 0.1,
        }


def generate(size: int, seed: int = 4, vocabulary: str = "page") -> dict[str, Any]:
    """A whole collection of `size` entries, in memory (for tests and small sizes)."""
    data = bundled()
    data["entries"] = list(entries(size, vocabulary, seed))
    data["title"] = f"{data['title']} ({size} spørsmål)"
    return data


def _write(out: TextIO, size: int, seed: int, vocabulary: str) -> None:
    head = bundled()
    head["title"] = f"{head['title']} ({size} spørsmål)"
    contacts = head.pop("contacts", [])
    head.pop("entries")
    text = json.dumps(head, ensure_ascii=False, indent=1)
    out.write(text[: text.rindex("}")].rstrip() + ',\n "entries": [\n')
    for number, entry in enumerate(entries(size, vocabulary, seed)):
        out.write((",\n" if number else "") + json.dumps(entry, ensure_ascii=False))
    out.write('\n ],\n "contacts": ' + json.dumps(contacts, ensure_ascii=False) + "\n}\n")


def write(size: int, path: Path, seed: int = 4, vocabulary: str = "page") -> Path:
    with path.open("w", encoding="utf-8") as out:
        _write(out, size, seed, vocabulary)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", type=int, help="how many entries")
    parser.add_argument("path", type=Path, help="where to write the collection")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--vocabulary", choices=VOCABULARIES, default="page")
    args = parser.parse_args(argv)
    write(args.size, args.path, args.seed, args.vocabulary)
    print(f"{args.path}: {args.size} entries, {args.path.stat().st_size / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
