"""Shell completion: a real bash runs the script `faq --show-completion bash` prints,
and the completion function offers commands, options and the REFs of `faq show`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from innovasjon_faq.cli import app
from innovasjon_faq.cli.completion import _Candidate, complete_ref
from innovasjon_faq.completion import reference_candidates
from innovasjon_faq.loader import load

BASH = shutil.which("bash")


@pytest.fixture
def faq_on_path(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH starts with a `faq` that runs this checkout's code."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "faq"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m innovasjon_faq "$@"\n')
    wrapper.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("_FAQ")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env.pop("FAQ_DATA", None)
    return env


def bash_complete(script: str, words: list[str], env: dict[str, str]) -> list[str]:
    """COMPREPLY after bash runs `script` and its completion function on `words`
    (the last word is the one being completed)."""
    assert BASH is not None
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    program = (
        f"{script}\n"
        f"COMP_WORDS=({quoted})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        "_faq_completion faq\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    done = subprocess.run(
        [BASH, "--norc", "--noprofile", "-c", program],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stderr == ""
    return [line for line in done.stdout.split("\n") if line]


@pytest.fixture
def explicit_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer detects the shell (shellingham) unless this variable lets the shell be named."""
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")


@pytest.fixture
def bash_script(runner: CliRunner, explicit_shell: None) -> str:
    result = runner.invoke(app, ["--show-completion", "bash"])
    assert result.exit_code == 0, result.stderr
    assert "complete -o default -F _faq_completion faq" in result.stdout
    return result.stdout


@pytest.mark.skipif(BASH is None, reason="needs bash")
def test_real_bash_completes_show_n_with_n3(bash_script: str, faq_on_path: dict[str, str]) -> None:
    assert bash_complete(bash_script, ["faq", "show", "n"], faq_on_path) == ["n3-og-slik", "N3"]


@pytest.mark.skipif(BASH is None, reason="needs bash")
def test_real_bash_completes_commands_options_and_folded_words(
    bash_script: str, faq_on_path: dict[str, str]
) -> None:
    assert bash_complete(bash_script, ["faq", "sh"], faq_on_path) == ["show"]
    assert set(bash_complete(bash_script, ["faq", ""], faq_on_path)) >= {
        "list",
        "show",
        "search",
        "contacts",
        "export",
        "schema",
        "validate",
    }
    options = bash_complete(bash_script, ["faq", "show", "--"], faq_on_path)
    assert {"--data", "--json", "--help"} <= set(options)
    # Typed without å: offered with it.
    assert bash_complete(bash_script, ["faq", "show", "radm"], faq_on_path) == ["rådmann"]
    assert bash_complete(bash_script, ["faq", "show", "zzz"], faq_on_path) == []


@pytest.mark.skipif(BASH is None, reason="needs bash")
def test_real_bash_completes_from_the_data_option(
    bash_script: str,
    faq_on_path: dict[str, str],
    bundled: dict[str, Any],
    write_collection: Callable[..., Path],
) -> None:
    bundled["entries"][1]["keywords"] = ["Nytt"]
    path = write_collection(bundled)
    words = ["faq", "show", "--data", str(path), "n"]
    assert bash_complete(bash_script, words, faq_on_path) == ["n3-og-slik", "Nytt"]
    faq_on_path["FAQ_DATA"] = str(path)
    assert bash_complete(bash_script, ["faq", "show", "n"], faq_on_path) == ["n3-og-slik", "Nytt"]


@pytest.mark.parametrize(
    ("shell", "expected"),
    [
        ("bash", "complete -o default -F _faq_completion faq"),
        ("zsh", "compdef _faq_completion faq"),
        ("fish", "complete --command faq --no-files"),
    ],
)
@pytest.mark.usefixtures("explicit_shell")
def test_show_completion_for_each_shell(runner: CliRunner, shell: str, expected: str) -> None:
    result = runner.invoke(app, ["--show-completion", shell])
    assert result.exit_code == 0, result.stderr
    assert expected in result.stdout


@pytest.mark.parametrize(
    ("shell", "environ", "expected"),
    [
        (
            "zsh",
            {"_TYPER_COMPLETE_ARGS": "faq show n"},
            '"N3":"Hva er forskjellen på N3 (BLT) og SLIK?"',
        ),
        (
            "fish",
            {"_TYPER_COMPLETE_ARGS": "faq show bl", "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
            "BLT\tHva er forskjellen på N3 (BLT) og SLIK?",
        ),
    ],
)
def test_zsh_and_fish_protocols_offer_refs_with_their_questions(
    faq_on_path: dict[str, str], shell: str, environ: dict[str, str], expected: str
) -> None:
    env = {**faq_on_path, **environ, "_FAQ_COMPLETE": f"complete_{shell}"}
    done = subprocess.run(["faq"], env=env, capture_output=True, text=True, timeout=60, check=True)
    assert expected in done.stdout


@pytest.mark.usefixtures("explicit_shell")
def test_install_completion_writes_into_the_home(runner: CliRunner, isolated_home: Path) -> None:
    result = runner.invoke(app, ["--install-completion", "bash"])
    assert result.exit_code == 0, result.stderr
    script = isolated_home / ".bash_completions" / "faq.sh"
    assert "_faq_completion" in script.read_text(encoding="utf-8")
    assert str(script) in (isolated_home / ".bashrc").read_text(encoding="utf-8")


def test_completion_imports_no_rich(faq_on_path: dict[str, str]) -> None:
    probe = (
        "import os, sys\n"
        "os.environ.update(_FAQ_COMPLETE='complete_bash', COMP_CWORD='2',\n"
        "                  COMP_WORDS='faq show n')\n"
        "from innovasjon_faq.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=faq_on_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.split() == ["n3-og-slik", "N3"]
    assert done.stderr == ""


@pytest.mark.skipif(BASH is None, reason="needs bash")
def test_real_bash_detected_by_show_completion(faq_on_path: dict[str, str]) -> None:
    """What a user does: `eval "$(faq --show-completion)"` in bash, then Tab."""
    assert BASH is not None
    program = (
        'eval "$(faq --show-completion)"\n'
        "COMP_WORDS=(faq show bl)\n"
        "COMP_CWORD=2\n"
        "_faq_completion faq\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    done = subprocess.run(
        [BASH, "--norc", "--noprofile", "-c", program],
        env=faq_on_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.split() == ["BLT"]


# -- the pieces, in process ---------------------------------------------------


def test_reference_candidates_order_and_dedupe() -> None:
    faq = load()
    assert reference_candidates(faq, "N") == [
        ("n3-og-slik", "Hva er forskjellen på N3 (BLT) og SLIK?"),
        ("N3", "Hva er forskjellen på N3 (BLT) og SLIK?"),
    ]
    values = [v for v, _ in reference_candidates(faq, "")]
    assert values[:5] == ["1", "2", "3", "4", "5"]
    assert "komme i gang" not in values  # a keyword with spaces would split in the shell
    assert len(values) == len({v.casefold() for v in values})
    (long_question,) = [h for v, h in reference_candidates(faq, "3")]
    assert long_question.endswith("…")
    assert len(long_question) <= 60


def test_complete_ref_builds_no_search_index(monkeypatch: pytest.MonkeyPatch) -> None:
    from innovasjon_faq.search import engine

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("completion built a search index")

    monkeypatch.setattr(engine.SearchEngine, "__init__", refuse)
    ctx = typer.Context(typer.main.get_command(app))
    assert [v for v, _ in complete_ref(ctx, "bl")] == ["BLT"]


def test_complete_ref_is_quiet_about_a_broken_file(
    write_collection: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAQ_DATA", str(write_collection("{not json")))
    ctx = typer.Context(typer.main.get_command(app))
    assert complete_ref(ctx, "n") == []


def test_candidate_compares_folded_but_stays_a_string() -> None:
    value = _Candidate("Rådmann")
    assert value.startswith("radm")
    assert value.startswith("RÅD")
    assert not value.startswith("x")
    assert value.startswith("m", 3)  # the ordinary form still works
    assert str(value) == "Rådmann"


def test_complete_ref_finds_data_given_before_the_command(
    bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    bundled["entries"][0]["keywords"] = ["Zebra"]
    path = write_collection(bundled)
    group = typer.main.get_command(app)
    root = typer.Context(group)
    root.params["data"] = str(path)
    show = typer.Context(group, parent=root)
    assert [v for v, _ in complete_ref(show, "ze")] == ["Zebra"]
