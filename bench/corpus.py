"""Generate N realistic news pages (5–100 KB of HTML) and RSS feeds for the benchmarks.

Why generated, not recorded: the benchmark must scale to thousands of distinct pages, run offline,
and never copy anyone's prose. Pages carry the furniture real news sites have (navigation, inline
scripts and styles, related links, a cookie banner, a footer) because that is what trafilatura
spends its time on, and a share of them are syndicated copies or exact reposts so the deduper does
real work. Text comes from templates and word pools in ``bench/data/corpus.yaml``.

The output is a folder the sample server (``conflictwatch.sample.server.serve(root=...)``) serves:
``@@BASE@@`` in feeds is rendered to the server's URL at request time.
"""

from __future__ import annotations

import html
import json
import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data" / "corpus.yaml"
MIN_PAGE_BYTES = 5_000
MAX_PAGE_BYTES = 100_000


@lru_cache(maxsize=1)
def pools() -> dict[str, Any]:
    return dict(yaml.safe_load(DATA.read_text(encoding="utf-8")))


@dataclass
class Page:
    outlet: str
    path: str          # URL path under the server root, without leading slash
    title: str
    published: datetime
    topic: str         # strike | talks | other
    copy_of: int | None
    size: int


def _fill(template: str, rng: random.Random, topic: str) -> str:
    p = pools()
    ua = rng.random() < 0.7
    cities = p["cities_ukraine"] if ua else p["cities_russia"]
    attacker = rng.choice(p["attackers_ua"] if ua else p["attackers_ru"])
    party_a, party_b = rng.sample(p["parties"], 2)
    n = rng.choice([12, 18, 25, 33, 40, 47, 54, 61, 75, 90, 112, 140])
    values = {
        "city": rng.choice(cities), "city2": rng.choice(cities), "n": n, "m": max(1, n - rng.randint(1, 11)),
        "k": rng.randint(2, 30), "day": rng.choice(p["days"]), "attacker": attacker,
        "official": rng.choice(p["officials"]), "venue": rng.choice(p["venues"]), "party_a": party_a,
        "party_b": party_b, "mediator": rng.choice(p["mediators"]), "object": rng.choice(p["objects"]),
        "org": rng.choice(p["orgs"]).capitalize() if template.startswith("{org}") else rng.choice(p["orgs"]),
        "month": rng.choice(p["months"]),
    }
    text = template.format(**values)
    return text[0].upper() + text[1:]


def _paragraphs(rng: random.Random, topic: str, words_wanted: int) -> list[str]:
    """Body paragraphs: the topic's lead sentences first, then context, other news and filler."""
    p = pools()
    main = {"strike": p["strike_sentences"], "talks": p["talks_sentences"], "other": p["other_sentences"]}[topic]
    context = {"strike": p["strike_context"], "talks": p["talks_context"], "other": p["other_sentences"]}[topic]
    paras: list[str] = []
    words = 0
    while words < words_wanted:
        size = rng.randint(2, 5)
        sentences = []
        for i in range(size):
            roll = rng.random()
            if (not paras and i == 0) or roll < 0.35:
                pool = main
            elif roll < 0.7:
                pool = context
            elif roll < 0.85:
                pool = p["other_sentences"]
            else:
                pool = p["filler_sentences"]
            sentences.append(_fill(rng.choice(pool), rng, topic))
        para = " ".join(sentences)
        paras.append(para)
        words += len(para.split())
    return paras


def _title(rng: random.Random, topic: str) -> str:
    p = pools()
    return _fill(rng.choice(p[f"{topic}_titles"]), rng, topic)


def _furniture(rng: random.Random, outlet: str, target_bytes: int, current: int) -> tuple[str, str, str]:
    """Navigation, related links and scripts sized so the page lands near ``target_bytes``."""
    p = pools()
    nav = "\n".join(
        f'<li class="nav__item"><a href="/{outlet}/{s.lower()}/" data-track="nav-{s.lower()}">{s}</a></li>'
        for s in p["nav_sections"]
    )
    related = "\n".join(
        f'<li><a href="/{outlet}/news/related-{rng.randint(1, 10**6)}.html">{html.escape(t)}</a>'
        f'<span class="kicker">{rng.choice(p["nav_sections"])}</span></li>'
        for t in rng.sample(p["related_titles"], k=min(6, len(p["related_titles"])))
    )
    budget = max(0, target_bytes - current - len(nav) - len(related) - 1500)
    blocks: list[str] = []
    used = 0
    while used < budget:
        chunk = json.dumps({
            "slot": f"ad-{rng.randint(1, 999)}", "sizes": [[300, 250], [728, 90]],
            "targeting": {"section": rng.choice(p["nav_sections"]).lower(), "kw": rng.sample(p["days"], 3)},
            "lazy": True, "refresh": rng.randint(30, 90),
        })
        block = f"window.__adq = window.__adq || []; window.__adq.push({chunk});\n"
        if rng.random() < 0.3:
            block = (f".c-{rng.randint(1, 9999)} {{ margin: 0 auto; padding: {rng.randint(1, 24)}px; "
                     f"font-family: Georgia, serif; color: #{rng.randint(0, 0xFFFFFF):06x}; }}\n")
            blocks.append(f"<style>{block}</style>")
        else:
            blocks.append(f"<script>{block}</script>")
        used += len(blocks[-1])
    return nav, related, "\n".join(blocks)


def render_page(rng: random.Random, outlet: str, title: str, paras: list[str], published: datetime,
                target_bytes: int) -> str:
    p = pools()
    author = f"{rng.choice(['Olena', 'Marta', 'Ivan', 'Petro', 'Anna', 'Dmytro', 'Sofia'])} " \
             f"{rng.choice(['Koval', 'Marchenko', 'Bondar', 'Lysenko', 'Shevchuk', 'Melnyk'])}"
    body = "\n".join(f"<p>{html.escape(x)}</p>" for x in paras)
    if len(paras) > 4:  # a pull quote and a photo caption in the middle, as news pages have
        mid = len(paras) // 2
        split = body.split("\n")
        split.insert(mid, f'<figure><img src="/img/{rng.randint(1, 10**6)}.jpg" alt="">'
                          f"<figcaption>Scene of the event. Photo: {author}</figcaption></figure>")
        body = "\n".join(split)
    iso = published.isoformat()
    article = f"""<article class="story">
<header><h1 class="story__title">{html.escape(title)}</h1>
<p class="byline">By <a rel="author" href="/{outlet}/authors/{author.lower().replace(' ', '-')}">{author}</a>
 · <time datetime="{iso}">{published:%d %B %Y, %H:%M}</time></p></header>
<div class="story__body">
{body}
</div>
</article>"""
    head_len = len(article) + 2500
    nav, related, blocks = _furniture(rng, outlet, target_bytes, head_len)
    footer = " | ".join(f'<a href="/{outlet}/{x.lower().replace(" ", "-")}">{x}</a>' for x in p["footer_lines"])
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "datePublished": iso, "author": {"@type": "Person", "name": author}})
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)} | {outlet}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{html.escape(title)}">
<meta property="article:published_time" content="{iso}">
<script type="application/ld+json">{ld}</script>
{blocks}
</head>
<body>
<div class="cookie-banner">We use cookies to measure audiences. <button>Accept</button> <button>Settings</button></div>
<header class="site"><a class="logo" href="/{outlet}/">{outlet}</a><nav><ul class="nav">
{nav}
</ul></nav></header>
<main>
{article}
<aside class="related"><h2>More on this story</h2><ul>
{related}
</ul></aside>
<div class="newsletter">Get the morning briefing in your inbox. <input type="email"> <button>Sign up</button></div>
</main>
<footer class="site-footer">{footer}<p>© {published.year} {outlet}. All rights reserved.</p></footer>
</body>
</html>
"""


def _target_size(rng: random.Random) -> int:
    """Log-uniform between 5 and 100 KB: many mid-sized pages, a tail of heavy ones."""
    return int(math.exp(rng.uniform(math.log(MIN_PAGE_BYTES * 1.3), math.log(MAX_PAGE_BYTES * 0.93))))


def generate(root: Path, n_pages: int, *, n_feeds: int = 8, seed: int = 7,
             now: datetime | None = None, copy_share: float = 0.08) -> list[Page]:
    """Write ``n_pages`` pages, ``n_feeds`` RSS feeds, robots.txt and feeds.yaml under ``root``."""
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    root.mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    outlets = [f"outlet-{i:02d}" for i in range(n_feeds)]
    pages: list[Page] = []
    texts: list[tuple[str, list[str]]] = []
    for i in range(n_pages):
        outlet = outlets[i % n_feeds]
        published = now - timedelta(minutes=rng.randint(60, 60 * 48))
        target = _target_size(rng)
        copy_of = None
        if texts and rng.random() < copy_share:  # a syndicated copy: same story, new intro line
            copy_of = rng.randrange(len(texts))
            title, paras = texts[copy_of]
            paras = [_fill(rng.choice(pools()["filler_sentences"]), rng, "other"), *paras]
            topic = pages[copy_of].topic
        else:
            roll = rng.random()
            topic = "strike" if roll < 0.45 else "talks" if roll < 0.65 else "other"
            title = _title(rng, topic)
            words = max(120, int(target / 100 * rng.uniform(0.8, 1.6)))  # text ~ 8–30% of a page
            paras = _paragraphs(rng, topic, min(words, 1600))
        texts.append((title, paras))
        page_html = render_page(rng, outlet, title, paras, published, target)
        path = f"{outlet}/news/story-{i:06d}.html"
        out = root / path
        out.parent.mkdir(parents=True, exist_ok=True)
        data = page_html.encode("utf-8")
        out.write_bytes(data)
        pages.append(Page(outlet, path, title, published, topic, copy_of, len(data)))
    _write_feeds(root, outlets, pages)
    return pages


def _write_feeds(root: Path, outlets: list[str], pages: list[Page]) -> None:
    feeds_dir = root / "feeds"
    feeds_dir.mkdir(exist_ok=True)
    entries = []
    for outlet in outlets:
        items = []
        for page in pages:
            if page.outlet != outlet:
                continue
            link = f"@@BASE@@/{page.path}"
            items.append(
                f"<item><title>{html.escape(page.title)}</title><link>{link}</link><guid>{link}</guid>"
                f"<pubDate>{format_datetime(page.published, usegmt=True)}</pubDate>"
                f"<description>{html.escape(page.title)}.</description></item>"
            )
        xml = (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{outlet}</title>'
               f"<link>@@BASE@@/{outlet}/</link><description>Latest from {outlet}</description>\n"
               + "\n".join(items) + "\n</channel></rss>\n")
        (feeds_dir / f"{outlet}.xml").write_text(xml, encoding="utf-8")
        entries.append({"name": outlet, "url": f"@@BASE@@/feeds/{outlet}.xml", "source": f"{outlet}.example"})
    (root / "feeds.yaml").write_text(yaml.safe_dump({"feeds": entries}, sort_keys=False), encoding="utf-8")


def feeds_for(root: Path, base_url: str) -> list[dict[str, Any]]:
    """The feeds list (as conflictwatch.config.load_feeds returns it) for a server at ``base_url``."""
    from conflictwatch.config import slug

    doc = yaml.safe_load((root / "feeds.yaml").read_text(encoding="utf-8"))
    return [{**f, "url": f["url"].replace("@@BASE@@", base_url), "slug": slug(f["name"])} for f in doc["feeds"]]


def write_feeds_file(root: Path, base_url: str, path: Path) -> Path:
    feeds = [{k: v for k, v in f.items() if k != "slug"} for f in feeds_for(root, base_url)]
    path.write_text(yaml.safe_dump({"feeds": feeds}, sort_keys=False), encoding="utf-8")
    return path
