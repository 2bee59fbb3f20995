"""Each module here registers its commands on `innovasjon_faq.cli.app.app`."""

from innovasjon_faq.cli.commands import browse, cache, contacts, editing, export, search
from innovasjon_faq.cli.commands.browse import overview

__all__ = ["browse", "cache", "contacts", "editing", "export", "overview", "search"]
