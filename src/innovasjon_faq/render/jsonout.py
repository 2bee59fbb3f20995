"""JSON for machines: UTF-8, not ASCII-escaped, yet safe to show on a terminal."""

from __future__ import annotations

import json
import re

from innovasjon_faq.text import BIDI_CONTROLS, INVISIBLE_MARKS, SURROGATES

# Python's json escapes C0 controls but leaves DEL, C1, the bidi controls and
# the line/paragraph separators raw; write those as \uXXXX escapes too, and the
# invisible marks (the text stays exact, and a reader of the JSON sees them).
# And lone surrogates (a file name's byte that is not UTF-8, `\udcff`): no
# UTF-8 stream can write one raw, but its escape is valid JSON, and reads back
# as the same string.
_RAW_CONTROLS = re.compile(
    "[\x7f-\x9f\u2028\u2029" + BIDI_CONTROLS + INVISIBLE_MARKS + SURROGATES + "]"
)


def dumps(data: object, *, ascii_only: bool = False) -> str:
    """`data` as indented JSON with a final newline.

    `ascii_only` writes every non-ASCII letter as a \\uXXXX escape: for a stream
    that cannot encode UTF-8 (PYTHONIOENCODING=ascii), where "ø" would otherwise
    become "?" and the data silently change.
    """
    text = json.dumps(data, ensure_ascii=ascii_only, indent=2)
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
