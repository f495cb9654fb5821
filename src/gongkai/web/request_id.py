"""Every request gets an id: it is in each log line written while the request is served, in the
``X-Request-ID`` response header, and on the 500 page, so that a user's report of an error leads an
operator to its traceback in the log.

A reverse proxy's ``X-Request-ID`` is kept when it looks like one (letters, digits, ``-``), so that
the proxy's log and ours agree.
"""

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
_PROXY_ID = re.compile(r"[A-Za-z0-9-]{8,64}")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current() -> str:
    """The id of the request being served ("-" outside a request)."""
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(HEADER, "")
        request.request_id = offered if _PROXY_ID.fullmatch(offered) else uuid.uuid4().hex[:16]
        token = _current.set(request.request_id)
        try:
            response = self.get_response(request)
            response[HEADER] = request.request_id
            return response
        finally:
            _current.reset(token)


class RequestIdFilter(logging.Filter):
    """Gives every log record the ``request_id`` the log format prints."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current()
        return True
