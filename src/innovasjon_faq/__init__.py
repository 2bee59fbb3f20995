"""innovasjon-faq: the FAQ of KS' SLIK toolkit (section 6) in the terminal."""

__version__ = "0.1.0"
