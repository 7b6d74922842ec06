"""JSON rendered by orjson: the same bytes as DRF's renderer for what the API returns, several
times faster on a page of 100 rows (issue 20)."""

import orjson
from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder

# Dates and times go through DRF's encoder, so that they keep its format ("Z" for UTC).
OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


class JSONRenderer(renderers.JSONRenderer):
    """Compact JSON by orjson; indented JSON (`; indent=`, the browsable API) by DRF's own."""

    encoder = JSONEncoder()

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        rendered = orjson.dumps(data, default=self.encoder.default, option=OPTIONS)
        # As DRF does: JSON that is also valid JavaScript.
        if b"\xe2\x80\xa8" in rendered or b"\xe2\x80\xa9" in rendered:
            rendered = rendered.replace(b"\xe2\x80\xa8", b"\\u2028").replace(
                b"\xe2\x80\xa9", b"\\u2029"
            )
        return rendered
