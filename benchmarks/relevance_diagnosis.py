"""Why faq ranks NorQuAD worse than BM25 as written: one factor at a time (issue #12).

    .venv/bin/python benchmarks/relevance_diagnosis.py            # every experiment
    .venv/bin/python benchmarks/relevance_diagnosis.py --check    # the rebuilt ranking = engine's

Each experiment is a `relevance_model.Model`: faq's ranking with one choice
changed (or a few together), scored on every judged question typed the three
ways, in one run. The tuned models' parameters are chosen on NorQuAD's train
and validation questions and reported on its test questions, which no choice
saw. Every model is also asked the bundled collection's judged queries
(tests/search_cases.json), which must stay at 100 %.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import relevance
from relevance import LIMIT, Judged, Score, bootstrap, first_right
from relevance_model import Features, Model
from relevance_typing import WAYS, typed

from innovasjon_faq.loader import load as load_collection
from innovasjon_faq.search.engine import MIN_TYPO
from innovasjon_faq.search.normalize import PHRASE_QUOTES, fold
from innovasjon_faq.search.query import STOP_WORDS

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "search_cases.json"

FAQ = Model()
# faq's stems, folding and stop words, scored as textbook BM25: one field, no
# compounds or typos, the collection's statistics.
BM25_OF_FAQ = FAQ.but(
    "BM25 on faq's matching",
    combine="additive", idf="collection", avgdl="collection",
    quality_weights=(1.0, 1.0, 0.0, 0.0), field_weights=(1.0, 1.0, 1.0), question_bonus=0.0,
)  # fmt: skip
REAL_STATS = {"idf": "collection", "avgdl": "collection"}
# Words that begin most questions and that faq's stop words leave in.
INTERROGATIVES = frozenset({"hvor", "hvilken", "hvilket", "hvilke", "hvorfor"})
ADDITIVE = FAQ.but("additive (BM25F-style)", combine="additive")

# One factor at a time from faq's model, then combinations.
EXPERIMENTS = [
    FAQ,
    FAQ.but("collection idf", idf="collection"),
    FAQ.but("collection mean length", avgdl="collection"),
    FAQ.but("collection idf + mean length", **REAL_STATS),
    FAQ.but("no compounds", compounds=False),
    FAQ.but("compounds weigh 0.25", quality_weights=(1.0, 0.8, 0.25, 0.4)),
    FAQ.but("question weighs 1 (as answer)", field_weights=(3.0, 1.0, 1.0)),
    FAQ.but("question weighs 3", field_weights=(3.0, 3.0, 1.0)),
    FAQ.but("no question bonus", question_bonus=0.0),
    FAQ.but("stop words rank", stop_words=False),
    FAQ.but("hvor, hvilken, … are stop words too", more_stop_words=INTERROGATIVES),
    ADDITIVE,
    ADDITIVE.but("additive + collection idf", idf="collection"),
    ADDITIVE.but("additive + collection mean length", avgdl="collection"),
    ADDITIVE.but("additive + collection stats", **REAL_STATS),
    ADDITIVE.but("additive + stats, no compounds", **REAL_STATS, compounds=False),
    ADDITIVE.but(
        "additive + stats, compounds 0.25", **REAL_STATS, quality_weights=(1.0, 0.8, 0.25, 0.4)
    ),
    ADDITIVE.but(
        "additive + stats, question weighs 1", **REAL_STATS, field_weights=(3.0, 1.0, 1.0)
    ),
    ADDITIVE.but("additive + stats, stop words rank", **REAL_STATS, stop_words=False),
    ADDITIVE.but(
        "additive + stats, hvor, hvilken, … stop words",
        **REAL_STATS,
        more_stop_words=INTERROGATIVES,
    ),
    BM25_OF_FAQ,
]

# The tuned additive model: its parameters, the values tried for each, and
# where the search starts (faq's weights and BM25's k1 and b).
SPACE: dict[str, tuple[float, ...]] = {
    "k1": (0.6, 0.9, 1.2, 1.5, 2.0),
    "b": (0.1, 0.3, 0.5, 0.75, 0.9),
    "question": (1.0, 2.0, 3.0),
    "stem": (0.4, 0.6, 0.8, 1.0),
    "compound": (0.0, 0.1, 0.25, 0.5),
    "typo": (0.4, 0.7, 1.0),
}
START = {"k1": 1.2, "b": 0.75, "question": 2.0, "stem": 0.8, "compound": 0.5, "typo": 0.4}
PASSES = 3


def additive(
    k1: float, b: float, question: float, stem: float, compound: float, typo: float
) -> Model:
    """The BM25F-style model with the collection's statistics."""
    return ADDITIVE.but(
        f"additive k1={k1} b={b} q={question} stem={stem} comp={compound} typo={typo}",
        **REAL_STATS, k1=k1, b=b, quality_weights=(1.0, stem, compound, typo),
        field_weights=(3.0, question, 1.0), compounds=compound > 0,
    )  # fmt: skip


Ranks = dict[str, list[int | None]]  # per way of typing, each question's first right rank


class Bench:
    """One collection's questions, typed every way once, asked of any model."""

    def __init__(self, features: Features, questions: Sequence[Judged]) -> None:
        self.features = features
        self.questions = questions
        self.typed = {way: [typed(q.query, way) for q in questions] for way in WAYS}

    def ranks(self, rank: Callable[[str], list[int]]) -> Ranks:
        return {
            way: [
                first_right(rank(text), q.relevant)
                for text, q in zip(texts, self.questions, strict=True)
            ]
            for way, texts in self.typed.items()
        }

    def model(self, model: Model) -> Ranks:
        return self.ranks(lambda text: self.features.rank(model, text, LIMIT))


def scores(ranks: Ranks) -> dict[str, Score]:
    return {way: Score.of(found) for way, found in ranks.items()}


def mean_mrr(ranks: Ranks) -> float:
    return sum(s.mrr for s in scores(ranks).values()) / len(ranks)


def tune(bench: Bench) -> tuple[dict[str, float], list[tuple[dict[str, float], float]]]:
    """Coordinate ascent of the mean MRR over the three ways: each parameter in
    turn set to its best value of SPACE, the others held, until a pass changes
    nothing. Returns the best parameters and every point tried."""
    tried: dict[tuple[float, ...], float] = {}
    history = []

    def value(params: dict[str, float]) -> float:
        key = tuple(params[name] for name in SPACE)
        if key not in tried:
            ranks = bench.model(additive(**params))
            tried[key] = mean_mrr(ranks)
            history.append((dict(params), tried[key]))
            print(row(additive(**params).name, scores(ranks), f"mean {tried[key]:.4f}"), flush=True)
        return tried[key]

    best = dict(START)
    for _ in range(PASSES):
        before = dict(best)
        for name, values in SPACE.items():
            # Ties go to the value tried first (SPACE's order), so the result is stable.
            best[name] = max(values, key=lambda v: (value({**best, name: v}), -values.index(v)))
        if best == before:
            break
    return best, history


def judged_cases(model: Model, features: Features) -> tuple[int, int, list[str]]:
    """How many of tests/search_cases.json the model ranks right (top 1, or
    no hit when none is wanted), of how many, and the misses."""
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    misses = []
    for case in cases:
        ids = features.rank(model, case["query"], limit=LIMIT)
        right = (not ids) if case["first"] is None else bool(ids) and ids[0] == case["first"]
        if not right:
            misses.append(f"{case['query']!r} ({case['kind']}): wanted {case['first']}, got {ids}")
    return len(cases) - len(misses), len(cases), misses


def row(name: str, by_way: dict[str, Score], extra: str = "") -> str:
    own = by_way[WAYS[0]].mrr
    cells = []
    for way in WAYS:
        s = by_way[way]
        loss = "" if way == WAYS[0] else f" ({(s.mrr - own) / own:+.1%})"
        cells.append(f"{s.hit1:6.1%} {s.mrr:.3f}{loss:9}")
    return f"| {name:52} | " + " | ".join(cells) + f" | {extra}"


def header() -> str:
    ways = " | ".join(f"{way + ': hit@1 MRR':24}" for way in WAYS)
    return f"| {'model':52} | {ways} | bundled judged set"


def check(features: Features, collection: Any, questions: Sequence[Judged]) -> int:
    """Whether the rebuilt faq model ranks as the engine does (top LIMIT, every way)."""
    engine = relevance.faq_ranker(collection)
    same = total = 0
    for q in questions:
        for way in WAYS:
            query = typed(q.query, way)
            total += 1
            mine, theirs = features.rank(FAQ, query, LIMIT), engine(query, LIMIT)
            if mine == theirs:
                same += 1
            else:
                print(f"differs: {query!r}\n  model  {mine}\n  engine {theirs}")
    print(f"rebuilt faq ranking = engine's for {same} of {total} queries")
    return 0 if same == total else 1


def typo_losses(bench: Bench, found: Ranks) -> None:
    """Why questions rank worse with a typo than as written (under `found`,
    a model's ranks on `bench`): the reciprocal rank lost, by what the typo did."""
    vocabulary = set(bench.features.store.vocabulary())
    kinds: dict[str, list[float]] = {}
    for n, question in enumerate(bench.questions):
        written, typo = found[WAYS[0]][n], found[WAYS[2]][n]
        lost = (1 / written if written else 0.0) - (1 / typo if typo else 0.0)
        if lost <= 0:
            continue
        before, after = (
            re.findall(r"\w+", question.query),
            re.findall(r"\w+", bench.typed[WAYS[2]][n]),
        )
        word = next(fold(b) for a, b in zip(before, after, strict=True) if a != b)
        if any(quote in question.query for quote in PHRASE_QUOTES):
            kind = "the question has a quoted phrase (the typo breaks it)"
        elif word in STOP_WORDS or word in vocabulary:
            kind = "the typo is another word of the collection (no typo matching)"
        elif len(word) < MIN_TYPO:
            kind = f"the typo leaves fewer than {MIN_TYPO} letters (no typo matching)"
        else:
            kind = "the misspelt word is matched, and ranks lower"
        kinds.setdefault(kind, []).append(lost)
    total = sum(map(sum, kinds.values()))
    print(f"\nwhat a typo costs faq today: {total:.1f} of {len(bench.questions)} reciprocal ranks")
    for kind, losses in sorted(kinds.items(), key=lambda k: -sum(k[1])):
        print(f"  {sum(losses):6.1f} lost on {len(losses):4} questions: {kind}")


def table(
    bench: Bench, models: Iterable[Model], bundled: Features, baseline: Ranks
) -> dict[str, Ranks]:
    """A row per model (after BM25's), with the bundled judged set; the ranks per model."""
    print(header())
    print(row("textbook BM25 (the baseline)", scores(baseline)))
    out = {}
    for model in models:
        right, cases, misses = judged_cases(model, bundled)
        out[model.name] = ranks = bench.model(model)
        print(row(model.name, scores(ranks), f"{right}/{cases}"), flush=True)
        for miss in misses:
            print(f"|   misses {miss}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=relevance.DATA)
    parser.add_argument("--check", action="store_true", help="compare with the engine only")
    parser.add_argument("--no-factors", action="store_true", help="skip the one-factor table")
    parser.add_argument("--no-tuning", action="store_true", help="skip the tuning")
    args = parser.parse_args(argv)
    collection, questions, commit = relevance.load(args.data)
    features = Features(collection)
    if args.check:
        return check(features, collection, questions)
    bundled = Features(load_collection())
    bm25 = relevance.bm25_ranker(collection)
    print(f"NorQuAD {commit[:12]}: {len(collection.entries)} entries, {len(questions)} questions")
    if not args.no_factors:
        print(f"\none factor at a time, all {len(questions)} questions:")
        every = Bench(features, questions)
        found = table(every, EXPERIMENTS, bundled, every.ranks(lambda text: bm25(text, LIMIT)))
        typo_losses(every, found[FAQ.name])
    if args.no_tuning:
        return 0
    dev = Bench(features, [q for q in questions if q.split in ("train", "validation")])
    test = Bench(features, [q for q in questions if q.split == "test"])
    print(f"\ntuning on train + validation ({len(dev.questions)} questions), mean MRR of 3 ways:")
    best, _ = tune(dev)
    chosen = additive(**best)
    print(f"\nchosen: {chosen.name}")
    print(f"\non test ({len(test.questions)} questions), which the tuning never saw:")
    baseline = test.ranks(lambda text: bm25(text, LIMIT))
    plain = ADDITIVE.but("additive + stats, compounds 0.25 (untuned)", **REAL_STATS,
                         quality_weights=(1.0, 0.8, 0.25, 0.4))  # fmt: skip
    found = table(test, [FAQ, plain, chosen], bundled, baseline)
    print("\nMRR difference against faq today on test, paired bootstrap 95 % interval:")
    for name, ranks in [*found.items(), ("textbook BM25", baseline)]:
        if name == FAQ.name:
            continue
        cells = []
        for way in WAYS:
            mean, low, high = bootstrap(ranks[way], found[FAQ.name][way], f"{name}:{way}")
            cells.append(f"{way} {mean:+.3f} [{low:+.3f}, {high:+.3f}]")
        print(f"  {name}: " + "; ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
