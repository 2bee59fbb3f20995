"""Hypothesis, end to end: random strings of what a terminal acts on, in every
field of a collection and in its file name, through every command, piped and
on a terminal. No byte stream faq writes (stdout, stderr) holds an escape,
a C1 control, BEL or a bidi control but faq's own styling: on a terminal, SGR
`ESC[…m`, and OSC 8 links to tel:/mailto: only.

Most such collections are refused (one line on stderr, which must be clean
too); the rest are shown, indexed or not, and their text must be clean.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from innovasjon_faq.cli import actions, app
from innovasjon_faq.environment import Environment

PIECES = [
    "\x1b[2J",
    "\x1b[31m",
    "\x1b]0;OWNED\x07",
    "\x1b]8;;https://qzx.invalid\x1b\\",
    "\x1b]52;c;cm0gLXJmIH4=\x07",
    "\x1b\\",
    "\x1b",
    "\x9b",
    "\x9d",
    "\x85",
    "\x07",
    "\x08",
    "\r",
    "\t",
    "\n",
    "\x00",
    "\x7f",
    "[link=https://qzx.invalid]",
    "[/link]",
    "[/]",
    "[bold red]",
    ":smile:",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u00ad",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\ud800",
    "\udcff",
    "politikere",
    "kommune",
    "innovasjonsverktøy",
    " ",
    "🙂",
]
hostile = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join)
# Mostly plain words, so that a good part of the collections is accepted.
text = st.one_of(st.sampled_from(["Spørsmål", "Svar om politikere", "kommune"]), hostile)
# A file name holds no slash or NUL, and of the surrogates only those that
# stand for a byte that is not UTF-8 (U+DC80-U+DCFF, as Python decodes names).
names = st.lists(
    st.sampled_from([p for p in PIECES if "/" not in p and p not in ("\x00", "\ud800")]),
    max_size=4,
).map(lambda parts: "".join(parts) + ".json")

COMMANDS = [
    [],
    ["list"],
    ["list", "--json"],
    ["show", "1"],
    ["show", "--json", "politikere"],
    ["search", "politikere"],
    ["search", "--json", "kommune"],
    ["contacts"],
    ["contacts", "--json"],
    ["validate"],
    ["validate", "--json"],
    ["export"],
    ["export", "--format", "json"],
]

OWN = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b\x07]*\x1b\\")
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
LINK = re.compile(r"\x1b\]8;[^;]*;([^\x1b]*)\x1b\\")


@st.composite
def collections(draw: st.DrawFn) -> dict[str, Any]:
    entries = [
        {
            "id": number,
            "slug": draw(st.sampled_from([f"sporsmal-{number}", f"x{number}"])),
            "question": draw(text),
            "answer": draw(text),
            "keywords": draw(st.lists(text, max_size=2)),
            "see_also": draw(st.lists(text, max_size=1)),
            "refers_to_contacts": draw(st.booleans()),
        }
        for number in range(1, draw(st.integers(1, 3)) + 1)
    ]
    contacts = [
        {
            "name": draw(text),
            "organization": draw(text),
            "phones": draw(st.sampled_from([["+4724132638"], [], [draw(hostile)]])),
            "email": draw(st.sampled_from(["a@b.no", "", draw(hostile) + "@b.no"])),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    return {
        "title": draw(text),
        "section": draw(st.one_of(st.just(6), text)),
        "language": draw(st.sampled_from(["nb", draw(hostile)])),
        "intro": draw(text),
        "entries": entries,
        "contacts_intro": draw(text),
        "contacts": contacts,
    }


def assert_clean(stream: str, terminal: bool) -> None:
    if terminal:
        targets = [t for t in LINK.findall(stream) if t]
        assert all(t.startswith(("tel:", "mailto:")) for t in targets), targets
        stream = OWN.sub("", stream)
    assert not CONTROL.search(stream), repr(stream)


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=collections(), name=names, command=st.sampled_from(COMMANDS), indexed=st.booleans())
def test_no_stream_holds_a_control_but_faq_s_own(
    tmp_path_factory: Any, data: dict[str, Any], name: str, command: list[str], indexed: bool
) -> None:
    folder: Path = tmp_path_factory.mktemp("streams")
    path = folder / name
    # ensure_ascii: lone surrogates can only be written as \\uXXXX escapes.
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="ascii")
    runner = CliRunner()
    args = [*command, "--data", str(path)]
    saved = actions.INDEX_MIN_BYTES
    actions.INDEX_MIN_BYTES = 0 if indexed else saved
    try:
        piped = runner.invoke(app, args)
        env = Environment(
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            stdout_isatty=True,
            stderr_isatty=True,
            environ={"COLUMNS": "100", "TERM": "xterm-256color"},
        )
        shown = runner.invoke(app, args, obj=env)
    finally:
        actions.INDEX_MIN_BYTES = saved
    event(f"exit {piped.exit_code}")
    for result in (piped, shown):
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    assert_clean(piped.stdout, terminal=False)
    assert_clean(piped.stderr, terminal=False)
    assert isinstance(env.stdout, io.StringIO)
    assert isinstance(env.stderr, io.StringIO)
    assert_clean(env.stdout.getvalue(), terminal=True)
    assert_clean(env.stderr.getvalue(), terminal=True)
