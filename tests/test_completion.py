"""Shell completion: real bash, zsh and fish run the scripts `faq --show-completion
SHELL` prints (and `--install-completion` installs), and offer commands, options
and the REFs of `faq show` in a form each shell keeps (issue #13). What the
shells must never do with collection text is in tests/security/."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st
from shell_session import SHELLS, ShellSession, faq_environment, load_completion, shell_path
from typer.testing import CliRunner

from innovasjon_faq.cli import app, shells
from innovasjon_faq.cli.completion import _Candidate, complete_ref
from innovasjon_faq.completion import as_typed, reference_candidates
from innovasjon_faq.loader import load
from innovasjon_faq.search.normalize import fold


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
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    program = (
        f"{script}\n"
        f"COMP_WORDS=({quoted})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        "_faq_completion faq\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    done = subprocess.run(
        [shell_path("bash"), "--norc", "--noprofile", "-c", program],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stderr == ""
    return [line for line in done.stdout.split("\n") if line]


@pytest.fixture
def bash_script(runner: CliRunner) -> str:
    result = runner.invoke(app, ["--show-completion", "bash"])
    assert result.exit_code == 0, result.stderr
    assert "complete -o default -F _faq_completion faq" in result.stdout
    return result.stdout


def test_real_bash_completes_show_n_with_n3(bash_script: str, faq_on_path: dict[str, str]) -> None:
    assert bash_complete(bash_script, ["faq", "show", "n"], faq_on_path) == ["n3-og-slik", "N3"]


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
def test_show_completion_for_each_shell(runner: CliRunner, shell: str, expected: str) -> None:
    result = runner.invoke(app, ["--show-completion", shell])
    assert result.exit_code == 0, result.stderr
    assert expected in result.stdout
    assert result.stdout == shells.script(shell)


@pytest.mark.parametrize("named", ["zsh", "fish"])
def test_show_completion_prints_the_named_shell_not_the_one_it_runs_in(
    faq_on_path: dict[str, str], named: str
) -> None:
    """`faq --show-completion zsh` typed in bash printed bash's script (#13)."""
    done = subprocess.run(
        [shell_path("bash"), "--norc", "-c", f"faq --show-completion {named}"],
        env=faq_on_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == shells.script(named)


def test_show_completion_refuses_a_shell_it_does_not_know(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--show-completion", "tcsh"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "faq: Invalid value for '--show-completion': choose one of: bash, zsh, fish"
        " (see 'faq --help')\n"
    )


@pytest.mark.parametrize(
    ("request_", "environ", "expected"),
    [
        (
            "describe_zsh",
            {"_TYPER_COMPLETE_ARGS": "faq show n"},
            "n3-og-slik:Hva er forskjellen på N3 (BLT) og SLIK?\n"
            "N3:Hva er forskjellen på N3 (BLT) og SLIK?\n",
        ),
        (
            "complete_zsh",  # Typer's script, still installed in some homes
            {"_TYPER_COMPLETE_ARGS": "faq show bl"},
            '_arguments "*: :((\\"blT:Hva er forskjellen på N3 (BLT) og SLIK?\\"))"\n',
        ),
        (
            "complete_fish",
            {"_TYPER_COMPLETE_ARGS": "faq show bl", "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
            "BLT\tHva er forskjellen på N3 (BLT) og SLIK?\n",
        ),
        (
            "complete_bash",
            {"COMP_WORDS": "faq show radm", "COMP_CWORD": "2"},
            "rådmann\n",
        ),
    ],
)
def test_each_protocol_offers_refs_with_their_questions(
    faq_on_path: dict[str, str], request_: str, environ: dict[str, str], expected: str
) -> None:
    env = {**faq_on_path, **environ, "_FAQ_COMPLETE": request_}
    done = subprocess.run(["faq"], env=env, capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout == expected
    assert done.stderr == ""


def test_install_completion_writes_into_the_home(runner: CliRunner, isolated_home: Path) -> None:
    result = runner.invoke(app, ["--install-completion", "bash"])
    assert result.exit_code == 0, result.stderr
    script = isolated_home / ".bash_completions" / "faq.sh"
    assert script.read_text(encoding="utf-8") == shells.script("bash")
    assert str(script) in (isolated_home / ".bashrc").read_text(encoding="utf-8")
    assert result.stdout.startswith(f"bash completion installed in {script}\n")


def test_install_completion_twice_adds_its_lines_once(
    runner: CliRunner, isolated_home: Path
) -> None:
    zshrc = isolated_home / ".zshrc"
    zshrc.write_text("setopt autocd", encoding="utf-8")  # no newline at the end
    for _ in range(2):
        result = runner.invoke(app, ["--install-completion", "zsh"])
        assert result.exit_code == 0, result.stderr
    assert zshrc.read_text(encoding="utf-8") == (
        "setopt autocd\n"
        "fpath+=~/.zfunc; autoload -Uz compinit; compinit\n"
        "zstyle ':completion:*' menu select\n"
    )
    assert (isolated_home / ".zfunc" / "_faq").read_text(encoding="utf-8") == shells.script("zsh")


def test_install_completion_for_fish_follows_xdg_config_home(
    runner: CliRunner, isolated_home: Path
) -> None:
    result = runner.invoke(app, ["--install-completion", "fish"])
    assert result.exit_code == 0, result.stderr
    script = isolated_home / ".config" / "fish" / "completions" / "faq.fish"  # conftest's XDG
    assert script.read_text(encoding="utf-8") == shells.script("fish")


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


def test_real_bash_detected_by_show_completion(faq_on_path: dict[str, str]) -> None:
    """What a user does: `eval "$(faq --show-completion)"` in bash, then Tab."""
    program = (
        'eval "$(faq --show-completion)"\n'
        "COMP_WORDS=(faq show bl)\n"
        "COMP_CWORD=2\n"
        "_faq_completion faq\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    done = subprocess.run(
        [shell_path("bash"), "--norc", "--noprofile", "-c", program],
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


# -- real shells, as a person presses Tab (issue #13) ------------------------------

# What each shell puts on the line for `faq show WORD<TAB>`: zsh and fish keep only
# candidates that begin with the typed word, so those get the typed spelling
# (which `faq show` finds as well); bash puts a lone candidate in the word's place.
KEPT = {
    "radm": {"bash": "rådmann", "zsh": "radmann", "fish": "radmann"},
    "raadm": {"bash": "rådmann", "zsh": "raadmann", "fish": "raadmann"},
    "ordfoe": {"bash": "ordfører", "zsh": "ordfoerer", "fish": "ordfoerer"},
    "bl": {"bash": "BLT", "zsh": "BLT", "fish": "BLT"},
    "toppl": {"bash": "toppledelse", "zsh": "toppledelse", "fish": "toppledelse"},
}


@pytest.fixture
def shell_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    return home


@pytest.mark.parametrize("shell", SHELLS)
def test_real_shells_keep_what_reference_candidates_found(shell: str, shell_home: Path) -> None:
    with ShellSession(shell, shell_home, faq_environment(shell_home)) as session:
        load_completion(session)
        for typed, kept in KEPT.items():
            session.type(f"faq show {typed}")
            session.tab()
            assert session.submit() == ["faq", "show", kept[shell]], typed
            done = subprocess.run(
                ["faq", "show", "--json", kept[shell]],
                env=faq_environment(shell_home),
                capture_output=True,
                timeout=60,
            )
            assert done.returncode == 0, (kept[shell], done.stderr)


@pytest.mark.parametrize("shell", SHELLS)
def test_real_shells_complete_a_lower_case_id_to_its_capitals(
    shell: str, shell_home: Path, bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    """`n3<TAB>` gives `N3` when that is the one candidate (the slug renamed)."""
    bundled["entries"][1]["slug"] = "forskjellen"
    env = faq_environment(shell_home, FAQ_DATA=str(write_collection(bundled)))
    with ShellSession(shell, shell_home, env) as session:
        load_completion(session)
        session.type("faq show n3")
        session.tab()
        assert session.submit() == ["faq", "show", "N3"]


@pytest.mark.parametrize("shell", SHELLS)
def test_installed_completion_answers_the_first_tab(
    shell: str, shell_home: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`faq --install-completion SHELL`, a new terminal, one Tab. zsh loads the
    installed `_faq` on that first Tab; Typer's file then only registered itself,
    and a second Tab was needed (#13)."""
    monkeypatch.setenv("HOME", str(shell_home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(shell_home / ".config"))
    result = runner.invoke(app, ["--install-completion", shell])
    assert result.exit_code == 0, result.stderr
    env = faq_environment(shell_home)
    with ShellSession(shell, shell_home, env, startup=True) as session:
        session.type("faq sh")
        session.tab()
        assert session.submit() == ["faq", "show"]
        session.type("faq show radm")
        session.tab()
        assert session.submit() == ["faq", "show", KEPT["radm"][shell]]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_real_shells_describe_commands_in_the_locales_language(
    shell: str, shell_home: Path
) -> None:
    """fish (and zsh) show each command's help: Norwegian under an nb locale, from
    the fast path (`faq s`) as from Typer's (`faq --data F s`) (#13)."""
    env = faq_environment(shell_home, LC_MESSAGES="nb_NO.UTF-8")
    data = Path(__file__).parents[1] / "data" / "faq.json"
    with ShellSession(shell, shell_home, env) as session:
        load_completion(session)
        for line in ("faq s", f"faq --data {data} s"):
            session.run("clear")
            session.type(line)
            session.tab()
            screen = session.wait_for_text("Vis ett svar.", "Søk i spørsmål, svar og stikkord")
            assert "Show one answer" not in screen
            session.cancel()


# -- the pieces: spelling as typed, quoting for each shell --------------------------

NORWEGIAN = st.text(alphabet="aAåÅeæÆoøØrdmnNT3-", max_size=8)


@given(value=NORWEGIAN, typed=NORWEGIAN)
def test_as_typed_begins_as_typed_and_folds_as_the_value(value: str, typed: str) -> None:
    spelled = as_typed(value, typed)
    if not fold(value).startswith(fold(typed)):
        assert spelled is None
    elif spelled is not None:
        assert spelled.startswith(typed)
        assert fold(spelled) == fold(value)


def test_as_typed_keeps_the_value_after_the_typed_part() -> None:
    assert as_typed("rådmann", "radm") == "radmann"
    assert as_typed("rådmann", "rå") == "rådmann"
    assert as_typed("ordfører", "ordfoe") == "ordfoerer"
    assert as_typed("æble", "a") == "aeble"  # no beginning of æble folds to a
    assert as_typed("N3", "x") is None


@pytest.mark.parametrize(
    ("found", "typed", "offered"),
    [
        (["rådmann"], "radm", ["rådmann"]),  # a lone one takes the word's place
        (["rådgiver", "rådmann"], "rad", ["rådgiver", "rådmann"]),  # `råd` in common
        (["rådmann", "radmannsk"], "radm", ["radmann", "radmannsk"]),  # `r` would lose `adm`
        (["n3-og-slik", "N3"], "n", ["n3-og-slik", "N3"]),  # nothing in common: kept
    ],
)
def test_bash_gets_the_spelling_readline_keeps(
    found: list[str], typed: str, offered: list[str]
) -> None:
    text, status = shells.answer(shells.BASH, [(v, "") for v in found], typed)
    assert (text.splitlines(), status) == (offered, 0)


def test_fish_spells_a_case_only_match_as_typed_when_another_matches_the_case() -> None:
    found = [("n3-og-slik", "q"), ("N3", "q")]
    assert shells.answer(shells.FISH, found, "n", "get-args") == ("n3-og-slik\tq\nn3\tq\n", 0)
    assert shells.answer(shells.FISH, [("N3", "q")], "n", "get-args") == ("N3\tq\n", 0)
    assert shells.answer(shells.FISH, found, "n", "is-args") == ("", 0)
    assert shells.answer(shells.FISH, [], "n", "is-args") == ("", 1)


def test_no_candidates_leave_it_to_the_shells_file_names() -> None:
    assert shells.answer(shells.BASH, [], "x") == ("", 0)
    assert shells.answer(shells.ZSH, [], "x") == ("", 0)
    assert shells.answer(shells.ZSH_TYPER, [], "x") == ("_files\n", 0)
    assert shells.answer(shells.FISH, [], "x", "get-args") == ("", 0)


def test_descriptions_are_one_line_and_nothing_drives_the_terminal() -> None:
    found = [("a\x1b[2Jb", "Hva\n gjør\t\x1b]0;x\x07 jeg?")]
    text, _ = shells.answer(shells.FISH, found, "a", "get-args")
    assert text == "a<U+001B>[2Jb\tHva gjør <U+001B>]0;x<U+0007> jeg?\n"


def test_the_typer_path_is_quiet_about_a_broken_request(faq_on_path: dict[str, str]) -> None:
    env = {**faq_on_path, "_FAQ_COMPLETE": "complete_bash", "COMP_WORDS": "faq --data x "}
    done = subprocess.run(["faq"], env=env, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "")


TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=12,
)


@given(values=st.lists(TEXT, min_size=1, max_size=6))
def test_bash_reads_back_each_quoted_value(values: list[str]) -> None:
    """What bash does with a candidate on the command line: reads its quoting."""
    quoted = " ".join(shells.bash_quote(v) for v in values)
    done = subprocess.run(
        [shell_path("bash"), "--norc", "--noprofile", "-c", f"printf '%s\\0' {quoted}"],
        capture_output=True,
        timeout=60,
        env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"},
    )
    assert done.stdout.decode("utf-8").split("\0")[:-1] == values


@given(items=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=5))
def test_zsh_reads_back_the_items_typers_script_evaluates(items: list[tuple[str, str]]) -> None:
    """Typer's zsh script runs `eval $(faq)`, and `_arguments` then evaluates
    the items of `((…))` once more: both, as zsh 5.9 does them, give the
    `_describe` items back exactly (so nothing in them was expanded)."""
    once: dict[str, str] = {}  # each value once, as `answer` gives them
    for value, text in items:
        once.setdefault(" ".join(value.split()) or "v", " ".join(text.split()))
    items = list(once.items())
    text, _ = shells.answer(shells.ZSH_TYPER, items, "")
    program = (
        # What _arguments does with an action `((…))` (its source, line 425).
        '_arguments() { local action=${1#*: :}; local -a ws; eval ws\\=\\( "${action[3,-3]}" \\);'
        ' print -rN -- "${ws[@]}" }\n'
        'eval $(print -r -- "$ANSWER")\n'  # as `eval $(faq)`: split, then evaluated
    )
    done = subprocess.run(
        [shell_path("zsh"), "-f", "-c", program],
        capture_output=True,
        timeout=60,
        env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "ANSWER": text},
    )
    expected = [shells._describe_item(v, t) for v, t in items]
    assert done.stderr == b""
    assert done.stdout.decode("utf-8").split("\0")[:-1] == expected


# -- Typer's path, in process --------------------------------------------------------


def typer_answer(runner: CliRunner, **environ: str) -> tuple[int, str]:
    result = runner.invoke(app, [], env=environ)
    return result.exit_code, result.stdout


def test_typer_path_answers_options_in_the_interface_language(runner: CliRunner) -> None:
    request = {"_TYPER_COMPLETE_ARGS": "faq show --", "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    assert typer_answer(runner, _FAQ_COMPLETE="complete_fish", LANG="nb_NO.UTF-8", **request) == (
        0,
        "--data\tLes denne samlingsfilen i stedet for den innebygde.\n"
        "--json\tSkriv JSON (UTF-8) for skript.\n"
        "--lang\tSpråk i grensesnittet (standard: fra locale-innstillingene).\n"
        "--help\tVis denne hjelpen og avslutt.\n",
    )
    status, shown = typer_answer(runner, _FAQ_COMPLETE="complete_fish", **request)
    assert (status, shown.splitlines()[-1]) == (0, "--help\tShow this message and exit.")


def test_typer_path_leaves_a_path_to_the_shell(runner: CliRunner) -> None:
    """`--data <TAB>` is a file name: no candidates, so each shell lists files."""
    line = "faq show --data /tm"
    zsh = {"_FAQ_COMPLETE": "describe_zsh", "_TYPER_COMPLETE_ARGS": line}
    assert typer_answer(runner, **zsh) == (0, "")
    bash = {"_FAQ_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": "3"}
    assert typer_answer(runner, **bash) == (0, "")
    fish = {"_TYPER_COMPLETE_ARGS": line, "_FAQ_COMPLETE": "complete_fish"}
    assert typer_answer(runner, _TYPER_COMPLETE_FISH_ACTION="is-args", **fish) == (1, "")


def test_typer_path_answers_refs_after_data(
    runner: CliRunner, bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    bundled["entries"][3]["keywords"] = ["Rådgiver", "rådmann"]
    line = f"faq show --data {write_collection(bundled)} radm"
    assert typer_answer(runner, _FAQ_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS=line) == (
        0,
        '_arguments "*: :((\\"radmann:Hvem skal eie innovasjonsprosessene i kommunen?\\"))"\n',
    )


def test_typer_path_hands_other_shells_to_typer(runner: CliRunner) -> None:
    """PowerShell is Typer's still (its script and its answers)."""
    status, shown = typer_answer(
        runner,
        _FAQ_COMPLETE="complete_powershell",
        _TYPER_COMPLETE_ARGS="faq sh",
        _TYPER_COMPLETE_WORD_TO_COMPLETE="sh",
    )
    assert (status, shown) == (0, "show:::Show one answer.\n")
    result = runner.invoke(app, ["--show-completion", "pwsh"])
    assert result.exit_code == 0
    assert "Register-ArgumentCompleter -Native -CommandName faq" in result.stdout


@pytest.mark.parametrize("shell", SHELLS)
def test_the_source_request_gives_our_script(runner: CliRunner, shell: str) -> None:
    """`_FAQ_COMPLETE=source_SHELL faq`, Click's way to ask, gives the script
    `--show-completion` prints, not Typer's."""
    assert typer_answer(runner, _FAQ_COMPLETE=f"source_{shell}") == (0, shells.script(shell))


def test_answer_knows_only_the_requests_of_the_scripts() -> None:
    with pytest.raises(ValueError, match="complete_powershell"):
        shells.answer("complete_powershell", [("a", "")], "a")


def test_a_path_is_left_to_the_shell() -> None:
    """Were an option a click Path, Typer would offer the typed text itself as a
    "file" item: the shell's own file names are the better answer."""
    from typer._click.shell_completion import CompletionItem

    from innovasjon_faq.cli.completion import _candidates

    assert _candidates([CompletionItem("/tm", type="file")]) == []


def test_typer_path_is_quiet_about_a_request_without_its_variables(runner: CliRunner) -> None:
    assert typer_answer(runner, _FAQ_COMPLETE="complete_bash", COMP_WORDS="faq s") == (1, "")


def test_show_completion_without_a_shell_names_the_detected_one(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer._completion_shared as typer_shared

    monkeypatch.setattr(typer_shared, "_get_shell_name", lambda: "fish")
    assert runner.invoke(app, ["--show-completion"]).stdout == shells.script("fish")
    monkeypatch.setattr(typer_shared, "_get_shell_name", lambda: None)
    assert runner.invoke(app, ["--show-completion"]).exit_code == 2


def test_install_completion_hands_powershell_to_typer(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    import typer._completion_shared as typer_shared

    asked: list[dict[str, str]] = []

    def install(**kwargs: str) -> tuple[str, Path]:
        asked.append(kwargs)
        return "pwsh", isolated_home / "profile.ps1"

    monkeypatch.setattr(typer_shared, "install", install)
    result = runner.invoke(app, ["--install-completion", "pwsh"], env={"LANG": "nb_NO.UTF-8"})
    assert result.exit_code == 0, result.stderr
    assert asked == [{"shell": "pwsh", "prog_name": "faq", "complete_var": "_FAQ_COMPLETE"}]
    assert result.stdout == (
        f"Tab-fullføring for pwsh er installert i {isolated_home / 'profile.ps1'}\n"
        "Fullføringen virker når du har startet terminalen på nytt.\n"
    )


def test_install_completion_for_fish_ignores_a_relative_xdg_config_home(
    runner: CliRunner, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The XDG rule: a relative XDG_CONFIG_HOME is ignored."""
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    assert runner.invoke(app, ["--install-completion", "fish"]).exit_code == 0
    assert (isolated_home / ".config" / "fish" / "completions" / "faq.fish").is_file()
