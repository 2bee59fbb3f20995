"""Write a large FAQ collection in our shape, for measuring growth.

    python benchmarks/generate.py 100000 /tmp/faq-100k.json

The text is Norwegian-like: words of the bundled collection (the page's own
vocabulary) plus compounds built from them (`innovasjonsarbeid`-style), drawn
with Zipf frequencies so that function words are common and most words rare,
as in real text. Questions have 6–15 words, answers 40–150 words in sentences,
each entry 2–5 keywords. The five bundled entries come first, unchanged (ids
1–5), so `faq show N3` and `faq search politikere` mean the same thing in every
collection. Deterministic for a given size and seed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "data" / "faq.json"
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
QUESTION_WORDS = ("Hva", "Hvordan", "Hvem", "Hvorfor", "Når", "Hvor", "Kan", "Må", "Skal", "Bør")
# Compounds: how many extra words beyond the page's own vocabulary, and their
# share of the running text (Norwegian compounds are many but each is rare).
COMPOUNDS = 30_000
COMPOUND_SHARE = 0.12
SUFFIXES = ("", "", "", "en", "et", "ene", "er", "ens", "ane")


def bundled() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BUNDLED.read_text(encoding="utf-8"))
    return data


def vocabulary(data: dict[str, Any], rng: random.Random) -> list[str]:
    """The page's words by frequency (most common first), then compounds."""
    texts = [data.get("intro", ""), data.get("contacts_intro", "")]
    for entry in data["entries"]:
        texts += [entry["question"], entry["answer"]]
    counts: dict[str, int] = {}
    for text in texts:
        for word in WORD.findall(text):
            lower = word.lower()
            counts[lower] = counts.get(lower, 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))
    stems = [w for w in words if len(w) >= 5 and "-" not in w]
    compounds: dict[str, None] = {}
    while len(compounds) < COMPOUNDS:
        first, second = rng.choice(stems), rng.choice(stems)
        joint = "s" if first[-1] not in "aeiouyæøås" and rng.random() < 0.4 else ""
        word = first + joint + second + rng.choice(SUFFIXES)
        if word not in counts:
            compounds[word] = None
    extra = list(compounds)
    rng.shuffle(extra)
    return words + extra


def sentence(rng: random.Random, words: list[str], cum: list[float], n: int) -> str:
    chosen = rng.choices(words, cum_weights=cum, k=n)
    text = " ".join(chosen)
    return text[0].upper() + text[1:]


def generate(size: int, seed: int = 4) -> dict[str, Any]:
    """A collection of `size` entries (the five bundled ones first)."""
    rng = random.Random(seed)
    data = bundled()
    words = vocabulary(data, rng)
    page = len(words) - COMPOUNDS
    weights = [1.0 / (rank + 2.7) for rank in range(len(words))]
    page_mass, compound_mass = sum(weights[:page]), sum(weights[page:])
    scale = COMPOUND_SHARE / (1 - COMPOUND_SHARE) * page_mass / compound_mass
    cum = list(itertools.accumulate(weights[:page] + [w * scale for w in weights[page:]]))
    reserved = {k.lower() for e in data["entries"] for k in e["keywords"]}
    keyword_pool = [w for w in words[200:] if w not in reserved]
    entries = list(data["entries"])[:size]
    for entry_id in range(len(entries) + 1, size + 1):
        q_len = rng.randint(6, 15)
        question = rng.choice(QUESTION_WORDS) + " " + sentence(rng, words, cum, q_len - 1).lower()
        answer_words = rng.randint(40, 150)
        sentences = []
        while answer_words > 0:
            n = min(answer_words, rng.randint(6, 20))
            sentences.append(sentence(rng, words, cum, n) + ".")
            answer_words -= n
        slug_words = [w for w in WORD.findall(question.lower()) if w.isascii()][:4]
        entries.append(
            {
                "id": entry_id,
                "slug": "-".join([*slug_words, str(entry_id)]),
                "question": question + "?",
                "answer": " ".join(sentences),
                "keywords": rng.sample(keyword_pool, rng.randint(2, 5)),
                "see_also": [],
                "refers_to_contacts": rng.random() < 0.1,
            }
        )
    data["entries"] = entries
    data["title"] = f"{data['title']} ({size} spørsmål)"
    return data


def write(size: int, path: Path, seed: int = 4) -> Path:
    path.write_text(json.dumps(generate(size, seed), ensure_ascii=False, indent=1), "utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", type=int, help="how many entries")
    parser.add_argument("path", type=Path, help="where to write the collection")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args(argv)
    write(args.size, args.path, args.seed)
    print(f"{args.path}: {args.size} entries, {args.path.stat().st_size / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
