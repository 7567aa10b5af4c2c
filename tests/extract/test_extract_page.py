"""extract_page: one parse, title without trafilatura's full metadata pass, same answers (issue 9).

extract_page used to call bare_extraction(with_metadata=True), which also ran htmldate, author,
sitename, category, tag and licence extraction, none of which the pipeline keeps. These tests pin
that the cheaper path gives exactly what the full metadata pass gave, on the bundled sample site.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.articles import EXTRACT_OPTIONS, ExtractionError, extract_page, page_title

SAMPLE_PAGES = sorted((Path(__file__).resolve().parents[2] / "conflictwatch" / "sample" / "site").rglob("*.html"))


def _full_metadata_pass(html: bytes, url: str) -> tuple[str, str | None]:
    """Text and title as bare_extraction with with_metadata=True reports them (the old path)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, **{**EXTRACT_OPTIONS, "with_metadata": True})
    assert doc is not None
    return (doc.text or "").strip(), ((doc.title or "").strip() or None)


def test_sample_site_has_pages() -> None:
    assert len(SAMPLE_PAGES) >= 20


@pytest.mark.parametrize("path", SAMPLE_PAGES, ids=lambda p: p.name)
def test_same_text_and_title_as_full_metadata_pass(path: Path) -> None:
    html = path.read_bytes()
    url = f"https://sample.example/{path.name}"
    try:
        text, title = _full_metadata_pass(html, url)
    except AssertionError:
        with pytest.raises(ExtractionError):
            extract_page(html, url)
        return
    page = extract_page(html, url)
    assert page.text == text
    assert page.title == title


@pytest.mark.parametrize("path", SAMPLE_PAGES[:10], ids=lambda p: p.name)
def test_page_title_equals_trafilatura_metadata_title(path: Path) -> None:
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    tree = load_html(path.read_bytes())
    assert page_title(tree) == extract_metadata(tree, "https://sample.example/").title


def test_title_from_json_ld_overrides_meta_and_falls_back_to_feed() -> None:
    body = "<p>" + "Officials said drones struck the depot overnight and crews worked until dawn. " * 8 + "</p>"
    html = (
        '<html><head><title>Site name</title><meta property="og:title" content="OG headline">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "LD headline"}</script>'
        f"</head><body><article>{body}</article></body></html>"
    ).encode()
    assert extract_page(html, "https://a.example/x").title == _full_metadata_pass(html, "https://a.example/x")[1]
    bare = f"<html><body><article>{body}</article></body></html>".encode()
    page = extract_page(bare, "https://a.example/y", feed_title="Feed title")
    assert page.title == (_full_metadata_pass(bare, "https://a.example/y")[1] or "Feed title")


def test_empty_and_binary_bodies_fail() -> None:
    with pytest.raises(ExtractionError):
        extract_page(b"   ")
    with pytest.raises(ExtractionError):
        extract_page(b"%PDF-1.7 binary")


def test_feed_date_wins_then_page_metadata() -> None:
    body = "<p>" + "Negotiators met again in the capital and agreed to continue talks next week. " * 8 + "</p>"
    html = (
        '<html><head><meta property="article:published_time" content="2025-03-09T08:00:00Z"></head>'
        f"<body><article>{body}</article></body></html>"
    ).encode()
    from_page = extract_page(html, "https://a.example/z")
    assert (from_page.published, from_page.published_basis) == ("2025-03-09T08:00:00+00:00", "page_metadata")
    from_feed = extract_page(html, "https://a.example/z", feed_published="Mon, 10 Mar 2025 09:30:00 GMT")
    assert (from_feed.published, from_feed.published_basis) == ("2025-03-10T09:30:00+00:00", "feed")
    assert from_feed.language == "en"


# One report written here in each allowed language other than English (transform/data/quality.yaml).
_SAMPLES = {
    "de": "Russische Drohnen haben in der Nacht ein Umspannwerk in der Region Charkiw getroffen. Nach Angaben "
          "der Behörden wurden zwei Menschen verletzt. Die Gespräche in Genf sollen am Montag weitergehen.",
    "fr": "Des drones russes ont frappé dans la nuit une sous-station électrique de la région de Kharkiv. Selon "
          "les autorités, deux personnes ont été blessées. Les pourparlers de Genève reprendront lundi.",
    "uk": "Російські дрони вночі атакували енергетичний обʼєкт у Харківській області. За даними місцевої влади, "
          "двоє людей дістали поранення. Переговори в Женеві мають відновитися в понеділок.",
    "ru": "Российские беспилотники ночью атаковали подстанцию в Харьковской области. По данным местных властей, "
          "два человека получили ранения. Переговоры в Женеве должны возобновиться в понедельник.",
    "pl": "Rosyjskie drony uderzyły w nocy w podstację energetyczną w obwodzie charkowskim. Według władz dwie "
          "osoby zostały ranne. Rozmowy w Genewie mają zostać wznowione w poniedziałek.",
    "es": "Drones rusos atacaron durante la noche una subestación eléctrica en la región de Járkov. Según las "
          "autoridades, dos personas resultaron heridas. Las conversaciones en Ginebra se reanudarán el lunes.",
    "it": "Droni russi hanno colpito durante la notte una sottostazione elettrica nella regione di Kharkiv. "
          "Secondo le autorità, due persone sono rimaste ferite. I colloqui di Ginevra riprenderanno lunedì.",
}


@pytest.mark.parametrize("lang", sorted(_SAMPLES))
def test_language_from_a_prefix_matches_the_whole_page(lang: str) -> None:
    import py3langid

    from extract.articles import LANGUAGE_PREFIX, detect_language

    page = "\n\n".join([_SAMPLES[lang]] * 40)  # a long page, well past the classified prefix
    assert len(page) > 2 * LANGUAGE_PREFIX
    assert detect_language(page) == lang == py3langid.classify(page)[0]
