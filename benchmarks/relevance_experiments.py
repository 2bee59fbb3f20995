"""What moves faq's ranking on NorQuAD: one choice of the engine at a time (issue #12).

    .venv/bin/python benchmarks/relevance_experiments.py                  # every experiment
    .venv/bin/python benchmarks/relevance_experiments.py --split test     # on one split
    .venv/bin/python benchmarks/relevance_experiments.py --only "stem 0.5"

Each experiment is the engine itself with one of its constants changed (or
the index built again, for a choice the index holds), asked every judged
question as written and with one typo (without æøå faq folds to the same
form, so that column equals the first). Every experiment is also asked the
bundled collection's judged queries (tests/search_cases.json): a choice that
loses one of them is not one to make, whatever NorQuAD says. The choices now
in the engine were made on NorQuAD's train and validation questions; its test
questions (`--split test`) report them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import relevance
from relevance import LIMIT, Judged, Score, bootstrap, ranks

from innovasjon_faq.index import schema
from innovasjon_faq.loader import load as load_bundled
from innovasjon_faq.models import Collection
from innovasjon_faq.search import analysis, engine, query
from innovasjon_faq.search.engine import SearchEngine

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "search_cases.json"
WAYS = ("as written", "one typo")
INTERROGATIVES = frozenset(analysis.words("hvor hvorfor hvilken hvilket hvilke"))


class Experiment:
    """A name and the constants it changes: (module, name) → value."""

    def __init__(self, name: str, **changes: Any) -> None:
        self.name = name
        self.changes: dict[tuple[ModuleType, str], Any] = {}
        for key, value in changes.items():
            module, _, constant = key.partition("__")
            self.changes[_MODULES[module], constant] = value

    @property
    def rebuilds(self) -> bool:
        """Whether the index must be built again (the schema's choices are in it)."""
        return any(module is schema for module, _ in self.changes)

    @contextmanager
    def applied(self) -> Iterator[None]:
        saved = {key: getattr(*key) for key in self.changes}
        try:
            for (module, constant), value in self.changes.items():
                setattr(module, constant, value)
            yield
        finally:
            for (module, constant), value in saved.items():
                setattr(module, constant, value)


_MODULES = {"engine": engine, "query": query, "schema": schema}


def weights(**changed: float) -> dict[str, float]:
    return {**engine.WEIGHTS, **changed}


def repeat(**changed: int) -> dict[str, int]:
    return {**schema.REPEAT, **changed}


def stop_words(words: frozenset[str]) -> dict[str, frozenset[str]]:
    return {"query__STOP_WORDS": words, "engine__STOP_WORDS": words}  # (engine imports it)


EXPERIMENTS = [
    Experiment("faq today"),
    Experiment("a word's own stem 0.5", engine__WEIGHTS=weights(stem=0.5)),
    Experiment("a word's own stem 0", engine__WEIGHTS=weights(stem=0.0)),
    Experiment("related forms 1 (as the stem)", engine__WEIGHTS=weights(form=1.0)),
    Experiment("related forms 0", engine__WEIGHTS=weights(form=0.0)),
    Experiment("compounds 1", engine__WEIGHTS=weights(compound=1.0)),
    Experiment("compounds 0.25", engine__WEIGHTS=weights(compound=0.25)),
    Experiment("no compounds", engine__WEIGHTS=weights(compound=0.0)),
    Experiment("typos 0.5", engine__WEIGHTS=weights(typo=0.5)),
    Experiment("no typos", engine__WEIGHTS=weights(typo=0.0)),
    Experiment("question weighs 1 (as the answer)", schema__REPEAT=repeat(question=1)),
    Experiment("question weighs 3", schema__REPEAT=repeat(question=3)),
    Experiment(
        "interrogatives rank (hvor, hvorfor, hvilken, …)",
        **stop_words(query.STOP_WORDS - INTERROGATIVES),
    ),
    Experiment("stop words rank", **stop_words(frozenset())),
]


def bundled_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(CASES.read_text(encoding="utf-8"))
    return cases


def bundled_right(made: SearchEngine, cases: Sequence[dict[str, Any]]) -> int:
    """How many of the bundled judged queries rank their entry first (or find
    nothing, when nothing may match)."""
    right = 0
    for case in cases:
        ids = [hit.entry.id for hit in made.search(case["query"])]
        right += ids[:1] == [case["first"]] if case["first"] is not None else not ids
    return right


def run(
    experiment: Experiment,
    collection: Collection,
    bundled: Collection,
    questions: Sequence[Judged],
    cases: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    with experiment.applied():
        made = SearchEngine.of(collection)
        own = SearchEngine.of(bundled)

        def rank(text: str, limit: int) -> list[int]:
            return [hit.entry.id for hit in made.search(text, limit=limit)]

        found = {way: ranks(rank, questions, way) for way in WAYS}
        return {"ranks": found, "bundled": bundled_right(own, cases)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=relevance.DATA)
    parser.add_argument(
        "--split", default="all", choices=("all", "train", "validation", "test", "tuning"),
        help="NorQuAD's split of the questions (tuning: train and validation)",
    )  # fmt: skip
    parser.add_argument("--only", action="append", help="only the experiments of these names")
    parser.add_argument("--json", action="store_true", help="write JSON")
    args = parser.parse_args(argv)
    collection, questions, commit = relevance.load(args.data)
    if args.split == "tuning":
        questions = [q for q in questions if q.split in ("train", "validation")]
    elif args.split != "all":
        questions = [q for q in questions if q.split == args.split]
    bundled, cases = load_bundled(), bundled_cases()
    chosen = [e for e in EXPERIMENTS if not args.only or e.name in args.only or e is EXPERIMENTS[0]]
    results = {e.name: run(e, collection, bundled, questions, cases) for e in chosen}
    today = results[EXPERIMENTS[0].name]["ranks"]
    rows = []
    for name, result in results.items():
        row: dict[str, Any] = {"experiment": name, "bundled": f"{result['bundled']}/{len(cases)}"}
        for way in WAYS:
            score = Score.of(result["ranks"][way])
            difference, low, high = bootstrap(result["ranks"][way], today[way], way)
            row[way] = {
                "hit@1": score.hit1,
                "MRR@10": score.mrr,
                "against today": [difference, low, high],
            }
        rows.append(row)
    if args.json:
        print(json.dumps({"commit": commit, "questions": len(questions), "rows": rows}, indent=2))
        return 0
    print(
        f"NorQuAD {commit[:12]}: {len(collection.entries)} entries, {len(questions)} "
        f"questions ({args.split}); first {LIMIT} results; bundled: {len(cases)} judged queries"
    )
    print("| experiment | as written hit@1 / MRR | one typo hit@1 / MRR | bundled |")
    print("| --- | --- | --- | --- |")
    for row in rows:
        cells = [_cell(row[way], row["experiment"] == EXPERIMENTS[0].name) for way in WAYS]
        print(f"| {row['experiment']} | {cells[0]} | {cells[1]} | {row['bundled']} |")
    return 0


def _cell(scores: dict[str, Any], today: bool) -> str:
    text = f"{scores['hit@1']:.1%} / {scores['MRR@10']:.3f}"
    if today:
        return text
    difference, low, high = scores["against today"]
    return f"{text} ({difference:+.3f}, {low:+.3f} to {high:+.3f})"


if __name__ == "__main__":
    sys.exit(main())
