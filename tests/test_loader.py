"""Collections that cannot be used: exit 2, one line on stderr naming the file and the
line/column or entry/field, nothing on stdout, never a traceback."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from innovasjon_faq import loader
from innovasjon_faq.errors import DataError
from innovasjon_faq.loader import load

Cli = Callable[..., Result]

# Every command, each with arguments that would succeed on a good collection.
EVERY_COMMAND = [[], ["list"], ["show", "1"], ["search", "kommune"], ["contacts"]]


def refused(result: Result, expected: str) -> None:
    """`result` is a refusal with exactly the line `expected` on stderr."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr == expected + "\n"
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


# -- files that are not JSON collections ----------------------------------------------------


@pytest.mark.parametrize("args", EVERY_COMMAND)
def test_missing_file(cli: Cli, tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / "nowhere.json"
    refused(cli(*args, "--data", str(path)), f"faq: {path}: no such file")


@pytest.mark.parametrize("args", EVERY_COMMAND)
def test_missing_file_from_faq_data(
    cli: Cli, tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "nowhere.json"
    monkeypatch.setenv("FAQ_DATA", str(path))
    refused(cli(*args), f"faq: {path}: no such file")


@pytest.mark.parametrize("args", EVERY_COMMAND)
def test_folder(cli: Cli, tmp_path: Path, args: list[str]) -> None:
    refused(
        cli(*args, "--data", str(tmp_path)), f"faq: {tmp_path}: is a folder, not a collection file"
    )


@pytest.mark.parametrize("args", EVERY_COMMAND)
def test_not_utf8(cli: Cli, write_collection: Callable[..., Path], args: list[str]) -> None:
    path = write_collection(b'{\n  "title": "Sp\xf8rsm\xe5l"\n}\n')
    refused(
        cli(*args, "--data", str(path)),
        f"faq: {path}: line 2, column 15: not UTF-8 (byte 0xf8)",
    )


@pytest.mark.parametrize("args", EVERY_COMMAND)
def test_not_json(cli: Cli, write_collection: Callable[..., Path], args: list[str]) -> None:
    path = write_collection('{\n  "title": "FAQ",\n  "entries": [,]\n}\n')
    refused(
        cli(*args, "--data", str(path)),
        f"faq: {path}: line 3, column 15: not valid JSON: Expecting value",
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "is empty, not a JSON collection"),
        ("  \n", "is empty, not a JSON collection"),
        ("[]", "not a collection: the top level is a list, not an object"),
        ('"text"', "not a collection: the top level is a string, not an object"),
        ("null", "not a collection: the top level is null, not an object"),
        ("3", "not a collection: the top level is a number, not an object"),
        ("[" * 100_000 + "]" * 100_000, "not a collection: JSON nested too deeply"),
    ],
)
def test_not_a_collection(
    cli: Cli, write_collection: Callable[..., Path], content: str, problem: str
) -> None:
    path = write_collection(content)
    refused(cli("list", "--data", str(path)), f"faq: {path}: {problem}")


def test_trailing_garbage_is_not_json(
    cli: Cli, write_collection: Callable[..., Path], bundled: dict[str, Any]
) -> None:
    path = write_collection(json.dumps(bundled) + "\nx")
    refused(
        cli("list", "--data", str(path)),
        f"faq: {path}: line 2, column 1: not valid JSON: Extra data",
    )


def test_a_byte_order_mark_is_allowed(
    cli: Cli, write_collection: Callable[..., Path], bundled: dict[str, Any]
) -> None:
    path = write_collection(b"\xef\xbb\xbf" + json.dumps(bundled).encode("utf-8"))
    result = cli("show", "2", "--json", "--data", str(path))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["slug"] == "n3-og-slik"


def test_permission_denied(
    cli: Cli,
    write_collection: Callable[..., Path],
    bundled: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_collection(bundled)
    real_open = open

    def no_read(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", no_read)
    refused(cli("list", "--data", str(path)), f"faq: {path}: permission denied")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(
    cli: Cli, write_collection: Callable[..., Path], bundled: dict[str, Any]
) -> None:
    path = write_collection(bundled)
    path.chmod(0)
    refused(cli("list", "--data", str(path)), f"faq: {path}: permission denied")


def test_other_read_errors(
    cli: Cli,
    write_collection: Callable[..., Path],
    bundled: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_collection(bundled)
    real_open = open

    def broken(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(path):
            raise OSError(5, "Input/output error")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", broken)
    refused(cli("list", "--data", str(path)), f"faq: {path}: Input/output error")


def test_a_folder_that_passes_stat_as_a_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os.path, "isdir", lambda path: False)  # os.path is the loader's too
    refused(
        cli("list", "--data", str(tmp_path)), f"faq: {tmp_path}: is a folder, not a collection file"
    )


def test_a_file_too_large(
    cli: Cli,
    write_collection: Callable[..., Path],
    bundled: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_collection(bundled)
    monkeypatch.setattr(loader, "MAX_BYTES", 1024)
    refused(
        cli("list", "--data", str(path)),
        f"faq: {path}: is 0 MiB; faq search and faq show read a file that large, "
        "the other commands at most 0 MiB",
    )


# -- the wrong shape ------------------------------------------------------------------------


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    """`_set(d, "entries.2.id", 1)`: set a nested value; `...` as value deletes it."""
    *parents, last = dotted.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    key: Any = int(last) if last.isdigit() else last
    if value is ...:
        del target[key]
    else:
        target[key] = value


SHAPE_PROBLEMS = [
    # duplicate ids and slugs
    ("entries.1.id", 1, "entry 2: duplicate id 1 (also entry 1)"),
    ("entries.4.slug", "n3-og-slik", "entry 5: duplicate slug 'n3-og-slik' (also entry 2)"),
    # missing required fields
    ("title", ..., "top level: missing required field 'title'"),
    ("entries", ..., "top level: missing required field 'entries'"),
    ("entries.0.id", ..., "entry 1: missing required field 'id'"),
    ("entries.2.slug", ..., "entry 3 (id 3): missing required field 'slug'"),
    ("entries.2.question", ..., "entry 3 (id 3): missing required field 'question'"),
    ("entries.3.answer", ..., "entry 4 (id 4): missing required field 'answer'"),
    ("contacts.1.name", ..., "contact 2: missing required field 'name'"),
    # wrong types and values
    ("title", 6, "top level: field 'title' must be a string, not a number"),
    ("title", " ", "top level: field 'title' is empty"),
    ("intro", ["a"], "top level: field 'intro' must be a string, not a list"),
    ("schema_version", "1", "top level: field 'schema_version' must be an integer"),
    (
        "schema_version",
        2,
        "top level: schema_version 2 is newer than this faq understands (1); upgrade faq",
    ),
    ("section", [6], "top level: field 'section' must be a number or a string"),
    ("language", 1, "top level: field 'language' must be a string"),
    ("entries", {}, "top level: field 'entries' must be a list, not an object"),
    ("contacts", "KS", "top level: field 'contacts' must be a list, not a string"),
    ("entries.0", "q", "entry 1: must be an object, not a string"),
    ("entries.0.id", "1", "entry 1: field 'id' must be a positive integer"),
    ("entries.0.id", 0, "entry 1: field 'id' must be a positive integer"),
    ("entries.0.id", True, "entry 1: field 'id' must be a positive integer"),
    ("entries.0.id", 1.5, "entry 1: field 'id' must be a positive integer"),
    (
        "entries.0.slug",
        "Kommentar til",
        "entry 1 (id 1): field 'slug' must be kebab-case (like 'komme-i-gang'), "
        "not 'Kommentar til'",
    ),
    ("entries.0.question", None, "entry 1 (id 1): field 'question' must be a string, not null"),
    ("entries.0.answer", "", "entry 1 (id 1): field 'answer' is empty"),
    (
        "entries.0.keywords",
        "mail",
        "entry 1 (id 1): field 'keywords' must be a list of strings, not a string",
    ),
    (
        "entries.0.keywords.1",
        "",
        "entry 1 (id 1), field 'keywords' item 2: must be a non-empty string",
    ),
    (
        "entries.4.see_also.0",
        7,
        "entry 5 (id 5), field 'see_also' item 1: must be a non-empty string",
    ),
    (
        "entries.0.refers_to_contacts",
        "yes",
        "entry 1 (id 1): field 'refers_to_contacts' must be true or false",
    ),
    ("contacts.0", [], "contact 1: must be an object, not a list"),
    (
        "contacts.0.phones.0",
        "24 13 26 38",
        "contact 1 (Gustav Weiberg-Aurdal): phone '24 13 26 38' is not in E.164 form "
        "(like '+4724132638')",
    ),
    (
        "contacts.3.email",
        "jens at midtlab",
        "contact 4 (Jens Petter Jensen): field 'email' is not an e-mail address: 'jens at midtlab'",
    ),
    # control characters and escape sequences are refused, not printed later
    (
        "entries.1.question",
        "Hva er \x1b[2J N3?",
        "entry 2 (id 2): field 'question' holds the control character U+001B",
    ),
    (
        "entries.1.answer",
        "Svar\u202eteksten",
        "entry 2 (id 2): field 'answer' holds the control character U+202E",
    ),
    ("title", "Ti\ntle", "top level: field 'title' holds the control character U+000A"),
    (
        "entries.1.keywords.0",
        "N\x073",
        "entry 2 (id 2), field 'keywords' item 1: holds the control character U+0007",
    ),
]


@pytest.mark.parametrize(("field", "value", "where_problem"), SHAPE_PROBLEMS)
def test_wrong_shape_names_entry_and_field(
    cli: Cli,
    bundled: dict[str, Any],
    write_collection: Callable[..., Path],
    field: str,
    value: Any,
    where_problem: str,
) -> None:
    _set(bundled, field, value)
    path = write_collection(bundled)
    refused(cli("list", "--data", str(path)), f"faq: {path}: {where_problem}")


@pytest.mark.parametrize("args", EVERY_COMMAND)
def test_every_command_refuses_duplicate_ids(
    cli: Cli, bundled: dict[str, Any], write_collection: Callable[..., Path], args: list[str]
) -> None:
    bundled["entries"][4]["id"] = 2
    path = write_collection(bundled)
    refused(cli(*args, "--data", str(path)), f"faq: {path}: entry 5: duplicate id 2 (also entry 2)")


def test_a_path_with_control_characters_is_shown_neutralised(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b[31m.json"
    result = cli("list", "--data", str(path))
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert result.stderr == f"faq: {tmp_path}/evil<U+001B>[31m.json: no such file\n"


# -- what a good collection may leave out -----------------------------------------------------


def test_optional_fields_may_be_missing(write_collection: Callable[..., Path]) -> None:
    minimal = {
        "title": "FAQ",
        "entries": [{"id": 3, "slug": "a", "question": "Q?", "answer": "A."}],
    }
    faq = load(str(write_collection(minimal)))
    assert faq.title == "FAQ"
    assert faq.intro == ""
    assert faq.section is None
    assert faq.language == "nb"
    assert faq.schema_version == 1
    assert faq.contacts == ()
    entry = faq.entries[0]
    assert (entry.keywords, entry.see_also, entry.refers_to_contacts) == ((), (), False)
    assert faq.by_id(3) is entry
    assert faq.by_id(4) is None


def test_a_collection_with_no_entries_loads_and_lists_nothing(
    cli: Cli, write_collection: Callable[..., Path]
) -> None:
    path = write_collection({"title": "Tom", "entries": []})
    result = cli("list", "--data", str(path), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    result = cli("search", "noe", "--data", str(path))
    assert result.exit_code == 1
    assert result.stderr == "faq: nothing matches 'noe'\n"


def test_ids_need_not_follow_the_order(
    write_collection: Callable[..., Path], bundled: dict[str, Any]
) -> None:
    bundled["entries"].reverse()
    faq = load(str(write_collection(bundled)))
    assert [e.id for e in faq.entries] == [5, 4, 3, 2, 1]
    assert faq.by_id(2) is not None
    assert faq.by_id(2).slug == "n3-og-slik"  # type: ignore[union-attr]


def test_data_error_carries_its_parts() -> None:
    error = DataError("f.json", "broken", "entry 2, field 'id'")
    assert (error.path, error.problem, error.where) == ("f.json", "broken", "entry 2, field 'id'")
    assert str(error) == "f.json: entry 2, field 'id': broken"
    assert str(DataError("f.json", "broken")) == "f.json: broken"


def test_load_without_a_path_is_the_bundled_collection() -> None:
    faq = load()
    assert faq.section == 6
    assert [e.slug for e in faq.entries][:2] == ["kommentar-til-innholdet", "n3-og-slik"]


def test_bundled_data_read_from_a_source_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the packaged copy (PYTHONPATH=src), data/faq.json beside src/ is read."""

    import os

    packaged = os.path.join(os.path.dirname(os.path.abspath(loader.__file__)), "data", "faq.json")
    real_isfile = os.path.isfile
    monkeypatch.setattr(os.path, "isfile", lambda path: path != packaged and real_isfile(path))
    repo_copy = Path(loader.__file__).resolve().parents[2] / "data" / "faq.json"
    if not repo_copy.is_file():
        pytest.skip("not a source checkout: no data/faq.json beside src/")
    assert loader.bundled_bytes() == repo_copy.read_bytes()
