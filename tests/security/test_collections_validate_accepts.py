"""What `faq validate` accepts, every command takes (issue #15): a collection
with a lone surrogate (`"\\ud800"`, which JSON allows) or an id too large to
store used to pass `validate` and then end the index build or `export -o` in
a traceback. The loader refuses both, and `validate` reports exactly what the
loader refuses (one set of rules).

Against the installed `faq` in a subprocess where the real process matters:
the index build, a file written by export.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from text_helpers import large, run, write

from innovasjon_faq import loader
from innovasjon_faq.errors import DataError

# -- lone surrogates --------------------------------------------------------------


SURROGATE_FIELDS = [
    (("title",), "top level: field 'title'"),
    (("intro",), "top level: field 'intro'"),
    (("entries", 0, "question"), "entry 1 (id 1): field 'question'"),
    (("entries", 0, "answer"), "entry 1 (id 1): field 'answer'"),
    (("entries", 0, "keywords", 1), "entry 1 (id 1), field 'keywords' item 2:"),
    (("contacts", 0, "organization"), "contact 1 (Gustav Weiberg-Aurdal): field 'organization'"),
]


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@pytest.mark.parametrize(("path", "where"), SURROGATE_FIELDS, ids=lambda v: str(v))
@pytest.mark.parametrize("char", [chr(0xD800), chr(0xDFFF), chr(0xDCFF)], ids=ascii)
def test_the_loader_refuses_a_lone_surrogate(
    bundled: dict[str, Any], tmp_path: Path, path: tuple[Any, ...], where: str, char: str
) -> None:
    _set(bundled, path, f"tekst{char}mer")
    file = write(tmp_path / "lone.json", bundled)
    with pytest.raises(DataError) as raised:
        loader.load(str(file))
    assert str(raised.value) == (
        f"{file}: {where} holds the lone surrogate U+{ord(char):04X}, which is not a character"
    )
    # validate reports the same, from the same rule.
    assert [str(p) for p in loader.problems(str(file))] == [str(raised.value)]


def test_a_surrogate_pair_is_one_character_and_fine(
    bundled: dict[str, Any], tmp_path: Path
) -> None:
    bundled["entries"][0]["answer"] = "Smil \ud83d\ude42"  # json writes the pair escaped
    file = write(tmp_path / "pair.json", bundled)
    assert loader.load(str(file)).entries[0].answer == "Smil 🙂"
    assert loader.problems(str(file)) == []


def test_validate_and_every_command_refuse_a_lone_surrogate(
    bundled: dict[str, Any], tmp_path: Path
) -> None:
    data = large(bundled)
    data["entries"][0]["answer"] += "\ud800"
    file = write(tmp_path / "lone.json", data)
    line = (
        f"{file}: entry 1 (id 1): field 'answer' holds the lone surrogate U+D800, "
        "which is not a character"
    )
    validated = run("validate", str(file), cwd=tmp_path)
    assert validated.returncode == 2
    assert validated.stdout.decode() == f"{line}\n1 problem in 1 file\n"
    # The index build (search, show) and export to a file ended in tracebacks.
    for args in (["search", "politikere"], ["show", "sporsmal-3"], ["export", "-o", "out.md"]):
        result = run(*args, "--data", str(file), cwd=tmp_path)
        assert (result.returncode, result.stdout, result.stderr.decode()) == (
            2,
            b"",
            f"faq: {line}\n",
        ), args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lone.json"]


# -- ids ------------------------------------------------------------------------------


@pytest.mark.parametrize("entry_id", [2**53, 2**63, 2**63 + 1, 2**64, 10**30])
def test_the_loader_refuses_an_id_too_large(
    bundled: dict[str, Any], tmp_path: Path, entry_id: int
) -> None:
    bundled["entries"][2]["id"] = entry_id
    file = write(tmp_path / "big-id.json", bundled)
    with pytest.raises(DataError) as raised:
        loader.load(str(file))
    assert str(raised.value) == f"{file}: entry 3: field 'id' must be at most {loader.MAX_ID}"
    assert [str(p) for p in loader.problems(str(file))] == [str(raised.value)]


def test_the_largest_id_is_stored_and_found(bundled: dict[str, Any], tmp_path: Path) -> None:
    data = large(bundled)
    data["entries"][2]["id"] = loader.MAX_ID
    file = write(tmp_path / "max-id.json", data)
    result = run("show", "--json", str(loader.MAX_ID), "--data", str(file), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == loader.MAX_ID
    assert run("validate", str(file), cwd=tmp_path).returncode == 0


def test_an_id_too_large_to_store_is_refused_by_every_command(
    bundled: dict[str, Any], tmp_path: Path
) -> None:
    data = large(bundled)
    data["entries"][2]["id"] = 2**63
    file = write(tmp_path / "big-id.json", data)
    expected = f"faq: {file}: entry 3: field 'id' must be at most {loader.MAX_ID}\n"
    validated = run("validate", str(file), cwd=tmp_path)
    assert validated.returncode == 2
    assert validated.stdout.decode().splitlines()[0] == expected[len("faq: ") : -1]
    for args in (["search", "politikere"], ["show", "3"], ["list"]):
        result = run(*args, "--data", str(file), cwd=tmp_path)
        assert (result.returncode, result.stdout, result.stderr.decode()) == (2, b"", expected)
