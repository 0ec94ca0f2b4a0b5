"""Who the client is, behind HUANJIE_TRUSTED_PROXIES proxies (accounts.clients), and the setting itself."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from huanjie.accounts.clients import client_key
from huanjie.env import env_proxy_count


def request(remote: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(("proxies", "remote", "forwarded", "client"), [
    (0, "203.0.113.9", None, "203.0.113.9"),
    (0, "203.0.113.9", "1.2.3.4", "203.0.113.9"),  # no proxy: the header is the client's own words
    (1, "127.0.0.1", "203.0.113.9", "203.0.113.9"),  # nginx wrote the client's address
    (1, "127.0.0.1", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # what the client sent stays to the left
    (1, "127.0.0.1", "garbage, 203.0.113.9", "203.0.113.9"),
    (2, "10.0.0.2", "1.2.3.4, 203.0.113.9, 10.0.0.1", "203.0.113.9"),  # a CDN, then nginx
    (2, "10.0.0.2", "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: the connecting address
    (1, "127.0.0.1", "", "127.0.0.1"),
])
def test_the_client_is_the_address_the_outermost_trusted_proxy_saw(settings, proxies, remote, forwarded, client):
    settings.HUANJIE_TRUSTED_PROXIES = proxies
    assert client_key(request(remote, forwarded)) == client


def test_an_ipv6_client_is_its_64_network_and_a_mapped_ipv4_address_is_the_address(settings):
    settings.HUANJIE_TRUSTED_PROXIES = 1
    assert client_key(request("127.0.0.1", "2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::/64"
    assert client_key(request("127.0.0.1", "2001:db8:1:2:bbbb::9")) == "2001:db8:1:2::/64"
    assert client_key(request("::ffff:203.0.113.9")) == "203.0.113.9"
    assert client_key(None) == "unknown"


@pytest.mark.parametrize("value", ["10.0.0.1", "-1", "one", "6", "1.5"])
def test_the_proxy_count_must_be_a_small_number_not_an_address(monkeypatch, value):
    monkeypatch.setenv("HUANJIE_TRUSTED_PROXIES", value)
    with pytest.raises(ImproperlyConfigured, match="number of reverse proxies"):
        env_proxy_count("HUANJIE_TRUSTED_PROXIES")


def test_the_proxy_count_is_read(monkeypatch):
    monkeypatch.setenv("HUANJIE_TRUSTED_PROXIES", " 2 ")
    assert env_proxy_count("HUANJIE_TRUSTED_PROXIES") == 2
    monkeypatch.delenv("HUANJIE_TRUSTED_PROXIES")
    assert env_proxy_count("HUANJIE_TRUSTED_PROXIES") == 0
