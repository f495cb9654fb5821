"""A published version's public page as every visitor without a session gets it, answered cheaply.

The page is built once (``public_views.report_page``, through ``published_cache``) into a ``KeptPage``:
its UTF-8 bytes, the same compressed for gzip, and an entity tag. A browser that has it already gets
``304 Not Modified``; one that accepts gzip gets the compressed bytes. Each answer still carries a fresh
CSP nonce: the page is kept in pieces split where the nonce goes, each piece also compressed ahead as
deflate blocks ending on a byte boundary, so a response joins the pieces around its nonce (in a stored
deflate block) without compressing anything.

``KeptPagesMiddleware`` then answers a kept page ahead of the session, CSRF, authentication, messages
and other middleware, which change nothing in it for a visitor who has no session: it costs about what
a static file costs.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import struct
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from gongkai.web.reports import published_cache

ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as django.middleware.gzip reads Accept-Encoding
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # deflate, no name, no time, best compression
# The page's headers that each answer sets for itself; any other the middleware chain added is copied.
OWN_HEADERS = {"content-length", "content-encoding", "etag", "last-modified"}


@dataclass(frozen=True)
class KeptPage:
    pieces: tuple[bytes, ...]  # the page's UTF-8 bytes, split where the request's nonce goes
    deflated: tuple[bytes, ...]  # each piece as raw deflate blocks; the last one ends the stream
    etag: str  # weak: answers differ in their nonce only
    last_modified: int  # seconds since the epoch: the agency's latest publication

    @classmethod
    def of(cls, html: str, last_modified: datetime.datetime) -> KeptPage:
        """``html`` with ``published_cache.NONCE`` where each answer puts its nonce."""
        pieces = tuple(piece.encode() for piece in html.split(published_cache.NONCE))
        deflated = tuple(_deflate(piece, final=index == len(pieces) - 1) for index, piece in enumerate(pieces))
        etag = f'W/"{hashlib.sha256(b"".join(pieces)).hexdigest()[:32]}"'
        return cls(pieces, deflated, etag, int(last_modified.timestamp()))

    def response(self, request) -> HttpResponse:
        """200 with the page (gzip if accepted) for ``request``'s nonce, or 304 when the browser has it."""
        headers = HttpResponse()
        headers["ETag"], headers["Last-Modified"] = self.etag, http_date(self.last_modified)
        patch_vary_headers(headers, ["Accept-Encoding"])
        answer = get_conditional_response(request, etag=self.etag, last_modified=self.last_modified,
                                          response=headers)
        if answer is not headers:  # 304 Not Modified (or 412 to a conditional request's failed precondition)
            # No body, so no CSP header: the browser keeps the one that came with the nonce of its copy.
            answer._csp_exempt = True
            return answer
        nonce = str(request.csp_nonce).encode() if len(self.pieces) > 1 else b""
        gzip = ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) is not None
        body = self._gzip(nonce) if gzip else nonce.join(self.pieces)
        response = HttpResponse(body)
        for header, value in headers.items():
            response[header] = value
        response["Content-Length"] = str(len(body))
        if gzip:
            response["Content-Encoding"] = "gzip"
        return response

    def _gzip(self, nonce: bytes) -> bytes:
        """The gzip member of the page with ``nonce`` in place, from the pieces compressed ahead."""
        stored = b"\x00" + struct.pack("<HH", len(nonce), len(nonce) ^ 0xFFFF) + nonce  # BFINAL 0, BTYPE 00
        parts, crc = [GZIP_HEADER, self.deflated[0]], zlib.crc32(self.pieces[0])
        for piece, deflated in zip(self.pieces[1:], self.deflated[1:], strict=True):
            parts += [stored, deflated]
            crc = zlib.crc32(piece, zlib.crc32(nonce, crc))
        size = sum(map(len, self.pieces)) + len(nonce) * (len(self.pieces) - 1)
        parts.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
        return b"".join(parts)


def _deflate(piece: bytes, *, final: bool) -> bytes:
    """Raw deflate blocks of ``piece`` that refer to nothing before them; a full flush ends them on a
    byte boundary, so that another piece's blocks can follow."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(piece) + compressor.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def without_session(request) -> bool:
    """Not signed in and no message waiting, whatever the middleware would find: no cookie for either."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and CookieStorage.cookie_name not in request.COOKIES


# This process's kept pages by path: (publication generation, page, headers the middleware chain added).
_kept: dict[str, tuple[str, KeptPage, list[tuple[str, str]]]] = {}
PATHS_KEPT = 200


class KeptPagesMiddleware:
    """Answers a path whose kept page this process has, in the current publication generation, to a
    visitor without a session; remembers the kept page the view answered otherwise. Placed after the
    security and CSP middleware, which every answer goes through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET" or not without_session(request):
            return self.get_response(request)
        current = published_cache.generation()
        kept = _kept.get(request.path)
        if kept is not None and kept[0] == current:
            response = kept[1].response(request)
            if response.status_code == 200:
                for header, value in kept[2]:
                    response[header] = value
            return response
        response = self.get_response(request)
        page = getattr(response, "kept_page", None)
        if page is not None and response.status_code == 200 and not response.cookies:
            if len(_kept) >= PATHS_KEPT:
                _kept.pop(next(iter(_kept)))
            _kept[request.path] = (current, page, [(header, value) for header, value in response.items()
                                                   if header.lower() not in OWN_HEADERS])
        return response
