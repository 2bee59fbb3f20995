"""Reading a large collection one entry at a time (`stream.Stream`): the same
collection and the same refusals as the loader, never the file whole."""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from text_helpers import large

from innovasjon_faq.errors import DataError
from innovasjon_faq.loader import load
from innovasjon_faq.stream import Stream


def streamed(path: Path) -> tuple[Any, list[Any]]:
    stream = Stream(str(path))
    return stream.head(), list(stream.entries())


def assert_refused_alike(path: Path) -> None:
    """The stream refuses the file at `path` in the words the loader does."""
    with pytest.raises(DataError) as streamed_error:
        streamed(path)
    with pytest.raises(DataError) as loaded_error:
        load(str(path))
    assert str(streamed_error.value) == str(loaded_error.value)


def test_a_stream_reads_what_the_loader_reads(
    bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    path = write_collection(bundled)
    head, entries = streamed(path)
    whole = load(str(path))
    assert entries == list(whole.entries)
    assert (head.title, head.intro, head.contacts, head.section, head.language) == (
        whole.title, whole.intro, whole.contacts, whole.section, whole.language
    )  # fmt: skip
    assert head.entries == ()


def test_the_head_may_come_after_the_entries(
    bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    reordered = {
        "entries": bundled["entries"],
        **{k: v for k, v in bundled.items() if k != "entries"},
    }
    path = write_collection(json.dumps(reordered, ensure_ascii=False))
    assert json.loads(path.read_text())  # entries first in the file
    assert path.read_text().index('"entries"') < path.read_text().index('"title"')
    head, entries = streamed(path)
    assert head.title == bundled["title"]
    assert head.contacts == load(str(path)).contacts
    assert len(entries) == len(bundled["entries"])


def test_a_byte_order_mark_is_skipped(
    bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    path = write_collection(codecs.BOM_UTF8 + json.dumps(bundled).encode())
    assert len(streamed(path)[1]) == len(bundled["entries"])


def test_progress_is_the_bytes_read(
    bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    path = write_collection(bundled)
    stream = Stream(str(path))
    assert stream.position() == (0, path.stat().st_size)
    seen = [stream.position()[0] for _ in stream.entries()]
    assert 0 < seen[-1] <= path.stat().st_size
    assert stream.position() == (0, path.stat().st_size)  # done reading


BROKEN = [
    ('{"title": "T", "entries": [{"id": 1,', "not valid JSON near byte"),
    ("[1, 2]", "top level"),
    ('{"title": "T", "entries": {"id": 1}}', "must be a list"),
    ('{"title": "T"}', "missing required field 'entries'"),
    ('{"entries": []}', "missing required field 'title'"),
    (b'{"title": "\xff", "entries": []}', "JSON"),
    ('{"title": "T\\ud800", "entries": []}', "a lone surrogate near byte 12"),
    ('{"title": "T\\udc00", "entries": []}', "a lone surrogate near byte 12"),
]


@pytest.mark.parametrize(("content", "message"), BROKEN)
def test_a_broken_file_too_large_to_load_is_refused_in_one_line(
    write_collection: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    content: str | bytes,
    message: str,
) -> None:
    from innovasjon_faq import loader

    monkeypatch.setattr(loader, "MAX_BYTES", 0)  # as if it were a gigabyte
    path = write_collection(content)
    with pytest.raises(DataError) as caught:
        streamed(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("content", "message"), BROKEN)
def test_a_broken_file_the_loader_can_read_is_refused_in_the_loaders_words(
    write_collection: Callable[..., Path], content: str | bytes, message: str
) -> None:
    path = write_collection(content)
    assert_refused_alike(path)


def test_a_surrogate_pair_or_an_escaped_backslash_is_no_lone_surrogate(
    bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    bundled["title"] = "Smil 🙂 og \\ud800 som tekst"
    path = write_collection(json.dumps(bundled))  # 🙂 as \ud83d\ude42, "\\ud800" as text
    assert "\\ud83d\\ude42" in path.read_text()
    head, _ = streamed(path)
    assert head.title == bundled["title"]


def test_a_broken_entry_is_refused_as_the_loader_refuses_it(
    bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    bundled["entries"][3]["slug"] = "Not Kebab"
    path = write_collection(bundled)
    assert_refused_alike(path)


@pytest.mark.parametrize("field", ["id", "slug"])
def test_duplicates_are_found_at_the_end_and_named_as_the_loader_names_them(
    bundled: dict[str, Any], write_collection: Callable[..., Path], field: str
) -> None:
    bundled["entries"][4][field] = bundled["entries"][1][field]
    path = write_collection(bundled)
    assert_refused_alike(path)


def test_slugs_that_only_share_a_hash_are_no_duplicates(
    bundled: dict[str, Any], write_collection: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from innovasjon_faq import stream

    monkeypatch.setattr(stream, "_slug_key", lambda slug: 7)  # every slug collides
    path = write_collection(bundled)
    assert len(streamed(path)[1]) == len(bundled["entries"])


# -- faq validate reads a large file as the other commands do -------------------------


@pytest.mark.parametrize(
    "broken",
    [
        lambda data: data["entries"][3].update(slug="Not Kebab"),
        lambda data: data["entries"][4].update(id=data["entries"][1]["id"]),
        lambda data: data.update(title=""),
    ],
    ids=["bad slug", "duplicate id", "empty title"],
)
def test_validate_refuses_a_streamed_file_as_search_does(
    bundled: dict[str, Any],
    write_collection: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    cli: Callable[..., Any],
    broken: Callable[[dict[str, Any]], None],
) -> None:
    from innovasjon_faq import loader

    data = large(bundled)
    broken(data)
    path = str(write_collection(data))
    monkeypatch.setattr(loader, "MAX_BYTES", 0)  # as if it were a gigabyte
    searched = cli("search", "politikere", "--data", path)
    validated = cli("validate", path)
    assert (searched.exit_code, validated.exit_code) == (2, 2)
    refusal = searched.stderr.removeprefix("faq: ").strip()
    assert refusal in validated.stdout


def test_validate_accepts_a_streamed_file_that_search_accepts(
    bundled: dict[str, Any],
    write_collection: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    cli: Callable[..., Any],
) -> None:
    from innovasjon_faq import loader

    path = str(write_collection(large(bundled)))
    monkeypatch.setattr(loader, "MAX_BYTES", 0)
    assert cli("search", "politikere", "--data", path).exit_code == 0
    validated = cli("validate", path)
    assert validated.exit_code == 0, validated.stdout
    # ok, with a warning that the commands that parse a file whole refuse it
    listed = cli("list", "--data", path)
    assert listed.exit_code == 2
    refusal = listed.stderr.removeprefix(f"faq: {path}: ").strip()
    assert validated.stdout.splitlines() == [
        f"{path}: warning: {refusal}",
        f"{path}: ok",
        "1 warning in 1 file",
    ]
