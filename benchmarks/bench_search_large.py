"""Query times on a large synthetic collection (about 90,000 vocabulary words).

The vocabulary scans (compounds, typos, forms of a word, suggestions) must stay
fast as collections grow. Builds 20,000 entries of random words plus a few real
ones, then times each query (first run, then the median of N more).

    .venv/bin/python benchmarks/bench_search_large.py [N]
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search import SearchEngine

LETTERS = "abdefghijklmnoprstuvyæøå"
REAL = ["politikere", "politikerne", "samfunnsflokene", "toppledelsen", "innovasjonsstrategi"]
QUERIES = [
    "politikere",
    "politkere",
    "floker",
    "ledelse",
    "strategi",
    "plan",
    "innovasjon kommune politikere",
    '"politikere politikerne"',
    "xqzvbnmlk",
]


def collection(entries: int = 20_000, words: int = 100_000) -> Collection:
    rng = random.Random(1)
    pool = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 14))) for _ in range(words)]
    pool += REAL
    items = []
    for n in range(entries):
        chosen = rng.sample(pool, 12)
        if n % 1000 == 0:
            chosen[0:2] = REAL[n % len(REAL)], REAL[(n + 1) % len(REAL)]
        items.append(Entry(n + 1, f"e{n}", " ".join(chosen[:5]) + "?", " ".join(chosen[5:]) + "."))
    return Collection("large", "", tuple(items))


def main(runs: int) -> None:
    faq = collection()
    start = time.perf_counter()
    engine = SearchEngine(faq)
    engine.search("plan")
    built = time.perf_counter() - start
    print(f"index + vocabulary of {len(engine.store.vocabulary())} words: {built:.1f} s")
    for query in QUERIES:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            hits = engine.search(query, limit=10)
            if not hits:
                engine.suggest(query)
            times.append(time.perf_counter() - start)
        median = statistics.median(times) * 1000
        print(f"  {query!r:36} {len(hits):3} hits  {median:7.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
