"""`faq schema` and `faq validate`: a JSON Schema that editors use and that agrees
with the loader; a validator that reports every problem at once."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from innovasjon_faq.cli import app
from innovasjon_faq.collection_schema import build, dumps
from innovasjon_faq.errors import DataError
from innovasjon_faq.loader import bundled_bytes, check, parse, problems

REPO = Path(__file__).resolve().parents[1]
SCHEMA_FILE = REPO / "schema" / "faq.schema.json"
Mutation = Callable[[dict[str, Any]], None]


def bundled_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(bundled_bytes().decode("utf-8"))
    return data


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        json.loads(SCHEMA_FILE.read_text(encoding="utf-8")),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def schema_accepts(data: Any) -> bool:
    accepted: bool = validator().is_valid(data)  # jsonschema has no type hints
    return accepted


def loader_accepts(data: Any) -> bool:
    try:
        parse(data, "sample.json")
    except DataError:
        return False
    return True


# -- the schema ----------------------------------------------------------------


def test_schema_file_is_what_faq_schema_prints(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8") == dumps()


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema == build()


def test_schema_file_ships_in_the_wheel() -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    force_include = pyproject.split("[tool.hatch.build.targets.wheel.force-include]")[1]
    force_include = force_include.split("\n[")[0]
    assert '"schema/faq.schema.json" = "innovasjon_faq/data/faq.schema.json"' in force_include


def test_schema_accepts_the_bundled_collection() -> None:
    assert list(validator().iter_errors(bundled_data())) == []


def _set(path: tuple[Any, ...], value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(path: tuple[Any, ...]) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


# Samples both the schema and the loader reject, with what the loader says.
BROKEN: list[tuple[str, Mutation, str]] = [
    ("no title", _delete(("title",)), "missing required field 'title'"),
    ("blank title", _set(("title",), "  "), "field 'title' is empty"),
    ("title not text", _set(("title",), 6), "field 'title' must be a string, not a number"),
    ("escape in title", _set(("title",), "a\x1b[2Jb"), "control character U+001B"),
    ("newline in title", _set(("title",), "a\nb"), "control character U+000A"),
    ("bidi in intro", _set(("intro",), "a\u202eb"), "control character U+202E"),
    ("no entries", _delete(("entries",)), "missing required field 'entries'"),
    ("entries not a list", _set(("entries",), {}), "field 'entries' must be a list"),
    ("entry not an object", _set(("entries", 0), "x"), "must be an object, not a string"),
    ("no id", _delete(("entries", 0, "id")), "missing required field 'id'"),
    ("id zero", _set(("entries", 0, "id"), 0), "field 'id' must be a positive integer"),
    ("id text", _set(("entries", 0, "id"), "1"), "field 'id' must be a positive integer"),
    ("id true", _set(("entries", 0, "id"), True), "field 'id' must be a positive integer"),
    ("id 2**53", _set(("entries", 0, "id"), 2**53), "field 'id' must be at most 9007199254740991"),
    ("id 2**63", _set(("entries", 0, "id"), 2**63), "field 'id' must be at most 9007199254740991"),
    ("bad slug", _set(("entries", 0, "slug"), "Komme i gang"), "must be kebab-case"),
    ("slug newline", _set(("entries", 0, "slug"), "komme\n"), "control character U+000A"),
    ("empty answer", _set(("entries", 1, "answer"), ""), "field 'answer' is empty"),
    ("nul in answer", _set(("entries", 1, "answer"), "a\x00"), "control character U+0000"),
    ("keywords text", _set(("entries", 1, "keywords"), "N3"), "must be a list of strings"),
    ("blank keyword", _set(("entries", 1, "keywords", 0), " "), "must be a non-empty string"),
    ("refers text", _set(("entries", 0, "refers_to_contacts"), "yes"), "must be true or false"),
    ("version 2", _set(("schema_version",), 2), "schema_version 2 is newer"),
    ("version text", _set(("schema_version",), "1"), "'schema_version' must be an integer"),
    ("section list", _set(("section",), [6]), "field 'section' must be a number or a string"),
    ("language 7", _set(("language",), 7), "field 'language' must be a string"),
    ("contacts object", _set(("contacts",), {}), "field 'contacts' must be a list"),
    ("contact text", _set(("contacts", 0), "Gustav"), "must be an object, not a string"),
    ("contact nameless", _delete(("contacts", 0, "name")), "missing required field 'name'"),
    ("phone national", _set(("contacts", 0, "phones", 0), "24132638"), "not in E.164 form"),
    ("e-mail", _set(("contacts", 0, "email"), "gustav(at)ks.no"), "not an e-mail address"),
    ("top level list", lambda d: d.clear(), "missing required field"),
]


@pytest.mark.parametrize(("mutate", "says"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_schema_and_loader_both_reject(mutate: Mutation, says: str) -> None:
    data = bundled_data()
    mutate(data)
    assert not schema_accepts(data)
    with pytest.raises(DataError) as raised:
        parse(data, "sample.json")
    assert says in raised.value.problem
    # The collecting mode finds the same first problem as the raising mode.
    found = check(data, "sample.json")
    assert found
    assert str(found[0]) == str(raised.value)


def test_a_top_level_list_is_rejected_by_both() -> None:
    assert not schema_accepts([])
    assert not loader_accepts([])
    assert [e.problem for e in check([], "x.json")] == [
        "not a collection: the top level is a list, not an object"
    ]


# Rules JSON Schema cannot express: only the loader (and so `faq validate`) checks them.
LOADER_ONLY: list[tuple[str, Mutation, str]] = [
    ("duplicate id", _set(("entries", 1, "id"), 1), "duplicate id 1 (also entry 1)"),
    (
        "duplicate slug",
        _set(("entries", 1, "slug"), "komme-i-gang"),
        "duplicate slug 'komme-i-gang' (also entry 2)",
    ),
    (
        # A lone surrogate is one UTF-16 code unit: in an editor's JSON Schema
        # (ECMA-262) no pattern tells it from half of a pair such as 🙂.
        "lone surrogate",
        _set(("entries", 1, "answer"), "svar\ud800"),
        "field 'answer' holds the lone surrogate U+D800, which is not a character",
    ),
    (
        "phone that does not exist",
        _set(("contacts", 0, "phones", 0), "+4700000000"),
        "phone '+4700000000' is not a valid phone number",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "says"), [b[1:] for b in LOADER_ONLY], ids=[b[0] for b in LOADER_ONLY]
)
def test_rules_beyond_json_schema_are_the_validators(mutate: Mutation, says: str) -> None:
    data = bundled_data()
    mutate(data)
    assert schema_accepts(data)
    assert [e.problem for e in check(data, "sample.json")] == [says]


# -- the schema and the loader agree -------------------------------------------

FIELDS: list[tuple[Any, ...]] = [
    ("title",),
    ("intro",),
    ("section",),
    ("language",),
    ("schema_version",),
    ("contacts_intro",),
    ("entries",),
    ("contacts",),
    ("entries", 0),
    ("entries", 2, "id"),
    ("entries", 2, "slug"),
    ("entries", 2, "question"),
    ("entries", 2, "answer"),
    ("entries", 2, "keywords"),
    ("entries", 2, "keywords", 0),
    ("entries", 2, "see_also"),
    ("entries", 2, "refers_to_contacts"),
    ("contacts", 1),
    ("contacts", 1, "name"),
    ("contacts", 1, "organization"),
    ("contacts", 1, "phones"),
    ("contacts", 1, "phones", 0),
    ("contacts", 1, "email"),
]
SAMPLES: list[Any] = [
    "",
    " ",
    "ok",
    "komme-i-gang",
    "Komme i gang",
    "a\x1bb",
    "a\nb",
    "a\u2028b",
    "+4741209923",
    "+47 412 09 923",
    "x@y.no",
    "x@y",
    0,
    -3,
    1,
    7,
    True,
    None,
    [],
    ["ok"],
    [""],
    {},
]
VALUES = st.one_of(
    st.sampled_from(SAMPLES),
    st.text(max_size=6),
    st.integers(min_value=-2, max_value=9),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(st.sampled_from(FIELDS), VALUES), min_size=1, max_size=3))
def test_schema_and_loader_agree_on_mutated_collections(
    changes: list[tuple[tuple[Any, ...], Any]],
) -> None:
    data = bundled_data()
    for path, value in changes:
        try:
            _set(path, copy.deepcopy(value))(data)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the path
    # Uniqueness is the loader's alone; leave it out of the comparison.
    loader_problems = [
        p for p in check(data, "sample.json", thorough=False) if "duplicate" not in p.problem
    ]
    assert schema_accepts(data) == (not loader_problems), loader_problems


@pytest.mark.parametrize("path", FIELDS, ids=lambda p: ".".join(map(str, p)))
def test_schema_and_loader_agree_on_every_sample_in_every_field(path: tuple[Any, ...]) -> None:
    for value in SAMPLES:
        data = bundled_data()
        _set(path, copy.deepcopy(value))(data)
        loader_ok = not [
            p for p in check(data, "x", thorough=False) if "duplicate" not in p.problem
        ]
        assert schema_accepts(data) == loader_ok, (path, value)


# -- faq validate -------------------------------------------------------------


def _broken_collection(bundled: dict[str, Any]) -> dict[str, Any]:
    bundled["entries"][0]["slug"] = "Bad Slug"
    bundled["entries"][1]["question"] = ""
    bundled["entries"][2]["id"] = 1
    bundled["contacts"][0]["phones"][0] = "+4700000000"
    bundled["contacts"][1]["email"] = "nope"
    return bundled


def test_validate_the_bundled_collection(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "bundled: ok\n"
    assert result.stderr == ""


def test_validate_reports_every_problem_at_once(
    runner: CliRunner, bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    path = write_collection(_broken_collection(bundled))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}: entry 1 (id 1): field 'slug' must be kebab-case (like 'komme-i-gang'), "
        "not 'Bad Slug'",
        f"{path}: entry 2 (id 2): field 'question' is empty",
        f"{path}: entry 3: duplicate id 1 (also entry 1)",
        f"{path}: contact 1 (Gustav Weiberg-Aurdal): phone '+4700000000' is not a valid "
        "phone number",
        f"{path}: contact 2 (Morten Stenstadvold): field 'email' is not an e-mail address: 'nope'",
        "5 problems in 1 file",
    ]


def test_validate_several_files_with_json(
    runner: CliRunner,
    bundled: dict[str, Any],
    write_collection: Callable[..., Path],
    tmp_path: Path,
) -> None:
    good = write_collection(copy.deepcopy(bundled))
    bad = write_collection(_broken_collection(bundled))
    syntax = write_collection('{\n  "title": x\n}')
    missing = tmp_path / "missing.json"
    args = ["validate", "--json", str(good), str(bad), str(syntax), str(missing)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert [(f["file"], f["valid"], len(f["problems"])) for f in report["files"]] == [
        (str(good), True, 0),
        (str(bad), False, 5),
        (str(syntax), False, 1),
        (str(missing), False, 1),
    ]
    assert report["files"][1]["problems"][2] == {
        "file": str(bad),
        "where": "entry 3",
        "line": None,
        "column": None,
        "problem": "duplicate id 1 (also entry 1)",
    }
    assert report["files"][2]["problems"] == [
        {
            "file": str(syntax),
            "where": "line 2, column 12",
            "line": 2,
            "column": 12,
            "problem": "not valid JSON: Expecting value",
        }
    ]
    assert report["files"][3]["problems"][0]["problem"] == "no such file"


def test_validate_json_when_valid(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "valid": True,
        "files": [{"file": "bundled", "valid": True, "problems": [], "warnings": []}],
    }


def test_validate_takes_data_and_faq_data(
    runner: CliRunner,
    bundled: dict[str, Any],
    write_collection: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = write_collection(_broken_collection(copy.deepcopy(bundled)))
    result = runner.invoke(app, ["validate", "--data", str(bad)])
    assert result.exit_code == 2
    assert result.stdout.endswith("5 problems in 1 file\n")
    good = write_collection(bundled)
    monkeypatch.setenv("FAQ_DATA", str(good))
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0
    assert result.stdout == f"{good}: ok\n"


def test_validate_counts_problems_across_files(
    runner: CliRunner, write_collection: Callable[..., Path]
) -> None:
    one = write_collection("[]")
    two = write_collection(b"\xff")
    result = runner.invoke(app, ["validate", str(one), str(two)])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{one}: not a collection: the top level is a list, not an object",
        f"{two}: line 1, column 1: not UTF-8 (byte 0xff)",
        "2 problems in 2 files",
    ]


def test_validate_neutralises_control_characters_in_what_it_echoes(
    runner: CliRunner, bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    bundled["contacts"][0]["name"] = "Evil\x1b[2J"
    path = write_collection(bundled)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "\x1b" not in result.stdout
    assert "field 'name' holds the control character U+001B" in result.stdout


def test_load_still_stops_at_the_first_problem(
    bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    path = write_collection(_broken_collection(bundled))
    found = problems(str(path))
    assert len(found) == 5
    with pytest.raises(DataError) as raised:
        parse(json.loads(path.read_text(encoding="utf-8")), str(path))
    assert str(raised.value) == str(found[0])
