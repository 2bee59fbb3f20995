"""`faq cache info` and `faq cache clear`, and the removal of indexes whose
collection file is gone, in a cache folder that may be hostile: nothing is
followed through a link, nothing faq did not make is removed."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from innovasjon_faq import cache_folder, own_folder
from innovasjon_faq.cli import fast
from innovasjon_faq.cli.actions import INDEX_MIN_BYTES
from innovasjon_faq.index.build import Source
from innovasjon_faq.index.cache import indexed, key
from innovasjon_faq.loader import load

Cli = Callable[..., Result]
ESC = "\x1b"


@pytest.fixture
def folder(isolated_home: Path) -> Path:
    """The index folder, inside the test's own home (XDG_CACHE_HOME)."""
    return Path(cache_folder.folder())


@pytest.fixture
def large(bundled: dict[str, Any], tmp_path: Path) -> Callable[[str], Path]:
    """Write a collection large enough for faq to index it (INDEX_MIN_BYTES)."""

    def write(name: str) -> Path:
        data = copy.deepcopy(bundled)
        extra = []
        for number in range(6, 400):
            entry = copy.deepcopy(bundled["entries"][number % 5])
            entry.update(id=number, slug=f"kopi-{number}", keywords=[])
            extra.append(entry)
        data["entries"] += extra
        path = tmp_path / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        assert path.stat().st_size >= INDEX_MIN_BYTES
        return path

    return write


def build(path: Path) -> None:
    """Index `path` as a normal run does."""
    indexed(str(path), lambda: Source.of(load(str(path)))).close()


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def index_size(folder: Path, collection: Path) -> int:
    """An index's size as `faq cache info` counts it: manifest, lock, folder."""
    name = key(str(collection))
    manifest = folder / f"{name}.json"
    index = folder / json.loads(manifest.read_text())["folder"]
    return manifest.stat().st_size + (folder / f"{name}.lock").stat().st_size + tree_size(index)


def plant(folder: Path, source: str, name: str = "0123abcd-20") -> Path:
    """An index whose manifest says it was built from `source`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}-abcdefgh").mkdir()
    (folder / f"{name}-abcdefgh" / "meta.json").write_text("{}")
    manifest = folder / f"{name}.json"
    manifest.write_text(
        json.dumps({"source": f"{source}|1:2|3|4|5|6|7", "folder": f"{name}-abcdefgh", "files": {}})
    )
    return manifest


def info(cli: Cli) -> dict[str, Any]:
    result = cli("cache", "info", "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def collections(cli: Cli) -> dict[str, bool | None]:
    return {row["collection"]: row["collection_exists"] for row in info(cli)["indexes"]}


# -- info ------------------------------------------------------------------------------


def test_only_faq_itself_takes_the_completion_options(cli: Cli) -> None:
    """`--install-completion` and `--show-completion` are `faq`'s, not `faq cache`'s."""
    assert "--install-completion" in cli("--help").stdout
    group = cli("cache", "--help")
    assert group.exit_code == 0
    assert "--install-completion" not in group.stdout
    assert "--show-completion" not in group.stdout
    assert cli("cache", "--show-completion", "bash").exit_code == 2


def test_info_before_any_index(cli: Cli, folder: Path) -> None:
    result = cli("cache", "info")
    assert result.exit_code == 0
    assert result.stdout == (
        f"Folder: {folder}\nNo index yet (faq makes one the first time it searches a collection).\n"
    )
    data = info(cli)
    assert (data["folder"], data["exists"], data["indexes"], data["size"]) == (
        str(folder),
        False,
        [],
        0,
    )
    assert cli("cache").stdout == result.stdout  # `faq cache` alone is `info`


def test_info_lists_each_index_with_its_collection(
    cli: Cli, folder: Path, large: Callable[[str], Path]
) -> None:
    first, second = large("first.json"), large("second.json")
    for path in (first, second):
        assert cli("search", "politikere", "--data", str(path)).exit_code == 0
    data = info(cli)
    assert collections(cli) == {str(first): True, str(second): True}
    sizes = {row["name"]: row["size"] for row in data["indexes"]}
    assert sizes == {f"{key(str(p))}.json": index_size(folder, p) for p in (first, second)}
    assert data["size"] == sum(sizes.values())
    text = cli("cache", "info").stdout
    assert text.startswith(f"Folder: {folder}\n2 indexes, ")
    assert f"  {first}\n" in text
    assert f"  {second}\n" in text


def test_info_says_which_collection_is_gone(cli: Cli, large: Callable[[str], Path]) -> None:
    kept, gone = large("kept.json"), large("gone.json")
    build(kept)
    build(gone)
    gone.unlink()
    assert collections(cli) == {str(kept): True, str(gone): False}
    assert f"{gone} (gone: faq cache clear --orphans)\n" in cli("cache", "info").stdout


def test_info_json_is_the_documented_shape(cli: Cli, large: Callable[[str], Path]) -> None:
    build(large("one.json"))
    readme = Path(__file__).resolve().parents[1] / "README.md"
    row = re.search(r"^\| `faq cache info --json` \| (.*) \|$", readme.read_text("utf-8"), re.M)
    assert row is not None
    keys = re.findall(r'"(\w+)"', row.group(1))
    data = info(cli)
    assert list(data) == keys[: len(data)]
    assert list(data["indexes"][0]) == keys[len(data) :]
    row = re.search(r"^\| `faq cache clear --json` \| `([^`]*)`", readme.read_text("utf-8"), re.M)
    assert row is not None
    cleared = json.loads(cli("cache", "clear", "--json").stdout)
    assert list(cleared) == re.findall(r'"(\w+)"', row.group(1))


# -- clear -----------------------------------------------------------------------------


def test_clear_removes_every_index_and_says_how_much(
    cli: Cli, folder: Path, large: Callable[[str], Path]
) -> None:
    first, second = large("first.json"), large("second.json")
    build(first)
    build(second)
    size = info(cli)["size"]
    result = cli("cache", "clear")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Removed 2 items ({cache_size(size)}) from {folder}\n")
    assert info(cli)["indexes"] == []
    again = cli("cache", "clear", "--json")
    assert json.loads(again.stdout) == {"folder": str(folder), "removed": 0, "size": 0}
    assert cli("cache", "clear").stdout == f"Nothing to remove in {folder}\n"
    # The collections themselves are untouched, and still answer (the index is rebuilt).
    assert cli("show", "N3", "--data", str(first)).exit_code == 0
    assert collections(cli) == {str(first): True}


def cache_size(count: int) -> str:
    from innovasjon_faq.cli.commands.cache import _size

    return _size(count)


def test_clear_orphans_removes_only_the_indexes_of_gone_files(
    cli: Cli, large: Callable[[str], Path]
) -> None:
    kept, gone = large("kept.json"), large("gone.json")
    build(kept)
    build(gone)
    gone.unlink()
    result = cli("cache", "clear", "--orphans", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["removed"] == 1
    assert collections(cli) == {str(kept): True}


def test_clear_removes_the_files_of_unfinished_builds(
    cli: Cli, folder: Path, large: Callable[[str], Path]
) -> None:
    one = large("one.json")
    build(one)
    unfinished = folder / f"{key(str(one))}-k2j4_x9q.tmp"
    unfinished.mkdir()
    (unfinished / "half").write_bytes(b"half a build")
    data = info(cli)
    assert data["unfinished"] == [{"name": unfinished.name, "size": 12}]
    assert "1 leftover of a build under way or cut off, 12 B\n" in cli("cache", "info").stdout
    assert json.loads(cli("cache", "clear", "--json").stdout)["removed"] == 2
    assert list(folder.iterdir()) == []


# -- removing the indexes of gone files on normal runs ----------------------------------


def test_a_build_removes_the_indexes_of_gone_files(cli: Cli, large: Callable[[str], Path]) -> None:
    first, second, third = large("first.json"), large("second.json"), large("third.json")
    for path in (first, second):
        assert cli("search", "politikere", "--data", str(path)).exit_code == 0
    first.unlink()
    # A run that only reads an index it has changes nothing in the folder…
    assert cli("search", "politikere", "--data", str(second)).exit_code == 0
    assert collections(cli) == {str(first): False, str(second): True}
    # …one that builds an index removes those of the gone files.
    assert cli("search", "politikere", "--data", str(third)).exit_code == 0
    assert collections(cli) == {str(second): True, str(third): True}


def test_the_fast_path_builds_and_removes_the_same_way(large: Callable[[str], Path]) -> None:
    import io

    from innovasjon_faq.environment import Environment

    gone, other = large("gone.json"), large("other.json")
    build(gone)
    gone.unlink()
    env = Environment(stdout=io.StringIO(), stderr=io.StringIO(), environ=dict(os.environ))
    assert fast.run(["search", "politikere", "--data", str(other)], env) == 0
    assert {f.collection for f in cache_folder.survey().files} == {str(other)}
    assert fast.parse(["cache", "info"], {}) is None  # Typer's to run


# -- a hostile folder ------------------------------------------------------------------

NAME = "0123abcd-20.json"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A folder of someone's files, one named as faq names an index."""
    place = tmp_path / "victim"
    place.mkdir()
    (place / NAME).write_text("precious")
    (place / "notes.txt").write_text("precious")
    return place


def test_an_index_folder_that_is_a_link_is_left_alone(cli: Cli, folder: Path, victim: Path) -> None:
    folder.parent.mkdir(parents=True)
    folder.symlink_to(victim)
    result = cli("cache", "clear")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"faq: {folder}: is a symbolic link; faq neither reads nor removes anything through one\n"
    )
    assert sorted(p.name for p in victim.iterdir()) == [NAME, "notes.txt"]
    data = info(cli)
    assert (data["refused"], data["indexes"]) == ("link", [])
    assert cli("cache", "info").stdout.endswith(
        "faq leaves it alone: it is a symbolic link; faq neither reads nor removes anything"
        " through one\n"
    )


def test_a_cache_folder_that_is_a_link_is_left_alone(cli: Cli, folder: Path, victim: Path) -> None:
    (victim / "index").mkdir()
    (victim / "index" / NAME).write_text("precious")
    folder.parent.parent.mkdir(parents=True)
    folder.parent.symlink_to(victim)
    assert cli("cache", "clear").exit_code == 2
    assert (victim / "index" / NAME).read_text() == "precious"


def test_a_folder_of_another_user_is_left_alone(
    cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder.mkdir(parents=True)
    (folder / NAME).write_text("theirs")
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 4242, raising=False)
    result = cli("cache", "clear")
    assert result.exit_code == 2
    assert result.stderr == f"faq: {folder}: belongs to another user; faq leaves it alone\n"
    assert (folder / NAME).exists()


def test_a_file_where_the_folder_should_be(cli: Cli, folder: Path) -> None:
    folder.parent.mkdir(parents=True)
    folder.write_text("not a folder")
    assert cli("cache", "clear").stderr == f"faq: {folder}: is not a folder\n"
    assert info(cli)["refused"] == "not a folder"


def test_only_faq_s_own_files_are_removed(
    cli: Cli, folder: Path, victim: Path, large: Callable[[str], Path]
) -> None:
    one = large("one.json")
    build(one)
    (folder / "notes.txt").write_text("mine")
    (folder / "deadbeef-12.json.bak").write_text("mine")
    (folder / "cafebabe-12.json").mkdir()  # a folder under a manifest's name
    (folder / "feedface-12.json").symlink_to(victim / NAME)  # a link to someone's file
    os.link(victim / "notes.txt", folder / "abcdef01-12.json")  # a second name for it
    (folder / "beadfeed-12-abcdefgh").symlink_to(victim)  # a link where a folder would be
    data = info(cli)
    assert [row["name"] for row in data["indexes"]] == [f"{key(str(one))}.json"]
    assert data["others"] == 6
    assert "6 other entries, not faq's: left alone\n" in cli("cache", "info").stdout
    assert json.loads(cli("cache", "clear", "--json").stdout)["removed"] == 1
    assert sorted(p.name for p in folder.iterdir()) == [
        "abcdef01-12.json",
        "beadfeed-12-abcdefgh",
        "cafebabe-12.json",
        "deadbeef-12.json.bak",
        "feedface-12.json",
        "notes.txt",
    ]
    assert (victim / NAME).read_text() == (victim / "notes.txt").read_text() == "precious"


def test_a_manifest_cannot_send_the_removal_elsewhere(cli: Cli, folder: Path, victim: Path) -> None:
    """The folder a manifest names is removed only when it is the manifest's
    own (`<key>-…` beside it), never `../victim` nor another key's."""
    for name, named in [("0123abcd-20", "../victim"), ("0123abcd-21", "0123abcd-22-abcdefgh")]:
        folder.mkdir(parents=True, exist_ok=True)
        manifest = {"source": "/gone.json|1:2|3|4|5|6|7", "folder": named, "files": {}}
        (folder / f"{name}.json").write_text(json.dumps(manifest))
    (folder / "0123abcd-22-abcdefgh").mkdir()
    (folder / "0123abcd-22.json").write_text(
        json.dumps({"source": f"{victim}|1:2|3|4|5|6|7", "folder": "0123abcd-22-abcdefgh"})
    )
    assert json.loads(cli("cache", "clear", "--orphans", "--json").stdout)["removed"] == 2
    assert sorted(p.name for p in victim.iterdir()) == [NAME, "notes.txt"]
    assert (folder / "0123abcd-22-abcdefgh").is_dir()


def test_a_folder_swapped_for_a_link_after_it_was_opened(
    folder: Path, victim: Path, large: Callable[[str], Path]
) -> None:
    """Removal is relative to the folder opened, not to its name."""
    if not own_folder.CAN_USE_FD:
        pytest.skip("no dir_fd on this system")
    folder.mkdir(parents=True)
    (folder / NAME).write_text("ours")
    with cache_folder._open(None) as opened:
        moved = folder.with_name("moved")
        folder.rename(moved)
        folder.symlink_to(victim)
        assert opened.unlink(NAME)
    assert not (moved / NAME).exists()
    assert (victim / NAME).read_text() == "precious"


def test_a_planted_index_cannot_reach_the_terminal(cli: Cli, folder: Path) -> None:
    """The collection path is read back from the index: someone else's text."""
    hostile = "/tmp/\x1b]0;owned\x07\x1b[2J\u202eevil.json"
    plant(folder, hostile)
    text = cli("cache", "info").stdout
    assert ESC not in text
    assert "\u202e" not in text
    assert "/tmp/<U+001B>]0;owned<U+0007><U+001B>[2J<U+202E>evil.json (gone" in text
    raw = cli("cache", "info", "--json").stdout
    assert ESC not in raw
    assert "\u202e" not in raw
    assert json.loads(raw)["indexes"][0]["collection"] == hostile


@pytest.mark.parametrize(
    "content",
    [b"", b"not json at all", b'{"source": 7, "folder": []}', b"\xff" * 200],
    ids=["empty", "text", "shape", "bytes"],
)
def test_an_unreadable_index_is_listed_and_cleared(cli: Cli, folder: Path, content: bytes) -> None:
    folder.mkdir(parents=True)
    (folder / NAME).write_bytes(content)
    [row] = info(cli)["indexes"]
    assert (row["collection"], row["collection_exists"]) == (None, None)
    assert "(which collection cannot be told)" in cli("cache", "info").stdout
    assert json.loads(cli("cache", "clear", "--orphans", "--json").stdout)["removed"] == 0
    assert json.loads(cli("cache", "clear", "--json").stdout)["removed"] == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root may remove from any folder")
def test_a_file_that_cannot_be_removed_is_a_write_error(
    cli: Cli, folder: Path
) -> None:  # pragma: no cover - as root, the test is skipped
    folder.mkdir(parents=True)
    (folder / NAME).write_text("x")
    folder.chmod(0o500)
    try:
        result = cli("cache", "clear")
    finally:
        folder.chmod(0o700)
    assert result.exit_code == 74
    assert result.stderr == f"faq: could not remove 1 file ({NAME}): Permission denied\n"


def test_a_file_that_cannot_be_removed_is_a_write_error_as_root_too(
    cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder.mkdir(parents=True)
    (folder / NAME).write_text("x")
    real = os.unlink

    def refuse(path: Any, *args: Any, **kwargs: Any) -> None:
        if str(path).endswith(NAME):
            raise PermissionError(13, "Permission denied")
        real(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", refuse)
    result = cli("cache", "clear")
    assert result.exit_code == 74
    assert result.stdout == f"Nothing to remove in {folder}\n"
    assert result.stderr == f"faq: could not remove 1 file ({NAME}): Permission denied\n"


# -- language, and the installed command -------------------------------------------------


def test_cache_in_norwegian(cli: Cli, folder: Path) -> None:
    assert cli("cache", "info", "--lang", "nb").stdout == (
        f"Mappe: {folder}\nIngen indeks ennå (faq lager en første gang den søker i en samling).\n"
    )
    assert cli("--lang", "nb", "cache", "clear").stdout == f"Ingenting å fjerne i {folder}\n"


@pytest.fixture
def plain_home(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "plain-home"
    home.mkdir()
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}


def test_the_installed_script_shows_and_clears_its_cache(
    plain_home: dict[str, str], large: Callable[[str], Path]
) -> None:
    script = str(Path(sys.executable).with_name("faq"))

    def faq(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [script, *args], env=plain_home, capture_output=True, text=True, timeout=60, check=False
        )

    path = large("one.json")
    assert faq("show", "N3", "--data", str(path)).returncode == 0
    shown = json.loads(faq("cache", "info", "--json").stdout)
    assert shown["folder"] == f"{plain_home['HOME']}/.cache/innovasjon-faq/index"
    assert [row["collection"] for row in shown["indexes"]] == [str(path)]
    cleared = faq("cache", "clear")
    assert cleared.returncode == 0
    assert cleared.stdout.startswith("Removed 1 item (")
    assert json.loads(faq("cache", "info", "--json").stdout)["indexes"] == []
