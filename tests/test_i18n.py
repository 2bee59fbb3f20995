"""The interface in Norwegian bokmål or English: gettext catalogs made with Babel,
complete, compiled into the shipped .mo, and chosen by the locale or --lang."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from tooling import load_tool
from typer.testing import CliRunner

from innovasjon_faq.cli import app
from innovasjon_faq.cli.localise import click_message, definition, language_from_args
from innovasjon_faq.environment import Environment
from innovasjon_faq.i18n import _, choose_language, current_language, ngettext, set_language

REPO = Path(__file__).resolve().parents[1]


tool = load_tool("i18n")


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """The language is process-wide; leave it as every other test expects it."""
    yield
    set_language("en")


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    catalog: Catalog = tool.extract()
    return catalog


@pytest.fixture(scope="module")
def norwegian() -> Catalog:
    catalog: Catalog = tool.read(tool.po_path("nb"))
    return catalog


def _singular(message: Any) -> str:
    return str(message.id[0] if isinstance(message.id, tuple) else message.id)


# -- the catalogs -------------------------------------------------------------


def test_every_message_has_a_norwegian_translation(extracted: Catalog, norwegian: Catalog) -> None:
    missing = []
    for message in extracted:
        if not message.id:
            continue
        translated = norwegian.get(message.id)
        strings = translated.string if translated is not None else None
        complete = all(strings) if isinstance(strings, tuple) else bool(strings)
        if not complete or (translated is not None and translated.fuzzy):
            missing.append(_singular(message))
    assert missing == [], "translate these in faq.po, then: python tools/i18n.py compile"


def test_the_template_is_up_to_date(extracted: Catalog) -> None:
    committed = tool.read(tool.POT)
    assert tool.msgids(committed) == tool.msgids(extracted), (
        "run: python tools/i18n.py extract && python tools/i18n.py update"
    )


def test_the_shipped_mo_is_the_compiled_po() -> None:
    assert tool.mo_path("nb").read_bytes() == tool.compiled(tool.po_path("nb")), (
        "run: python tools/i18n.py compile"
    )


def test_the_catalog_lives_inside_the_package_so_the_wheel_ships_it() -> None:
    package = REPO / "src" / "innovasjon_faq"
    assert tool.mo_path("nb").is_relative_to(package)
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'packages = ["src/innovasjon_faq"]' in pyproject


_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def test_translations_keep_every_placeholder(norwegian: Catalog) -> None:
    for message in norwegian:
        if not message.id:
            continue
        # Babel's plural ids and strings are tuples (or lists: Message.pluralizable).
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        wanted = sorted(_PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert isinstance(string, str), message.id
            assert sorted(_PLACEHOLDER.findall(string)) == wanted, message.id


def test_help_texts_of_every_command_are_in_the_catalog(extracted: Catalog) -> None:
    ids = tool.msgids(extracted)
    for text, where in tool.help_texts():
        assert text in ids, where
    assert "Show this message and exit." in ids


def test_tool_commands_regenerate_identical_files(tmp_path: Path, monkeypatch: Any) -> None:
    """`extract`, `update` and `compile` on a copy reproduce the committed files."""
    import shutil

    locale = tmp_path / "locale"
    shutil.copytree(tool.LOCALE, locale)
    monkeypatch.setattr(tool, "LOCALE", locale)
    monkeypatch.setattr(tool, "POT", locale / "messages.pot")
    for command in ("extract", "update", "compile"):
        assert tool.main([command]) == 0
    for name in ("messages.pot", "nb/LC_MESSAGES/faq.po", "nb/LC_MESSAGES/faq.mo"):
        assert tool.msgids(tool.read(locale / "nb/LC_MESSAGES/faq.po")) == tool.msgids(
            tool.read(tool.po_path("nb"))
        )
        assert (locale / name).exists()
    assert (locale / "nb/LC_MESSAGES/faq.mo").read_bytes() == tool.mo_path("nb").read_bytes()
    assert tool.main(["nonsense"]) == 2


# -- choosing the language ----------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "override", "expected"),
    [
        ({}, None, "en"),
        ({"LANG": "nb_NO.UTF-8"}, None, "nb"),
        ({"LANG": "nn_NO.UTF-8"}, None, "nb"),
        ({"LANG": "no_NO"}, None, "nb"),
        ({"LC_MESSAGES": "nb_NO.UTF-8", "LANG": "en_US.UTF-8"}, None, "nb"),
        ({"LC_ALL": "C", "LANG": "nb_NO.UTF-8"}, None, "en"),
        ({"LANGUAGE": "nb:en", "LC_ALL": "en_GB.UTF-8"}, None, "nb"),
        ({"LANG": "nb_NO.UTF-8"}, "en", "en"),
        ({"LANG": "de_DE.UTF-8"}, None, "en"),
    ],
)
def test_choose_language(environ: dict[str, str], override: str | None, expected: str) -> None:
    assert choose_language(environ, override) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--lang", "nb", "--help"], "nb"),
        (["--help", "--lang=en"], "en"),
        (["show", "--lang"], None),
        (["--lang", "xx"], None),
        (["search", "--", "--lang", "nb"], None),
    ],
)
def test_language_from_args(args: list[str], expected: str | None) -> None:
    assert language_from_args(args) == expected


def test_gettext_in_norwegian() -> None:
    set_language("nb")
    assert current_language() == "nb"
    assert _("Contacts") == "Kontakter"
    assert ngettext("{count} problem", "{count} problems", 2) == "{count} problemer"
    assert _("a message nobody wrote") == "a message nobody wrote"
    set_language("en")
    assert _("Contacts") == "Contacts"


# -- the command line ---------------------------------------------------------


def test_help_in_norwegian_with_lang(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--lang", "nb", "--help"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Bruk: faq [OPTIONS] COMMAND [ARGS]...\n")
    for text in (
        "Valg:",
        "Kommandoer:",
        "Vis denne hjelpen og avslutt.",
        "[miljøvariabel: FAQ_DATA]",
    ):
        assert text in out
    assert "Vis ett svar." in out  # a command's help, from its docstring
    assert "Show" not in out


def test_lang_after_help_still_counts(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help", "--lang", "nb"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Bruk: faq")


def test_help_in_norwegian_from_the_locale(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "nb_NO.UTF-8")
    result = runner.invoke(app, ["search", "--help"])
    assert "Argumenter:" in result.stdout
    assert "[påkrevd]" in result.stdout
    assert "Vis høyst N treff. [standard: 10; x>=1]" in " ".join(result.stdout.split())
    assert "Eksempel: faq search politikere" in result.stdout
    english = runner.invoke(app, ["--lang", "en", "search", "--help"])
    assert "Show at most N results. [default: 10; x>=1]" in " ".join(english.stdout.split())
    assert english.stdout.startswith("Usage: faq search")


def test_errors_in_norwegian(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "nb_NO.UTF-8")
    result = runner.invoke(app, ["contacts", "nobody"])
    assert result.exit_code == 1
    assert result.stderr == "faq: ingen kontakt passer til 'nobody'\n"


def test_environment_object_chooses_the_language(runner: CliRunner) -> None:
    env = Environment(
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdout_isatty=False,
        stderr_isatty=False,
        environ={"LANGUAGE": "nb"},
    )
    result = runner.invoke(app, ["show"], obj=env)
    assert result.exit_code == 2
    assert isinstance(env.stderr, io.StringIO)
    assert env.stderr.getvalue() == "faq: Mangler argumentet 'REF'. (se 'faq show --help')\n"


def test_the_collection_is_never_translated(runner: CliRunner) -> None:
    english = runner.invoke(app, ["--lang", "en", "show", "2"])
    norwegian = runner.invoke(app, ["--lang", "nb", "show", "2"])
    assert english.exit_code == norwegian.exit_code == 0
    assert english.stdout.splitlines()[0] == norwegian.stdout.splitlines()[0]
    assert english.stdout == norwegian.stdout  # entry 2 has no labels to translate
    contacts = runner.invoke(app, ["--lang", "nb", "contacts", "midtlab"])
    assert contacts.stdout == (
        "Jens Petter Jensen\nMidtlab\nTelefon: +45 78 41 08 43\n"
        "E-post: jens.peter.jensen@midtlab.dk\n"
    )


def test_an_unknown_language_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--lang", "sv", "list"])
    assert result.exit_code == 2
    assert result.stderr.startswith("faq: Invalid value for '--lang': choose one of: nb, en")


def test_validate_in_norwegian(
    runner: CliRunner, bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    bundled["entries"][0]["question"] = ""
    bundled["contacts"] = {}
    path = write_collection(bundled)
    result = runner.invoke(app, ["--lang", "nb", "validate", str(path)])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{path}: øverste nivå: feltet 'contacts' må være en liste, ikke et objekt",
        f"{path}: oppføring 1 (id 1): feltet 'question' er tomt",
        "2 problemer i 1 fil",
    ]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["show"], "faq: Mangler argumentet 'REF'. (se 'faq show --help')"),
        (["shw"], "faq: Ukjent kommando 'shw'. Mente du 'show'? (se 'faq --help')"),
        (["list", "--jsn"], "faq: Ukjent valg: --jsn (mente du --json?) (se 'faq list --help')"),
        (["list", "--bogus"], "faq: Ukjent valg: --bogus (se 'faq list --help')"),
        (
            ["list", "2"],
            "faq: Fikk uventede ekstra argumenter (2) (se 'faq list --help')",
        ),
        (
            ["search", "--limit"],
            "faq: Valget '--limit' trenger en verdi. (se 'faq --help')",
        ),
        (
            ["search", "-n", "x", "a"],
            "faq: Ugyldig verdi for '--limit' / '-n': 'x' er ikke et heltall. "
            "(se 'faq search --help')",
        ),
        (
            ["search", "-n", "0", "a"],
            "faq: Ugyldig verdi for '--limit' / '-n': 0 er utenfor området x>=1. "
            "(se 'faq search --help')",
        ),
    ],
)
def test_click_usage_errors_in_norwegian(runner: CliRunner, args: list[str], line: str) -> None:
    result = runner.invoke(app, ["--lang", "nb", *args])
    assert result.exit_code == 2
    assert result.stderr == line + "\n"


def test_click_messages_we_do_not_know_stay_as_they_are() -> None:
    set_language("nb")
    assert click_message("Something new from Click.") == "Something new from Click."
    assert click_message("Missing option '--x'.") == "Mangler valget '--x'."
    assert click_message("Option '--json' does not take a value.") == (
        "Valget '--json' tar ingen verdi."
    )


def test_definition_translates_help_and_typer_notes() -> None:
    set_language("nb")
    assert definition("Show at most N results.  [default: 10]") == (
        "Vis høyst N treff.  [standard: 10]"
    )
    assert definition("[required]") == "[påkrevd]"
    assert definition("Untranslated.  [x>=1; required]") == "Untranslated.  [x>=1; påkrevd]"
    assert definition("") == ""


def test_help_texts_are_marked_not_translated_at_import() -> None:
    """Typer evaluates `Annotated[...]` (string annotations) whenever it builds the
    app, in whatever language is set then; help must be `N_()`, translated later."""
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in (REPO / "src").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bhelp=_\(", line)
    ]
    assert offenders == []


def test_a_language_without_a_catalog_falls_back_to_english() -> None:
    set_language("sv")
    assert current_language() == "sv"
    assert _("Contacts") == "Contacts"
