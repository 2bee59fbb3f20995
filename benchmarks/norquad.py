"""Turn NorQuAD into a faq collection and a judged query set (issue #12).

NorQuAD (Ivanova et al., NODALIDA 2023; CC0 1.0) is 4,752 questions written
by native speakers about 755 passages of Norwegian news and Wikipedia. A
search engine is judged by whether it finds the passage a question was
written about. This script reads the dataset's git repository (a bare mirror
is enough) and writes, deterministically:

    benchmarks/data/norquad/faq.json.gz        every passage as an entry
    benchmarks/data/norquad/questions.json.gz  every question, judged
    tests/data/norquad/faq.json.gz             a sample of 120 passages (60 + 60)
    tests/data/norquad/questions.json.gz       the questions of those passages

    .venv/bin/python benchmarks/norquad.py [--mirror PATH] [--commit HASH]

Each passage becomes one entry: its first line (the news headline, or the
Wikipedia article's title) is the `question`, and the rest is the `answer`.
That is the shape of an FAQ copied from the web: a short line that says what
the text is about, over the text. The first line is the passage's own title,
not a question, so the judged questions never equal an entry's `question`
(as a user's words seldom equal the FAQ's). Ids are 1..N in the dataset's
order (news files, then Wikipedia files, each in file order); slugs are the
title folded to kebab-case, with `-2`, `-3` for a repeat; no keywords (a
collection copied from the web has none).

The text is the dataset's, word for word, but for three things: outer white
space is stripped (352 Wikipedia passages end in blank lines), the first line
break separates question from answer, and one LEFT-TO-RIGHT MARK (U+200E,
after a Persian name) is dropped, since the loader refuses bidi controls.

What the data holds, and how it is handled (printed when run):
- the annotation files hold all 755 passages and 4,752 questions (the
  evaluation files hold the validation and test splits, 472 questions each;
  the training file is not in the repository, so the training questions are
  those of the annotation files in neither split);
- one passage is in two annotation files: one entry, with the questions of both;
- two articles are there twice, scraped twice (same headline, a photo caption
  moved or a sentence reworded): one entry each (the first), with the
  questions of both, after checking that every answer of the second copy
  stands in the first;
- a question whose passage is ambiguous is judged right on each passage
  that answers it: one question text asked of two passages (three such
  questions: "Hvem er president i USA?"), and the questions of two
  versions of one story (a headline updated) whose answer stands in both.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MIRROR = Path("/work/.mirror/ltgoslo+NorQuAD/repo")
REPOSITORY = "https://github.com/ltgoslo/NorQuAD"
ANNOTATION = (
    "data/annotation/news/answers_1.json",
    "data/annotation/news/answers_2.json",
    "data/annotation/wikipedia/answers_1.json",
    "data/annotation/wikipedia/answers_2.json",
)
SPLITS = {
    "validation": "data/evaluation/all/validation_dataset_flattened.json",
    "test": "data/evaluation/all/test_dataset_flattened.json",
}
# The story told twice with different headlines: its two versions share most
# answers (found by word overlap; see `near_duplicates`).
SAME_STORY = 0.6  # Jaccard similarity of the passages' word sets
SAME_ARTICLE = 0.9  # and with the same headline: one article scraped twice
SAMPLE_SEED = "norquad-tests-v1"
SAMPLE_PER_KIND = 60
UNSAFE = "\u200e"  # the one character of the dataset the loader refuses
SLUG_WORDS = 8


@dataclass
class Passage:
    text: str
    kind: str  # "news" or "wikipedia"
    questions: list[dict[str, Any]] = field(default_factory=list)
    id: int = 0

    @property
    def title(self) -> str:
        return self.text.split("\n", 1)[0].strip()

    @property
    def body(self) -> str:
        return self.text.split("\n", 1)[1].strip() if "\n" in self.text else ""


def git_show(mirror: Path, commit: str, path: str) -> Any:
    out = subprocess.run(
        ["git", "-C", str(mirror), "show", f"{commit}:{path}"], check=True, capture_output=True
    ).stdout
    return json.loads(out)


def rows(data: Any) -> list[tuple[str, dict[str, Any]]]:
    """(passage text, question) pairs of a SQuAD-shaped file, in file order."""
    return [(p["context"], q) for d in data["data"] for p in d["paragraphs"] for q in p["qas"]]


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def jaccard(one: set[str], other: set[str]) -> float:
    return len(one & other) / len(one | other)


def slugify(title: str) -> str:
    """A title as kebab-case ASCII: `Mulla Krekar dømt` → `mulla-krekar-domt`."""
    text = title.lower().translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", text)
    return "-".join(parts[:SLUG_WORDS]) or "passasje"


def near_duplicates(passages: list[Passage]) -> list[tuple[Passage, Passage, float]]:
    """Pairs of passages (earlier, later) whose word sets overlap by SAME_STORY or more."""
    sets = [words(p.text) for p in passages]
    pairs = []
    for i, one in enumerate(passages):
        for j in range(i + 1, len(passages)):
            similarity = jaccard(sets[i], sets[j])
            if similarity >= SAME_STORY:
                pairs.append((one, passages[j], similarity))
    return pairs


def convert(
    mirror: Path, commit: str, report: list[str]
) -> tuple[list[Passage], list[dict[str, Any]]]:
    """The passages (as entries to be) and the judged questions."""
    split_of: dict[tuple[str, str], str] = {}
    for split, path in SPLITS.items():
        for context, question in rows(git_show(mirror, commit, path)):
            split_of[context, question["question"]] = split
    by_text: dict[str, Passage] = {}
    files: dict[str, set[str]] = defaultdict(set)
    total = 0
    for path in ANNOTATION:
        kind = "news" if "/news/" in path else "wikipedia"
        for context, question in rows(git_show(mirror, commit, path)):
            total += 1
            files[context].add(path)
            passage = by_text.setdefault(context, Passage(context, kind))
            if passage.kind != kind:
                raise SystemExit(f"a passage is both news and wikipedia: {context[:60]!r}")
            split = split_of.pop((context, question["question"]), "train")
            passage.questions.append({**question, "split": split})
    if split_of:
        raise SystemExit(f"{len(split_of)} evaluation questions are not in the annotation files")
    passages = list(by_text.values())
    report.append(f"{total} questions on {len(passages)} distinct passages")
    twice = sum(1 for found in files.values() if len(found) > 1)
    report.append(f"passages in two annotation files: {twice} (one entry, the questions of both)")
    repeated = total - sum(len({q["question"] for q in p.questions}) for p in passages)
    report.append(f"questions asked twice of the same passage: {repeated}")

    # Near-duplicates: one article scraped twice is merged; two versions of a
    # story stay two entries, and a question whose answer stands in both is
    # right on either.
    also: dict[int, set[int]] = defaultdict(set)  # id(question) -> passages (by index) also right
    merged: set[int] = set()
    for one, other, similarity in near_duplicates(passages):
        if one.title == other.title and similarity >= SAME_ARTICLE:
            missing = [q for q in other.questions if q["answers"][0]["text"] not in one.text]
            if missing:
                raise SystemExit(f"cannot merge {one.title!r}: {len(missing)} answers missing")
            one.questions.extend(other.questions)
            merged.add(id(other))
            report.append(
                f"merged a second copy of {one.title!r} (word overlap {similarity:.2f}, "
                f"{len(other.questions)} questions, every answer in the first copy)"
            )
        else:
            shared = 0
            for mine, theirs in ((one, other), (other, one)):
                for question in mine.questions:
                    if question["answers"][0]["text"] in theirs.text:
                        also[id(question)].add(id(theirs))
                        shared += 1
            report.append(
                f"two versions of one story, {one.title!r} and {other.title!r} (word overlap "
                f"{similarity:.2f}): {shared} of their "
                f"{len(one.questions) + len(other.questions)} questions are right on both"
            )
    passages = [p for p in passages if id(p) not in merged]
    for number, passage in enumerate(passages, 1):
        passage.id = number
    by_object = {id(p): p for p in passages}

    # One question text asked of several passages: one judged query, right on each.
    asked: dict[str, list[tuple[Passage, dict[str, Any]]]] = defaultdict(list)
    for passage in passages:
        for question in passage.questions:
            asked[question["question"].strip()].append((passage, question))
    judged = []
    for text, where in asked.items():
        owners = list(dict.fromkeys(p.id for p, _ in where))
        others = {by_object[o].id for _, q in where for o in also[id(q)] if o in by_object}
        relevant = owners + sorted(others - set(owners))
        if len(owners) > 1:
            report.append(f"asked of {len(owners)} passages, right on each: {text!r}")
        splits = sorted({q["split"] for _, q in where})
        judged.append(
            {
                "query": text,
                "relevant": relevant,
                "split": splits[0] if len(splits) == 1 else "+".join(splits),
                "kind": where[0][0].kind,
                "norquad_id": where[0][1]["id"],
            }
        )
    judged.sort(key=lambda q: (q["relevant"][0], q["norquad_id"], q["query"]))
    for number, query in enumerate(judged, 1):
        query["n"] = number
    return passages, judged


def collection(passages: list[Passage], commit: str) -> dict[str, Any]:
    slugs: dict[str, int] = {}
    entries = []
    for passage in passages:
        base = slugify(passage.title)
        slugs[base] = slugs.get(base, 0) + 1
        slug = base if slugs[base] == 1 else f"{base}-{slugs[base]}"
        entries.append(
            {
                "id": passage.id,
                "slug": slug,
                "question": passage.title,
                "answer": passage.body.replace(UNSAFE, ""),
            }
        )
    if len({e["slug"] for e in entries}) != len(entries):
        raise SystemExit("slugs are not unique")
    return {
        "schema_version": 1,
        "title": "NorQuAD: nyheter og Wikipedia",
        "language": "nb",
        "intro": (
            "Tekstene i NorQuAD (Ivanova mfl., NODALIDA 2023; CC0 1.0), "
            f"{REPOSITORY} commit {commit}: første linje er spørsmålet, resten svaret."
        ),
        "entries": entries,
    }


def sample(
    passages: list[Passage], judged: list[dict[str, Any]]
) -> tuple[list[Passage], list[dict[str, Any]]]:
    """SAMPLE_PER_KIND news and Wikipedia passages (seeded), renumbered 1..n, and
    the questions whose right passages are all among them."""
    rng = random.Random(SAMPLE_SEED)
    chosen: list[Passage] = []
    for kind in ("news", "wikipedia"):
        chosen += rng.sample([p for p in passages if p.kind == kind], SAMPLE_PER_KIND)
    chosen.sort(key=lambda p: p.id)
    number = {p.id: n for n, p in enumerate(chosen, 1)}
    small = [Passage(p.text, p.kind, p.questions, number[p.id]) for p in chosen]
    queries = []
    for query in judged:
        if all(r in number for r in query["relevant"]):
            queries.append({**query, "relevant": [number[r] for r in query["relevant"]]})
    for n, query in enumerate(queries, 1):
        query["n"] = n
    return small, queries


def write_gzip(path: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime 0 and no file name in the header: the same bytes on every run.
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=0) as out:
        out.write(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirror", type=Path, default=MIRROR, help="NorQuAD's git repository")
    parser.add_argument("--commit", default="HEAD", help="the commit to read")
    parser.add_argument("--out", type=Path, default=ROOT, help="the project's root")
    args = parser.parse_args(argv)
    commit = subprocess.run(
        ["git", "-C", str(args.mirror), "rev-parse", args.commit],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    report: list[str] = []
    passages, judged = convert(args.mirror, commit, report)
    small, small_judged = sample(passages, judged)
    licence = subprocess.run(
        ["git", "-C", str(args.mirror), "show", f"{commit}:LICENSE"],
        check=True,
        capture_output=True,
    ).stdout
    print(f"NorQuAD {commit}")
    print("\n".join(report))
    for folder, (ps, qs), what in (
        ("benchmarks/data/norquad", (passages, judged), "every passage"),
        ("tests/data/norquad", (small, small_judged), SAMPLE_TEXT),
    ):
        out = args.out / folder
        write_gzip(out / "faq.json.gz", collection(ps, commit))
        write_gzip(out / "questions.json.gz", {"commit": commit, "questions": qs})
        (out / "LICENSE").write_bytes(licence)
        counts = f"{len(ps)} entries ({what}), {len(qs)} questions"
        (out / "README.md").write_text(readme(commit, counts, report), encoding="utf-8")
        print(f"{folder}: {counts}")
    return 0


SAMPLE_TEXT = (
    f"a seeded sample of {SAMPLE_PER_KIND} news and {SAMPLE_PER_KIND} Wikipedia passages, "
    f"renumbered; the questions whose right passages are all in it"
)


def readme(commit: str, counts: str, report: list[str]) -> str:
    """The provenance of a converted folder."""
    used = "\n".join(f"- `{path}`" for path in (*ANNOTATION, *SPLITS.values(), "LICENSE"))
    found = "\n".join(f"- {line}" for line in report)
    return f"""# NorQuAD as a faq collection

Made by `benchmarks/norquad.py` from NorQuAD (Sardana Ivanova, Fredrik Aas Andreassen,
Matias Jentoft, Sondre Wold and Lilja Øvrelid: *NorQuAD: Norwegian Question Answering
Dataset*, NODALIDA 2023), {REPOSITORY}, commit `{commit}`. Licence: CC0 1.0 Universal,
the repository's own LICENSE, copied here.

This folder: {counts}.

- `faq.json.gz`: a faq collection (`faq validate --data` accepts it, once gunzipped); each
  passage is an entry, its first line (headline or article title) the `question`, the rest
  the `answer`.
- `questions.json.gz`: `{{"commit": …, "questions": [{{"n", "query", "relevant", "split",
  "kind", "norquad_id"}}, …]}}`: each question as NorQuAD has it, the ids of the entries
  that answer it (the first is the passage it was written about), NorQuAD's split (`train`,
  `validation`, `test`), `news` or `wikipedia`, and NorQuAD's question id.

Files read from the repository:

{used}

The text is NorQuAD's word for word, but for outer white space (stripped), the first line
break (which parts question from answer) and one LEFT-TO-RIGHT MARK (U+200E, dropped: the
loader refuses bidi controls). What the conversion found and did (the rules are in the
converter's docstring):

{found}

Run it again with `.venv/bin/python benchmarks/norquad.py --mirror PATH-TO-NORQUAD-GIT`;
the output is the same byte for byte.
"""


if __name__ == "__main__":
    sys.exit(main())
