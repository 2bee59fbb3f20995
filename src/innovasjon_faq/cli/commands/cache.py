"""`faq cache info` and `faq cache clear`: the search indexes faq keeps for its
collections (`cache_folder.py` does the work; this only says it)."""

from __future__ import annotations

from typing import Annotated

import typer

from innovasjon_faq import cache_folder
from innovasjon_faq.cli import context
from innovasjon_faq.cli.app import FaqSubgroup, app
from innovasjon_faq.cli.options import JsonOption
from innovasjon_faq.cli.output import emit
from innovasjon_faq.errors import WriteError
from innovasjon_faq.i18n import N_, _, ngettext
from innovasjon_faq.text import neutralise

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from rich.console import RenderableType

cache = typer.Typer(
    cls=FaqSubgroup,
    name="cache",
    help=N_(
        "Show or clear the search indexes faq keeps for its collections.\n\nExample: faq cache info"
    ),
    invoke_without_command=True,
    rich_markup_mode=None,
)
app.add_typer(cache)


@cache.callback()
def _cache(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:  # `faq cache` alone: what is there
        info(ctx)


@cache.command()
def info(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Where the cache is, how large, and which collection file each index is of.

    Example: faq cache info
    """
    env = context.environment(ctx)
    found = cache_folder.survey()
    emit(
        env,
        as_json=as_json,
        data=lambda: _info_data(found),
        plain=lambda _width: _info_text(found),
        human=lambda: _text(_info_text(found)),
    )


@cache.command()
def clear(
    ctx: typer.Context,
    orphans: Annotated[
        bool,
        typer.Option(
            "--orphans", help=N_("Remove only the indexes of collection files that are gone.")
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Remove faq's own files from the cache (they are rebuilt when needed).

    Example: faq cache clear
    """
    env = context.environment(ctx)
    removed = cache_folder.clear(gone_only=orphans)
    path = cache_folder.folder()
    emit(
        env,
        as_json=as_json,
        data=lambda: {"folder": path, "removed": removed.count, "size": removed.size},
        plain=lambda _width: _cleared_text(path, removed),
        human=lambda: _text(_cleared_text(path, removed)),
    )
    if removed.failed:
        name, reason = removed.failed[0]
        raise WriteError(
            ngettext(
                "could not remove {count} file ({name}): {reason}",
                "could not remove {count} files ({name}, …): {reason}",
                len(removed.failed),
            ).format(count=len(removed.failed), name=name, reason=reason)
        )


def _info_data(found: cache_folder.Survey) -> dict[str, object]:
    """The stable JSON shape of `faq cache info --json`."""
    return {
        "folder": found.path,
        "exists": found.exists,
        "refused": found.refused or None,
        "size": found.size,
        "indexes": [
            {
                "name": item.name,
                "size": item.size,
                "collection": item.collection,
                "collection_exists": None if item.gone is None else not item.gone,
            }
            for item in found.files
            if not item.unfinished
        ],
        "unfinished": [
            {"name": item.name, "size": item.size} for item in found.files if item.unfinished
        ],
        "others": found.others,
    }


def _info_text(found: cache_folder.Survey) -> str:
    lines = [_("Folder: {path}").format(path=found.path)]
    if found.refused:
        lines.append(
            _("faq leaves it alone: it {reason}").format(reason=cache_folder.explain(found.refused))
        )
        return _lines(lines)
    if not found.exists:
        lines.append(_("No index yet (faq makes one the first time it searches a collection)."))
        return _lines(lines)
    indexes = [item for item in found.files if not item.unfinished]
    unfinished = [item for item in found.files if item.unfinished]
    lines.append(
        ngettext(
            "{count} index, {size} in all", "{count} indexes, {size} in all", len(indexes)
        ).format(count=len(indexes), size=_size(found.size))
    )
    for item in indexes:
        if item.collection is None:
            owner = _("(which collection cannot be told)")
        elif item.gone:
            owner = _("{path} (gone: faq cache clear --orphans)").format(path=item.collection)
        else:
            owner = item.collection
        lines.append(f"  {_size(item.size):>10}  {owner}")
    if unfinished:
        size = _size(sum(item.size for item in unfinished))
        lines.append(
            ngettext(
                "{count} leftover of a build under way or cut off, {size}",
                "{count} leftovers of builds under way or cut off, {size}",
                len(unfinished),
            ).format(count=len(unfinished), size=size)
        )
    if found.others:
        lines.append(
            ngettext(
                "{count} other entry, not faq's: left alone",
                "{count} other entries, not faq's: left alone",
                found.others,
            ).format(count=found.others)
        )
    return _lines(lines)


def _cleared_text(path: str, removed: cache_folder.Removed) -> str:
    if not removed.count:
        return _lines([_("Nothing to remove in {path}").format(path=path)])
    return _lines(
        [
            ngettext(
                "Removed {count} item ({size}) from {path}",
                "Removed {count} items ({size}) from {path}",
                removed.count,
            ).format(count=removed.count, size=_size(removed.size), path=path)
        ]
    )


def _lines(lines: list[str]) -> str:
    """The lines, each made safe for a terminal: a collection's path (read
    back from an index) is someone else's text."""
    return "".join(neutralise(line, multiline=False) + "\n" for line in lines)


def _size(count: int) -> str:
    """`count` bytes for people: `512 B`, `12.5 KiB`, `230.0 MiB`."""
    size = float(count)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{count} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def _text(text: str) -> RenderableType:
    from rich.text import Text

    return Text(text.rstrip("\n"))
