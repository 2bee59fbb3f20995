"""Shared fixtures: a CLI runner, small collections in tmp_path, an isolated home."""

from __future__ import annotations

import copy
import io
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from innovasjon_faq.environment import Environment
from innovasjon_faq.i18n import set_language
from innovasjon_faq.loader import bundled_bytes

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """User folders (cache, config) point at a temp folder; no test touches a real home.
    The locale and colour variables are cleared so every test starts from the same place."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    for name in (
        "FAQ_DATA",
        "NO_COLOR",
        "FORCE_COLOR",
        "COLUMNS",
        "LINES",
        "TERM",
        "LANGUAGE",
        "LC_ALL",
        "LC_MESSAGES",
        "LANG",
    ):
        monkeypatch.delenv(name, raising=False)
    # The language is the process's (i18n.set_language): a test that ran a command
    # in Norwegian must not leave the next one's headings in Norwegian.
    set_language("en")
    yield home
    set_language("en")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def bundled() -> dict[str, Any]:
    """The bundled collection as decoded JSON (a fresh copy to modify)."""
    data: dict[str, Any] = json.loads(bundled_bytes().decode("utf-8"))
    return copy.deepcopy(data)


@pytest.fixture
def write_collection(tmp_path: Path) -> Callable[..., Path]:
    """Write a collection (a dict, or raw text/bytes) to a file and return its path."""
    counter = iter(range(1_000_000))

    def write(content: Any, name: str | None = None) -> Path:
        path = tmp_path / (name or f"collection-{next(counter)}.json")
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(json.dumps(content, ensure_ascii=False, indent=2), encoding="utf-8")
        return path

    return write


@pytest.fixture
def terminal() -> Callable[..., Environment]:
    """Build an Environment that writes to StringIO buffers and claims to be a terminal;
    pass it as `obj=` to `runner.invoke` and read `env.stdout.getvalue()`."""

    def make(width: int = 80, **environ: str) -> Environment:
        return Environment(
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            stdout_isatty=True,
            stderr_isatty=True,
            environ={"COLUMNS": str(width), "TERM": "xterm-256color", **environ},
        )

    return make


def run_faq(runner: CliRunner, args: Sequence[str], **kwargs: Any) -> Result:
    """`faq ARGS` in-process as the console script runs it (`cli.main`): the
    fast path first, then Typer for what the fast path leaves. `obj=` (an
    Environment) reaches both; `input`, `env` and `color` are the runner's."""
    from innovasjon_faq.cli import app, fast

    argv = list(args)
    obj = kwargs.get("obj")
    isolation = runner.isolation(
        input=kwargs.get("input"), env=kwargs.get("env"), color=kwargs.get("color", False)
    )
    with isolation as (stdout, stderr, output):
        status = fast.run(argv, obj if isinstance(obj, Environment) else Environment())
        sys.stdout.flush()
        sys.stderr.flush()
        if status is not None:
            return Result(
                runner=runner,
                stdout_bytes=stdout.getvalue(),
                stderr_bytes=stderr.getvalue(),
                output_bytes=output.getvalue(),
                return_value=None,
                exit_code=status,
                exception=SystemExit(status) if status else None,
            )
    return runner.invoke(app, argv, **kwargs)


@pytest.fixture
def cli(runner: CliRunner) -> Callable[..., Result]:
    """`cli("show", "N3")` runs `faq show N3` in-process through the production
    entry point (`run_faq`: the fast path, then Typer) and returns the Result
    (stdout and stderr apart); keyword arguments go to `CliRunner.invoke`."""

    def invoke(*args: str, **kwargs: Any) -> Result:
        return run_faq(runner, args, **kwargs)

    return invoke
