"""SSRF guard: decide whether a URL may be fetched and which IP address to connect to.

Why: feeds and the links inside them are written by third parties. Without this check a feed could
make the pipeline read ``file:///etc/passwd``, the cloud metadata service at 169.254.169.254, or an
internal admin page. The check runs after DNS resolution (a public-looking name can resolve to
10.0.0.5) and returns the checked address, so the caller connects to exactly that address and a
second DNS answer (DNS rebinding) cannot swap it for another one.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOW_ENV = "CONFLICTWATCH_ALLOW_PRIVATE_HOSTS"
_ALLOWED_SCHEMES = ("http", "https")
# Ranges Python's ``is_global`` does not reject on every version, listed so the rule is explicit.
_EXTRA_BLOCKED = (
    ipaddress.ip_network("100.64.0.0/10"),  # carrier-grade NAT (RFC 6598)
    ipaddress.ip_network("192.0.0.0/24"),  # IETF protocol assignments
    ipaddress.ip_network("198.18.0.0/15"),  # benchmarking
    ipaddress.ip_network("fc00::/7"),  # IPv6 unique local
    ipaddress.ip_network("64:ff9b::/96"),  # NAT64: embeds an IPv4 address we would not have checked
    ipaddress.ip_network("2002::/16"),  # 6to4: same
)


class Refused(ValueError):
    """The URL must not be fetched; ``str(exc)`` tells the operator why and what to change."""


@dataclass(frozen=True)
class Target:
    """A checked destination: connect to ``ip`` but speak to ``host`` (Host header, TLS SNI)."""

    scheme: str
    host: str
    port: int
    ip: str


def parse_allow_list(value: str | None) -> frozenset[str]:
    """Normalise the comma-separated allow-list (hosts lower-cased, IPs in canonical form)."""
    out: set[str] = set()
    for raw in (value or "").split(","):
        item = raw.strip().strip("[]").lower()
        if not item:
            continue
        try:
            out.add(str(ipaddress.ip_address(item)))
        except ValueError:
            out.add(item.rstrip("."))
    return frozenset(out)


def non_public_reason(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public unicast address, or None if it is one."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return "an IPv4-mapped IPv6 address"
    checks = (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address (cloud metadata services live here)"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_reserved, "a reserved address"),
        (ip.is_private, "a private address"),
    )
    for hit, reason in checks:
        if hit:
            return reason
    for net in _EXTRA_BLOCKED:
        if ip.version == net.version and ip in net:
            return f"a non-public address (in {net})"
    if not ip.is_global:
        return "a non-public address"
    return None


def _resolve(host: str, port: int) -> list[IPAddress]:
    if "%" not in host:  # an IP literal resolves to itself: skip the resolver call, check it the same way
        try:
            return [ipaddress.ip_address(host)]
        except ValueError:
            pass  # a name (or a legacy form like 127.1 that only the resolver understands)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Refused(f"cannot resolve host {host!r} ({exc}); check the URL or DNS") from exc
    seen: list[IPAddress] = []
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if addr not in seen:
            seen.append(addr)
    if not seen:
        raise Refused(f"host {host!r} resolved to no address; check the URL or DNS")
    return seen


def check_url(url: str, allow: Iterable[str] = ()) -> Target:
    """Check scheme and resolved addresses of ``url``; return where to connect or raise Refused.

    Every resolved address must be public (or explicitly allowed): if a name resolves to both a public
    and a private address, an attacker controls which one a later lookup returns, so we refuse.
    """
    allow_set = frozenset(allow)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Refused(f"refused: {url!r} is not a valid URL ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in _ALLOWED_SCHEMES:
        if not scheme:
            raise Refused(f"refused: {url!r} has no scheme (only http and https URLs are fetched)")
        raise Refused(f"refused: {scheme}: URLs are not fetched (only http and https)")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise Refused(f"refused: {url!r} has no host")
    port = port or (443 if scheme == "https" else 80)
    host_allowed = host in allow_set
    addresses = _resolve(host, port)
    for ip in addresses:
        reason = non_public_reason(ip)
        if reason is None or host_allowed or str(ip) in allow_set:
            continue
        shown = str(ip) if str(ip) == host else f"{host} ({ip})"
        raise Refused(f"refused: {shown} is {reason} (set {ALLOW_ENV} to allow it)")
    return Target(scheme=scheme, host=host, port=port, ip=str(addresses[0]))
