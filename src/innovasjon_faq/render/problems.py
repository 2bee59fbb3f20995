"""The findings of `faq validate`: one line per problem, or JSON for CI."""

from __future__ import annotations

from collections.abc import Sequence

from innovasjon_faq.errors import DataError
from innovasjon_faq.i18n import _, ngettext
from innovasjon_faq.text import neutralise

Report = Sequence[tuple[str, Sequence[DataError]]]
"""(file, its problems) for each file checked, in order."""


def problem_dict(error: DataError) -> dict[str, object]:
    """One problem for `--json`: the file, where in it, and what is wrong."""
    return {
        "file": error.path,
        "where": error.where,
        "line": error.line,
        "column": error.column,
        "problem": error.problem,
    }


def data(report: Report) -> dict[str, object]:
    return {
        "valid": not any(problems for _path, problems in report),
        "files": [
            {
                "file": path,
                "valid": not problems,
                "problems": [problem_dict(p) for p in problems],
            }
            for path, problems in report
        ],
    }


def plain(report: Report) -> str:
    """`FILE: WHERE: PROBLEM` for each problem (as compilers write it), `FILE: ok` for
    a valid file, then a count."""
    lines = []
    total = 0
    for path, problems in report:
        if not problems:
            lines.append(_("{file}: ok").format(file=path))
        lines += [str(problem) for problem in problems]
        total += len(problems)
    if total:
        files = sum(1 for _path, problems in report if problems)
        lines.append(
            ngettext("{count} problem", "{count} problems", total).format(count=total)
            + " "
            + ngettext("in {files} file", "in {files} files", files).format(files=files)
        )
    return "\n".join(neutralise(line, multiline=False) for line in lines) + "\n"
