"""Generate a large, deterministic set of odd and malformed feeds for the ingest robustness test.

Why generated: the cross product of feed formats (RSS 0.91/0.92/1.0/2.0, Atom 0.3/1.0) and ways a
feed goes wrong (bad encodings, undeclared entities, missing fields, truncation, entity bombs, HTML
served as a feed, ...) is what real feeds throw at us; writing 150 files by hand would hide which
case is which. Absolute entry links use the placeholder ``__BASE__`` (the test server's address).

Usage: python scripts/make_odd_feeds.py OUT_DIR   (writes one file per case and prints the count)
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

BASE = "__BASE__"
FORMATS = ("rss091", "rss092", "rss10", "rss20", "atom03", "atom10")

Item = dict[str, str | None]


def _items(n: int = 3, **override: str | None) -> list[Item]:
    out = []
    for i in range(n):
        item: Item = {
            "title": f"Item {i} about talks &amp; drones",
            "link": f"{BASE}/p/item-{i}",
            "date": f"2026-10-0{i + 1}T08:30:00Z",
            "author": "desk@example.org (News Desk)",
            "summary": f"Short summary number {i}.",
        }
        item.update(override)
        out.append(item)
    return out


def _rfc822(iso: str | None) -> str | None:
    if iso is None or not iso[:4].isdigit() or "T" not in iso:
        return iso
    day = int(iso[8:10])
    return f"{['Thu', 'Fri', 'Sat'][day % 3]}, {day:02d} Oct {iso[:4]} {iso[11:19]} GMT"


def _el(tag: str, value: str | None) -> str:
    return "" if value is None else f"<{tag}>{value}</{tag}>"


def render(fmt: str, items: list[Item], title: str | None = "Odd feed", head: str = "") -> str:
    """Serialise items in one of the formats; ``head`` goes between the XML declaration and root."""
    decl = '<?xml version="1.0" encoding="utf-8"?>\n' + head
    if fmt in ("rss091", "rss092", "rss20"):
        version = {"rss091": "0.91", "rss092": "0.92", "rss20": "2.0"}[fmt]
        if fmt == "rss091" and not head:
            decl += (
                '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
                '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
            )
        body = "".join(
            "<item>"
            + _el("title", it["title"])
            + _el("link", it["link"])
            + (_el("pubDate", _rfc822(it["date"])) if fmt == "rss20" else "")
            + (_el("author", it["author"]) if fmt == "rss20" else "")
            + _el("description", it["summary"])
            + "</item>\n"
            for it in items
        )
        return (
            f'{decl}<rss version="{version}"><channel>{_el("title", title)}'
            f"<link>{BASE}/</link><description>d</description>\n{body}</channel></rss>\n"
        )
    if fmt == "rss10":
        body = "".join(
            f'<item rdf:about="{it["link"] or "urn:x"}">'
            + _el("title", it["title"])
            + _el("link", it["link"])
            + _el("dc:date", it["date"])
            + _el("dc:creator", it["author"])
            + _el("description", it["summary"])
            + "</item>\n"
            for it in items
        )
        return (
            f'{decl}<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            f'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<channel rdf:about="{BASE}/">{_el("title", title)}</channel>\n{body}</rdf:RDF>\n'
        )
    ns = "http://purl.org/atom/ns#" if fmt == "atom03" else "http://www.w3.org/2005/Atom"
    date_tag = "issued" if fmt == "atom03" else "updated"
    body = "".join(
        "<entry>"
        + _el("title", it["title"])
        + (f'<link rel="alternate" href="{it["link"]}"/>' if it["link"] is not None else "")
        + _el(date_tag, it["date"])
        + _el("id", f"tag:example.org,2026:{it['link']}:{(it['title'] or '')[:12]}")
        + (f"<author><name>{it['author']}</name></author>" if it["author"] else "")
        + _el("summary", it["summary"])
        + "</entry>\n"
        for it in items
    )
    version = ' version="0.3"' if fmt == "atom03" else ""
    return f'{decl}<feed xmlns="{ns}"{version}>{_el("title", title)}\n{body}</feed>\n'


def _bomb() -> str:
    lines = ["<!DOCTYPE feed [", '<!ENTITY a0 "boom">']
    for i in range(1, 10):
        lines.append(f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">')
    return "\n".join(lines) + "\n]>\n"


Case = Callable[[str], bytes]
CASES: dict[str, Case] = {
    "valid": lambda f: render(f, _items()).encode(),
    "no_feed_title": lambda f: render(f, _items(), title=None).encode(),
    "no_links": lambda f: render(f, _items(link=None)).encode(),
    "relative_links": lambda f: render(f, [dict(it, link=f"p/rel-{i}") for i, it in enumerate(_items())]).encode(),
    "javascript_links": lambda f: render(f, _items(link="javascript:alert(1)")).encode(),
    "data_and_ftp_links": lambda f: render(
        f, _items(1, link="data:text/html,hi") + _items(1, link="ftp://x/y")
    ).encode(),
    "no_dates": lambda f: render(f, _items(date=None)).encode(),
    "garbage_dates": lambda f: render(f, _items(date="the day after the ceasefire")).encode(),
    "far_future_dates": lambda f: render(f, _items(date="2999-01-01T00:00:00Z")).encode(),
    "duplicate_entries": lambda f: render(f, _items() + _items()).encode(),
    "undeclared_entities": lambda f: render(f, _items(title="Kyiv&nbsp;talks &eacute;tude &copy;")).encode(),
    "latin1_declared_utf8": lambda f: render(f, _items(title="Caf\u00e9 \u00e0 Odesa")).encode("latin-1"),
    "utf16": lambda f: render(f, _items()).replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16"),
    "cp1251": lambda f: (
        render(f, _items(title="\u041f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440\u044b"))
        .replace('encoding="utf-8"', 'encoding="windows-1251"')
        .encode("cp1251")
    ),
    "truncated": lambda f: render(f, _items()).encode()[: len(render(f, _items())) // 2],
    "huge_author": lambda f: render(f, _items(author="a." * 16000)).encode(),
    "entity_bomb": lambda f: render(f, _items(title="&a9;"), head=_bomb()).encode(),
    "external_entity": lambda f: render(
        f, _items(title="&xxe;"), head='<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    ).encode(),
    "html_page": lambda f: (
        b"<!doctype html><html><head><title>Not a feed</title></head><body><a href='/p/x'>x</a></body></html>"
    ),
    "empty": lambda f: b"",
    "whitespace_bom": lambda f: b"\xef\xbb\xbf   \n\n",
    "mismatched_tags": lambda f: render(f, _items()).replace("</title>", "</titel>", 2).encode(),
    "control_chars": lambda f: render(f, _items(summary="bell\x07 null\x00 esc\x1b")).encode(),
    "undeclared_prefix": lambda f: render(f, _items(summary="<foo:bar>x</foo:bar>")).encode(),
    "long_title": lambda f: render(f, _items(1, title="negotiation " * 9000)).encode(),
    "zero_entries": lambda f: render(f, []).encode(),
    "json_body": lambda f: b'{"version": "https://jsonfeed.org/version/1", "items": [{"url": "/p/j"}]}',
    "binary_garbage": lambda f: bytes(range(256)) * 40,
}


def generate(out_dir: Path) -> list[Path]:
    """Write every (format, case) combination; returns the paths, sorted."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in FORMATS:
        for name, make in CASES.items():
            path = out_dir / f"{fmt}__{name}.xml"
            path.write_bytes(make(fmt))
            paths.append(path)
    return sorted(paths)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(len(generate(Path(sys.argv[1]))))
