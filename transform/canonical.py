"""Canonical article URLs and outlet identity.

Why: the same article reaches us under many URLs (tracking parameters from social shares, AMP and
mobile renderings, fragments, explicit default ports). Dedupe keys on the canonical form and the
article id is derived from it, so two spellings of one article must map to one string, while
anything that could identify a *different* article (path, non-tracking query) is kept.

The parameter lists are versioned data in ``transform/data/tracking_params.yaml``.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

import yaml

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters that stay literal in a path; everything else is percent-encoded once, so that
# "%7E" and "~" or "%2f"/"%2F" spellings of the same path compare equal.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_AMP_SUFFIX = re.compile(r"\.amp(\.html?)?$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    """Load the tracking/variant lists once per process (they are data, not code)."""
    text = resources.files("transform").joinpath("data/tracking_params.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    return {
        "exact": {p.lower() for p in raw.get("exact", [])},
        "prefixes": tuple(p.lower() for p in raw.get("prefixes", [])),
        "variant_params": {
            k.lower(): {str(v).lower() for v in (vals or [])} for k, vals in (raw.get("variant_params") or {}).items()
        },
        "variant_host_labels": {h.lower() for h in raw.get("variant_host_labels", [])},
        "variant_path_segments": {s.lower() for s in raw.get("variant_path_segments", [])},
    }


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _canonical_host(host: str) -> str:
    """Strip rendering labels (www., m., mobile., amp.) so every rendering maps to one host.

    www. is stripped too: otherwise ``m.bbc.co.uk`` (→ ``bbc.co.uk``) and ``www.bbc.co.uk`` would
    still differ. Labels are only stripped while at least two labels remain (never ``m.com`` → ``com``).
    """
    host = host.lower().rstrip(".")
    if not host or _is_ip(host) or "." not in host:
        return host
    strip = _rules()["variant_host_labels"] | {"www"}
    labels = host.split(".")
    while len(labels) > 2 and labels[0] in strip:
        labels = labels[1:]
    return ".".join(labels)


def _canonical_path(path: str) -> str:
    rules = _rules()
    path = quote(unquote(path), safe=_PATH_SAFE)
    path = _AMP_SUFFIX.sub(lambda m: m.group(1) or "", path)  # story.amp.html → story.html
    segments = [s for s in path.split("/") if s.lower() not in rules["variant_path_segments"]]
    path = "/".join(segments)
    path = re.sub(r"/{2,}", "/", path)
    if not path.startswith("/"):
        path = "/" + path
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return path


def _keep_param(name: str, value: str) -> bool:
    rules = _rules()
    key = name.lower()
    if key in rules["exact"] or key.startswith(rules["prefixes"]):
        return False
    variant_values = rules["variant_params"].get(key)
    return not (variant_values is not None and (not variant_values or value.lower() in variant_values))


def canonicalize_url(url: str) -> str:
    """The URL dedupe keys on: same article ⇒ same string; different article ⇒ different string.

    Lower-cases scheme and host, drops the fragment, default ports, userinfo, tracking parameters,
    AMP/mobile variants (host label, path segment, query switch) and a trailing slash; keeps and
    sorts every other query parameter, because some outlets identify articles by query.
    Non-HTTP(S) or unparsable input is returned stripped, unchanged otherwise.
    """
    raw = (url or "").strip()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return raw
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return raw
    host = _canonical_host(parts.hostname)
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if _keep_param(k, v)]
    query = urlencode(sorted(params), quote_via=quote, safe="-._~")
    return urlunsplit((scheme, netloc, _canonical_path(parts.path), query, ""))


def outlet_of(url: str) -> str:
    """The outlet (registrable domain) behind a URL: ``www.bbc.co.uk`` → ``bbc.co.uk``.

    Why registrable domain: two feeds of one outlet, or its ``edition.``/``m.`` hosts, are one
    source when counting independent reports. For IPs and single-label hosts (tests serve every
    outlet from 127.0.0.1) it falls back to host[:port] — the pipeline passes the feed's configured
    ``source`` instead whenever one is set.
    """
    try:
        parts = urlsplit((url or "").strip())
        hostname = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return ""
    if not hostname:
        return ""
    if _is_ip(hostname) or "." not in hostname:
        keep_port = port is not None and port != _DEFAULT_PORTS.get(parts.scheme.lower())
        return f"{hostname}:{port}" if keep_port else hostname
    from tld import get_fld  # courlan's own dependency; Public Suffix List shipped in the package

    fld = get_fld(hostname, fix_protocol=True, fail_silently=True)
    return fld or _canonical_host(hostname)
