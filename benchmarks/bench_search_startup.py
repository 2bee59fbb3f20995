"""Does searching add start-up time? `faq search politikere` against `faq list`.

Runs each command N times, interleaved (list, search, list, search, …) so that
a busy machine slows both alike, timing each run with time.perf_counter around
subprocess.run, and prints the medians and their ratio. Output goes to a pipe,
as in scripts.

    .venv/bin/python benchmarks/bench_search_startup.py [N]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = {
    "list": ["list"],
    "search": ["search", "politikere"],
    "search typo": ["search", "politkere"],
    "show words": ["show", "radmann"],
}


def faq_executable() -> list[str]:
    """The `faq` next to this Python (a venv), else the module."""
    script = Path(sys.executable).with_name("faq")
    if script.exists():
        return [str(script)]
    found = shutil.which("faq")
    return [found] if found else [sys.executable, "-m", "innovasjon_faq"]


def main(runs: int) -> None:
    faq = faq_executable()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for args in COMMANDS.values():  # warm the file cache once
        subprocess.run([*faq, *args], capture_output=True, check=False)
    for _ in range(runs):
        for name, args in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run([*faq, *args], capture_output=True, check=False)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["list"])
    print(f"{runs} runs each, interleaved; median wall time of the whole process")
    for name, values in times.items():
        median = statistics.median(values)
        label = "faq " + " ".join(COMMANDS[name])
        print(f"  {label:<26} {median * 1000:7.1f} ms  {median / base:5.2f}x list")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
