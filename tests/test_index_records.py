"""The records of an index folder (index/records.py, index/entries.py): what is
written is read back, and anything else is damage (`IndexUnusable`), never
a crash or a wrong entry."""

from __future__ import annotations

import io
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innovasjon_faq.index import IndexUnusable
from innovasjon_faq.index.entries import decode_entry, encode_entry, head_from_json, head_json
from innovasjon_faq.index.records import Records, RecordsWriter
from innovasjon_faq.loader import load
from innovasjon_faq.models import Entry


def written(records: list[bytes]) -> Records:
    data, offsets = io.BytesIO(), io.BytesIO()
    writer = RecordsWriter(data, offsets)
    for record in records:
        writer.add(record)
    writer.finish()
    return Records(data, offsets)


@given(st.lists(st.binary(max_size=40), max_size=30), st.data())
def test_records_come_back_as_written(records: list[bytes], data: st.DataObject) -> None:
    read = written(records)
    assert read.count == len(records)
    assert [read.get(i) for i in range(len(records))] == records
    if records:
        asked = data.draw(st.lists(st.integers(0, len(records) - 1), max_size=20))
        assert read.get_many(asked) == [records[i] for i in asked]


@pytest.mark.parametrize("index", [-1, 3, 10**9])
def test_no_such_record_is_damage(index: int) -> None:
    with pytest.raises(IndexUnusable):
        written([b"a", b"b", b"c"]).get(index)
    with pytest.raises(IndexUnusable):
        written([b"a", b"b", b"c"]).get_many([0, index])


@pytest.mark.parametrize(
    "offsets",
    [
        b"",  # no offsets at all
        b"\x01\x02\x03",  # not a whole number
        struct.pack("<QQ", 0, 99),  # past the data's end
        struct.pack("<QQQ", 0, 5, 3),  # ends before it starts, and not at the end
    ],
)
def test_offsets_that_do_not_fit_the_data_are_damage(offsets: bytes) -> None:
    def read_all() -> list[bytes]:
        records = Records(io.BytesIO(b"hello"), io.BytesIO(offsets))
        return [records.get(0), records.get(1)]

    with pytest.raises(IndexUnusable):
        read_all()


def test_a_record_out_of_place_is_damage() -> None:
    offsets = struct.pack("<QQQ", 0, 4, 2)  # the second ends before it starts
    records = Records(io.BytesIO(b"ab"), io.BytesIO(offsets))
    with pytest.raises(IndexUnusable):
        records.get(1)
    with pytest.raises(IndexUnusable):
        records.get_many([0, 1])


@given(
    st.builds(
        Entry,
        st.integers(1, 2**63 - 1),
        st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True),
        st.text(min_size=1).filter(lambda t: "\x1e" not in t and "\x1f" not in t),
        st.text(min_size=1).filter(lambda t: "\x1e" not in t and "\x1f" not in t),
        st.lists(st.text(min_size=1, alphabet=st.characters(exclude_characters="\x1e\x1f"))).map(
            tuple
        ),
        st.lists(st.text(min_size=1, alphabet=st.characters(exclude_characters="\x1e\x1f"))).map(
            tuple
        ),
        st.booleans(),
    )
)
def test_an_entry_comes_back_as_it_was(entry: Entry) -> None:
    assert decode_entry(encode_entry(entry)) == entry


@pytest.mark.parametrize(
    "record",
    [
        b"",
        b"\xff\xfe",
        b"1\x1fa\x1fq\x1fa\x1f\x1f",  # a field short
        b"x\x1fa\x1fq\x1fa\x1f\x1f\x1f0",  # no id
        b"1\x1fa\x1fq\x1fa\x1f\x1f\x1fyes",  # no flag
    ],
)
def test_a_record_that_is_no_entry_is_damage(record: bytes) -> None:
    with pytest.raises(IndexUnusable):
        decode_entry(record)


def test_the_head_comes_back_as_it_was() -> None:
    faq = load()
    head = head_from_json(head_json(faq))
    assert (head.title, head.intro, head.contacts_intro, head.contacts) == (
        faq.title, faq.intro, faq.contacts_intro, faq.contacts
    )  # fmt: skip


@pytest.mark.parametrize("head", [None, [], {"title": "T"}, {**head_json(load()), "section": [1]}])
def test_a_head_of_another_shape_is_damage(head: object) -> None:
    with pytest.raises(IndexUnusable):
        head_from_json(head)
