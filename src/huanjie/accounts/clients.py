"""Who is asking: the client's address as the throttles key it.

Behind reverse proxies every request comes from the nearest proxy's address, and a key on that
address would let one guessing client stop everyone. HUANJIE_TRUSTED_PROXIES says how many
proxies stand in front of huanjie (0: none, clients connect directly); each appends the address it
was connected from to X-Forwarded-For, so the client is the entry that many places from the
right. What a client writes into the header itself stays to the left and is never read.
django-ipware (python-ipware) reads the header; an address is keyed as given for IPv4, and by its
/64 network for IPv6, the block one home or phone is given (RFC 6177), so that a client cannot
take a fresh key for every try.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"
IPV6_CLIENT_PREFIX = 64


def client_address(request: HttpRequest) -> str | None:
    """The client's address: X-Forwarded-For's entry appended by the outermost trusted proxy, or
    the connecting address when there are no trusted proxies or the header lacks that entry."""
    proxies: int = settings.HUANJIE_TRUSTED_PROXIES
    if proxies:
        # ipware counts the proxies after the client inside the header; the nearest proxy is not in it.
        found, _routable = get_client_ip(request, proxy_count=proxies - 1, request_header_order=[FORWARDED_FOR],
                                         strict=False)
        if found is not None:
            return found
    remote = request.META.get("REMOTE_ADDR")
    return str(remote) if remote else None


def client_key(request: HttpRequest | None) -> str:
    """The throttles' name for the client: its IPv4 address, or its IPv6 /64 network."""
    address = client_address(request) if request is not None else None
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(parsed)
