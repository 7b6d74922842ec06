"""Conditional GET for the journey map (page and API): ETag and Last-Modified validators, and
the 304 answer when the client's copy is still current."""

import hashlib
from datetime import datetime

from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag


class Validators:
    """The ETag (a digest of everything the response depends on) and Last-Modified."""

    def __init__(self, *parts: object, last_modified: datetime):
        digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
        self.etag = quote_etag(digest)
        self.last_modified = int(last_modified.timestamp())

    def not_modified(self, request) -> HttpResponseBase | None:
        """A 304 when the request's If-None-Match (or If-Modified-Since) still matches."""
        response = get_conditional_response(
            request, etag=self.etag, last_modified=self.last_modified
        )
        return self.apply(response) if response is not None else None

    def apply(self, response: HttpResponseBase) -> HttpResponseBase:
        """Adds the validators; the browser keeps the copy but asks again every time."""
        response.headers["ETag"] = self.etag
        response.headers["Last-Modified"] = http_date(self.last_modified)
        patch_cache_control(response, private=True, no_cache=True)
        return response


def permissions_digest(user) -> str:
    """A digest of the user's permissions (cached by core.backends): callers with the same
    rights see the same map."""
    return hashlib.sha256("|".join(sorted(user.get_all_permissions())).encode()).hexdigest()[:16]
