"""Every place where a string from outside reaches the terminal, one test each
(issue #15): file names in messages and in `validate`'s report, the query
echoed back, suggestions, and what is read back from the cache. Each is shown
neutralised, and reaches Rich only as Text (the progress bar, the other Rich
sink for a file name, is tests/security/test_progress_bar.py).

The payload holds what a terminal acts on: CSI (clear), OSC 0 (title), OSC 8
(a link), OSC 52 (write the clipboard), the C1 CSI, BEL, backspace, carriage
return, Rich markup and a bidi override.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from innovasjon_faq.cli import actions, app, fast
from innovasjon_faq.environment import Environment
from innovasjon_faq.index import cache
from innovasjon_faq.index.entries import ENTRIES, META, decode_entry, encode_entry
from innovasjon_faq.index.records import OFFSETS, Records, RecordsWriter
from innovasjon_faq.models import Entry

PAYLOAD = (
    "\x1b[2J\x1b]0;OWNED\x07\x1b]8;;https://qzx.invalid\x1b\\klikk\x1b]8;;\x1b\\"
    "\x1b]52;c;cm0gLXJmIH4=\x07\x9b2J\x07\x08\r[link=https://qzx.invalid]x[/link][/][bold]"
    "\u202e"
)
# The same, as neutralise shows it.
SHOWN = (
    "<U+001B>[2J<U+001B>]0;OWNED<U+0007><U+001B>]8;;https://qzx.invalid<U+001B>\\klikk"
    "<U+001B>]8;;<U+001B>\\<U+001B>]52;c;cm0gLXJmIH4=<U+0007><U+009B>2J<U+0007><U+0008>"
    "<U+000D>[link=https://qzx.invalid]x[/link][/][bold]<U+202E>"
)
# A file name cannot hold a slash.
NAME = PAYLOAD.replace("/", "") + ".json"
NAME_SHOWN = SHOWN.replace("/", "") + ".json"

# What a terminal may get from faq itself: SGR styles, and OSC 8 links (whose
# targets links() checks).
OWN = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b\x07]*\x1b\\")
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def links(out: str) -> list[str]:
    return [t for t in re.findall(r"\x1b\]8;[^;]*;([^\x1b]*)\x1b\\", out) if t]


def clean(out: str) -> None:
    """`out` holds no control but faq's own styles and tel:/mailto: links."""
    assert not CONTROL.search(OWN.sub("", out)), repr(out)
    assert all(t.startswith(("tel:", "mailto:")) for t in links(out)), links(out)


def both(
    runner: CliRunner, terminal: Callable[..., Environment], args: list[str]
) -> list[tuple[int, str, str]]:
    """(status, stdout, stderr) of `faq ARGS`, piped and on a terminal."""
    piped = runner.invoke(app, args)
    env = terminal(width=200)
    shown = runner.invoke(app, args, obj=env)
    assert isinstance(env.stdout, io.StringIO)
    assert isinstance(env.stderr, io.StringIO)
    runs = [
        (piped.exit_code, piped.stdout, piped.stderr),
        (shown.exit_code, env.stdout.getvalue(), env.stderr.getvalue()),
    ]
    for _status, out, err in runs:
        clean(out)
        clean(err)
    return runs


# -- file names in messages ------------------------------------------------------


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["search", "kommune"], ["contacts"]])
def test_a_missing_file_is_named_neutralised(
    runner: CliRunner,
    terminal: Callable[..., Environment],
    tmp_path: Path,
    command: list[str],
) -> None:
    path = tmp_path / NAME
    for status, out, err in both(runner, terminal, [*command, "--data", str(path)]):
        assert (status, out) == (2, "")
        assert err == f"faq: {tmp_path}/{NAME_SHOWN}: no such file\n"


def test_a_broken_file_is_named_neutralised(
    runner: CliRunner, terminal: Callable[..., Environment], tmp_path: Path
) -> None:
    path = tmp_path / NAME
    path.write_text("{ not json")
    for status, _out, err in both(runner, terminal, ["list", "--data", str(path)]):
        assert status == 2
        assert err.startswith(f"faq: {tmp_path}/{NAME_SHOWN}: line 1, column 3: not valid JSON")


def test_an_export_target_is_named_neutralised(
    runner: CliRunner, terminal: Callable[..., Environment], tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / NAME
    for status, _out, err in both(runner, terminal, ["export", "-o", str(target)]):
        assert status == 74
        assert err.startswith(f"faq: cannot write {tmp_path}/no-such-folder/{NAME_SHOWN}")


# -- file names in validate's report ---------------------------------------------


def test_validate_names_files_neutralised(
    runner: CliRunner,
    terminal: Callable[..., Environment],
    tmp_path: Path,
    bundled: dict[str, Any],
) -> None:
    good = tmp_path / NAME
    good.write_text(json.dumps(bundled), encoding="utf-8")
    missing = tmp_path / ("x" + NAME)
    for status, out, err in both(runner, terminal, ["validate", str(good), str(missing)]):
        assert (status, err) == (2, "")
        assert out.splitlines() == [
            f"{tmp_path}/{NAME_SHOWN}: ok",
            f"{tmp_path}/x{NAME_SHOWN}: no such file",
            "1 problem in 1 file",
        ]


def test_validate_json_names_files_exactly_and_escaped(
    runner: CliRunner, terminal: Callable[..., Environment], tmp_path: Path
) -> None:
    missing = tmp_path / NAME
    for status, out, _err in both(runner, terminal, ["validate", "--json", str(missing)]):
        assert status == 2
        assert json.loads(out)["files"][0]["file"] == str(missing)


# -- what the user typed, echoed back ---------------------------------------------


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["search"], "nothing matches '{q}'"),
        (["show"], "no entry matches '{q}'"),
        (["contacts"], "no contact matches '{q}'"),
    ],
)
def test_the_query_is_echoed_neutralised(
    runner: CliRunner, terminal: Callable[..., Environment], command: list[str], message: str
) -> None:
    query = "zzq" + PAYLOAD
    for status, out, err in both(runner, terminal, [*command, query]):
        assert (status, out) == (1, "")
        # (perhaps with a "Did you mean …" after it)
        assert err.startswith("faq: " + message.format(q="zzq" + SHOWN))
        assert err.count("\n") == 1


# -- what is read back from the cache ---------------------------------------------


@pytest.fixture
def tampered(bundled: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A collection whose index in the cache someone rewrote with the payload,
    in the entries and in the collection's head, and whose manifest they
    fitted to the rewritten files (so that faq reads them)."""
    monkeypatch.setattr(actions, "INDEX_MIN_BYTES", 0)
    path = tmp_path / "samling.json"
    path.write_text(json.dumps(bundled), encoding="utf-8")
    env = Environment(stdout=io.StringIO(), stderr=io.StringIO(), environ={})
    assert fast.run(["show", "--data", str(path), "1"], env) == 0  # builds the index
    root = Path(cache.index_folder())
    manifest_path = root / (cache.key(str(path)) + ".json")
    manifest = json.loads(manifest_path.read_text())
    folder = root / manifest["folder"]
    with (folder / ENTRIES).open("rb") as data, (folder / (ENTRIES + OFFSETS)).open("rb") as at:
        stored = Records(data, at)
        entries = [decode_entry(stored.get(doc)) for doc in range(stored.count)]
    with (folder / ENTRIES).open("wb") as data, (folder / (ENTRIES + OFFSETS)).open("wb") as at:
        writer = RecordsWriter(data, at)
        for entry in entries:
            writer.add(
                encode_entry(
                    Entry(
                        entry.id,
                        entry.slug,
                        entry.question + PAYLOAD,
                        PAYLOAD + entry.answer,
                        entry.keywords,
                        entry.see_also,
                        entry.refers_to_contacts,
                    )
                )
            )
        writer.finish()
    meta = json.loads((folder / META).read_text())
    meta["head"]["title"] += PAYLOAD
    (folder / META).write_text(json.dumps(meta))
    manifest["files"] = cache._stats(str(folder))
    manifest_path.write_text(json.dumps(manifest))
    return path


@pytest.mark.parametrize(
    "command", [["show", "3"], ["show", "--json", "3"], ["search", "politikere"]]
)
def test_text_read_back_from_the_cache_is_neutralised(
    runner: CliRunner,
    terminal: Callable[..., Environment],
    tampered: Path,
    command: list[str],
) -> None:
    runs = both(runner, terminal, [*command, "--data", str(tampered)])
    for status, out, err in runs:
        assert (status, err) == (0, "")
        if "--json" in command:
            assert json.loads(out)["answer"].startswith(PAYLOAD)
        else:
            assert "OWNED" in out
            assert "<U+001B>]0;OWNED" in OWN.sub("", out)


def test_candidates_read_back_from_the_cache_are_neutralised(
    runner: CliRunner, terminal: Callable[..., Environment], tampered: Path
) -> None:
    for status, out, err in both(runner, terminal, ["show", "innovasjon", "--data", str(tampered)]):
        assert (status, out) == (1, "")
        assert "say which:" in err
        assert f"?{SHOWN}" in err


def test_a_suggestion_read_back_from_the_cache_is_neutralised(
    runner: CliRunner, terminal: Callable[..., Environment], tampered: Path
) -> None:
    for status, out, err in both(runner, terminal, ["search", "politkr", "--data", str(tampered)]):
        assert (status, out) == (1, "")
        # A spelling is a word of a text, letters and digits only: the payload
        # around it stays out, and nothing raw reaches the terminal.
        assert "«politikere»" in err
        assert "\x1b" not in err
