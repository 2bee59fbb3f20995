"""Measure every performance goal of issue #4 in one run and print a table.

    .venv/bin/python benchmarks/bench.py            # everything (about two minutes)
    .venv/bin/python benchmarks/bench.py --runs 5 --sizes 10000   # a quick look

Public tools only: `time.perf_counter` around `subprocess`, and the peak
resident set size of each child from `os.wait4` (its `ru_maxrss`, as
`resource.getrusage(RUSAGE_CHILDREN)` would give for one child). Commands run
interleaved (one of each per round) so drift in the machine hits all alike;
the table gives medians and ratios against `python -c pass` (start-up) or the
bundled collection (growth), both measured in the same run. Output is piped,
as in `faq show N3 | cat`. The cache goes to a temporary XDG_CACHE_HOME.
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
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate

MIB = 1024 * 1024


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
    out, err = proc.stdout.read(), proc.stderr.read()  # type: ignore[union-attr]
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


# Counts the hits of a command's JSON output in a child of its own.
_COUNT = (
    "import json, subprocess, sys; print(len(json.loads(subprocess.run(sys.argv[1:], "
    "capture_output=True, check=True).stdout)))"
)


def count_matches(faq: list[str], env: dict[str, str], words: list[str]) -> int:
    """How many entries `faq search WORDS` matches, counted in a child
    process: a child's peak RSS (ru_maxrss) starts from its parent's peak at
    the fork, so parsing all those hits here (~100 MiB at 100,000 entries)
    would be reported as the peak memory of every later `faq` run."""
    argv = [sys.executable, "-c", _COUNT, *faq, "search", "--json", "-n", "1000000", *words]
    return int(run(argv, env)[0].stdout)


def interleave(cases: list[Case], rounds: int, env: dict[str, str]) -> None:
    for case in cases:  # one warm-up each: page cache, .pyc files
        case.run(env)
        case.times.clear()
    for _ in range(rounds):
        for case in cases:
            case.run(env)


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, bool]] = []

    def add(self, goal: str, measured: str, value: str, limit: str, ok: bool) -> None:
        self.rows.append((goal, measured, value, limit, ok))

    def print(self) -> bool:
        head = ("goal", "measured", "value", "limit", "pass")
        rows = [(*r[:4], "yes" if r[4] else "NO") for r in self.rows]
        widths = [max(len(str(x[i])) for x in [head, *rows]) for i in range(5)]
        line = "| " + " | ".join(f"{{:{w}}}" for w in widths) + " |"
        print(line.format(*head))
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for row in rows:
            print(line.format(*row))
        return all(r[4] for r in self.rows)


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
        "show": Case("faq show N3", [*faq, "show", "N3"]),
        "search": Case("faq search politikere", [*faq, "search", "politikere"]),
        "list": Case("faq list", [*faq, "list"]),
        "version": Case("faq --version", [*faq, "--version"]),
        "complete": Case("completion (faq sh<TAB>)", faq, complete),
        "help": Case("faq --help", [*faq, "--help"]),
    }
    interleave(list(cases.values()), rounds, env)
    base = cases["pass"].median
    table.add(
        "start-up: python -c pass",
        f"CPU {ms(cases['pass'].cpu_median)}",
        ms(base),
        "(baseline)",
        True,
    )
    for key, case in cases.items():
        if key == "pass":
            continue
        limit = 10 if key == "help" else 5
        ratio = case.median / base
        cpu = case.cpu_median / cases["pass"].cpu_median
        table.add(
            f"start-up: {case.name}",
            f"{ms(case.median)} (CPU {cpu:.1f}x)",
            f"{ratio:.1f}x pass",
            f"<= {limit}x",
            ratio <= limit,
        )
    return cases


def growth(
    table: Table, faq: list[str], env: dict[str, str], rounds: int, size: int, folder: Path
) -> None:
    # In a child process: a fork of a parent that built 100,000 entries in
    # memory would report the parent's memory as each child's peak RSS.
    path = folder / f"faq-{size}.json"
    script = str(Path(generate.__file__))
    subprocess.run(
        [sys.executable, script, str(size), str(path)], check=True, stdout=subprocess.DEVNULL
    )
    data = {"FAQ_DATA": str(path)}
    # The first run: builds the cache.
    shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
    first = Case("first run", [*faq, "search", "politikere"], data)
    first.run(env)
    table.add(
        f"{size:,} entries: first run (builds the index)",
        f"{first.median:.1f} s (CPU {first.cpu_median:.1f} s), {first.peak / MIB:.0f} MiB peak",
        f"{first.median:.1f} s",
        "<= 15 s" if size >= 100_000 else "(info)",
        first.median <= 15 or size < 100_000,
    )
    commands = [["show", "N3"], *(["search", *words] for words in SEARCHES)]
    pairs = [
        (
            Case(f"bundled {' '.join(argv)}", [*faq, *argv]),
            Case(" ".join(argv), [*faq, *argv], data),
        )
        for argv in commands
    ]
    interleave([case for pair in pairs for case in pair], rounds, env)
    limit = 1.5 if size <= 10_000 else 2.0
    for (bundled_case, case), argv in zip(pairs, commands, strict=True):
        ratio = case.median / bundled_case.median
        what = ""
        if argv[0] == "search":
            what = f" ({count_matches(faq, {**env, **data}, argv[1:]):,} entries match)"
        table.add(
            f"{size:,} entries: faq {' '.join(argv)}{what}",
            f"{ms(case.median)} (bundled {ms(bundled_case.median)})",
            f"{ratio:.2f}x bundled",
            f"<= {limit}x",
            ratio <= limit,
        )
    peak = max(case.peak for _, case in pairs)
    table.add(
        f"{size:,} entries: peak memory after the first run",
        "max RSS of show/search",
        f"{peak / MIB:.0f} MiB",
        "<= 100 MiB",
        peak <= 100 * MIB,
    )
    if size == max(SIZES_RUN):
        robustness(table, faq, env, path, data)


def robustness(
    table: Table, faq: list[str], env: dict[str, str], path: Path, data: dict[str, str]
) -> None:
    """A changed file, two processes at once, a corrupt or unwritable cache."""
    search = [*faq, "search", "--json", "--limit", "1"]
    # Change one word of the last answer to one found nowhere else, keeping the
    # size and the modification time: only a real content check notices.
    raw = path.read_bytes()
    stat = path.stat()
    marker = b"zqxjkvelse"
    cut = raw.rfind(b'"answer": "') + len(b'"answer": "')
    path.write_bytes(raw[:cut] + marker + raw[cut + len(marker) :])
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result, seconds, _, _ = run([*search, marker.decode()], {**env, **data})
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
    # A corrupt cache file.
    for db in Path(env["XDG_CACHE_HOME"]).rglob("*.sqlite"):
        db.write_bytes(b"not a database" * 100)
    corrupt, *_ = run(argv, {**env, **data})
    ok = corrupt.returncode == 0 and corrupt.stdout == again.stdout and not corrupt.stderr
    table.add("corrupt cache", "same answer, no error", "ok" if ok else "failed", "ok", ok)
    # An unwritable cache folder: XDG_CACHE_HOME is a file.
    blocker = Path(env["XDG_CACHE_HOME"]).with_suffix(".file")
    blocker.write_text("not a folder")
    small = {**env, **data, "XDG_CACHE_HOME": str(blocker)}
    blocked, *_ = run(argv, small)
    ok = blocked.returncode == 0 and blocked.stdout == again.stdout and not blocked.stderr
    table.add("unwritable cache", "same answer, no error", "ok" if ok else "failed", "ok", ok)


SIZES_RUN: list[int] = []
# The searches timed on large collections: one word, two (the words of a
# question of the page, "Hvordan kan en best involvere politikere …?"), and a
# quoted phrase of the page ("Hvordan kommer vi i gang …?", keyword "komme i gang").
SEARCHES = (["politikere"], ["involvere", "politikere"], ['"komme i gang"'])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds per measurement (median)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    args = parser.parse_args(argv)
    SIZES_RUN[:] = args.sizes
    faq = faq_command()
    with tempfile.TemporaryDirectory(prefix="faq-bench-") as tmp:
        folder = Path(tmp)
        # As on a user's machine: .pyc files are written (the warm-up run does it).
        drop = ("FORCE_COLOR", "FAQ_DATA", "PYTHONDONTWRITEBYTECODE")
        env = {k: v for k, v in os.environ.items() if k not in drop}
        env["XDG_CACHE_HOME"] = str(folder / "cache")
        table = Table()
        startup(table, faq, env, args.runs)
        for size in args.sizes:
            growth(table, faq, env, args.runs, size, folder)
        print(f"Machine: {machine()}")
        print(f"faq: {' '.join(faq)}; median of {args.runs} interleaved runs, output piped")
        print(f"load average: {os.getloadavg()[0]:.1f}\n")
        ok = table.print()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
