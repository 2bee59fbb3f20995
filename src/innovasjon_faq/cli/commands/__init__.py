"""Each module here registers its commands on `innovasjon_faq.cli.app.app`."""

from innovasjon_faq.cli.commands import browse, contacts, editing, export, search
from innovasjon_faq.cli.commands.browse import overview

__all__ = ["browse", "contacts", "editing", "export", "overview", "search"]
