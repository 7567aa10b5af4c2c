"""Event tagger: drone strikes and negotiation steps, with verbatim evidence and resolved fields.

    from transform.tagger import tag, TAGGER_VERSION
    events = tag(title, text, published)   # published: tz-aware UTC datetime or None

Rules, lexicons and the gazetteer are YAML files in `data/`; TAGGER_VERSION changes with them.
The tagging guide (definitions and examples) is `GUIDE.md` beside this file.
"""

from transform.tagger import counts as _counts
from transform.tagger import dates as _dates
from transform.tagger.engine import tag
from transform.tagger.resources import load as _load

TAGGER_VERSION: str = _load().version
# Compile the count and date patterns at import, with the rest of the rules, rather than inside the
# first article's tag() call (the number alternations take about a tenth of a second to compile).
_counts.warm(_load())
_dates.warm(_load())

__all__ = ["TAGGER_VERSION", "tag"]
