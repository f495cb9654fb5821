"""Responses that may carry personal data (applicants' names, addresses and identity documents,
tracking results, staff pages and the staff API) are never stored by a browser or a proxy.

The rule is by exclusion: only the public pages and API of published reports, and responses their
view declares public (the favicon), fetched without signing in and answered 200 (or 304: the browser's
copy is still good), may be cached;
every other response, including any page added later, is marked ``no-store``. A signed-in user's page shows
their name, so it is never cacheable either.
"""

from django.utils.cache import add_never_cache_headers

PUBLISHED_API = "/api/reports"  # the public router of reports.api: published reports only


def may_be_cached(request, response) -> bool:
    if response.status_code not in (200, 304) or (getattr(request, "user", None) is not None
                                       and request.user.is_authenticated):
        return False  # an error page may show what the request carried
    if "public" in response.get("Cache-Control", ""):
        return True
    match = request.resolver_match
    return match is not None and (match.namespace == "public" or request.path.startswith(PUBLISHED_API))


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not may_be_cached(request, response):
            add_never_cache_headers(response)
        return response
