"""The installed entry point, run as a user runs it: a real process, another
working directory, real pipes. In CI the suite runs from a non-editable install,
so `faq` beside sys.executable is the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FAQ = BIN / ("faq.exe" if os.name == "nt" else "faq")
N3 = "Hva er forskjellen på N3 (BLT) og SLIK?"


def run(
    *args: str | os.PathLike[str], cwd: Path, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "COLUMNS": "80", "PYTHONIOENCODING": "utf-8", **env}
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def faq() -> Path:
    if not FAQ.exists():
        pytest.skip(f"no faq console script beside {sys.executable}")
    return FAQ


def test_console_script_from_another_folder(faq: Path, tmp_path: Path) -> None:
    done = run(faq, "show", "N3", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout.startswith(N3 + "\n\nN3 verktøyet er et praktisk innovasjonsverktøy")
    assert "\x1b" not in done.stdout


def test_python_dash_m(tmp_path: Path) -> None:
    done = run(sys.executable, "-m", "innovasjon_faq", "show", "N3", "--json", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == ""
    assert json.loads(done.stdout)["question"] == N3
    version = run(sys.executable, "-m", "innovasjon_faq", "--version", cwd=tmp_path)
    from innovasjon_faq import __version__

    first, credit = version.stdout.splitlines()
    assert first == f"faq {__version__}"  # scripts read this line
    assert credit.startswith("Content: KS, the SLIK toolkit, section 6 «Kontakt og spørsmål»")


@pytest.mark.parametrize(
    ("args", "status", "stderr"),
    [
        (["list"], 0, ""),
        (["show", "xyzzy"], 1, "faq: no entry matches 'xyzzy'\n"),
        (["search", "zzzqqq", "--json"], 1, "faq: nothing matches 'zzzqqq'\n"),
        (["contacts", "nobody"], 1, "faq: no contact matches 'nobody'\n"),
        (["list", "--bogus"], 2, "faq: No such option: --bogus (see 'faq list --help')\n"),
        (["show", "N3", "--data", "nowhere.json"], 2, "faq: nowhere.json: no such file\n"),
    ],
)
def test_exit_statuses(
    faq: Path, tmp_path: Path, args: list[str], status: int, stderr: str
) -> None:
    done = run(faq, *args, cwd=tmp_path)
    assert done.returncode == status
    assert done.stderr == stderr
    if status == 2:
        assert done.stdout == ""


def test_faq_data_in_a_real_process(faq: Path, tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    done = run(faq, "list", cwd=tmp_path, FAQ_DATA="broken.json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "faq: broken.json: line 1, column 2: not valid JSON: "
        "Expecting property name enclosed in double quotes\n"
    )


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("head") is None, reason="no bash")
def test_list_into_head_ends_quietly(faq: Path, tmp_path: Path) -> None:
    done = run("bash", "-c", f"set -o pipefail; '{faq}' list | head -1", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout.startswith("1  Hva gjør jeg hvis jeg har en kommentar til innholdet?")
    assert done.stdout.count("\n") == 1


@pytest.mark.parametrize(
    "args", [["list"], ["show", "N3"], ["contacts"], ["--help"], ["--version"], []]
)
def test_a_closed_pipe_ends_quietly(faq: Path, tmp_path: Path, args: list[str]) -> None:
    """The reader is gone before faq writes a byte: no message, status 0."""
    with subprocess.Popen(
        [str(faq), *args],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()
        stderr = process.stderr.read()
        assert process.wait(timeout=60) == 0
    assert stderr == b""


def test_a_terminal_that_cannot_show_the_letters(faq: Path, tmp_path: Path) -> None:
    done = run(faq, "show", "N3", cwd=tmp_path, PYTHONIOENCODING="ascii")
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout.startswith("Hva er forskjellen p? N3 (BLT) og SLIK?")


# -- a real build and install ----------------------------------------------------------------


def _index_reachable(python: Path, scratch: Path) -> str | None:
    """None when pip can fetch from its index, else why not."""
    probe = subprocess.run(
        [str(python), "-m", "pip", "download", "--no-deps", "--dest", str(scratch), "hatchling"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if probe.returncode == 0:
        return None
    lines = probe.stderr.strip().splitlines()
    return lines[-1] if lines else f"pip exited {probe.returncode}"


def _venv_and_source(tmp_path: Path, venv: Path) -> tuple[Path, Path]:
    """A new virtual environment at `venv` (its Python) and a copy of the checkout
    without its git, venvs and build leftovers; skips where pip reaches no index."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = _venv_python(venv)
    why = _index_reachable(python, tmp_path / "probe")
    if why is not None:
        pytest.skip(f"no package index reachable for pip, so no build here: {why}")
    source = tmp_path / "source"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(".git", ".venv*", "*.egg-info", "__pycache__", "build"),
    )
    return python, source


@pytest.mark.slow
def test_build_and_install_into_a_fresh_venv(tmp_path: Path) -> None:
    """`pip install .` (a wheel, not editable) into a new virtual environment; the bundled
    collection is found through importlib.resources from any working directory."""
    venv = tmp_path / "venv"
    python, source = _venv_and_source(tmp_path, venv)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(source)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(source)  # nothing may come from the source tree any more

    faq = python.parent / ("faq.exe" if os.name == "nt" else "faq")
    done = run(faq, "show", "N3", cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(N3 + "\n")

    where = run(
        python,
        "-c",
        "import innovasjon_faq, importlib.resources as r;"
        "print(innovasjon_faq.__file__);"
        "print(r.files('innovasjon_faq').joinpath('data/faq.json').is_file())",
        cwd=elsewhere,
    )
    module_file, found = where.stdout.splitlines()
    assert Path(module_file).resolve().is_relative_to(venv.resolve())
    assert found == "True"
    packaged = run(
        python,
        "-c",
        "import sys, importlib.resources as r;"
        "sys.stdout.buffer.write(r.files('innovasjon_faq').joinpath('data/faq.json').read_bytes())",
        cwd=elsewhere,
    )
    assert packaged.stdout.encode("utf-8") == (REPO / "data" / "faq.json").read_bytes()


# -- licence, credit and the source distribution (issue #13) ---------------------------------

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    tomllib = None


@pytest.fixture
def pyproject() -> dict[str, Any]:
    if tomllib is None:
        pytest.skip("tomllib is Python 3.11+")
    data: dict[str, Any] = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return data


def test_the_licence_says_mit_for_the_code_and_not_for_kss_text(
    pyproject: dict[str, Any],
) -> None:
    """The wheel said plain MIT over KS's text, copied word for word."""
    project = pyproject["project"]
    assert project["license"] == "MIT AND LicenseRef-KS-SLIK-Content"
    assert project["license-files"] == ["LICENSE", "NOTICE"]
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in licence
    notice = " ".join((REPO / "NOTICE").read_text(encoding="utf-8").split())
    for needed in (
        "LicenseRef-KS-SLIK-Content",
        'section 6, "Kontakt og spørsmål", of SLIK',
        "published by KS",
        "The rights to that text remain with KS",
        "The MIT licence does not apply to it",
    ):
        assert needed in notice, needed


def test_the_metadata_names_the_contents_owner(pyproject: dict[str, Any]) -> None:
    urls = pyproject["project"]["urls"]
    assert urls == {"KS (owner of the content)": "https://www.ks.no/"}
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert "The rights to the text remain with KS" in readme


SDIST_NEEDS = ("src", "data", "schema", "tests", "tools", "docs", "README.md", "pyproject.toml")


def test_the_sdist_takes_what_the_tests_need_and_only_that(pyproject: dict[str, Any]) -> None:
    include = pyproject["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert all(pattern.startswith("/") for pattern in include), include
    assert {f"/{name}" for name in (*SDIST_NEEDS, "LICENSE", "NOTICE")} <= set(include)


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / "python"


@pytest.mark.slow
def test_the_sdist_builds_installs_and_passes_its_own_tests(tmp_path: Path) -> None:
    """Build the sdist and the wheel from a copy of the source with a stray virtual
    environment in it; the sdist holds what its tests need and nothing of the stray
    folders; the wheel's metadata names both licences and KS; and, unpacked elsewhere
    with `.[test]` installed, the sdist's own tests of what lies outside src/ pass
    (those that need ../shared skip, saying why)."""
    venv = tmp_path / "venv"
    python, source = _venv_and_source(tmp_path, venv)
    # What a CI run leaves in the checkout: a venv, with `tests` folders deep inside.
    stray = source / ".venv-ci-3.13" / "lib" / "python3.13" / "site-packages" / "pkg" / "tests"
    stray.mkdir(parents=True)
    (stray / "test_stray.py").write_text("", encoding="utf-8")
    dist = tmp_path / "dist"
    steps = [
        [str(python), "-m", "pip", "install", "--quiet", "build"],
        [str(python), "-m", "build", "--outdir", str(dist), str(source)],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=900, check=False)
        assert done.returncode == 0, done.stderr
    (sdist,) = dist.glob("*.tar.gz")
    (wheel,) = dist.glob("*.whl")

    import tarfile
    import zipfile

    with tarfile.open(sdist) as archive:
        names = [name.split("/", 1)[1] for name in archive.getnames() if "/" in name]
        if hasattr(tarfile, "data_filter"):  # Python 3.12, and 3.10.12/3.11.4 on
            archive.extractall(tmp_path / "unpacked", filter="data")
        else:  # pragma: no cover - an older patch release; our own archive
            archive.extractall(tmp_path / "unpacked")
    assert not [n for n in names if ".venv" in n or "site-packages" in n]
    tops = {name.split("/")[0] for name in names}
    assert set(SDIST_NEEDS) | {"LICENSE", "NOTICE", "PKG-INFO"} <= tops
    for needed in ("tools/i18n.py", "tools/cli_docs.py", "docs/cli.md", "tests/security"):
        assert any(n == needed or n.startswith(f"{needed}/") for n in names), needed

    with zipfile.ZipFile(wheel) as archive:
        (metadata_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = archive.read(metadata_name).decode("utf-8")
        licences = sorted(n.rsplit("/", 1)[1] for n in archive.namelist() if "/licenses/" in n)
    head = metadata.split("\n\n", 1)[0].splitlines()
    assert "License-Expression: MIT AND LicenseRef-KS-SLIK-Content" in head
    assert "Project-URL: KS (owner of the content), https://www.ks.no/" in head
    assert not [line for line in head if line.startswith("License: ")]
    assert licences == ["LICENSE", "NOTICE"]

    (unpacked,) = (tmp_path / "unpacked").iterdir()
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", ".[test]"],
        cwd=unpacked,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    environ = {k: v for k, v in os.environ.items() if k != "FAQ_SHARED_DIR"}
    tests = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-cov", "-rs"]
        + ["-m", "not slow"]
        + [f"tests/{name}" for name in SDIST_TESTS],
        cwd=unpacked,
        env=environ,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert "SKIPPED" in tests.stdout
    assert "no shared/tools/check_seed_fidelity.py beside" in tests.stdout


# The tests of what lies outside src/: the docs, the catalogs, the README, the schema
# file, the seed check (which skips without ../shared), the packaging itself.
SDIST_TESTS = (
    "test_docs.py",
    "test_grammar.py",
    "test_i18n.py",
    "test_readme.py",
    "test_fidelity.py",
    "test_schema_validate.py",
    "test_render_golden.py",
    "test_install.py",
)
