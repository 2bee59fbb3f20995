"""The index of a collection in the cache (index/): built once, never stale,
never an error, and the same answers as an index built in memory."""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from time import time_ns
from typing import Any

import pytest

from innovasjon_faq.cli import actions, fast
from innovasjon_faq.environment import Environment
from innovasjon_faq.index import IndexUnusable, cache, identity
from innovasjon_faq.index import build as build_module
from innovasjon_faq.index.build import Source
from innovasjon_faq.index.opened import Opened
from innovasjon_faq.index.reader import SearchIndex
from innovasjon_faq.loader import load, parse
from innovasjon_faq.search import SearchEngine
from innovasjon_faq.search.query import parse as parse_query
from innovasjon_faq.search.store import Entries

# Words people write, with the spellings and punctuation the analysis must handle
# (hyphens, apostrophes, æøå and their ASCII forms, accents, digits, case).
SENTENCE = (
    "parti-hatten KS' ordfører ordforer ordfoerer rådmann raadmann radmann Kafé café "
    "N3 BLT SLIK 2024 e-post «innovasjon» (samfunnsfloker) politikere, politikerne. "
    "Politiker-rollen innovasjonsarbeidet innovasjons-arbeid Æra øya Åpen ÅPEN"
)
EXTRA = SENTENCE.split(" ")


def generated(size: int, seed: int, bundled: dict[str, Any]) -> dict[str, Any]:
    """A collection of `size` entries built from the bundled words and EXTRA."""
    rng = random.Random(seed)
    words = " ".join(e["question"] + " " + e["answer"] for e in bundled["entries"]).split()
    words += EXTRA * 3
    entries = []
    for number in range(1, size + 1):
        answer = " ".join(rng.choices(words, k=rng.randint(5, 60)))
        if rng.random() < 0.2:
            answer += "\n\n" + " ".join(rng.choices(words, k=8))
        entries.append(
            {
                "id": number * 3 + rng.randint(0, 2),
                "slug": f"sporsmal-{number}",
                "question": " ".join(rng.choices(words, k=rng.randint(3, 12))) + "?",
                "answer": answer,
                "keywords": rng.sample(["N3", "BLT", "SLIK", "politikere", "e-post", "råd"], 2),
            }
        )
    rng.shuffle(entries)
    return {**bundled, "entries": entries}


QUERIES = [
    "politikere",
    "ordforer",
    "ordfører",
    "raadmann",
    "parti-hatten",
    "hatten",
    "innovasjon kommune",
    "innovasjonsarbeid",
    "samfunnsfloker",
    "KS",
    "n3",
    "kafe",
    "og i på",
    "2024",
    "zzzxq",
    "politik",
    "systematisk innovasjon i kommunen",
    '"i kommunen"',
    '"komme i gang"',
    'politikere "i gang"',
    '"innovasjon i kommunen" "i gang"',
]


@pytest.fixture
def big(bundled: dict[str, Any], write_collection: Callable[..., Path]) -> Path:
    return write_collection(generated(400, 9, bundled), "big.json")


def source_of(path: Path) -> Callable[[], Source]:
    return lambda: Source.of(load(str(path)))


def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every build into the cache."""
    seen: list[str] = []
    real = build_module.build

    def counting(source: Source, folder: str, *rest: Any) -> int:
        seen.append(folder)
        return real(source, folder, *rest)

    monkeypatch.setattr(build_module, "build", counting)
    return seen


def index_root() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "innovasjon-faq" / "index"


def opened(path: Path) -> Opened:
    return cache.indexed(str(path), source_of(path))


def search(index: Opened, query: str) -> list[int]:
    return [hit.entry.id for hit in SearchEngine(index.index, index.entries).search(query)]


# -- the same answers -------------------------------------------------------------------


def test_the_cached_index_answers_as_one_built_in_memory(
    big: Path, bundled: dict[str, Any]
) -> None:
    collection = load(str(big))
    memory = SearchEngine.of(collection)
    index = opened(big)
    cached = SearchEngine(index.index, index.entries)
    for query in QUERIES:
        assert cached.search(query) == memory.search(query), query
        assert cached.search(query, 3) == memory.search(query, 3), query
        assert cached.suggest(query) == memory.suggest(query), query
    index.close()


def test_the_collection_head_travels_with_the_index(big: Path) -> None:
    collection = load(str(big))
    index = opened(big)
    head = index.entries.head
    assert (head.title, head.intro, head.contacts_intro, head.contacts) == (
        collection.title, collection.intro, collection.contacts_intro, collection.contacts
    )  # fmt: skip
    assert index.entries.entries(list(range(index.entries.size))) == list(collection.entries)
    index.close()


def test_question_terms_count_the_words_a_query_would_rank_by(bundled: dict[str, Any]) -> None:
    """What lets an entry whose question has exactly the query's words come first."""
    questions = [
        "Hva er «innovasjon» og politikere?",
        'Hva er "en" og "i"?',  # only stop words: all five count
        "Politikere, politikere og politikerne?",
        "Parti-hatten?",  # the parts and the joined word
    ]
    entries = [
        {**bundled["entries"][0], "id": n + 1, "slug": f"s-{n}", "question": q}
        for n, q in enumerate(questions)
    ]
    collection = parse({**bundled, "entries": entries}, "questions")
    engine = SearchEngine.of(collection)
    for entry in collection.entries:
        terms = parse_query(entry.question).terms
        assert engine.search(entry.question)[0].entry == entry
        assert len(terms) == [2, 5, 2, 3][entry.id - 1]


# -- the cache ---------------------------------------------------------------------------


def test_the_index_is_built_once_and_reused(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = builds(monkeypatch)
    opened(big).close()
    opened(big).close()
    assert len(seen) == 1
    key = cache.key(str(big))
    assert sorted(p.name for p in index_root().iterdir() if not p.is_dir()) == [
        key + ".json", key + ".lock"
    ]  # fmt: skip
    assert [p.name.startswith(key + "-") for p in index_root().iterdir() if p.is_dir()] == [True]


def test_a_rewrite_keeping_size_and_mtime_is_noticed(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = builds(monkeypatch)
    assert not search(opened(big), "zqxjkvelse")
    raw = big.read_bytes()
    stat = big.stat()
    at = raw.rindex(b'"answer": "') + len(b'"answer": "')
    big.write_bytes(raw[:at] + b"zqxjkvelse" + raw[at + len(b"zqxjkvelse") :])
    os.utime(big, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert big.stat().st_size == stat.st_size
    assert big.stat().st_mtime_ns == stat.st_mtime_ns
    assert len(search(opened(big), "zqxjkvelse")) == 1
    assert len(seen) == 2


def test_a_new_faq_version_rebuilds(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = builds(monkeypatch)
    opened(big).close()
    monkeypatch.setattr(identity, "code_version", lambda: "another")
    opened(big).close()
    assert len(seen) == 2


def test_a_new_build_replaces_the_old_folder(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened(big).close()
    first = [p for p in index_root().iterdir() if p.is_dir()]
    monkeypatch.setattr(identity, "code_version", lambda: "another")
    opened(big).close()
    second = [p for p in index_root().iterdir() if p.is_dir()]
    assert len(first) == len(second) == 1
    assert first != second


@pytest.mark.parametrize(
    "damage",
    ["truncate", "append", "rewrite-same-size", "remove", "replace-with-folder", "manifest"],
)
def test_an_index_changed_after_its_build_is_rebuilt_before_it_is_read(
    big: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    """The manifest holds each file's size, times and inode: any change is seen
    before tantivy reads a byte (a damaged tantivy file may abort the process)."""
    seen = builds(monkeypatch)
    opened(big).close()
    folder = next(p for p in index_root().iterdir() if p.is_dir())
    victim = max((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.stat().st_size)
    if damage == "truncate":
        victim.write_bytes(victim.read_bytes()[:100])
    elif damage == "append":
        with victim.open("ab") as out:
            out.write(b"\0" * 10)
    elif damage == "rewrite-same-size":
        victim.write_bytes(bytes(len(victim.read_bytes())))
    elif damage == "remove":
        victim.unlink()
    elif damage == "replace-with-folder":
        victim.unlink()
        victim.mkdir()
    else:
        (index_root() / (cache.key(str(big)) + ".json")).write_text("{ not json")
    assert search(opened(big), "politikere")
    assert len(seen) == 2


def test_an_unwritable_cache_falls_back_to_memory(
    big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    seen = builds(monkeypatch)
    assert search(opened(big), "politikere")
    assert seen == []  # built in memory, not in the cache


def test_a_failed_build_leaves_no_folder(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: Any) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "build", failing)
    assert search(opened(big), "politikere")
    assert [p for p in index_root().iterdir() if p.is_dir()] == []


def test_a_build_removes_what_killed_builds_left(big: Path) -> None:
    """A build killed with SIGKILL leaves its temporary folder; the next build
    removes it once it has been left alone for an hour, and never touches a
    build in progress or other files."""
    root = index_root()
    root.mkdir(parents=True)
    dead, running = root / "0123abcd-12-k3x_9q2a.tmp", root / "0123abcd-12-p0q1r2s3.tmp"
    foreign = root / "someone-elses.tmp"  # old, but no name faq gives
    for folder in (dead, running, foreign):
        folder.mkdir()
        (folder / "half").write_bytes(b"half an index")
    dead_manifest = root / ".manifest-ab12cd34.tmp"
    dead_manifest.write_text("{")
    other = root / "notes.txt"
    other.write_text("not ours")
    hours_ago = dead.stat().st_mtime - 2 * cache.STALE_SECONDS
    for path in (dead, dead_manifest, foreign, other):
        os.utime(path, (hours_ago, hours_ago))
    opened(big).close()
    names = {p.name for p in root.iterdir()}
    assert not {dead.name, dead_manifest.name} & names
    assert {running.name, foreign.name, other.name} <= names


def test_a_killed_build_leaves_a_folder_no_one_reads(big: Path) -> None:
    """What the sweep is for: SIGKILL during a build, in a real process."""
    code = (
        "import os, signal\n"
        "from innovasjon_faq.index import build, cache\n"
        "from innovasjon_faq.index.build import Source\n"
        "from innovasjon_faq.loader import load\n"
        "def killed(source, folder, *rest):\n"
        "    open(os.path.join(folder, 'x'), 'wb').write(b'x')\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "build.build = killed\n"
        f"cache.indexed({str(big)!r}, lambda: Source.of(load({str(big)!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False)  # XDG_CACHE_HOME: conftest
    assert result.returncode == -9
    left = list(index_root().glob("*.tmp"))
    assert len(left) == 1
    assert search(opened(big), "politikere")  # never read
    assert left[0].exists()  # too young to be swept


def test_a_file_that_cannot_be_read_is_the_loaders_to_report(tmp_path: Path) -> None:
    from innovasjon_faq.errors import DataError

    missing = tmp_path / "missing.json"
    with pytest.raises(DataError, match="no such file"):
        cache.indexed(str(missing), source_of(missing))


def test_cache_dir_is_platformdirs_own(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    assert cache.cache_dir() == platformdirs.user_cache_dir(cache.APP, appauthor=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "  ")
    assert cache.cache_dir() == platformdirs.user_cache_dir(cache.APP, appauthor=False)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert cache.cache_dir() == platformdirs.user_cache_dir(cache.APP, appauthor=False)


# -- through the command line --------------------------------------------------------


def piped() -> Environment:
    return Environment(
        stdout=io.StringIO(), stderr=io.StringIO(), stdout_isatty=False, stderr_isatty=False
    )


def answer(argv: list[str]) -> tuple[int | None, str, str]:
    env = piped()
    status = fast.run(argv, env)
    assert isinstance(env.stdout, io.StringIO)
    assert isinstance(env.stderr, io.StringIO)
    return status, env.stdout.getvalue(), env.stderr.getvalue()


COMMANDS = [
    ["search", "politikere"],
    ["search", "--json", "-n", "3", "ordforer", "kommune"],
    ["search", "zzzxq"],
    ["search", "--json", "politik"],
    ["show", "N3"],
    ["show", "--json", "sporsmal-12"],
    ["show", "30"],
    ["show", "ordforer"],
    ["show", "zzzxq"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_a_large_file_answers_as_a_small_one(
    argv: list[str], big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsed whole and searched through its index, or streamed into the index
    and read from it alone: the same answers."""
    command = [*argv[:1], "--data", str(big), *argv[1:]]
    monkeypatch.setattr(actions, "INDEX_MIN_BYTES", 10**12)
    small = answer(command)
    monkeypatch.setattr(actions, "INDEX_MIN_BYTES", 0)
    built = answer(command)
    cached = answer(command)
    assert built == small
    assert cached == small


def test_a_broken_index_mid_answer_is_answered_and_rebuilt_next_time(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Damage the manifest could not show, found while answering: this run
    answers from an index built in memory, and the next run builds the cache's
    index again (it does not go on falling back for ever)."""
    monkeypatch.setattr(actions, "INDEX_MIN_BYTES", 0)
    expected = answer(["search", "--data", str(big), "politikere"])
    real = SearchIndex.search
    calls = {"n": 0}

    def broken_once(self: SearchIndex, *args: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise IndexUnusable("a damaged segment")
        return real(self, *args)

    monkeypatch.setattr(SearchIndex, "search", broken_once)
    seen = builds(monkeypatch)
    assert answer(["search", "--data", str(big), "politikere"]) == expected
    assert seen == []  # the answer came from memory
    assert answer(["search", "--data", str(big), "politikere"]) == expected
    assert len(seen) == 1  # and the cache's index was built again


def test_a_bad_collection_file_is_reported_on_the_indexed_path(
    write_collection: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_collection("{ not json")
    monkeypatch.setattr(actions, "INDEX_MIN_BYTES", 0)
    status, out, err = answer(["show", "--data", str(path), "N3"])
    assert (status, out) == (2, "")
    assert err.startswith(f"faq: {path}: ")
    assert "JSON" in err


def test_a_progress_bar_on_a_terminal_for_a_long_build(
    big: Path, monkeypatch: pytest.MonkeyPatch, terminal: Callable[..., Environment]
) -> None:
    from innovasjon_faq.cli import progress

    monkeypatch.setattr(actions, "INDEX_MIN_BYTES", 0)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(build_module, "BATCH", 50)
    env = terminal()
    assert fast.run(["show", "--data", str(big), "--json", "sporsmal-12"], env) == 0
    assert isinstance(env.stderr, io.StringIO)
    assert isinstance(env.stdout, io.StringIO)
    assert "Indexing big.json" in env.stderr.getvalue()
    assert json.loads(env.stdout.getvalue())["slug"] == "sporsmal-12"


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from innovasjon_faq.cli import progress

    monkeypatch.setattr(actions, "INDEX_MIN_BYTES", 0)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    status, _, err = answer(["search", "--data", str(big), "politikere"])
    assert status == 0
    assert err == ""


def test_after_the_first_run_the_json_is_not_read(big: Path) -> None:
    """The second run answers from the index alone: neither the loader nor the
    streaming reader is imported."""
    env = {k: v for k, v in os.environ.items() if k != "FAQ_DATA"}
    code = (
        "import sys\n"
        "from innovasjon_faq.cli import actions, main\n"
        "actions.INDEX_MIN_BYTES = 0\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "read = {'innovasjon_faq.loader', 'innovasjon_faq.stream', 'ijson'} & set(sys.modules)\n"
        "print('read' if read else 'not read', file=sys.stderr)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, "search", "--data", str(big), "politikere"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        for _ in range(2)
    ]
    assert [r.stderr.strip() for r in runs] == ["read", "not read"]
    assert runs[0].stdout == runs[1].stdout != ""


def test_processes_started_at_once_build_once(big: Path, tmp_path: Path) -> None:
    """One builds; the others wait for its lock, then answer from its index."""
    log = tmp_path / "builds.log"
    env = {k: v for k, v in os.environ.items() if k != "FAQ_DATA"}
    code = (
        "from innovasjon_faq.cli import actions, main\n"
        "from innovasjon_faq.index import build\n"
        "real = build.build\n"
        "def logged(*args):\n"
        f"    open({str(log)!r}, 'a').write('built\\n')\n"
        "    return real(*args)\n"
        "build.build = logged\n"
        "actions.INDEX_MIN_BYTES = 0\n"
        "main()\n"
    )
    argv = [sys.executable, "-c", code, "search", "--json", "--data", str(big), "politikere"]
    procs = [
        subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    outcomes = [(p.wait(), *p.communicate()) for p in procs]
    assert {o[0] for o in outcomes} == {0}
    assert {o[2] for o in outcomes} == {b""}
    assert len({o[1] for o in outcomes}) == 1
    assert log.read_text() == "built\n"
    assert len([p for p in index_root().iterdir() if p.is_dir()]) == 1


# -- the judged search set ------------------------------------------------------------

JUDGED = Path(__file__).parent / "search_cases.json"


def test_the_judged_set_ranks_identically_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """The judged queries (tests/search_cases.json) give the same hits, scores,
    snippets and suggestions from the cached index of the bundled collection."""
    from innovasjon_faq.loader import bundled_path

    cases: list[dict[str, Any]] = json.loads(JUDGED.read_text(encoding="utf-8"))
    collection = load()
    memory = SearchEngine.of(collection)
    index = cache.indexed(bundled_path(), lambda: Source.of(collection))
    disk = SearchEngine(index.index, Entries(collection))
    for case in cases:
        assert disk.search(case["query"]) == memory.search(case["query"]), case
        assert disk.suggest(case["query"]) == memory.suggest(case["query"]), case
    index.close()


# -- coarse times, pipes ------------------------------------------------------------


def _rewrite_the_middle_within_the_second(big: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Build the index of `big`, then rewrite a word in the middle of the file
    as a file system with times of a second shows it: the same size, mtime and
    ctime (frozen here), the change outside the sampled first and last 64 KiB.
    How many entries then hold the new word."""
    frozen = (time_ns() // 10**9) * 10**9  # just written, to the second
    monkeypatch.setattr(identity, "times", lambda st: (frozen, frozen))
    assert not search(opened(big), "zqxjkvelse")
    raw = big.read_bytes()
    at = raw.index(b'"answer": "', len(raw) // 2) + len(b'"answer": "')
    assert identity.SAMPLE < at < len(raw) - identity.SAMPLE - len(b"zqxjkvelse")
    big.write_bytes(raw[:at] + b"zqxjkvelse" + raw[at + len(b"zqxjkvelse") :])
    return len(search(opened(big), "zqxjkvelse"))


def test_a_same_size_rewrite_within_a_coarse_second_is_noticed(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that fresh is hashed whole, and the hash tells the rewrite."""
    assert _rewrite_the_middle_within_the_second(big, monkeypatch) == 1


def test_without_the_whole_file_hash_that_rewrite_would_be_missed(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test above tests the hash: without it (as before #15) nothing else
    in the signature changes, and the old index answers."""
    monkeypatch.setattr(identity, "content_hash", lambda path: "the same whatever the content")
    assert _rewrite_the_middle_within_the_second(big, monkeypatch) == 0


def test_a_file_old_enough_is_not_hashed_again(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stat = big.stat()
    os.utime(big, ns=(stat.st_atime_ns, time_ns()))
    opened(big).close()
    manifest = index_root() / (cache.key(str(big)) + ".json")
    assert "content" in json.loads(manifest.read_text())
    hashed: list[str] = []
    real = identity.content_hash

    def content_hash(path: str) -> str:
        hashed.append(path)
        return real(path)

    monkeypatch.setattr(identity, "content_hash", content_hash)
    monkeypatch.setattr(identity, "fresh", lambda st: False)  # later: old enough
    opened(big).close()  # checked a last time, and the hash dropped
    opened(big).close()
    assert len(hashed) == 1
    assert "content" not in json.loads(manifest.read_text())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_planted_as_the_manifest_never_blocks(big: Path) -> None:
    index_root().mkdir(parents=True)
    os.mkfifo(index_root() / (cache.key(str(big)) + ".json"))
    assert search(opened(big), "politikere")  # built, without waiting for a writer


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_planted_in_the_index_folder_is_never_opened(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = builds(monkeypatch)
    opened(big).close()
    folder = next(p for p in index_root().iterdir() if p.is_dir())
    victim = folder / "entries"
    victim.unlink()
    os.mkfifo(victim)
    assert search(opened(big), "politikere")
    assert len(seen) == 2
