"""SSRF guard: schemes, every non-public range, the allow-list's exactness."""

from __future__ import annotations

import pytest

from extract.netguard import Refused, check_url, parse_allow_list


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/x",
        "gopher://example.org/",
        "data:text/html,hi",
        "javascript:alert(1)",
        "//example.org/no-scheme",
    ],
)
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(Refused, match="only http and https"):
        check_url(url)


def test_a_url_without_scheme_is_named_in_the_message() -> None:
    with pytest.raises(Refused) as err:
        check_url("example.org/feed.xml")
    assert str(err.value) == "refused: 'example.org/feed.xml' has no scheme (only http and https URLs are fetched)"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://10.0.0.5/", "10.0.0.5 is a private address"),
        ("http://192.168.1.20/", "a private address"),
        ("http://172.16.3.4/", "a private address"),
        ("http://127.0.0.1:8080/", "127.0.0.1 is a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://100.64.0.7/", "non-public address (in 100.64.0.0/10)"),
        ("http://0.0.0.0/", "an unspecified address"),
        ("http://224.0.0.1/", "a multicast address"),
        ("http://240.0.0.1/", "a reserved address"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("http://[fe80::1]/", "a link-local address"),
        ("http://[fd12:3456::1]/", "a private address"),
        ("http://[::ffff:127.0.0.1]/", "an IPv4-mapped IPv6 address"),
        ("http://2130706433/", "is a loopback address"),  # 127.0.0.1 spelled as one number
        ("http://localhost/", "localhost (127.0.0.1) is a loopback address"),
    ],
)
def test_non_public_addresses_are_refused_with_advice(url: str, words: str) -> None:
    with pytest.raises(Refused) as err:
        check_url(url)
    assert words in str(err.value)
    assert "set CONFLICTWATCH_ALLOW_PRIVATE_HOSTS to allow it" in str(err.value)


def test_public_address_passes_and_is_pinned() -> None:
    target = check_url("https://93.184.215.14/path")
    assert (target.scheme, target.ip, target.port) == ("https", "93.184.215.14", 443)


def test_allow_list_is_exact() -> None:
    allow = parse_allow_list(" 127.0.0.1 , Localhost,[::1]")
    assert allow == frozenset({"127.0.0.1", "localhost", "::1"})
    assert check_url("http://127.0.0.1:9/", allow).ip == "127.0.0.1"
    assert check_url("http://localhost:9/", allow).ip in ("127.0.0.1", "::1")
    with pytest.raises(Refused, match=r"127\.0\.0\.2 is a loopback address"):
        check_url("http://127.0.0.2/", allow)
    with pytest.raises(Refused, match=r"10\.0\.0\.5"):
        check_url("http://10.0.0.5/", allow)
