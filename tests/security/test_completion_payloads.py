"""Collection text in shell completion is offered as it is and never runs (issue #15).

zsh's `_arguments` evaluates the items it is given, and `faq` escaped `$` but
not the backslash before it: a question `Hva gjør jeg \\$(touch /tmp/PWNQ) nå?`
ran `touch` when a zsh user pressed Tab after `faq show `, and `faq validate`
called the file fine. Here a valid collection full of such text is completed in
real bash, zsh and fish, on a pseudo-terminal, as a person presses Tab: through
the script `faq --show-completion SHELL` prints and through the one Typer 0.28
printed (users who installed it earlier still run it), on the fast path
(`FAQ_DATA`) and on Typer's (`--data FILE`, which the fast path leaves to Typer).
Every payload would create a file in `pwn/` (the shell runs in the folder
that holds it); none may. And each keyword the
shell puts on the line must reach `faq` as the collection spells it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from shell_session import (
    BIN,
    SHELLS,
    ShellSession,
    faq_environment,
    load_completion,
    shell_path,
)
from typer._completion_shared import get_completion_script

# Typed prefix → keyword. Keywords hold no spaces (one with a space is never
# offered: the shell would split it), so the payloads do without.
KEYWORDS = {
    "qa": "qa$(:>{pwn}/qa)",
    "qb": "qb`:>{pwn}/qb`",
    "qc": "qc\\$(:>{pwn}/qc)",
    "qd": "qd\\`:>{pwn}/qd\\`",
    "qe": "qe'$(:>{pwn}/qe)'",
    "qf": 'qf"$(:>{pwn}/qf)"',
    "qg": "qg;:>{pwn}/qg",
    "qh": "qh|:>{pwn}/qh",
    "qi": "qi&&:>{pwn}/qi",
    "qj": "qj<(:>{pwn}/qj)",
    "qk": "qk\\",
    "ql": "ql\\:x:y\\\\",
    "qm": "qm*{{a,b}}!!#",
    "qn": "qn\"'\\\"'\\''",
}
# Typer's path parses the line itself (shlex) and costs an import of Typer per
# Tab: these, the ones that broke out before, are typed there too.
THROUGH_TYPER = ("qa", "qc", "qd", "qf", "qn")
# Questions are the descriptions zsh and fish show next to a candidate.
QUESTIONS = [
    "Hva gjør jeg \\$(touch {pwn}/d1) nå?",
    "Hva med `touch {pwn}/d2` da?",
    "Og $(touch {pwn}/d3) så?",
    "Sitat ' ; touch {pwn}/d4 ; ' slutt",
    'Dobbel " ; touch {pwn}/d5 ; " slutt',
    "Rør | touch {pwn}/d6 og && touch {pwn}/d7",
    "Kolon: \\: \\\\: )) (( '\\'' \\\" slutt",
]


def hostile_collection(bundled: dict[str, Any], pwn: str = "pwn") -> dict[str, Any]:
    """The bundled collection with entries whose keywords and questions are payloads."""
    keywords = [k.format(pwn=pwn) for k in KEYWORDS.values()]
    entries = []
    for number, question in enumerate(QUESTIONS, start=1):
        entries.append(
            {
                "id": number,
                "slug": f"sak-{number}",
                "question": question.format(pwn=pwn),
                "answer": "Svar.",
                "keywords": keywords[number - 1 :: len(QUESTIONS)],
            }
        )
    return {**bundled, "entries": entries}


@pytest.fixture
def home() -> Iterator[Path]:
    """A home folder whose path needs no quoting and holds no glob character
    (pytest's tmp_path may hold `[`), so that a payload that ran would work."""
    path = Path(tempfile.mkdtemp(prefix="faq-shell-"))
    (path / "pwn").mkdir()
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def collection(home: Path, bundled: dict[str, Any]) -> Path:
    path = home / "hostile.json"
    text = json.dumps(hostile_collection(bundled), ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_hostile_collection_is_valid(collection: Path) -> None:
    """`faq validate` calls it fine: the defence is in completion, not the loader."""
    done = subprocess.run(
        [str(BIN / "faq"), "validate", str(collection)], capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def typer_script(shell: str) -> str:
    """What Typer 0.28 printed for `faq --show-completion SHELL`."""
    return get_completion_script(prog_name="faq", complete_var="_FAQ_COMPLETE", shell=shell)


@pytest.mark.parametrize("script", ["ours", "typer-0.28"])
@pytest.mark.parametrize("shell", SHELLS)
def test_collection_text_never_runs_and_reaches_faq_as_written(
    shell: str, script: str, home: Path, collection: Path
) -> None:
    routes = {
        "fast": (["faq", "show"], KEYWORDS),  # the collection from FAQ_DATA
        "typer": (  # `--data` before the word: the fast path leaves it to Typer
            ["faq", "show", "--data", str(collection)],
            {k: v for k, v in KEYWORDS.items() if k in THROUGH_TYPER},
        ),
    }
    env = faq_environment(home, FAQ_DATA=str(collection))
    with ShellSession(shell, home, env) as session:
        load_completion(session, None if script == "ours" else typer_script(shell))
        for before, keywords in routes.values():
            for prefix, keyword in keywords.items():
                session.type(" ".join([*before, prefix]))
                session.tab()
                assert session.submit() == [*before, keyword.format(pwn="pwn")]
            if shell != "bash":  # bash shows no descriptions
                session.run("clear")
                session.type(" ".join([*before, "q"]))
                session.tab()
                screen = session.wait_for_text(*(q.format(pwn="pwn") for q in QUESTIONS))
                for keyword in KEYWORDS.values():
                    assert keyword.format(pwn="pwn") in screen
                session.cancel()
    assert sorted(p.name for p in (home / "pwn").iterdir()) == []


@pytest.mark.parametrize("shell", SHELLS)
def test_a_collection_the_loader_refuses_offers_nothing(
    shell: str, home: Path, bundled: dict[str, Any]
) -> None:
    """A question with a line break (or any control character) makes the file
    invalid: completion then offers nothing from it, and says nothing."""
    collection = hostile_collection(bundled)
    collection["entries"][0]["question"] = "Ny linje\n:>pwn/nl\n"
    path = home / "broken.json"
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    with ShellSession(shell, home, faq_environment(home, FAQ_DATA=str(path))) as session:
        load_completion(session)
        session.run("clear")
        session.type("faq show qa")
        session.tab(2)
        assert session.submit() == ["faq", "show", "qa"]
        assert "Traceback" not in session.text()
        assert "faq:" not in session.text()
    assert sorted(p.name for p in (home / "pwn").iterdir()) == []


def test_a_missing_shell_fails_these_tests_where_shells_are_required(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """CI installs the shells and sets FAQ_REQUIRE_SHELLS: a test that skipped
    there would protect nothing. Without the variable, a missing shell skips."""
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("FAQ_REQUIRE_SHELLS", raising=False)
    with pytest.raises(pytest.skip.Exception):
        shell_path("zsh")
    monkeypatch.setenv("FAQ_REQUIRE_SHELLS", "1")
    with pytest.raises(pytest.fail.Exception, match="zsh is not installed"):
        shell_path("zsh")
