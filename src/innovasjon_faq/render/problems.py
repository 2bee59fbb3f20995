"""The findings of `faq validate`: one line per problem or warning, or JSON for CI."""

from __future__ import annotations

from collections.abc import Sequence

from innovasjon_faq.errors import DataError
from innovasjon_faq.i18n import _, ngettext
from innovasjon_faq.text import neutralise

Report = Sequence[tuple[str, Sequence[DataError], Sequence[DataError]]]
"""(file, its problems, its warnings) for each file checked, in order."""


def problem_dict(error: DataError) -> dict[str, object]:
    """One problem (or warning) for `--json`: the file, where in it, and what is wrong."""
    return {
        "file": error.path,
        "where": error.where,
        "line": error.line,
        "column": error.column,
        "problem": error.problem,
    }


def data(report: Report) -> dict[str, object]:
    return {
        "valid": not any(problems for _path, problems, _warnings in report),
        "files": [
            {
                "file": path,
                "valid": not problems,
                "problems": [problem_dict(p) for p in problems],
                "warnings": [problem_dict(w) for w in warnings],
            }
            for path, problems, warnings in report
        ],
    }


def _warning(warning: DataError) -> str:
    location = f"{warning.path}: {warning.where}" if warning.where else warning.path
    return _("{location}: warning: {problem}").format(location=location, problem=warning.problem)


def plain(report: Report) -> str:
    """`FILE: WHERE: PROBLEM` for each problem and `FILE: WHERE: warning: …` for
    each warning (as compilers write them), `FILE: ok` for a valid file, then a
    count."""
    lines = []
    problem_count = warning_count = files = 0
    for path, problems, warnings in report:
        lines += [str(problem) for problem in problems]
        lines += [_warning(warning) for warning in warnings]
        if not problems:
            lines.append(_("{file}: ok").format(file=path))
        problem_count += len(problems)
        warning_count += len(warnings)
        files += 1 if problems or warnings else 0
    counts = []
    if problem_count:
        counts.append(
            ngettext("{count} problem", "{count} problems", problem_count).format(
                count=problem_count
            )
        )
    if warning_count:
        counts.append(
            ngettext("{count} warning", "{count} warnings", warning_count).format(
                count=warning_count
            )
        )
    if counts:
        lines.append(
            _(" and ").join(counts)
            + " "
            + ngettext("in {files} file", "in {files} files", files).format(files=files)
        )
    return "\n".join(neutralise(line, multiline=False) for line in lines) + "\n"
