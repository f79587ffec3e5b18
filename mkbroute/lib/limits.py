"""Limits per client (login attempts, submits): rates, the client's address, and counting
within a limit in the shared counters (mkbroute.lib.tally), never in the cache."""

import functools
import hashlib
import ipaddress
import time
import unicodedata

from django.conf import settings

from . import tally

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@functools.cache
def parse_rate(rate):
    """'10/h' -> (10, 3600). Refuses anything else, so a typo in the env fails at start."""
    count, _, unit = rate.partition("/")
    if not count.isdigit() or unit not in UNITS or int(count) < 1:
        raise ValueError(f"must look like 10/h or 10000/m, not {rate!r}")
    return int(count), UNITS[unit]


def client_ip(request):
    """The visitor's address; behind our own proxy the one it saw, not what a client claims."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def network(ip):
    """The network an address is part of: its /24 (IPv4) or /64 (IPv6)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    prefix = 24 if address.version == 4 else 64
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def counter(kind, who, rate):
    """(key, limit, window) of the counter of one client, network or address (who) for this
    window of the rate ("3/h")."""
    limit, window = parse_rate(rate)
    return f"{kind}:{who}:{int(time.time() // window)}", limit, window


def address_counter(kind, email, rate):
    """counter() for requests about one e-mail address: the key holds a hash of the address,
    never the address, as the shared counters are no place for it. Written in any case or
    width ("ｅxample.nl" is example.nl to IDNA, and so to the mailbox), it is one address."""
    address = unicodedata.normalize("NFKC", email.strip()).casefold()
    return counter(kind, hashlib.sha256(address.encode()).hexdigest()[:32], rate)


def used_up(limits):
    """Whether any of these (key, limit, window) has reached its limit; all read at once."""
    counts = tally.get_many([key for key, _limit, _window in limits])
    return any(counts.get(key, 0) >= limit for key, limit, _window in limits)


def count_within(limits):
    """Count one on each (key, limit, window), all at once: whether each is still within its
    limit. Counting first and refusing what went over is one atomic step, so requests that
    arrive together cannot all pass a check before any of them is counted."""
    counts = tally.add([(key, 1, window) for key, _limit, window in limits])
    return all(n <= limit for n, (_key, limit, _window) in zip(counts, limits, strict=True))
