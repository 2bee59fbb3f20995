"""The JSON Schema (draft 2020-12) of a collection file, for editors.

Built from the loader's own patterns, so the two cannot drift apart unnoticed:
`schema/faq.schema.json` in the repository is this, written out, and a test
fails when they differ. What JSON Schema cannot say (ids and slugs unique,
a phone number that exists) only the loader checks; `faq validate` runs both
kinds of rule.
"""

from __future__ import annotations

import json
from typing import Any

from innovasjon_faq.text import _UNSAFE, _UNSAFE_INLINE
from innovasjon_faq.validation import E164_RE, EMAIL_RE, MAX_ID, SCHEMA_VERSION, SLUG_RE

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FILENAME = "faq.schema.json"


def _ascii_pattern(pattern: str) -> str:
    """`pattern` with every character outside printable ASCII as a \\uXXXX escape,
    which both Python's `re` and ECMA-262 (editors) read the same way."""
    return "".join(c if " " <= c <= "~" else f"\\u{ord(c):04x}" for c in pattern)


def _ref(name: str, **more: Any) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}", **more}


def build() -> dict[str, Any]:
    """The schema as a JSON-ready dict."""
    non_blank = "\\S"
    return {
        "$schema": DRAFT,
        "title": "faq collection",
        "description": (
            "A collection of questions and answers for the `faq` command "
            "(innovasjon-faq). Ids and slugs must also be unique, and phone "
            "numbers real: `faq validate FILE` checks those too."
        ),
        "type": "object",
        "required": ["title", "entries"],
        "properties": {
            "schema_version": {
                "description": "The version of this format.",
                "type": "integer",
                "maximum": SCHEMA_VERSION,
            },
            "title": _ref("requiredLine", description="The collection's title."),
            "section": {
                "description": "The section number or name in the source, shown before the title.",
                "anyOf": [{"type": ["integer", "null"]}, _ref("requiredLine")],
            },
            "language": _ref("line", description="The language of the text (nb)."),
            "intro": _ref("text", description="A paragraph under the title."),
            "entries": {
                "description": "The questions with their answers.",
                "type": "array",
                "items": _ref("entry"),
            },
            "contacts_intro": _ref("text", description="A line above the contacts."),
            "contacts": {
                "description": "Whom to contact.",
                "type": "array",
                "items": _ref("contact"),
            },
        },
        "$defs": {
            "line": {
                "description": "One line of text without control characters.",
                "type": "string",
                "not": {"pattern": _ascii_pattern(_UNSAFE_INLINE.pattern)},
            },
            "text": {
                "description": "Text that may hold line feeds but no other control characters.",
                "type": "string",
                "not": {"pattern": _ascii_pattern(_UNSAFE.pattern)},
            },
            "requiredLine": _ref("line", pattern=non_blank),
            "requiredText": _ref("text", pattern=non_blank),
            "entry": {
                "type": "object",
                "required": ["id", "slug", "question", "answer"],
                "properties": {
                    "id": {
                        "description": "A positive whole number, unique in the collection.",
                        "type": "integer",
                        "minimum": 1,
                        "maximum": MAX_ID,
                    },
                    "slug": _ref(
                        "line",
                        description="kebab-case name, unique in the collection: komme-i-gang.",
                        pattern=SLUG_RE.pattern,
                    ),
                    "question": _ref("requiredLine"),
                    "answer": _ref("requiredText"),
                    "keywords": {
                        "description": "Words people look this entry up by (N3, BLT).",
                        "type": "array",
                        "items": _ref("requiredLine"),
                    },
                    "see_also": {
                        "description": "Other sections of the source this answer points to.",
                        "type": "array",
                        "items": _ref("requiredLine"),
                    },
                    "refers_to_contacts": {
                        "description": "Whether the answer tells people to contact someone.",
                        "type": "boolean",
                    },
                },
            },
            "contact": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": _ref("requiredLine"),
                    "organization": _ref("line"),
                    "phones": {
                        "description": "Phone numbers in E.164 form: +4724132638.",
                        "type": "array",
                        "items": _ref("line", pattern=E164_RE.pattern),
                    },
                    "email": _ref(
                        "line",
                        description="An e-mail address, or empty.",
                        pattern=f"^$|{EMAIL_RE.pattern}",
                    ),
                },
            },
        },
    }


def dumps() -> str:
    """The schema as the text of `faq schema` and of `schema/faq.schema.json`."""
    return json.dumps(build(), ensure_ascii=True, indent=2) + "\n"
