"""The bundled collection holds section 6 of SLIK word for word, and nothing invented.

The project's checker lives in shared/tools beside the repository (CI puts
`shared/` next to the clone); FAQ_SHARED_DIR may point at it elsewhere. The test
is skipped when it is absent."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from innovasjon_faq.loader import bundled_bytes

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data" / "faq.json"


def checker() -> Path | None:
    candidates = [REPO.parent / "shared"]
    if os.environ.get("FAQ_SHARED_DIR"):
        candidates.insert(0, Path(os.environ["FAQ_SHARED_DIR"]))
    for shared in candidates:
        tool = shared / "tools" / "check_seed_fidelity.py"
        if tool.is_file():
            return tool
    return None


def test_seed_fidelity_check_passes() -> None:
    tool = checker()
    if tool is None:
        pytest.skip(f"no shared/tools/check_seed_fidelity.py beside {REPO} (set FAQ_SHARED_DIR)")
    done = subprocess.run(
        [sys.executable, str(tool), str(DATA)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 problems" in done.stdout


def test_the_installed_data_is_the_repository_data() -> None:
    if not DATA.is_file():
        pytest.skip("no data/faq.json here (not a source checkout)")
    assert bundled_bytes() == DATA.read_bytes()


@pytest.fixture
def data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(bundled_bytes().decode("utf-8"))
    return loaded


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_top_level_shape(data: dict[str, Any]) -> None:
    assert list(data) == [
        "schema_version",
        "title",
        "section",
        "language",
        "intro",
        "entries",
        "contacts_intro",
        "contacts",
    ]
    assert data["schema_version"] == 1
    assert data["section"] == 6
    assert data["title"] == "Kontakt og spørsmål"
    assert data["language"] == "nb"
    assert data["contacts_intro"].startswith("Hvis du har ytterligere spørsmål")


def test_entries_in_page_order_with_lookup_aids(data: dict[str, Any]) -> None:
    entries = data["entries"]
    assert [e["id"] for e in entries] == [1, 2, 3, 4, 5]
    assert len({e["slug"] for e in entries}) == 5
    for entry in entries:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry["slug"])
        assert entry["question"].endswith("?")
        assert entry["keywords"]
    assert {"N3", "BLT", "SLIK"} <= set(entries[1]["keywords"])
    assert entries[4]["see_also"] == ["Bygge system", "Menneskene"]
    assert "‘parti-hatten’" in entries[4]["answer"]  # typography stays


def test_contacts_as_the_page_writes_them(data: dict[str, Any]) -> None:
    contacts = data["contacts"]
    assert [c["name"] for c in contacts] == [
        "Gustav Weiberg-Aurdal",
        "Morten Stenstadvold",
        "Inger Hegna",
        "Jens Petter Jensen",
    ]
    assert contacts[3]["email"] == "jens.peter.jensen@midtlab.dk"
    assert contacts[3]["phones"] == ["+4578410843"]
    for contact in contacts[:3]:
        assert all(phone.startswith("+47") and len(phone) == 11 for phone in contact["phones"])


def test_white_space_is_folded(data: dict[str, Any]) -> None:
    for text in _strings(data):
        assert "\u00a0" not in text
        assert "  " not in text
        assert text == text.strip()
