"""The bundled collection loads and answers the page's own questions."""

from innovasjon_faq.loader import load


def test_bundled_collection_has_the_page() -> None:
    faq = load()
    assert faq.title == "Kontakt og spørsmål"
    assert [e.id for e in faq.entries] == [1, 2, 3, 4, 5]
    assert len(faq.contacts) == 4
