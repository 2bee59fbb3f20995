"""The on-disk index (index/): the same answers as the in-memory one, a cache
that is never stale, and a cache that never turns into an error."""

from __future__ import annotations

import io
import json
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from innovasjon_faq.cli import actions, fast
from innovasjon_faq.environment import Environment
from innovasjon_faq.index import IndexUnusable, cache
from innovasjon_faq.index import build as build_module
from innovasjon_faq.index import sqlite_store as sqlite_store_module
from innovasjon_faq.index.build import build
from innovasjon_faq.index.sqlite_store import SqliteStore, decode
from innovasjon_faq.loader import load, parse
from innovasjon_faq.search import SearchEngine, resolve
from innovasjon_faq.search.query import Term
from innovasjon_faq.search.query import parse as parse_query
from innovasjon_faq.search.stem import stem
from innovasjon_faq.search.store import MemoryStore


@pytest.fixture(autouse=True)
def close_stores(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Close every on-disk index a test opens (Python 3.13 warns of unclosed
    sqlite3 connections otherwise)."""
    opened: list[SqliteStore] = []
    original = SqliteStore.__init__

    def init(self: SqliteStore, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        opened.append(self)

    monkeypatch.setattr(SqliteStore, "__init__", init)
    yield
    for store in opened:
        store.close()


# Words people write, with the spellings and punctuation the tokeniser must handle
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
def pair(
    bundled: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[MemoryStore, SqliteStore]:
    """The same generated collection, indexed in memory and on disk (with small
    batches, so postings span several parts and stems share words' rows)."""
    monkeypatch.setattr(build_module, "BATCH", 37)
    collection = parse(generated(300, 4, bundled), "generated")
    path = str(tmp_path / "index.sqlite")
    build(collection, path, "test")
    return MemoryStore(collection), SqliteStore(path)


def test_sqlite_store_holds_exactly_what_memory_store_holds(
    pair: tuple[MemoryStore, SqliteStore],
) -> None:
    memory, disk = pair
    assert disk.size == memory.size
    assert disk.avg_length == memory.avg_length
    assert list(disk.vocabulary()) == list(memory.vocabulary())
    for doc in range(memory.size):
        assert disk.entry(doc) == memory.entry(doc)
        assert disk.doc_length(doc) == memory.doc_length(doc)
        entry = memory.entry(doc)
        assert disk.doc_for_id(entry.id) == memory.doc_for_id(entry.id)
        assert disk.doc_for_slug(entry.slug.upper()) == memory.doc_for_slug(entry.slug.upper())
    stems = set()
    for word in memory.vocabulary():
        assert disk.surface(word) == memory.surface(word)
        assert list(disk.word_postings(word)) == list(memory.word_postings(word))
        stems.add(stem(word))
    for word_stem in stems:
        assert list(disk.stem_postings(word_stem)) == list(memory.stem_postings(word_stem))
    for keyword in ["N3", "n3", "politikere", "E-post", "råd", "raad", "nothing"]:
        assert list(disk.docs_for_keyword(keyword)) == list(memory.docs_for_keyword(keyword))
    assert disk.doc_for_id(10**9) is None
    assert disk.doc_for_slug("no-such-slug") is None
    assert disk.word_postings("no-such-word") == []
    assert disk.surface("no-such-word") == "no-such-word"


@pytest.mark.parametrize("limit", [None, 1, 3, 10])
def test_search_ranks_identically_on_both_stores(
    pair: tuple[MemoryStore, SqliteStore], limit: int | None
) -> None:
    memory, disk = pair
    for query in QUERIES:
        assert SearchEngine(store=disk).search(query, limit) == SearchEngine(store=memory).search(
            query, limit
        ), query
        assert SearchEngine(store=disk).suggest(query) == SearchEngine(store=memory).suggest(query)


def test_the_index_finds_the_same_forms_of_a_word_as_a_scan_of_the_vocabulary(
    pair: tuple[MemoryStore, SqliteStore],
) -> None:
    """`SqliteStore.related_stems` answers from its `forms` table what the
    engine otherwise finds by stemming the words that begin with the stem."""
    memory, disk = pair
    words = [*memory.vocabulary(), "politikerrollene", "innovasjonen", "kafeene", "zzzzzzz"]
    on_disk, in_memory = SearchEngine(store=disk), SearchEngine(store=memory)
    assert hasattr(disk, "related_stems")
    assert not hasattr(memory, "related_stems")  # the scan
    longer = 0
    for word in words:
        term = Term(word, stem(word), False)
        assert on_disk._stems(term) == in_memory._stems(term), word
        longer += len(on_disk._stems(term)) > 1
    assert longer >= 5  # words with other forms were among them


def test_a_phrase_search_reads_the_entries_it_checks_in_a_few_queries(
    pair: tuple[MemoryStore, SqliteStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without `phrase_docs` (an index that does not know where words stand),
    a phrase search goes through the ranked entries until it has its hits;
    they are read a growing chunk at a time, not one query each."""
    memory, disk = pair
    monkeypatch.delattr(SqliteStore, "phrase_docs")
    queries: list[str] = []
    real = disk._all
    monkeypatch.setattr(disk, "_all", lambda sql, *args: queries.append(sql) or real(sql, *args))
    query = '"innovasjon politikere"'  # rare: fewer than ten hits, so every candidate is checked
    engine = SearchEngine(store=disk)
    hits = engine.search(query)
    assert hits == SearchEngine(store=memory).search(query)
    assert 0 < len(hits) < 10
    _, candidates = engine._score(parse_query(query))
    entry_reads = [sql for sql in queries if "FROM entries" in sql]
    assert len(candidates) > 100
    assert 0 < len(entry_reads) <= 5, f"{len(entry_reads)} queries for {len(candidates)} entries"


def test_resolve_gives_the_same_entry_on_both_stores(
    pair: tuple[MemoryStore, SqliteStore],
) -> None:
    memory, disk = pair
    refs = ["N3", "sporsmal-7", "SPORSMAL-8", "politikere", "ordforer", "kafe", "zzzxq"]
    refs += [str(memory.entry(doc).id) for doc in range(0, memory.size, 17)]
    for ref in refs:
        outcomes = []
        for store in (memory, disk):
            try:
                outcomes.append(resolve(memory.collection, ref, SearchEngine(store=store)))
            except Exception as error:  # the same error, with the same details
                outcomes.append((type(error), str(error), vars(error)))
        assert outcomes[0] == outcomes[1], ref


def test_the_collection_head_travels_with_the_index(
    pair: tuple[MemoryStore, SqliteStore],
) -> None:
    memory, disk = pair
    head = disk.collection
    assert head.title == memory.collection.title
    assert head.contacts == memory.collection.contacts
    assert head.intro == memory.collection.intro
    assert head.entries == ()


def test_decode_reads_what_build_packs() -> None:
    from array import array

    values = array("Q", [build_module.pack(7, 2) + (5 << 2), build_module.pack(2**31, 1) + 4])
    assert decode(build_module.encode(values)) == [(7, 2, 5), (2**31, 1, 1)]


# -- the cache -----------------------------------------------------------------------


@pytest.fixture
def big(bundled: dict[str, Any], write_collection: Callable[..., Path]) -> Path:
    return write_collection(generated(400, 9, bundled), "big.json")


def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every index build."""
    seen: list[str] = []
    real = build_module.build

    def counting(collection: Any, path: str, source: str, progress: Any = None) -> None:
        seen.append(path)
        real(collection, path, source, progress)

    monkeypatch.setattr(build_module, "build", counting)
    return seen


def test_the_index_is_built_once_and_reused(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = builds(monkeypatch)
    first = cache.indexed(str(big), load)
    assert isinstance(first, SqliteStore)
    second = cache.indexed(str(big), load)
    assert isinstance(second, SqliteStore)
    assert len(seen) == 1
    home = Path(os.environ["XDG_CACHE_HOME"])
    assert Path(cache.index_path(str(big))).parent.parent == home / "innovasjon-faq"
    assert [p.name for p in (home / "innovasjon-faq" / "index").iterdir()] == [
        Path(cache.index_path(str(big))).name
    ]


def test_a_rewrite_keeping_size_and_mtime_is_noticed(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = builds(monkeypatch)
    assert not SearchEngine(store=cache.indexed(str(big), load)).search("zqxjkvelse")
    raw = big.read_bytes()
    stat = big.stat()
    at = raw.rindex(b'"answer": "') + len(b'"answer": "')
    big.write_bytes(raw[:at] + b"zqxjkvelse" + raw[at + len(b"zqxjkvelse") :])
    os.utime(big, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert big.stat().st_size == stat.st_size
    assert big.stat().st_mtime_ns == stat.st_mtime_ns
    hits = SearchEngine(store=cache.indexed(str(big), load)).search("zqxjkvelse")
    assert len(hits) == 1
    assert len(seen) == 2


def test_a_new_faq_version_rebuilds(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = builds(monkeypatch)
    cache.indexed(str(big), load)
    monkeypatch.setattr(cache, "_code_version", lambda: "another")
    cache.indexed(str(big), load)
    assert len(seen) == 2


def test_a_corrupt_index_is_rebuilt_quietly(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = builds(monkeypatch)
    cache.indexed(str(big), load)
    Path(cache.index_path(str(big))).write_bytes(b"not a database" * 500)
    store = cache.indexed(str(big), load)
    assert isinstance(store, SqliteStore)
    assert len(seen) == 2
    assert SearchEngine(store=store).search("politikere")


def test_an_unwritable_cache_falls_back_to_memory(
    big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    store = cache.indexed(str(big), load)
    assert isinstance(store, MemoryStore)
    assert SearchEngine(store=store).search("politikere")


def test_a_failed_build_leaves_no_temporary_file(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*args: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(build_module, "build", failing)
    assert isinstance(cache.indexed(str(big), load), MemoryStore)
    folder = Path(cache.index_path(str(big))).parent
    assert list(folder.iterdir()) == []


def test_a_build_removes_what_killed_builds_left(big: Path) -> None:
    """A build killed with SIGKILL leaves its temporary file; the next build
    removes it once it has been left alone for an hour, and never touches a
    build in progress (whose file is being written) or other files."""
    folder = Path(cache.index_path(str(big))).parent
    folder.mkdir(parents=True)
    dead, running, other = (folder / name for name in ("a.1.tmp", "a.2.tmp", "notes.txt"))
    for path in (dead, running, other):
        path.write_bytes(b"half an index")
    hours_ago = dead.stat().st_mtime - 2 * cache.STALE_SECONDS
    os.utime(dead, (hours_ago, hours_ago))
    os.utime(other, (hours_ago, hours_ago))
    assert isinstance(cache.indexed(str(big), load), SqliteStore)
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [running.name, other.name, Path(cache.index_path(str(big))).name]
    )


def test_a_killed_build_leaves_a_file_no_one_reads(big: Path) -> None:
    """What the sweep is for: SIGKILL during a build, in a real process."""
    code = (
        "import os, signal\n"
        "from innovasjon_faq.index import build, cache\n"
        "from innovasjon_faq.loader import load\n"
        "def killed(*args): os.kill(os.getpid(), signal.SIGKILL)\n"
        "build.build = lambda collection, path, *rest: (open(path, 'wb').write(b'x'), killed())\n"
        f"cache.indexed({str(big)!r}, load)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False)  # XDG_CACHE_HOME: conftest
    assert result.returncode == -9
    folder = Path(cache.index_path(str(big))).parent
    left = list(folder.glob("*.tmp"))
    assert len(left) == 1
    assert isinstance(cache.indexed(str(big), load), SqliteStore)  # never read
    assert left[0].exists()  # too young to be swept


def test_a_file_that_cannot_be_read_is_the_loaders_to_report(tmp_path: Path) -> None:
    from innovasjon_faq.errors import DataError

    with pytest.raises(DataError, match="no such file"):
        cache.indexed(str(tmp_path / "missing.json"), load)


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
def test_the_indexed_path_answers_as_the_in_memory_one(
    argv: list[str], big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = [*argv[:1], "--data", str(big), *argv[1:]]
    monkeypatch.setattr(actions, "INDEX_MIN_BYTES", 10**12)
    in_memory = answer(command)
    monkeypatch.setattr(actions, "INDEX_MIN_BYTES", 0)
    built = answer(command)
    cached = answer(command)
    assert built == in_memory
    assert cached == in_memory
    assert list(Path(cache.index_path(str(big))).parent.iterdir())


def test_a_broken_index_mid_answer_falls_back(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "INDEX_MIN_BYTES", 0)
    expected = answer(["search", "--data", str(big), "politikere"])

    def broken(self: SqliteStore, word: str) -> list[Any]:
        raise IndexUnusable("database disk image is malformed")

    monkeypatch.setattr(SqliteStore, "word_postings", broken)
    assert answer(["search", "--data", str(big), "politikere"]) == expected


def test_a_bad_collection_file_is_reported_on_the_indexed_path(
    write_collection: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_collection("{ not json")
    monkeypatch.setattr(actions, "INDEX_MIN_BYTES", 0)
    status, out, err = answer(["show", "--data", str(path), "N3"])
    assert (status, out) == (2, "")
    assert err.startswith(f"faq: {path}: line 1, column 3: not valid JSON")


def test_a_progress_bar_on_a_terminal_for_a_long_build(
    big: Path, monkeypatch: pytest.MonkeyPatch, terminal: Callable[..., Environment]
) -> None:
    from innovasjon_faq.cli import progress

    monkeypatch.setattr(actions, "INDEX_MIN_BYTES", 0)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(build_module, "BATCH", 50)
    real = build_module.build

    def slow_enough(collection: Any, path: str, source: str, report: Any = None) -> None:
        assert report is not None
        report(200, 400)  # the real build reports every 1,000 entries
        real(collection, path, source, report)

    monkeypatch.setattr(build_module, "build", slow_enough)
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


def test_after_the_first_run_the_json_is_not_read(big: Path, tmp_path: Path) -> None:
    """The second run answers from the index alone: the loader is never imported."""
    env = {k: v for k, v in os.environ.items() if k != "FAQ_DATA"}
    code = (
        "import sys\n"
        "from innovasjon_faq.cli import actions, main\n"
        "actions.INDEX_MIN_BYTES = 0\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('loader' if 'innovasjon_faq.loader' in sys.modules else 'no loader', "
        "file=sys.stderr)\n"
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
    assert [r.stderr.strip() for r in runs] == ["loader", "no loader"]
    assert runs[0].stdout == runs[1].stdout != ""


def test_two_processes_building_at_once(big: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "FAQ_DATA"}
    code = "from innovasjon_faq.cli import actions, main\nactions.INDEX_MIN_BYTES = 0\nmain()"
    argv = [sys.executable, "-c", code, "search", "--json", "--data", str(big), "politikere"]
    procs = [
        subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outcomes = [(p.wait(), *p.communicate()) for p in procs]
    assert {o[0] for o in outcomes} == {0}
    assert {o[2] for o in outcomes} == {b""}
    assert len({o[1] for o in outcomes}) == 1
    folder = Path(cache.index_path(str(big))).parent
    assert [p.suffix for p in folder.iterdir()] == [".sqlite"]


# -- the judged search set ------------------------------------------------------------

JUDGED = Path(__file__).parent / "search_cases.json"


def judged_queries() -> list[str]:
    cases: list[dict[str, Any]] = json.loads(JUDGED.read_text(encoding="utf-8"))
    return [case["query"] for case in cases]


def test_the_judged_set_ranks_identically_from_the_index(tmp_path: Path) -> None:
    """#3's judged queries (tests/search_cases.json) give the same hits, scores,
    snippets and suggestions from an on-disk index of the bundled collection."""
    collection = load()
    path = str(tmp_path / "bundled.sqlite")
    build(collection, path, "test")
    memory = SearchEngine(store=MemoryStore(collection))
    disk = SearchEngine(store=SqliteStore(path))
    queries = judged_queries()
    assert len(queries) >= 60
    for query in queries:
        assert disk.search(query) == memory.search(query), query
        assert disk.suggest(query) == memory.suggest(query), query


def test_the_judged_queries_rank_identically_on_a_large_collection(
    pair: tuple[MemoryStore, SqliteStore],
) -> None:
    memory, disk = pair
    for query in judged_queries():
        assert SearchEngine(store=disk).search(query, 10) == SearchEngine(store=memory).search(
            query, 10
        ), query


def test_the_fast_forms_hold_what_the_protocol_holds(
    pair: tuple[MemoryStore, SqliteStore], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """packed_postings, packed_postings_many, load_entries, vocabulary_text and question_size
    (optional Store methods the engine uses when a store has them) agree with
    the protocol."""
    from innovasjon_faq.search.engine import _question_words

    memory, disk = pair
    for word in list(memory.vocabulary())[:200]:
        packed = [(v >> 32, v & 3, v >> 2 & 0x3FFFFFFF) for v in disk.packed_postings(0, word)]
        assert packed == list(memory.word_postings(word))
        word_stem = stem(word)
        packed = [(v >> 32, v & 3, v >> 2 & 0x3FFFFFFF) for v in disk.packed_postings(1, word_stem)]
        assert packed == list(memory.stem_postings(word_stem))
    assert disk.vocabulary_text().split("\n") == list(memory.vocabulary())
    words = [*list(memory.vocabulary())[:200], "no-such-word"]
    monkeypatch.setattr(sqlite_store_module, "_MANY", 7)  # many queries of a few keys each
    many = disk.packed_postings_many(0, words)
    assert list(many) == words
    assert all(many[word] == disk.packed_postings(0, word) for word in words)
    assert not many["no-such-word"]
    stems = sorted({stem(word) for word in words})
    many = disk.packed_postings_many(1, stems)
    assert all(many[key] == disk.packed_postings(1, key) for key in stems)
    docs = list(range(0, memory.size, 3))
    fresh = SqliteStore(str(tmp_path / "index.sqlite"))  # the pair's, with nothing read yet
    fresh.load_entries(docs)
    assert [fresh._entries[doc] for doc in docs] == [memory.entry(doc) for doc in docs]
    fresh.close()
    for doc in range(memory.size):
        assert disk.question_size(doc) == min(255, len(_question_words(memory.entry(doc))))


def test_question_sizes_count_the_words_a_query_would_rank_by(
    bundled: dict[str, Any], tmp_path: Path
) -> None:
    questions = [
        "Hva er «innovasjon» og politikere?",  # quotes: a phrase, parsed as a query would be
        'Hva er "en" og "i"?',  # only stop words: all five count
        "Politikere, politikere og politikerne?",
        " ".join(f"ord{n}" for n in range(300)) + "?",  # more than a byte holds
    ]
    entries = [
        {**bundled["entries"][0], "id": n + 1, "slug": f"s-{n}", "question": q}
        for n, q in enumerate(questions)
    ]
    collection = parse({**bundled, "entries": entries}, "quoted")
    path = str(tmp_path / "index.sqlite")
    build(collection, path, "test")
    disk = SqliteStore(path)
    assert [disk.question_size(doc) for doc in range(len(questions))] == [2, 5, 2, 255]
