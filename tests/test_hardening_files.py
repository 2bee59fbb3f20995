"""Broken collection files: each is refused with one line on stderr that names the
file (and where in it), exit status 2, and nothing on stdout — never a traceback."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from innovasjon_faq import loader
from innovasjon_faq.cli import app
from innovasjon_faq.errors import DataError

ENTRY = {"id": 1, "slug": "a", "question": "Q?", "answer": "A."}


def refuse(runner: CliRunner, path: Path | str, *command: str) -> str:
    """Run `faq COMMAND --data PATH`; check the refusal's shape; return its one line."""
    result = runner.invoke(app, [*(command or ("list",)), "--data", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"faq: {path}: ")
    return lines[0]


@pytest.mark.parametrize("command", [("list",), ("show", "1"), ("search", "q"), ("contacts",)])
def test_every_command_refuses_a_broken_file_the_same_way(
    runner: CliRunner, write_collection: Callable[..., Path], command: tuple[str, ...]
) -> None:
    path = write_collection('{"title": "x", "entries": [')
    line = refuse(runner, path, *command)
    assert line == f"faq: {path}: line 1, column 28: not valid JSON: Expecting value"


def test_truncated_json_names_line_and_column(
    runner: CliRunner, write_collection: Callable[..., Path], bundled: dict[str, Any]
) -> None:
    text = json.dumps(bundled, ensure_ascii=False, indent=2)
    path = write_collection(text[: len(text) // 2])
    line = refuse(runner, path)
    assert re.fullmatch(
        rf"faq: {re.escape(str(path))}: line \d+, column \d+: not valid JSON: .+", line
    )


@pytest.mark.parametrize("opener", ["[", '{"a":', '{"entries":['])
def test_deeply_nested_json_is_a_data_error_not_a_crash(
    runner: CliRunner, write_collection: Callable[..., Path], opener: str
) -> None:
    path = write_collection(opener * 200_000)
    assert refuse(runner, path) == f"faq: {path}: not a collection: JSON nested too deeply"


def test_closed_deep_nesting_is_also_refused(write_collection: Callable[..., Path]) -> None:
    path = write_collection('{"entries": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(DataError, match="nested too deeply"):
        loader.load(str(path))


def test_a_byte_order_mark_is_accepted(
    runner: CliRunner, write_collection: Callable[..., Path], bundled: dict[str, Any]
) -> None:
    raw = json.dumps(bundled, ensure_ascii=False).encode("utf-8")
    path = write_collection(b"\xef\xbb\xbf" + raw)
    result = runner.invoke(app, ["list", "--json", "--data", str(path)])
    assert result.exit_code == 0, result.output
    assert [row["id"] for row in json.loads(result.stdout)] == [1, 2, 3, 4, 5]


def test_invalid_utf8_names_the_byte_and_its_place(
    runner: CliRunner, write_collection: Callable[..., Path]
) -> None:
    path = write_collection(b'{"title":\n  "bl\xe5b\xe6r"}')
    assert refuse(runner, path) == f"faq: {path}: line 2, column 6: not UTF-8 (byte 0xe5)"


def test_invalid_utf8_after_a_byte_order_mark_is_placed_right(
    runner: CliRunner, write_collection: Callable[..., Path]
) -> None:
    # The utf-8-sig codec counts offsets after the mark; the message must not.
    path = write_collection(b'\xef\xbb\xbf{"a":\n "\xff"}')
    assert refuse(runner, path) == f"faq: {path}: line 2, column 3: not UTF-8 (byte 0xff)"


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", b"\xef\xbb\xbf"])
def test_an_empty_file(
    runner: CliRunner, write_collection: Callable[..., Path], content: bytes
) -> None:
    path = write_collection(content)
    assert refuse(runner, path) == f"faq: {path}: is empty, not a JSON collection"


def test_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    assert refuse(runner, tmp_path) == f"faq: {tmp_path}: is a folder, not a collection file"


def test_a_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    assert refuse(runner, path) == f"faq: {path}: no such file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file(runner: CliRunner, write_collection: Callable[..., Path]) -> None:
    path = write_collection("{}")
    path.chmod(0)
    assert refuse(runner, path) == f"faq: {path}: permission denied"


@pytest.mark.parametrize(
    ("content", "kind"),
    [("[]", "a list"), ('"text"', "a string"), ("42", "a number"), ("null", "null")],
)
def test_a_file_that_is_not_an_object(
    runner: CliRunner, write_collection: Callable[..., Path], content: str, kind: str
) -> None:
    path = write_collection(content)
    assert refuse(runner, path) == (
        f"faq: {path}: not a collection: the top level is {kind}, not an object"
    )


def test_a_number_too_long_for_python_is_a_data_error(
    runner: CliRunner, write_collection: Callable[..., Path]
) -> None:
    # Python (3.10.7+, 3.11+) raises a bare ValueError for integers over 4300 digits.
    path = write_collection('{"title": "x", "section": ' + "9" * 5000 + ', "entries": []}')
    assert refuse(runner, path) == f"faq: {path}: not a collection: a number in it is too long"


WRONG_TYPES: list[tuple[str, Any, str]] = [
    ("title", 5, "top level: field 'title' must be a string, not a number"),
    ("title", "  ", "top level: field 'title' is empty"),
    ("intro", ["x"], "top level: field 'intro' must be a string, not a list"),
    ("schema_version", "1", "top level: field 'schema_version' must be an integer"),
    ("schema_version", True, "top level: field 'schema_version' must be an integer"),
    ("schema_version", 99, "top level: schema_version 99 is newer than this faq understands (1)"),
    ("section", 1.5, "top level: field 'section' must be a number or a string"),
    ("section", [], "top level: field 'section' must be a number or a string"),
    ("language", 5, "top level: field 'language' must be a string"),
    ("entries", {}, "top level: field 'entries' must be a list, not an object"),
    ("contacts", "x", "top level: field 'contacts' must be a list, not a string"),
    ("contacts_intro", False, "top level: field 'contacts_intro' must be a string"),
]


@pytest.mark.parametrize(("field", "value", "message"), WRONG_TYPES)
def test_wrong_types_at_the_top_level(
    runner: CliRunner,
    write_collection: Callable[..., Path],
    bundled: dict[str, Any],
    field: str,
    value: Any,
    message: str,
) -> None:
    bundled[field] = value
    path = write_collection(bundled)
    assert refuse(runner, path).startswith(f"faq: {path}: {message}")


def test_missing_entries(
    runner: CliRunner, write_collection: Callable[..., Path], bundled: dict[str, Any]
) -> None:
    del bundled["entries"]
    path = write_collection(bundled)
    assert refuse(runner, path) == f"faq: {path}: top level: missing required field 'entries'"


ENTRY_WRONG: list[tuple[str, Any, str]] = [
    ("id", "1", "entry 1: field 'id' must be a positive integer"),
    ("id", 0, "entry 1: field 'id' must be a positive integer"),
    ("id", 1.0, "entry 1: field 'id' must be a positive integer"),
    ("id", True, "entry 1: field 'id' must be a positive integer"),
    ("slug", 3, "entry 1 (id 1): field 'slug' must be a string, not a number"),
    ("slug", "Not Kebab", "entry 1 (id 1): field 'slug' must be kebab-case"),
    ("question", None, "entry 1 (id 1): field 'question' must be a string, not null"),
    ("answer", {}, "entry 1 (id 1): field 'answer' must be a string, not an object"),
    ("answer", "", "entry 1 (id 1): field 'answer' is empty"),
    ("keywords", "a", "entry 1 (id 1): field 'keywords' must be a list of strings, not a string"),
    ("keywords", [1], "entry 1 (id 1), field 'keywords' item 1: must be a non-empty string"),
    ("see_also", [""], "entry 1 (id 1), field 'see_also' item 1: must be a non-empty string"),
    ("refers_to_contacts", "yes", "entry 1 (id 1): field 'refers_to_contacts' must be true"),
]


@pytest.mark.parametrize(("field", "value", "message"), ENTRY_WRONG)
def test_wrong_types_in_an_entry(
    runner: CliRunner,
    write_collection: Callable[..., Path],
    bundled: dict[str, Any],
    field: str,
    value: Any,
    message: str,
) -> None:
    bundled["entries"][0][field] = value
    path = write_collection(bundled)
    assert refuse(runner, path).startswith(f"faq: {path}: {message}")


@pytest.mark.parametrize("field", ["id", "slug", "question", "answer"])
def test_a_missing_entry_field(
    runner: CliRunner, write_collection: Callable[..., Path], bundled: dict[str, Any], field: str
) -> None:
    del bundled["entries"][1][field]
    path = write_collection(bundled)
    assert refuse(runner, path).endswith(f": missing required field '{field}'")
    assert "entry 2" in refuse(runner, path)


def test_an_entry_that_is_not_an_object(
    runner: CliRunner, write_collection: Callable[..., Path], bundled: dict[str, Any]
) -> None:
    bundled["entries"].append(["not", "an", "entry"])
    path = write_collection(bundled)
    assert refuse(runner, path) == f"faq: {path}: entry 6: must be an object, not a list"


CONTACT_WRONG: list[tuple[str, Any, str]] = [
    ("name", 1, "contact 1: field 'name' must be a string, not a number"),
    ("organization", 1, "contact 1 (Gustav Weiberg-Aurdal): field 'organization' must be a string"),
    ("phones", "+4724132638", "field 'phones' must be a list of strings, not a string"),
    ("phones", ["24 13 26 38"], "phone '24 13 26 38' is not in E.164 form"),
    ("email", "not-an-address", "field 'email' is not an e-mail address: 'not-an-address'"),
    ("email", 7, "field 'email' must be a string, not a number"),
]


@pytest.mark.parametrize(("field", "value", "message"), CONTACT_WRONG)
def test_wrong_types_in_a_contact(
    runner: CliRunner,
    write_collection: Callable[..., Path],
    bundled: dict[str, Any],
    field: str,
    value: Any,
    message: str,
) -> None:
    bundled["contacts"][0][field] = value
    path = write_collection(bundled)
    line = refuse(runner, path, "contacts")
    assert line.startswith(f"faq: {path}: contact 1")
    assert message in line


def test_a_contact_that_is_not_an_object(
    runner: CliRunner, write_collection: Callable[..., Path], bundled: dict[str, Any]
) -> None:
    bundled["contacts"][2] = "Per"
    path = write_collection(bundled)
    assert refuse(runner, path) == f"faq: {path}: contact 3: must be an object, not a string"


def test_duplicate_ids(
    runner: CliRunner, write_collection: Callable[..., Path], bundled: dict[str, Any]
) -> None:
    bundled["entries"][3]["id"] = 2
    path = write_collection(bundled)
    assert refuse(runner, path) == f"faq: {path}: entry 4: duplicate id 2 (also entry 2)"


def test_duplicate_slugs(
    runner: CliRunner, write_collection: Callable[..., Path], bundled: dict[str, Any]
) -> None:
    slug = bundled["entries"][0]["slug"]
    bundled["entries"][4]["slug"] = slug
    path = write_collection(bundled)
    assert refuse(runner, path) == (f"faq: {path}: entry 5: duplicate slug '{slug}' (also entry 1)")


def test_a_very_large_file_is_refused_from_its_size(runner: CliRunner, tmp_path: Path) -> None:
    # A sparse file: 200 MiB by its size, nothing written, refused before any read.
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    assert refuse(runner, path) == (
        f"faq: {path}: is 200 MiB; faq search and faq show read a file that large, "
        "the other commands at most 150 MiB"
    )


def test_a_stream_without_a_size_is_cut_off_at_the_limit(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # /dev/zero says it is 0 bytes and never ends; it used to be read until memory ran out.
    monkeypatch.setattr(loader, "MAX_BYTES", 2 * 1024 * 1024)
    assert refuse(runner, "/dev/zero") == (
        "faq: /dev/zero: is more than 2 MiB; the most faq reads is 2 MiB"
    )


def test_a_file_just_under_the_limit_is_read(
    monkeypatch: pytest.MonkeyPatch, write_collection: Callable[..., Path]
) -> None:
    body = json.dumps({"title": "x", "entries": [ENTRY]})
    monkeypatch.setattr(loader, "MAX_BYTES", len(body))
    assert loader.load(str(write_collection(body))).entries[0].slug == "a"
    monkeypatch.setattr(loader, "MAX_BYTES", len(body) - 1)
    with pytest.raises(DataError, match="the other commands at most"):
        loader.load(str(write_collection(body)))


def test_a_named_pipe_is_read_like_a_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    body = json.dumps({"title": "x", "entries": [ENTRY]}).encode()
    writer = threading.Thread(target=(lambda: fifo.write_bytes(body)), daemon=True)
    writer.start()
    assert loader.load(str(fifo)).title == "x"
    writer.join()


def test_an_os_error_while_reading_is_a_data_error(tmp_path: Path) -> None:
    # Reading a folder through a trailing slash on a file: ENOTDIR from stat.
    path = tmp_path / "file.json"
    path.write_text("{}")
    with pytest.raises(DataError) as caught:
        loader.load(f"{path}/")
    assert caught.value.path == f"{path}/"
    assert caught.value.problem == "Not a directory"


def test_a_file_name_with_a_nul_is_a_data_error(runner: CliRunner) -> None:
    # No shell can pass one, but load() is also called from Python.
    result = runner.invoke(app, ["list", "--data", "a\x00b.json"])
    assert result.exit_code == 2
    assert result.stderr == "faq: a<U+0000>b.json: not a usable file name\n"


@pytest.mark.parametrize("device", ["/dev/full", "/dev/urandom"])
def test_endless_devices_are_cut_off(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, device: str
) -> None:
    monkeypatch.setattr(loader, "MAX_BYTES", 1024 * 1024)
    assert refuse(runner, device) == (
        f"faq: {device}: is more than 1 MiB; the most faq reads is 1 MiB"
    )


def test_a_symlink_loop_is_a_data_error(runner: CliRunner, tmp_path: Path) -> None:
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    assert refuse(runner, loop) == f"faq: {loop}: Too many levels of symbolic links"
