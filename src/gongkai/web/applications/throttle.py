"""Per-address rate limits of the public pages, counted in Django's cache (a fixed window per address)."""

from django.core.cache import cache

WINDOW_SECONDS = 3600  # the limits in rules.yaml are per hour


def client_address(request) -> str:
    # REMOTE_ADDR, not X-Forwarded-For, which the client writes itself: behind a reverse proxy the
    # proxy must pass the real address in REMOTE_ADDR (e.g. nginx's real_ip module).
    return request.META.get("REMOTE_ADDR", "")


def allow(scope: str, address: str, limit: int) -> bool:
    """Count one request of ``scope`` from ``address``; False once ``limit`` is exceeded in the window."""
    key = f"gongkai:throttle:{scope}:{address}"
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the window ran out between add and incr: this request opens a new one
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        return True
