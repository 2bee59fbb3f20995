"""`faq export`: Markdown a real CommonMark parser reads back as the collection's own
text (never as structure), and JSON the loader and the schema accept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner

from innovasjon_faq.cli import app
from innovasjon_faq.collection_schema import build
from innovasjon_faq.export import escape_markdown, markdown, normalised
from innovasjon_faq.loader import bundled_bytes, load, parse


def tokens(document: str) -> list[Token]:
    # GFM-like: HTML allowed, tables and strikethrough on, as a wiki would render it.
    return (
        MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).parse(document)
    )


def headings(found: list[Token]) -> list[tuple[str, str]]:
    return [
        (tok.tag, inline_text(found[i + 1]))
        for i, tok in enumerate(found)
        if tok.type == "heading_open"
    ]


def inline_text(tok: Token) -> str:
    """The text a reader sees in an inline token (soft breaks as newlines)."""
    out = []
    for child in tok.children or []:
        if child.type == "text":
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "code_inline":
            out.append(child.markup + child.content + child.markup)
    return "".join(out)


def paragraphs(found: list[Token]) -> list[str]:
    return [
        inline_text(found[i + 1])
        for i, tok in enumerate(found)
        if tok.type == "paragraph_open" and found[i + 1].type == "inline"
    ]


def structure(found: list[Token]) -> set[str]:
    types = {tok.type for tok in found}
    for tok in found:
        types |= {child.type for child in tok.children or []}
    return types


def test_markdown_has_title_intro_questions_and_contacts() -> None:
    faq = load()
    found = tokens(markdown(faq))
    assert headings(found) == [
        ("h1", "6. Kontakt og spørsmål"),
        *[("h2", f"{e.id}. {e.question}") for e in faq.entries],
        ("h2", "Kontakter"),
    ]
    texts = paragraphs(found)
    assert faq.intro in texts
    for entry in faq.entries:
        assert entry.answer in texts
    assert faq.contacts_intro in texts
    links = [
        child.attrs["href"]
        for tok in found
        for child in tok.children or []
        if child.type == "link_open"
    ]
    assert links == [
        "tel:+4724132638",
        "tel:+4793457137",
        "mailto:Gustav.Weiberg-Aurdal@ks.no",
        "tel:+4741209923",
        "mailto:morten@agendakaupang.no",
        "tel:+4741470550",
        "mailto:inger@agendakaupang.no",
        "tel:+4578410843",
        "mailto:jens.peter.jensen@midtlab.dk",
    ]
    assert "*Se også:* Bygge system, Menneskene" in markdown(faq)


HOSTILE_ANSWER = (
    "# not a heading\n"
    "- not a list\n"
    "> not a quote\n"
    "1. not numbered\n"
    "<img src=x onerror=alert(1)>\n"
    "    not code\n"
    "[a link](https://evil.example) ![img](x.png) *em* __strong__ `code`\n"
    "| a | b |\n"
    "|---|---|\n"
    "~~struck~~ &amp; &lt;b&gt; trailing \\\n"
    "===\n"
    "---\n"
    "+ plus"
)


def test_collection_text_cannot_inject_markdown_or_html(
    bundled: dict[str, Any],
) -> None:
    bundled["title"] = "<b>Title</b> *x*"
    bundled["entries"] = [
        {
            "id": 1,
            "slug": "one",
            "question": "<script>alert(1)</script> [x](y) ##",
            "answer": HOSTILE_ANSWER,
            "see_also": ["*a*", "[b](c)"],
        }
    ]
    bundled["contacts"] = [
        {
            "name": "**Eve** <i>",
            "organization": "_Org_ [x](y)",
            "phones": ["+4741209923"],
            "email": "eve_(x)@evil.no",
        }
    ]
    faq = parse(bundled, "hostile.json")
    found = tokens(markdown(faq))
    kinds = structure(found)
    for injected in (
        "html_block",
        "html_inline",
        "code_block",
        "fence",
        "code_inline",
        "blockquote_open",
        "ordered_list_open",
        "table_open",
        "image",
        "s_open",
        "hr",
    ):
        assert injected not in kinds, injected
    # The one emphasis is export's own "See also" label ("Se også": the collection is nb).
    emphasis = [c for t in found for c in t.children or [] if c.type == "em_open"]
    assert len(emphasis) == 1
    # The only headings, links and strong text are the ones export makes.
    assert headings(found) == [
        ("h1", "6. <b>Title</b> *x*"),
        ("h2", "1. <script>alert(1)</script> [x](y) ##"),
        ("h2", "Kontakter"),
    ]
    hrefs = [c.attrs["href"] for t in found for c in t.children or [] if c.type == "link_open"]
    assert hrefs == ["tel:+4741209923", "mailto:eve_%28x%29@evil.no"]
    answer_lines = [line.lstrip(" ") for line in HOSTILE_ANSWER.split("\n")]
    assert "\n".join(answer_lines) in paragraphs(found)
    # The label is emphasis; the sections after it are literal text.
    assert "Se også: *a*, [b](c)" in paragraphs(found)
    assert "**Eve** <i>, _Org_ [x](y)" in "".join(
        inline_text(t) for t in found if t.type == "inline"
    )


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("# h", "\\# h"),
        ("  - x", "\\- x"),
        ("12. y", "12\\. y"),
        ("3) y", "3\\) y"),
        ("a & b", "a &amp; b"),
        ("<b>", "\\<b\\>"),
        ("plain text, 1. not at start", "plain text, 1. not at start"),
    ],
)
def test_escape_markdown(raw: str, escaped: str) -> None:
    assert escape_markdown(raw) == escaped


def test_control_characters_never_reach_the_document(bundled: dict[str, Any]) -> None:
    faq = parse(bundled, "x.json")
    # A collection cannot hold them (the loader refuses); text from elsewhere is neutralised.
    assert escape_markdown("a\x1b[2Jb") == "a\\<U+001B\\>\\[2Jb"
    assert "\x1b" not in markdown(faq)


def test_json_export_is_the_normalised_collection(runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    exported = json.loads(result.stdout)
    assert exported == json.loads(bundled_bytes().decode("utf-8"))
    assert exported == normalised(load())
    jsonschema.Draft202012Validator(build()).validate(exported)
    assert parse(exported, "exported.json") == load()


def test_json_export_writes_every_optional_field(
    runner: CliRunner, write_collection: Callable[..., Path]
) -> None:
    path = write_collection(
        {"title": "T", "entries": [{"id": 1, "slug": "a", "question": "Q?", "answer": "A."}]}
    )
    result = runner.invoke(app, ["export", "-f", "json", "--data", str(path)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "schema_version": 1,
        "title": "T",
        "section": None,
        "language": "nb",
        "intro": "",
        "entries": [
            {
                "id": 1,
                "slug": "a",
                "question": "Q?",
                "answer": "A.",
                "keywords": [],
                "see_also": [],
                "refers_to_contacts": False,
            }
        ],
        "contacts_intro": "",
        "contacts": [],
    }
    markdown_result = runner.invoke(app, ["export", "--data", str(path)])
    assert markdown_result.stdout == "# T\n\n## 1. Q?\n\nA.\n"


def test_markdown_is_the_default_on_stdout(runner: CliRunner) -> None:
    result = runner.invoke(app, ["export"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == markdown(load())
    assert result.stdout.startswith("# 6. Kontakt og spørsmål\n")
    dash = runner.invoke(app, ["export", "--output", "-"])
    assert dash.stdout == result.stdout


def test_output_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "faq.md"
    result = runner.invoke(app, ["export", "--format", "markdown", "--output", str(target)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == markdown(load())
    assert [p.name for p in tmp_path.iterdir()] == ["faq.md"]


def test_output_file_that_cannot_be_written(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "faq.md"
    result = runner.invoke(app, ["export", "-o", str(target)])
    assert result.exit_code == 74
    assert result.stdout == ""
    assert result.stderr == f"faq: cannot write {target}: No such file or directory\n"
    assert list(tmp_path.iterdir()) == []


def test_output_onto_a_folder_leaves_nothing_behind(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "-o", str(tmp_path)])
    assert result.exit_code == 74
    assert result.stderr.startswith(f"faq: cannot write {tmp_path}: ")
    assert list(tmp_path.iterdir()) == []


def test_unknown_format(runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "--format", "html"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "faq: unknown format 'html'; choose one of: markdown, json\n"


# -- a document is UTF-8, whatever the terminal's encoding (issue #13) ------------------------


FAQ = Path(sys.executable).parent / ("faq.exe" if os.name == "nt" else "faq")
needs_faq = pytest.mark.skipif(not FAQ.exists(), reason=f"no faq beside {sys.executable}")


def run_faq(*args: str, encoding: str) -> subprocess.CompletedProcess[bytes]:
    environ = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "80"}
    return subprocess.run(
        [str(FAQ), *args], env=environ, capture_output=True, timeout=60, check=False
    )


@needs_faq
@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
@pytest.mark.parametrize("format_", ["markdown", "json"])
def test_export_is_utf8_on_any_stdout(encoding: str, format_: str) -> None:
    """PYTHONIOENCODING=ascii turned «på» into «p?», and exit status 0: a lossy document."""
    done = run_faq("export", "--format", format_, encoding=encoding)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    text = done.stdout.decode("utf-8")
    if format_ == "json":
        assert json.loads(text) == normalised(load())
    else:
        assert text == markdown(load())
    assert "Kontakt og spørsmål" in text


def test_text_that_is_no_character_is_refused_not_written_as_a_question_mark(
    runner: CliRunner, write_collection: Callable[..., Path], tmp_path: Path
) -> None:
    """JSON can spell a lone surrogate ("\\ud800"); UTF-8 cannot write it."""
    entry = '{"id": 1, "slug": "a", "question": "Q?", "answer": "A."}'
    path = write_collection(f'{{"title": "T\\ud800", "entries": [{entry}]}}')
    target = tmp_path / "out.md"
    for args in (["export"], ["export", "-f", "json"], ["export", "-o", str(target)]):
        result = runner.invoke(app, [*args, "--data", str(path)])
        assert result.exit_code == 2, args
        assert result.stdout == ""
        # The loader refuses it first (with where it stands); the writer's own
        # refusal is for text that reaches it by another way (tested below).
        assert result.stderr == (
            f"faq: {path}: top level: field 'title' holds the lone surrogate U+D800, "
            "which is not a character\n"
        )
    assert not target.exists()


# -- the document's words follow the collection's language, not the user's (issue #13) --------

NORWEGIAN = ("## Kontakter", "*Se også:*", "  - Telefon: ", "  - E-post: ")
ENGLISH = ("## Contacts", "*See also:*", "  - Phone: ", "  - E-mail: ")


def with_language(bundled: dict[str, Any], language: str | None) -> dict[str, Any]:
    if language is None:
        bundled.pop("language", None)
    else:
        bundled["language"] = language
    return bundled


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (None, NORWEGIAN),  # the format's default: nb
        ("nb", NORWEGIAN),
        ("nb-NO", NORWEGIAN),
        ("no", NORWEGIAN),
        ("NB_no", NORWEGIAN),
        ("nn", NORWEGIAN),  # no Nynorsk catalog: Bokmål is nearer than English
        ("en", ENGLISH),
        ("en-GB", ENGLISH),
        ("da", ENGLISH),  # any other language: English, the code's own
        ("", NORWEGIAN),
    ],
)
@pytest.mark.parametrize(
    ("interface", "locale"),
    [("en", None), ("nb", None), (None, "en_US.UTF-8"), (None, "nb_NO.UTF-8")],
    ids=["--lang en", "--lang nb", "LANG=en_US", "LANG=nb_NO"],
)
def test_headings_follow_the_collections_language(
    runner: CliRunner,
    bundled: dict[str, Any],
    write_collection: Callable[..., Path],
    language: str | None,
    words: tuple[str, ...],
    interface: str | None,
    locale: str | None,
) -> None:
    """A Norwegian document got English headings when the user's locale was
    English: the interface's language, by --lang or by the locale, is not
    the document's."""
    path = write_collection(with_language(bundled, language))
    chosen = ["--lang", interface] if interface else []
    environ = {"LANG": locale} if locale else {}
    result = runner.invoke(app, [*chosen, "export", "--data", str(path)], env=environ)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    contacts, see_also, phone, email = words
    assert contacts in lines
    assert any(line.startswith(see_also) for line in lines)
    assert any(line.startswith(phone) for line in lines)
    assert any(line.startswith(email) for line in lines)
    other = ENGLISH if words == NORWEGIAN else NORWEGIAN
    assert not any(line.startswith(word) for line in lines for word in other)


def test_the_users_language_still_speaks_the_errors(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "faq.md"
    result = runner.invoke(app, ["--lang", "nb", "export", "-o", str(target)])
    assert result.exit_code == 74
    assert result.stderr == f"faq: kan ikke skrive {target}: No such file or directory\n"


# -- `--json` and `--data` mean what the README says (issue #13) ------------------------------


def test_json_is_the_json_format(runner: CliRunner, tmp_path: Path) -> None:
    as_format = runner.invoke(app, ["export", "--format", "json"])
    as_flag = runner.invoke(app, ["export", "--json"])
    assert as_flag.exit_code == 0, as_flag.stderr
    assert as_flag.stdout == as_format.stdout
    both = runner.invoke(app, ["export", "--json", "-f", "json", "-o", str(tmp_path / "f.json")])
    assert both.exit_code == 0, both.stderr
    assert (tmp_path / "f.json").read_text(encoding="utf-8") == as_format.stdout


def test_json_with_another_format_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "--json", "--format", "markdown"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "faq: choose either --json or --format markdown\n"


def test_schema_takes_json_which_changes_nothing(runner: CliRunner) -> None:
    """The schema is JSON already; scripts that pass --json to every command may."""
    plain = runner.invoke(app, ["schema"])
    flagged = runner.invoke(app, ["schema", "--json"])
    assert flagged.exit_code == 0, flagged.stderr
    assert flagged.stdout == plain.stdout
    assert json.loads(flagged.stdout) == build()


def test_export_and_schema_take_json_and_only_export_takes_data() -> None:
    """`schema` describes the format, not a file: no --data, and its --json
    changes nothing. (tests/test_cli_options.py holds the README's list of
    which commands take which to the program.)"""
    import typer

    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    options = {
        name: {opt for param in command.params for opt in getattr(param, "opts", [])}
        for name, command in group.commands.items()
    }
    assert {"--json", "--data"} <= options["export"]
    assert "--json" in options["schema"]
    assert "--data" not in options["schema"]
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "`faq schema` describes the file format rather than a file" in readme


# -- credit: the bundled text is KS's (issue #13) ---------------------------------------------

CREDIT_NB = (
    "Kilde: KS, verktøyet SLIK, del 6 «Kontakt og spørsmål», gjengitt ordrett. "
    "Rettighetene til teksten tilhører KS."
)


@pytest.mark.parametrize("interface", ["en", "nb"])
def test_the_bundled_collection_is_credited_to_ks(runner: CliRunner, interface: str) -> None:
    result = runner.invoke(app, ["--lang", interface, "export"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(f"\n\n{CREDIT_NB}\n")
    found = tokens(result.stdout)
    assert paragraphs(found)[-1] == CREDIT_NB


def test_an_unchanged_copy_is_credited_too(
    runner: CliRunner, bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    path = write_collection(bundled)
    result = runner.invoke(app, ["export", "--data", str(path)])
    assert result.stdout.endswith(f"\n\n{CREDIT_NB}\n")


def test_a_collection_of_ones_own_is_not_credited_to_ks(
    runner: CliRunner, bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    bundled["entries"][0]["answer"] = "Our own answer."
    path = write_collection(bundled)
    result = runner.invoke(app, ["export", "--data", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "KS, verktøyet SLIK" not in result.stdout
    assert result.stdout.endswith("(mailto:jens.peter.jensen@midtlab.dk)\n")


def test_the_json_export_stays_the_file_format() -> None:
    """The credit is the Markdown's: JSON is the collection file's format, no more."""
    assert "KS, verktøyet SLIK" not in json.dumps(normalised(load()), ensure_ascii=False)


@needs_faq
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("unbuffered", ["", "1"])
@pytest.mark.parametrize("command", [["export"], ["export", "--json"], ["contacts", "--vcard"]])
def test_a_full_stdout_is_one_clear_line(command: list[str], unbuffered: str) -> None:
    """`faq export > /dev/full`, in a user's environment (no PYTHONUNBUFFERED): the
    failed write stayed in stdout's buffer, Python's flush at exit failed again,
    printed "Exception ignored …" and made the exit status 120."""
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        environ["PYTHONUNBUFFERED"] = unbuffered
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [str(FAQ), *command],
            env=environ,
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    assert done.stderr == b"faq: could not write the output: No space left on device\n"
    assert done.returncode == 74
