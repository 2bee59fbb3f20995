"""The judged queries of tests/search_cases.json: top-1 accuracy and mean reciprocal rank.

Each case is a query as a user would type it and the id of the entry that must
come first, or null when nothing may match.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from innovasjon_faq.loader import load
from innovasjon_faq.search import SearchEngine

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "search_cases.json").read_text(encoding="utf-8")
)
MIN_TOP1 = 0.95
KINDS = {
    "ascii", "inflection", "compound", "typo", "phrase", "tool", "stop", "question", "word",
    "normalise", "none",
}  # fmt: skip


def reciprocal_rank(ids: list[int], first: int | None) -> float:
    """1 for a right first hit (or no hit when none is wanted), 1/rank when lower, else 0."""
    if first is None:
        return 0.0 if ids else 1.0
    return 1.0 / (ids.index(first) + 1) if first in ids else 0.0


def test_the_judged_set_covers_every_kind_of_query() -> None:
    kinds = Counter(case["kind"] for case in CASES)
    assert len(CASES) >= 60
    assert set(kinds) == KINDS
    assert all(count >= 4 for count in kinds.values()), kinds
    assert len({case["query"] for case in CASES}) == len(CASES)


def test_top1_and_mrr_on_the_judged_set(capsys: pytest.CaptureFixture[str]) -> None:
    engine = SearchEngine.of(load())
    misses = []
    top1 = mrr = 0.0
    for case in CASES:
        ids = [hit.entry.id for hit in engine.search(case["query"])]
        rank = reciprocal_rank(ids, case["first"])
        top1 += rank == 1.0
        mrr += rank
        if rank < 1.0:
            misses.append(f"{case['query']!r}: wanted {case['first']}, got {ids}")
    top1, mrr = top1 / len(CASES), mrr / len(CASES)
    with capsys.disabled():
        print(f"\njudged search set: {len(CASES)} queries, top-1 {top1:.1%}, MRR {mrr:.3f}")
    assert top1 >= MIN_TOP1, "\n".join(misses)


def test_reciprocal_rank() -> None:
    assert reciprocal_rank([5, 2], 5) == 1.0
    assert reciprocal_rank([5, 2], 2) == 0.5
    assert reciprocal_rank([5], 3) == 0.0
    assert reciprocal_rank([], None) == 1.0
    assert reciprocal_rank([1], None) == 0.0
