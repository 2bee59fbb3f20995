"""`cache_folder`, below the CLI: the folder opened by path where a system has
no dir_fd, races with another faq, and what cannot be told about an index."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from innovasjon_faq import cache_folder, own_folder
from innovasjon_faq.cache_folder import CacheFile, Removed

NAME = "0123abcd-20.json"


@pytest.fixture
def folder(isolated_home: Path) -> Path:
    return Path(cache_folder.folder())


@pytest.fixture(params=["dir_fd", "by path"])
def either_way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test twice: with the folder's handle, and by path (as on Windows)."""
    if request.param == "by path":
        monkeypatch.setattr(own_folder, "CAN_USE_FD", False)
    elif not own_folder.CAN_USE_FD:
        pytest.skip("no dir_fd on this system")
    return str(request.param)


def plant(folder: Path, source: str, name: str = NAME, *, raw: str | None = None) -> Path:
    """An index (a manifest, and the folder it names) built from `source`."""
    folder.mkdir(parents=True, exist_ok=True)
    key = name[: -len(".json")]
    (folder / f"{key}-abcdefgh").mkdir()
    (folder / f"{key}-abcdefgh" / "entries").write_bytes(b"12345")
    path = folder / name
    source = raw if raw is not None else f"{source}|1:2|3|4|5|6|7"
    path.write_text(json.dumps({"source": source, "folder": f"{key}-abcdefgh", "files": {}}))
    return path


def test_a_folder_not_made_yet(folder: Path, either_way: str) -> None:
    assert cache_folder.survey() == cache_folder.Survey(str(folder), exists=False)
    folder.parent.mkdir(parents=True)  # innovasjon-faq/ but no index/ in it
    assert not cache_folder.survey().exists
    assert cache_folder.clear() == Removed()


def test_survey_and_clear(folder: Path, either_way: str, tmp_path: Path) -> None:
    kept = tmp_path / "kept.json"
    kept.write_text("{}")
    plant(folder, str(kept), "00000001-9.json")
    plant(folder, str(tmp_path / "gone.json"), "00000002-9.json")
    found = cache_folder.survey()
    assert [(f.name, f.collection, f.gone) for f in found.files] == [
        ("00000001-9.json", str(kept), False),
        ("00000002-9.json", str(tmp_path / "gone.json"), True),
    ]
    assert found.size == sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert cache_folder.clear(gone_only=True).count == 1
    assert cache_folder.clear().count == 1
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("where", ["index", "app"])
def test_a_link_is_refused(folder: Path, either_way: str, tmp_path: Path, where: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "index").mkdir(parents=True)
    (elsewhere / NAME).write_text("theirs")
    (elsewhere / "index" / NAME).write_text("theirs")
    link = folder if where == "index" else folder.parent
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(elsewhere)
    assert cache_folder.survey().refused == own_folder.LINK
    with pytest.raises(cache_folder.Refused) as refused:
        cache_folder.clear()
    assert refused.value.exit_status == 2
    assert cache_folder.prune() == Removed()  # a normal run: never an error
    assert (elsewhere / NAME).exists()
    assert (elsewhere / "index" / NAME).exists()


def test_a_cache_home_that_is_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, either_way: str
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    found = cache_folder.survey()
    assert (found.refused, found.files) == (own_folder.UNREADABLE, ())
    assert cache_folder.prune() == Removed()


def test_an_index_whose_collection_cannot_be_looked_at(folder: Path, tmp_path: Path) -> None:
    """Not missing but unreadable (a name too long): its index is kept."""
    plant(folder, f"{tmp_path}/{'a' * 300}/x.json")
    [item] = cache_folder.survey().files
    assert item.collection is not None
    assert item.gone is None
    assert cache_folder.clear(gone_only=True) == Removed()


@pytest.mark.parametrize("source", ["no fields at all", "|1|2|3|4|5|6"])
def test_a_source_of_another_shape_tells_no_collection(folder: Path, source: str) -> None:
    plant(folder, "", raw=source)
    assert cache_folder.survey().files[0].collection is None


def test_an_index_folder_that_cannot_be_opened(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder.mkdir(parents=True)
    real = os.open

    def refuse(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if path == "index":
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    if not own_folder.CAN_USE_FD:
        pytest.skip("no dir_fd on this system")
    assert cache_folder.survey().refused == own_folder.UNREADABLE


def test_a_file_another_faq_removed_meanwhile(
    folder: Path, either_way: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plant(folder, "/nowhere/x.json")

    def gone(*_args: object, **_kwargs: object) -> None:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(os, "unlink", gone)
    import shutil

    monkeypatch.setattr(shutil, "rmtree", gone)
    assert cache_folder.clear() == Removed()


def test_a_file_that_is_no_longer_faq_s_when_it_is_removed(
    folder: Path, either_way: str, tmp_path: Path
) -> None:
    """Listed as faq's, then swapped for a link before the removal: left alone."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    folder.mkdir(parents=True)
    (folder / NAME).symlink_to(victim)
    chosen = [CacheFile(NAME, 10, unfinished=False)]
    assert cache_folder._remove(None, chosen) == Removed()
    assert victim.read_text() == "precious"
    assert (folder / NAME).is_symlink()


def test_refusal_reasons_are_explained() -> None:
    for reason in (
        own_folder.LINK,
        own_folder.NOT_A_FOLDER,
        own_folder.NOT_YOURS,
        own_folder.UNREADABLE,
    ):
        assert cache_folder.explain(reason) != reason
    assert cache_folder.explain("something new") == "something new"
