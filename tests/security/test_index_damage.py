"""A damaged index in the cache is never an error, never a crash, never a
stale or wrong answer that the cache could have known about (issue #15).

A seeded fuzzer damages the files of a real index (FUZZ_CASES of them in CI;
`FAQ_INDEX_FUZZ_CASES` asks for more, as benchmarks/fuzz.sh does): bytes
flipped, zeroed, overwritten, cut off, appended; files removed, replaced by
a folder, a FIFO or a symlink. Each time, the answer is the one a fresh
index gives, and the index is built again before tantivy reads a byte of
the damage (the manifest's stats of every file, cache.py).

Damage the manifest cannot see (bit rot: the files change, their times do
not; here, the manifest rewritten to fit) is read by tantivy: a real
process, which must end with 0 or 1 and one clean line on stderr at most
— tantivy's errors and panics are caught and the index built again.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from innovasjon_faq.index import cache
from innovasjon_faq.index.build import Source
from innovasjon_faq.loader import load
from innovasjon_faq.search import SearchEngine

FUZZ_CASES = int(os.environ.get("FAQ_INDEX_FUZZ_CASES", "200"))
ROT_CASES = int(os.environ.get("FAQ_INDEX_ROT_CASES", "24"))
QUERIES = ("politikere", '"komme i gang"', "politkere", "ledelse", "rådmann kommune")
DAMAGE = ("flip", "zero", "garbage", "truncate", "append", "remove", "folder", "fifo", "symlink")


def collection(bundled: dict[str, Any], size: int = 120) -> dict[str, Any]:
    """The bundled entries again and again, each copy with its own ids and slugs
    and a few words of its own, so the index has many terms and segments."""
    rng = random.Random(15)
    entries = []
    for copy in range(size // len(bundled["entries"]) + 1):
        for entry in bundled["entries"]:
            extra = " ".join(rng.choice(["budsjett", "skole", "plan", "møte"]) for _ in range(5))
            entries.append(
                {
                    **entry,
                    "id": copy * 100 + entry["id"],
                    "slug": f"{entry['slug']}-{copy}",
                    "answer": f"{entry['answer']} {extra}.",
                }
            )
    return {**bundled, "entries": entries[:size]}


@pytest.fixture
def data(bundled: dict[str, Any], write_collection: Callable[..., Path]) -> Path:
    return write_collection(collection(bundled), "damaged.json")


def index_root() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "innovasjon-faq" / "index"


def answers(path: Path) -> list[list[tuple[int, float]]]:
    index = cache.indexed(str(path), lambda: Source.of(load(str(path))))
    try:
        engine = SearchEngine(index.index, index.entries)
        return [[(h.entry.id, h.score) for h in engine.search(q)] for q in QUERIES]
    finally:
        index.close()


def damage(rng: random.Random, folder: Path) -> str:
    """Damage one file of `folder` in one of the DAMAGE ways; what was done."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    victim = rng.choice(files)
    kind = rng.choice(DAMAGE)
    data = bytearray(victim.read_bytes())
    if kind == "flip" and data:
        for _ in range(rng.randint(1, 20)):
            at = rng.randrange(len(data))
            data[at] ^= 1 << rng.randrange(8)
        victim.write_bytes(bytes(data))
    elif kind == "zero" and data:
        at = rng.randrange(len(data))
        data[at : at + 4096] = bytes(len(data[at : at + 4096]))
        victim.write_bytes(bytes(data))
    elif kind == "garbage" and data:
        at = rng.randrange(len(data))
        data[at : at + 64] = rng.randbytes(len(data[at : at + 64]))
        victim.write_bytes(bytes(data))
    elif kind == "truncate":
        victim.write_bytes(bytes(data[: rng.randrange(len(data) + 1)]))
    elif kind == "append":
        with victim.open("ab") as out:
            out.write(rng.randbytes(rng.randint(1, 100)))
    elif kind == "remove":
        victim.unlink()
    elif kind == "folder":
        victim.unlink()
        victim.mkdir()
    elif kind == "fifo" and hasattr(os, "mkfifo"):
        victim.unlink()
        os.mkfifo(victim)
    elif kind == "symlink":
        victim.unlink()
        victim.symlink_to(files[0] if files[0] != victim else "/dev/zero")
    else:
        victim.write_bytes(bytes(data) + b"\0")
    return f"{kind} {victim.relative_to(folder)}"


def pristine_copy(data_path: Path, keep: Path) -> tuple[Path, dict[str, Any]]:
    """Build the index once; keep a copy of its folder and its manifest."""
    answers(data_path)
    manifest_path = index_root() / (cache.key(str(data_path)) + ".json")
    manifest = json.loads(manifest_path.read_text())
    shutil.copytree(index_root() / manifest["folder"], keep, symlinks=True)
    return manifest_path, manifest


def restore(keep: Path, manifest_path: Path, manifest: dict[str, Any]) -> Path:
    """The kept index back in the cache as it was built (its manifest fitted
    to the copy's new stats, as if the build had just written them)."""
    for item in index_root().iterdir():
        if item.is_dir() and not item.is_symlink():
            shutil.rmtree(item)
    folder: Path = index_root() / manifest["folder"]
    shutil.copytree(keep, folder, symlinks=True)
    fitted = {**manifest, "files": cache._stats(str(folder))}
    manifest_path.write_text(json.dumps(fitted))
    return folder


def test_damage_the_manifest_can_see_is_rebuilt_before_it_is_read(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from innovasjon_faq.index import reader

    expected = answers(data)
    manifest_path, manifest = pristine_copy(data, tmp_path / "pristine")
    # tantivy must never open a damaged folder: any open of one fails the test.
    opened_folders: list[str] = []
    real_open = reader.SearchIndex.open

    def watched(folder: str, words: Any) -> reader.SearchIndex:
        opened_folders.append(folder)
        return real_open(folder, words)

    monkeypatch.setattr(reader.SearchIndex, "open", staticmethod(watched))
    rng = random.Random(20261202)
    done = []
    for case in range(FUZZ_CASES):
        folder = restore(tmp_path / "pristine", manifest_path, manifest)
        what = damage(rng, folder)
        opened_folders.clear()
        assert answers(data) == expected, (case, what)
        assert str(folder) not in opened_folders, (case, what)
        done.append(what.split()[0])
    assert set(done) >= {"flip", "truncate", "remove", "append"}


ROT = """
import json, sys
from innovasjon_faq.cli import main
sys.argv = ["faq", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("seed", range(ROT_CASES))
def test_damage_the_manifest_cannot_see_is_caught_in_a_real_process(
    data: Path, tmp_path: Path, seed: int
) -> None:
    """Bit rot: tantivy reads damaged files. Its errors and panics end in an
    index built again; never a traceback, a signal or a hang."""
    manifest_path, manifest = pristine_copy(data, tmp_path / "pristine")
    rng = random.Random(seed)
    folder = restore(tmp_path / "pristine", manifest_path, manifest)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.stat().st_size)
    victim = rng.choice(files)
    raw = bytearray(victim.read_bytes())
    for _ in range(rng.randint(1, 30)):
        at = rng.randrange(len(raw))
        raw[at] ^= 1 << rng.randrange(8)
    victim.write_bytes(bytes(raw))
    manifest_path.write_text(json.dumps({**manifest, "files": cache._stats(str(folder))}))
    env = {k: v for k, v in os.environ.items() if k != "FAQ_DATA"}
    for query in QUERIES:
        result = subprocess.run(
            [sys.executable, "-c", ROT, "search", "--data", str(data), query],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode in (0, 1), (victim.name, query, result.stderr[-500:])
        assert "Traceback" not in result.stderr, (victim.name, query, result.stderr[-500:])
        assert result.stderr.count("\n") <= 1, (victim.name, query, result.stderr)
