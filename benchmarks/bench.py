"""Every performance goal in one run: start-up, search at scale, relevance.

    .venv/bin/python benchmarks/bench.py                 # everything (about 45 minutes)
    .venv/bin/python benchmarks/bench.py --sizes 10000 --runs 5 --no-relevance   # a quick look
    .venv/bin/python benchmarks/bench.py --keep /tmp/faq-bench   # generated files kept, reused

Public tools only: `time.perf_counter` around `subprocess`, and the peak
resident set size of each child from `os.wait4` (its `ru_maxrss`, as
`resource.getrusage(RUSAGE_CHILDREN)` would give for one child). Commands run
interleaved (one of each per round) so drift in the machine hits all alike;
the tables give medians and ratios against `python -c pass` (start-up) or the
bundled collection (scale), both measured in the same run. Output is piped,
as in `faq show N3 | cat`. The cache goes to a temporary XDG_CACHE_HOME.

The scale table has a row per generated collection (benchmarks/generate.py:
the page's vocabulary, the worst case, and a realistic one that grows with
the collection); the relevance table is benchmarks/relevance.py's, faq
against BM25 on NorQuAD, computed in this run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate

MIB = 1024 * 1024
# The searches timed on every collection: one word; the words of a question of
# the page ("Hvordan kan en best involvere politikere …?"); a quoted phrase of
# the page ("Hvordan kommer vi i gang …?", keyword "komme i gang"); a typo.
FORMS = {
    "one word": ["search", "politikere"],
    "several words": ["search", "involvere", "politikere"],
    "phrase": ["search", '"komme i gang"'],
    "typo": ["search", "politkere"],
    "show N3": ["show", "N3"],
}
SCALE_LIMIT = 1.5  # each form, against the same form on the bundled collection
FIRST_RUN_LIMIT = {100_000: 15.0, 1_000_000: 120.0}  # seconds
PEAK_LIMIT = 150 * MIB  # of any search or show once the index is built
START_UP_LIMIT = 5.0  # against python -c pass (`--help`: 10)


@dataclass
class Case:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak: int = 0  # bytes

    def run(self, base_env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
        result, seconds, peak, cpu = run(self.argv, {**base_env, **self.env})
        self.times.append(seconds)
        self.cpu.append(cpu)
        self.peak = max(self.peak, peak)
        return result

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def run(
    argv: list[str], env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[bytes], float, int, float]:
    """Run once, piped: the result, wall time, the child's peak RSS in bytes and
    its CPU time (user + system)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Both pipes read at once (a full one would stall the child), and the
    # child reaped here, not by Popen, for its own resource usage.
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()))  # type: ignore[union-attr]
    reader.start()
    out = proc.stdout.read()  # type: ignore[union-attr]
    reader.join()
    err = errors[0]
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} failed ({proc.returncode}): {err.decode(errors='replace')}")
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    cpu = usage.ru_utime + usage.ru_stime
    return subprocess.CompletedProcess(argv, proc.returncode, out, err), seconds, peak, cpu


def faq_command() -> list[str]:
    script = Path(sys.executable).with_name("faq")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "innovasjon_faq"]


def interleave(cases: list[Case], rounds: int, env: dict[str, str]) -> None:
    for case in cases:  # one warm-up each: page cache, .pyc files
        case.run(env)
        case.times.clear()
        case.cpu.clear()
    for _ in range(rounds):
        for case in cases:
            case.run(env)


class Table:
    """The goals: what was measured, against what limit, met or not."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, bool]] = []

    def add(self, goal: str, measured: str, value: str, limit: str, ok: bool) -> None:
        self.rows.append((goal, measured, value, limit, ok))

    def print(self) -> bool:
        print_table(
            ("goal", "measured", "value", "limit", "met"),
            [(*row[:4], "yes" if row[4] else "NO") for row in self.rows],
        )
        return all(row[4] for row in self.rows)


def print_table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]
    line = "| " + " | ".join(f"{{:{w}}}" for w in widths) + " |"
    print(line.format(*head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line.format(*row))


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for text in handle:
                if text.startswith("model name"):
                    cpu = text.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def startup(table: Table, faq: list[str], env: dict[str, str], rounds: int) -> dict[str, Case]:
    complete = {"_FAQ_COMPLETE": "complete_bash", "COMP_WORDS": "faq sh", "COMP_CWORD": "1"}
    cases = {
        "pass": Case("python -c pass", [sys.executable, "-c", "pass"]),
        **{form: Case(f"faq {' '.join(argv)}", [*faq, *argv]) for form, argv in FORMS.items()},
        "list": Case("faq list", [*faq, "list"]),
        "version": Case("faq --version", [*faq, "--version"]),
        "complete": Case("completion (faq sh<TAB>)", faq, complete),
        "help": Case("faq --help", [*faq, "--help"]),
    }
    interleave(list(cases.values()), rounds, env)
    base = cases["pass"]
    table.add("start-up: python -c pass", f"CPU {ms(base.cpu_median)}", ms(base.median), "", True)
    for key, case in cases.items():
        if key == "pass":
            continue
        limit = 2 * START_UP_LIMIT if key == "help" else START_UP_LIMIT
        ratio = case.median / base.median
        cpu = case.cpu_median / base.cpu_median
        table.add(
            f"start-up: {case.name}",
            f"{ms(case.median)} (CPU {cpu:.1f}x)",
            f"{ratio:.2f}x pass",
            f"<= {limit:g}x",
            ratio <= limit,
        )
    return cases


@dataclass
class Scale:
    """One generated collection's row of the scale table."""

    size: int
    vocabulary: str
    megabytes: float
    first_run: float = 0.0
    first_cpu: float = 0.0
    first_peak: int = 0
    index_megabytes: float = 0.0
    ratios: dict[str, float] = field(default_factory=dict)
    times: dict[str, float] = field(default_factory=dict)
    peak: int = 0


def collection(size: int, vocabulary: str, folder: Path) -> Path:
    """The generated collection (reused when `folder` already has it: it is
    deterministic for its size and vocabulary). In a child process: a fork of
    a parent that made a million entries would report the parent's memory as
    each child's peak RSS."""
    path = folder / f"faq-{size}-{vocabulary}.json"
    if not path.exists():
        script = str(Path(generate.__file__))
        argv = [sys.executable, script, str(size), str(path) + ".part", "--vocabulary", vocabulary]
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        os.replace(str(path) + ".part", path)
    return path


def scale(
    table: Table,
    faq: list[str],
    env: dict[str, str],
    rounds: int,
    bundled: dict[str, Case],
    path: Path,
    size: int,
    vocabulary: str,
) -> Scale:
    row = Scale(size, vocabulary, path.stat().st_size / MIB)
    data = {"FAQ_DATA": str(path)}
    shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
    first = Case("first run", [*faq, "search", "politikere"], data)
    first.run(env)
    row.first_run, row.first_cpu, row.first_peak = first.median, first.cpu_median, first.peak
    row.index_megabytes = folder_size(Path(env["XDG_CACHE_HOME"])) / MIB
    name = f"{size:,} {vocabulary}"
    limit = FIRST_RUN_LIMIT.get(size)
    table.add(
        f"{name}: first run (builds the index)",
        f"CPU {first.cpu_median:.0f} s, {first.peak / MIB:.0f} MiB peak",
        f"{first.median:.1f} s",
        f"<= {limit:g} s" if limit else "",
        limit is None or first.median <= limit,
    )
    cases = {form: Case(form, [*faq, *argv], data) for form, argv in FORMS.items()}
    # Interleaved with the same forms on the bundled collection, whose times
    # here are this row's baseline (a busy minute slows both).
    pairs = [(bundled[form], cases[form]) for form in FORMS]
    interleave([case for pair in pairs for case in pair], rounds, env)
    for (base, case), form in zip(pairs, FORMS, strict=True):
        row.ratios[form] = case.median / statistics.median(base.times[-rounds:])
        row.times[form] = case.median
        table.add(
            f"{name}: faq {' '.join(FORMS[form])}",
            f"{ms(case.median)} (bundled {ms(statistics.median(base.times[-rounds:]))})",
            f"{row.ratios[form]:.2f}x bundled",
            f"<= {SCALE_LIMIT}x",
            row.ratios[form] <= SCALE_LIMIT,
        )
    row.peak = max(case.peak for case in cases.values())
    table.add(
        f"{name}: peak memory once indexed",
        "max RSS of the searches and shows",
        f"{row.peak / MIB:.0f} MiB",
        f"<= {PEAK_LIMIT // MIB} MiB",
        row.peak <= PEAK_LIMIT,
    )
    return row


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def print_scale(rows: list[Scale], bundled: dict[str, Case]) -> None:
    head = ("collection", "file", "first run", "index", *FORMS, "peak RSS")
    cells = [
        (
            "bundled (5)",
            "",
            "",
            "",
            *(ms(bundled[form].median) for form in FORMS),
            f"{max(bundled[form].peak for form in FORMS) / MIB:.0f} MiB",
        )
    ]
    for row in rows:
        cells.append(
            (
                f"{row.size:,} {row.vocabulary}",
                f"{row.megabytes:,.0f} MiB",
                f"{row.first_run:.1f} s",
                f"{row.index_megabytes:,.0f} MiB",
                *(f"{row.ratios[form]:.2f}x" for form in FORMS),
                f"{row.peak / MIB:.0f} MiB",
            )
        )
    print_table(head, cells)


def robustness(table: Table, faq: list[str], env: dict[str, str], path: Path) -> None:
    """A changed file, two processes at once, a damaged or unwritable cache."""
    data = {"FAQ_DATA": str(path)}
    search = [*faq, "search", "--json", "--limit", "1"]
    # Change one word of the last answer to one found nowhere else, keeping the
    # size and the modification time: only a real content check notices.
    raw = path.read_bytes()
    stat = path.stat()
    marker = b"zqxjkvelse"
    cut = raw.rfind(b'"answer": "') + len(b'"answer": "')
    try:
        path.write_bytes(raw[:cut] + marker + raw[cut + len(marker) :])
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        result, seconds, _, _ = run([*search, marker.decode()], {**env, **data})
    finally:
        path.write_bytes(raw)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    table.add(
        "changed file (same size and mtime) re-indexed",
        f"re-index {seconds:.1f} s",
        "found" if result.returncode == 0 else "stale",
        "found",
        result.returncode == 0,
    )
    # Two processes building at once, on a fresh cache.
    shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
    argv = [*search, "politikere"]
    procs = [
        subprocess.Popen(argv, env={**env, **data}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outs = [p.communicate() for p in procs]
    again, *_ = run(argv, {**env, **data})
    ok = all(p.returncode == 0 and not o[1] for p, o in zip(procs, outs, strict=True)) and (
        outs[0][0] == outs[1][0] == again.stdout
    )
    table.add("two processes at once", "same answer, no error", "ok" if ok else "failed", "ok", ok)
    # Every file of the index overwritten with junk of its own size.
    for part in Path(env["XDG_CACHE_HOME"]).rglob("*"):
        if part.is_file() and part.suffix not in (".lock",):
            part.write_bytes(b"\xff not an index \x00" * (part.stat().st_size // 16 + 1))
    damaged, *_ = run(argv, {**env, **data})
    ok = damaged.returncode == 0 and damaged.stdout == again.stdout and not damaged.stderr
    table.add("damaged cache", "same answer, no error", "ok" if ok else "failed", "ok", ok)
    # An unwritable cache folder: XDG_CACHE_HOME is a file.
    blocker = Path(env["XDG_CACHE_HOME"]).with_suffix(".file")
    blocker.write_text("not a folder")
    blocked, *_ = run(argv, {**env, **data, "XDG_CACHE_HOME": str(blocker)})
    ok = blocked.returncode == 0 and blocked.stdout == again.stdout and not blocked.stderr
    table.add("unwritable cache", "same answer, no error", "ok" if ok else "failed", "ok", ok)


def relevance_run() -> bool:
    """benchmarks/relevance.py's table and goals, whether every goal is met
    (its timing is its own run's)."""
    import relevance

    collection, questions, commit = relevance.load()
    results = relevance.evaluate(collection, questions)
    rows = relevance.table(results)
    report = {
        "commit": commit,
        "entries": len(collection.entries),
        "questions": len(questions),
        "split": "all",
        "table": rows,
        "goals": relevance.goals(rows, results),
    }
    relevance.print_report(report)
    return all(goal["met"] for goal in report["goals"])


def progress(step: str) -> None:
    """Where the run is, on stderr (the tables come at the end, on stdout)."""
    print(f"bench: {step} ({time.strftime('%H:%M:%S')})", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds per measurement (median)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--vocabulary", nargs="*", choices=generate.VOCABULARIES, default=generate.VOCABULARIES
    )
    parser.add_argument("--keep", type=Path, help="a folder for the generated collections")
    parser.add_argument("--no-relevance", action="store_true", help="skip the relevance table")
    args = parser.parse_args(argv)
    faq = faq_command()
    with tempfile.TemporaryDirectory(prefix="faq-bench-") as tmp:
        folder = Path(tmp)
        kept = args.keep or folder
        kept.mkdir(parents=True, exist_ok=True)
        # As on a user's machine: .pyc files are written (the warm-up run does it).
        drop = ("FORCE_COLOR", "FAQ_DATA", "PYTHONDONTWRITEBYTECODE", "FAQ_LANG")
        env = {k: v for k, v in os.environ.items() if k not in drop}
        env["XDG_CACHE_HOME"] = str(folder / "cache")
        table = Table()
        load_before = os.getloadavg()[0]
        progress("start-up")
        bundled = startup(table, faq, env, args.runs)
        rows = []
        for size in args.sizes:
            for vocabulary in args.vocabulary:
                progress(f"{size:,} entries, {vocabulary} vocabulary: generating, then indexing")
                path = collection(size, vocabulary, kept)
                rows.append(scale(table, faq, env, args.runs, bundled, path, size, vocabulary))
        if args.sizes:
            progress("the cache's robustness")
            robustness(table, faq, env, collection(min(args.sizes), "page", kept))
        print(f"Machine: {machine()}")
        print(f"faq: {' '.join(faq)}; median of {args.runs} interleaved runs, output piped")
        # The load of other jobs shows before the run; after it, the run's own builds count too.
        print(f"load average: {load_before:.1f} before the run, {os.getloadavg()[0]:.1f} after\n")
        if rows:
            print("Scale: each search against the same search on the bundled collection\n")
            print_scale(rows, bundled)
            print()
        ok = table.print()
    if not args.no_relevance:
        progress("relevance")
        print("\nRelevance: faq against BM25 on NorQuAD (benchmarks/relevance.py)\n")
        ok = relevance_run() and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
