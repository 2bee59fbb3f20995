"""A collection file whose name is not UTF-8 (`$'\\xff.json'`) works (issue #15:
the index build failed storing the file's signature, a traceback). Against the
installed `faq`: the bytes of a name come only from a real command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from text_helpers import large, run

# -- a file name that is not UTF-8 ----------------------------------------------------


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names must be UTF-8")
def test_a_collection_whose_name_is_not_utf8_is_indexed_and_used(
    bundled: dict[str, Any], tmp_path: Path
) -> None:
    name = b"\xff-samling.json"
    data = large(bundled)
    (tmp_path / os.fsdecode(name)).write_text(json.dumps(data), encoding="utf-8")
    cache = tmp_path / "cache"
    for _ in range(2):  # the build, then the cached index
        result = run(
            "search",
            "--json",
            "politikere",
            "--data",
            name,
            cwd=tmp_path,
            XDG_CACHE_HOME=str(cache),
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)
        assert result.stderr == b""
    assert list((cache / "innovasjon-faq" / "index").glob("*.json"))  # its manifest
    # Its index belongs to a file that exists: not "gone", so not removed as one.
    info = run("cache", "info", "--json", cwd=tmp_path, XDG_CACHE_HOME=str(cache))
    (index,) = json.loads(info.stdout)["indexes"]
    assert index["collection_exists"] is True
    assert os.fsencode(index["collection"]).endswith(name)
    cleared = run("cache", "clear", "--orphans", "--json", cwd=tmp_path, XDG_CACHE_HOME=str(cache))
    assert cleared.returncode == 0, cleared.stderr
    assert json.loads(cleared.stdout)["removed"] == 0


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names must be UTF-8")
def test_validate_names_a_file_whose_name_is_not_utf8(
    bundled: dict[str, Any], tmp_path: Path
) -> None:
    name = b"\xff-samling.json"
    (tmp_path / os.fsdecode(name)).write_text(json.dumps(bundled), encoding="utf-8")
    validated = run("validate", "--json", name, cwd=tmp_path)
    assert validated.returncode == 0
    # The name goes out as the JSON escape of its byte, which reads back as the
    # same name (it was a "?" before).
    assert b'"\\udcff-samling.json"' in validated.stdout
    assert os.fsencode(json.loads(validated.stdout)["files"][0]["file"]) == name
    plain = run("validate", name, cwd=tmp_path)
    assert plain.stdout == b"<U+DCFF>-samling.json: ok\n"


def test_a_query_that_is_not_utf8_is_echoed_visibly(tmp_path: Path) -> None:
    result = run("search", b"qqxz\xff", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == b"faq: nothing matches 'qqxz<U+DCFF>'\n"
