"""Search relevance on real Norwegian text: faq against a BM25 baseline (issue #12).

    .venv/bin/python benchmarks/relevance.py              # the table (about 6 minutes)
    .venv/bin/python benchmarks/relevance.py --json       # the same for machines
    .venv/bin/python benchmarks/relevance.py --split test --runs 0   # test questions, no timing

The judged set is NorQuAD's (benchmarks/data/norquad/, made by norquad.py):
753 passages of news and Wikipedia as entries, 4,749 questions by native
speakers, each with the entry (or, for 12, the entries) that answers it.
Each question is typed three ways (relevance_typing.py) and ranked by faq's
engine in-process (`faq_ranker`, the one adapter to point at a new engine)
and by textbook BM25 (relevance_bm25.py), in the same run.

Metrics over the first LIMIT results of each system: hit@1 and hit@5 (the
share of questions with a right entry first, or among the first five) and
MRR@10 (the mean of 1/rank of the first right entry, 0 when it is not among
the first ten). faq's loss is the drop of its MRR against its own MRR on the
questions as written. The goals of #12: faq's MRR at least BM25's as
written; faq's MRR without æøå and with a typo at least 90 % of its own.

Then the time: faq's engine per query in-process (after warm-up queries), and
whole `faq search --data FILE QUESTION` processes against `faq search` on the
bundled collection (interleaved runs, medians, the ratio); and a check that
the real command answers what the in-process engine does.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench
from relevance_bm25 import BM25
from relevance_typing import WAYS, rng, typed

from innovasjon_faq.loader import parse
from innovasjon_faq.models import Collection

DATA = Path(__file__).resolve().parent / "data" / "norquad"
LIMIT = 10
GOAL_LOSS = 0.10  # faq may lose at most this share of its MRR to another way of typing
WARM_UP = 100  # queries run before the timed ones
CLI_CHECKS = 30  # questions asked of the real `faq search --json` too
BOOTSTRAP = 2000  # resamples for the interval of an MRR difference
BUNDLED_QUESTION = "Hvordan kan vi involvere politikerne i innovasjonsarbeidet?"

Ranker = Callable[[str, int], list[int]]


@dataclass(frozen=True)
class Judged:
    """A question and the ids of the entries that answer it."""

    n: int
    query: str
    relevant: tuple[int, ...]
    split: str


def load(folder: Path = DATA) -> tuple[Collection, list[Judged], str]:
    """The collection, the judged questions and the NorQuAD commit they come from."""
    path = folder / "faq.json.gz"
    collection = parse(json.loads(gzip.decompress(path.read_bytes())), str(path))
    raw = json.loads(gzip.decompress((folder / "questions.json.gz").read_bytes()))
    questions = [
        Judged(q["n"], q["query"], tuple(q["relevant"]), q["split"]) for q in raw["questions"]
    ]
    return collection, questions, raw["commit"]


def faq_ranker(collection: Collection) -> Ranker:
    """faq's engine as a ranker: the one place that calls it."""
    from innovasjon_faq.search import SearchEngine

    engine = SearchEngine.of(collection)

    def rank(query: str, limit: int) -> list[int]:
        return [hit.entry.id for hit in engine.search(query, limit=limit)]

    return rank


def bm25_ranker(collection: Collection) -> Ranker:
    """The baseline: each entry's question and answer as one document."""
    index = BM25((e.id, f"{e.question}\n{e.answer}") for e in collection.entries)
    return index.rank


SYSTEMS: dict[str, Callable[[Collection], Ranker]] = {"faq": faq_ranker, "BM25": bm25_ranker}


def first_right(ids: Sequence[int], relevant: Sequence[int]) -> int | None:
    """The rank (1-based) of the first right id, or None."""
    return next((rank for rank, i in enumerate(ids, 1) if i in relevant), None)


@dataclass(frozen=True)
class Score:
    """hit@1, hit@5 and MRR@10 of one system on one way of typing."""

    questions: int
    hit1: float
    hit5: float
    mrr: float

    @classmethod
    def of(cls, ranks: Sequence[int | None]) -> Score:
        n = len(ranks)
        return cls(
            n,
            sum(r == 1 for r in ranks) / n,
            sum(r is not None and r <= 5 for r in ranks) / n,
            sum(1 / r for r in ranks if r is not None) / n,
        )


def bootstrap(
    one: Sequence[int | None], other: Sequence[int | None], seed: str
) -> tuple[float, float, float]:
    """The mean difference of reciprocal rank (one - other) over paired
    questions, and its 95 % interval by a seeded bootstrap of the questions."""
    rr = [(1 / a if a else 0.0) - (1 / b if b else 0.0) for a, b in zip(one, other, strict=True)]
    source = rng("bootstrap", seed)
    n = len(rr)
    means = sorted(sum(rr[source.randrange(n)] for _ in range(n)) / n for _ in range(BOOTSTRAP))
    return sum(rr) / n, means[int(0.025 * BOOTSTRAP)], means[int(0.975 * BOOTSTRAP) - 1]


def ranks(ranker: Ranker, questions: Sequence[Judged], way: str) -> list[int | None]:
    """The rank of each question's first right entry, typed `way`."""
    return [first_right(ranker(typed(q.query, way), LIMIT), q.relevant) for q in questions]


def remembered(ranker: Ranker) -> Ranker:
    """`ranker`, asked once per query: a question typed alike two ways (one
    without æøå has none to lose) ranks alike."""
    known: dict[tuple[str, int], list[int]] = {}

    def rank(query: str, limit: int) -> list[int]:
        if (query, limit) not in known:
            known[query, limit] = ranker(query, limit)
        return known[query, limit]

    return rank


def evaluate(
    collection: Collection, questions: Sequence[Judged]
) -> dict[str, dict[str, list[int | None]]]:
    """Per system and way of typing, the rank of every question's right entry."""
    out: dict[str, dict[str, list[int | None]]] = {}
    for name, make in SYSTEMS.items():
        ranker = remembered(make(collection))
        out[name] = {way: ranks(ranker, questions, way) for way in WAYS}
    return out


def table(results: dict[str, dict[str, list[int | None]]]) -> list[dict[str, Any]]:
    rows = []
    for system, by_way in results.items():
        own = Score.of(by_way[WAYS[0]]).mrr
        for way, found in by_way.items():
            score = Score.of(found)
            rows.append(
                {
                    "system": system,
                    "typed": way,
                    "questions": score.questions,
                    "hit@1": score.hit1,
                    "hit@5": score.hit5,
                    "MRR@10": score.mrr,
                    "MRR loss": (own - score.mrr) / own if own else 0.0,
                }
            )
    return rows


def goals(
    rows: list[dict[str, Any]], results: dict[str, dict[str, list[int | None]]]
) -> list[dict[str, Any]]:
    mrr = {(r["system"], r["typed"]): r["MRR@10"] for r in rows}
    faq, bm25 = mrr["faq", WAYS[0]], mrr["BM25", WAYS[0]]
    _, low, high = bootstrap(results["faq"][WAYS[0]], results["BM25"][WAYS[0]], WAYS[0])
    out = [
        {
            "goal": "faq's MRR >= BM25's, as written",
            "value": f"{faq:.3f} vs {bm25:.3f} (difference {faq - bm25:+.3f}, "
            f"95 % interval {low:+.3f} to {high:+.3f})",
            "met": faq >= bm25,
        }
    ]
    for way in WAYS[1:]:
        ratio = mrr["faq", way] / faq
        out.append(
            {
                "goal": f"faq's MRR {way} >= {1 - GOAL_LOSS:.0%} of as written",
                "value": f"{ratio:.1%}",
                "met": ratio >= 1 - GOAL_LOSS,
            }
        )
    return out


def latency(collection: Collection, questions: Sequence[Judged]) -> dict[str, dict[str, float]]:
    """Per-query time in-process, in ms (median, p90), of each system on the
    questions as written, after WARM_UP other questions (not timed)."""
    out = {}
    warm_up = min(WARM_UP, len(questions) // 2)  # a small set keeps half to time
    warm, timed = questions[:warm_up], questions[warm_up:]
    for name, make in SYSTEMS.items():
        start = time.perf_counter()
        ranker = make(collection)
        built = time.perf_counter() - start
        for q in warm:
            ranker(q.query, LIMIT)
        times = []
        for q in timed:
            start = time.perf_counter()
            ranker(q.query, LIMIT)
            times.append(time.perf_counter() - start)
        deciles = statistics.quantiles(times, n=10)
        out[name] = {
            "index ms": built * 1000,
            "median ms": statistics.median(times) * 1000,
            "p90 ms": deciles[-1] * 1000,
            "queries": len(times),
            "warm-up": warm_up,
        }
    return out


def child_env(folder: Path) -> dict[str, str]:
    """The environment of the `faq` processes: a user's (as bench.py has it),
    with the cache in `folder`."""
    drop = ("FORCE_COLOR", "FAQ_DATA", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["XDG_CACHE_HOME"] = str(folder / "cache")
    return env


def process_times(
    data_file: Path, questions: Sequence[Judged], rounds: int, folder: Path
) -> dict[str, Any]:
    """Whole `faq search` processes: a few questions on the judged collection
    against a natural question on the bundled one, interleaved."""
    faq = bench.faq_command()
    env = child_env(folder)
    picked = rng("process", "questions").sample(list(questions), 3)
    bundled = bench.Case("bundled", [*faq, "search", "--", BUNDLED_QUESTION])
    cases = [
        bench.Case(q.query, [*faq, "search", "--data", str(data_file), "--", q.query])
        for q in picked
    ]
    bench.interleave([bundled, *cases], rounds, env)  # its warm-up builds the index
    return {
        "rounds": rounds,
        "bundled": {"question": BUNDLED_QUESTION, "median ms": bundled.median * 1000},
        "judged": [
            {
                "question": case.name,
                "median ms": case.median * 1000,
                "ratio": case.median / bundled.median,
            }
            for case in cases
        ],
    }


def cli_check(
    data_file: Path, collection: Collection, questions: Sequence[Judged], folder: Path
) -> dict[str, Any]:
    """Whether `faq search --json --data FILE` ranks a seeded sample of the
    questions (each way of typing) as the in-process engine does."""
    faq = bench.faq_command()
    env = child_env(folder)
    ranker = faq_ranker(collection)
    source = rng("cli", "questions")
    same, differ = 0, []
    for q in source.sample(list(questions), min(CLI_CHECKS, len(questions))):
        query = typed(q.query, source.choice(WAYS))
        argv = [*faq, "search", "--json", "-n", str(LIMIT), "--data", str(data_file), "--", query]
        done = bench.run(argv, env)[0]  # exits on a status other than 0 or 1
        cli = [hit["id"] for hit in json.loads(done.stdout)] if done.returncode == 0 else []
        if cli == ranker(query, LIMIT):
            same += 1
        else:
            differ.append(query)
    return {"asked": same + len(differ), "same": same, "different": differ}


def print_report(report: dict[str, Any]) -> None:
    print(
        f"NorQuAD {report['commit'][:12]}: {report['entries']} entries, "
        f"{report['questions']} questions ({report['split']}); first {LIMIT} results"
    )
    head = ("system", "typed", "hit@1", "hit@5", "MRR@10", "MRR lost")
    cells = [
        (
            r["system"],
            r["typed"],
            f"{r['hit@1']:.1%}",
            f"{r['hit@5']:.1%}",
            f"{r['MRR@10']:.3f}",
            "-" if r["typed"] == WAYS[0] else f"{r['MRR loss']:.1%}",
        )
        for r in report["table"]
    ]
    widths = [max(len(row[i]) for row in [head, *cells]) for i in range(len(head))]
    line = "| " + " | ".join(f"{{:{w}}}" for w in widths) + " |"
    print(line.format(*head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        print(line.format(*row))
    print()
    for goal in report["goals"]:
        print(f"{'yes' if goal['met'] else 'NO ':3}  {goal['goal']}: {goal['value']}")
    if "machine" in report:
        print(f"\n{report['machine']}; load average {report['load']:.1f}")
    if "latency" in report:
        print("\nper query, in-process, questions as written:")
        for name, t in report["latency"].items():
            print(
                f"  {name:5} median {t['median ms']:.2f} ms, p90 {t['p90 ms']:.2f} ms "
                f"({t['queries']} queries after {t['warm-up']}; "
                f"index built in {t['index ms']:.0f} ms)"
            )
    if "process" in report:
        p = report["process"]
        print(f"\nwhole process, median of {p['rounds']} interleaved runs:")
        bundled = p["bundled"]
        print(f"  bundled: faq search {bundled['question']!r}: {bundled['median ms']:.0f} ms")
        for j in p["judged"]:
            took = f"{j['median ms']:.0f} ms ({j['ratio']:.2f}x)"
            print(f"  --data:  faq search {j['question']!r}: {took}")
    if "cli" in report:
        c = report["cli"]
        print(f"\nfaq search --json --data: {c['same']} of {c['asked']} rankings as in-process")
        for query in c["different"]:
            print(f"  differs: {query!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="a folder made by norquad.py")
    parser.add_argument(
        "--split", default="all", choices=("all", "train", "validation", "test"),
        help="NorQuAD's split of the questions to ask",
    )  # fmt: skip
    parser.add_argument("--runs", type=int, default=15, help="rounds of process timing (0: none)")
    parser.add_argument("--json", action="store_true", help="write JSON")
    args = parser.parse_args(argv)
    collection, questions, commit = load(args.data)
    if args.split != "all":
        questions = [q for q in questions if q.split == args.split]
    results = evaluate(collection, questions)
    rows = table(results)
    report: dict[str, Any] = {
        "commit": commit,
        "entries": len(collection.entries),
        "questions": len(questions),
        "split": args.split,
        "table": rows,
        "goals": goals(rows, results),
    }
    if args.runs > 0:
        report["latency"] = latency(collection, questions)
        with tempfile.TemporaryDirectory(prefix="faq-relevance-") as tmp:
            folder = Path(tmp)
            data_file = folder / "norquad.json"
            data_file.write_bytes(gzip.decompress((args.data / "faq.json.gz").read_bytes()))
            report["process"] = process_times(data_file, questions, args.runs, folder)
            report["cli"] = cli_check(data_file, collection, questions, folder)
        report["machine"] = bench.machine()
        report["load"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
