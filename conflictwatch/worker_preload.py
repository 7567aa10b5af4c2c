"""Imported by the fork server of conflictwatch.parallel: load once what every worker needs.

Workers are forked from the fork server, so what this module loads is shared by all of them
instead of being loaded again per worker: the extractor's modules and the tagger's compiled
rule set (about 0.4 s and 0.3 s per process, measured).
"""

from __future__ import annotations

import trafilatura  # noqa: F401  (extract_page imports it on first use)

import conflictwatch.process  # noqa: F401  (the per-item functions the workers run)
import extract.articles  # noqa: F401
import transform.tagger.resources as _tagger_resources

_tagger_resources.load()
