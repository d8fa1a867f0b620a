"""A short-lived limit on messages per reader, without keeping anyone's address.

The address is only hashed, with the secret key and the current time window as salt, and the
hash lives in the cache for that window (ten minutes): it is never written to the database or the
logs, and once the window ends nobody, not even the site, can link it to an address again.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from cramps_site.security import client_ip

WINDOW_SECONDS = 600
MESSAGES_PER_WINDOW = 5


def _key(request) -> str:
    window = int(time.time() // WINDOW_SECONDS)
    address = client_ip(request) or "unknown"
    salted = f"{settings.SECRET_KEY}:feedback:{window}:{address}".encode()
    return f"feedback-rate:{window}:{hashlib.sha256(salted).hexdigest()[:32]}"


def allow(request) -> bool:
    """Count one message from this reader; False once they have sent too many this window."""
    key = _key(request)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= MESSAGES_PER_WINDOW
