"""Property-based fuzzing: whole collections (valid and subtly broken) and any query.

Invariants:
- the loader accepts a collection or raises DataError — nothing else, ever;
- a collection built to the rules is accepted;
- search never crashes, is deterministic, ranks best first; resolve gives an
  entry, NotFoundError or AmbiguousError;
- the rendered output (plain and Rich) of any accepted collection holds no
  control character but line feed, and Rich adds only its own SGR styles and
  tel:/mailto: OSC 8 links — nothing from the data.

The number of examples comes from a Hypothesis profile chosen by FAQ_FUZZ_PROFILE:
`ci` (the default: 60 examples per test, derandomised so CI is repeatable) or
`long` (5,000 examples, random), e.g. `benchmarks/fuzz.sh`.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from innovasjon_faq.cli.output import make_console
from innovasjon_faq.environment import Environment
from innovasjon_faq.errors import AmbiguousError, DataError, NotFoundError
from innovasjon_faq.loader import bundled_bytes, decode, parse
from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.render import human, jsonout, plain
from innovasjon_faq.search import SearchEngine, resolve
from innovasjon_faq.search.store import Entries
from innovasjon_faq.text import BIDI_CONTROLS, INVISIBLE_MARKS, neutralise

settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(
    "long",
    max_examples=5_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
FUZZ = settings.get_profile(os.environ.get("FAQ_FUZZ_PROFILE", "ci"))

# The invisible marks a collection may hold are never written raw either.
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + INVISIBLE_MARKS + "\u2028\u2029]"
)
RICH_OWN = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b\x07]*\x1b\\")
LINK = re.compile(r"\x1b\]8;[^;]*;([^\x1b]*)\x1b\\")

# -- text ------------------------------------------------------------------------

NORWEGIAN = "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ0123456789"
HOSTILE = [
    "[bold]",
    "[/]",
    "[link=https://evil.example]",
    ":smile:",
    "\x1b[31m",
    "\x1b]0;t\x07",
    "\x1b]8;;https://evil.example\x1b\\",
    "\x9b",
    "\x07",
    "\x08",
    "\r",
    "\t",
    "\u202e",
    "\u2066",
    "\u2028",
    "\u0301",
    "\ufeff",
    "\u200e",
    "in\u00adnovasjon",
    "🙂",
    "‘’«»–",
    "%s{0}",
    "\\",
]

words = st.text(alphabet=NORWEGIAN, min_size=1, max_size=12)
anything = st.text(st.characters(exclude_categories=()), max_size=40)
# Mostly words, sometimes markup or control sequences or any character at all.
fragment = st.one_of(words, words, words, st.sampled_from(HOSTILE), anything)
raw_text = st.lists(fragment, min_size=1, max_size=12).map(" ".join)
clean_text = st.lists(words, min_size=1, max_size=12).map(" ".join)
markup_text = st.lists(
    st.one_of(words, st.sampled_from([h for h in HOSTILE if h.isprintable()])),
    min_size=1,
    max_size=12,
).map(" ".join)
multiline_text = st.lists(markup_text, min_size=1, max_size=4).map("\n".join)
slugs = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6),
    min_size=1,
    max_size=3,
).map("-".join)
phones = st.from_regex(r"\+[1-9][0-9]{6,14}", fullmatch=True)
emails = st.builds(
    "{}@{}.{}".format,
    st.text(alphabet="abcdefghij.-_", min_size=1, max_size=8),
    st.text(alphabet="abcdefghij", min_size=1, max_size=8),
    st.sampled_from(["no", "dk", "com"]),
)


# -- collections -----------------------------------------------------------------


@st.composite
def valid_collections(draw: st.DrawFn) -> dict[str, Any]:
    """A collection that keeps every rule (though its text may be full of markup)."""
    count = draw(st.integers(min_value=0, max_value=6))
    ids = draw(st.lists(st.integers(1, 10**6), min_size=count, max_size=count, unique=True))
    slug_list = draw(st.lists(slugs, min_size=count, max_size=count, unique=True))
    entries = [
        {
            "id": entry_id,
            "slug": slug,
            "question": draw(markup_text),
            "answer": draw(multiline_text),
            "keywords": draw(st.lists(markup_text, max_size=4)),
            "see_also": draw(st.lists(markup_text, max_size=2)),
            "refers_to_contacts": draw(st.booleans()),
        }
        for entry_id, slug in zip(ids, slug_list, strict=True)
    ]
    contacts = [
        {
            "name": draw(markup_text),
            "organization": draw(st.one_of(st.just(""), markup_text)),
            "phones": draw(st.lists(phones, max_size=2)),
            "email": draw(st.one_of(st.just(""), emails)),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    data: dict[str, Any] = {"title": draw(markup_text), "entries": entries, "contacts": contacts}
    if draw(st.booleans()):
        data["intro"] = draw(multiline_text)
    if draw(st.booleans()):
        data["contacts_intro"] = draw(multiline_text)
    if draw(st.booleans()):
        data["section"] = draw(st.one_of(st.integers(0, 99), markup_text))
    if draw(st.booleans()):
        data["schema_version"] = 1
    return data


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | raw_text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def mutated_collections(draw: st.DrawFn) -> Any:
    """A valid collection with one subtle fault: a field dropped, retyped or
    given a control character; a duplicate; a bad slug, phone or e-mail."""
    data = draw(valid_collections())
    targets: list[tuple[dict[str, Any], str]] = [(data, k) for k in list(data)]
    for entry in data["entries"]:
        targets += [(entry, k) for k in list(entry)]
    for contact in data["contacts"]:
        targets += [(contact, k) for k in list(contact)]
    holder, key = draw(st.sampled_from(targets))
    action = draw(st.sampled_from(["drop", "retype", "hostile", "duplicate", "wrap"]))
    if action == "drop":
        del holder[key]
    elif action == "retype":
        holder[key] = draw(JSON_VALUES)
    elif action == "hostile":
        holder[key] = draw(raw_text)
    elif action == "duplicate" and data["entries"]:
        data["entries"].append(dict(draw(st.sampled_from(data["entries"]))))
    elif action == "wrap":
        return draw(st.sampled_from([[data], json.dumps(data), None, 0]))
    return data


def encoded(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")


@st.composite
def broken_bytes(draw: st.DrawFn) -> bytes:
    """A collection's bytes, truncated, with a byte flipped, or with a BOM."""
    raw = encoded(draw(valid_collections()))
    how = draw(st.sampled_from(["truncate", "flip", "bom", "insert", "number", "nest"]))
    if how == "truncate":
        return raw[: draw(st.integers(0, max(len(raw) - 1, 0)))]
    position = draw(st.integers(0, max(len(raw) - 1, 0)))
    if how == "flip":
        return raw[:position] + bytes([draw(st.integers(0, 255))]) + raw[position + 1 :]
    if how == "insert":
        return raw[:position] + draw(st.binary(min_size=1, max_size=4)) + raw[position:]
    if how == "number":  # more digits than Python's int() converts
        return raw.replace(b'"id": ', b'"id": ' + b"7" * draw(st.sampled_from([4_400, 20_000])), 1)
    if how == "nest":
        depth = draw(st.sampled_from([10, 500, 5_000, 100_000]))
        return raw[:position] + b"[" * depth + raw[position:]
    return b"\xef\xbb\xbf" + raw


def load_bytes(raw: bytes) -> Collection | None:
    """The loader's verdict: a collection, or None for its DataError. Anything
    else escapes and fails the test."""
    refusal: DataError | None = None
    try:
        return parse(decode(raw, "fuzz.json"), "fuzz.json")
    except DataError as error:
        refusal = error
    assert refusal.path == "fuzz.json"
    assert refusal.message.startswith("fuzz.json: ")
    # What the user sees: one line, nothing in it that drives a terminal.
    line = neutralise(refusal.message, multiline=False)
    assert not FORBIDDEN.search(line)
    return None


# -- properties: the loader --------------------------------------------------------


@FUZZ
@given(valid_collections())
def test_a_collection_built_to_the_rules_is_accepted(data: dict[str, Any]) -> None:
    faq = load_bytes(encoded(data))
    assert faq is not None
    assert [e.id for e in faq.entries] == [e["id"] for e in data["entries"]]


@FUZZ
@given(mutated_collections())
def test_a_subtly_broken_collection_is_accepted_or_a_data_error(data: Any) -> None:
    load_bytes(encoded(data))


@FUZZ
@given(broken_bytes())
def test_broken_bytes_are_accepted_or_a_data_error(raw: bytes) -> None:
    load_bytes(raw)


@FUZZ
@given(st.binary(max_size=200))
def test_any_bytes_at_all_are_accepted_or_a_data_error(raw: bytes) -> None:
    load_bytes(raw)


@FUZZ
@given(JSON_VALUES)
def test_any_json_value_is_accepted_or_a_data_error(value: Any) -> None:
    load_bytes(encoded(value))


# -- properties: rendering ---------------------------------------------------------


def assert_safe_plain(text: str) -> None:
    assert not FORBIDDEN.search(text), repr(text)


def assert_safe_rich(out: str) -> None:
    assert all(target.startswith(("tel:", "mailto:")) for target in LINK.findall(out) if target)
    assert not FORBIDDEN.search(RICH_OWN.sub("", out)), repr(out)


def render_rich(renderable: object, width: int) -> str:
    env = Environment(
        stdout=io.StringIO(),
        stdout_isatty=True,
        environ={"TERM": "xterm-256color", "COLUMNS": str(width)},
    )
    make_console(env).print(renderable)
    assert isinstance(env.stdout, io.StringIO)
    return env.stdout.getvalue()


@FUZZ
@given(st.one_of(valid_collections(), mutated_collections()), st.integers(30, 160), words)
def test_rendered_output_of_an_accepted_collection_holds_no_control_characters(
    data: Any, width: int, query: str
) -> None:
    faq = load_bytes(encoded(data))
    assume(faq is not None)
    assert faq is not None
    engine = SearchEngine.of(faq)
    hits = engine.search(query) or engine.search(faq.entries[0].question if faq.entries else "x")
    views = [
        (human.overview(faq), plain.overview(faq, width)),
        (human.entry_list(faq.entries), plain.entry_list(faq.entries, width)),
        (human.contacts(faq.contacts, faq.contacts_intro), plain.contacts(faq.contacts, "", width)),
        (human.search(hits), plain.search(hits, width)),
    ]
    views += [(human.show(entry), plain.show(entry, width)) for entry in faq.entries[:3]]
    for renderable, text in views:
        assert_safe_plain(text)
        assert_safe_rich(render_rich(renderable, width))
    dumped = jsonout.dumps([e.to_dict() for e in faq.entries])
    assert not FORBIDDEN.search(dumped.replace("\n", ""))


@FUZZ
@given(
    st.builds(
        lambda title, question, answer: Collection(
            title=title,
            intro=answer,
            entries=(
                Entry(id=1, slug="x", question=question, answer=answer, keywords=(question,)),
            ),
            section=question,
        ),
        raw_text,
        raw_text,
        raw_text,
    ),
    st.integers(30, 120),
)
def test_renderers_neutralise_what_gets_past_the_loader(faq: Collection, width: int) -> None:
    # Built in code, past the loader: the renderers are the second line of defence.
    for renderable, text in [
        (human.overview(faq), plain.overview(faq, width)),
        (human.entry_list(faq.entries), plain.entry_list(faq.entries, width)),
        (human.show(faq.entries[0]), plain.show(faq.entries[0], width)),
    ]:
        assert_safe_plain(text)
        assert_safe_rich(render_rich(renderable, width))


# -- properties: search ----------------------------------------------------------


BUNDLED = parse(json.loads(bundled_bytes()), "bundled")
# Inputs that broke faq before (int() of "²" or of 5,000 digits) or might.
TRICKY = ["", " ", "²", "١٢", "0", "007", "1" * 5_000, "-1", "--", "…", "\u0301", "ß" * 50]
queries = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(exclude_categories=()), max_size=60),
    raw_text,
    st.lists(
        st.sampled_from(["politikere", "radmann", "N3", "slik", "innovasjon"]), max_size=4
    ).map(" ".join),
)


@FUZZ
@given(queries)
def test_search_never_crashes_and_is_deterministic(query: str) -> None:
    engine = SearchEngine.of(BUNDLED)
    first = engine.search(query)
    again = engine.search(query)
    fresh = SearchEngine.of(BUNDLED).search(query)
    key = [(h.entry.id, h.score, h.snippet) for h in first]
    assert key == [(h.entry.id, h.score, h.snippet) for h in again]
    assert key == [(h.entry.id, h.score, h.snippet) for h in fresh]
    scores = [h.score for h in first]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)
    assert len({h.entry.id for h in first}) == len(first)
    engine.suggest(query)
    for hit in first:
        for start, end in hit.snippet_spans:
            assert 0 <= start <= end <= len(hit.snippet)


@FUZZ
@given(queries)
def test_resolve_gives_an_entry_or_a_clean_refusal(ref: str) -> None:
    try:
        entry = resolve(Entries(BUNDLED), ref, lambda: SearchEngine.of(BUNDLED))
    except (NotFoundError, AmbiguousError):
        return
    assert entry in BUNDLED.entries


@FUZZ
@given(valid_collections(), queries)
def test_search_over_any_accepted_collection(data: dict[str, Any], query: str) -> None:
    faq = load_bytes(encoded(data))
    assert faq is not None
    hits = SearchEngine.of(faq).search(query, limit=5)
    assert len(hits) <= 5
    assert all(hit.entry in faq.entries for hit in hits)
    with contextlib.suppress(NotFoundError, AmbiguousError):
        resolve(Entries(faq), query, lambda: SearchEngine.of(faq))
