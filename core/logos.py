"""The organisation's logo: PNG or JPEG only, judged by its content (never its name or the
browser's word), within a size in bytes and in pixels, and re-encoded from its pixels. What
is stored is a fresh file: metadata (EXIF position, comments) stays behind, and so does
anything hidden after or inside the image (a "polyglot" that is also HTML or a ZIP)."""

import hashlib
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_SIDE = 2000
# Pillow's name of each accepted format → the stored file's extension and content type.
LOGO_FORMATS = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg")}
LOGO_CONTENT_TYPES = dict(LOGO_FORMATS.values())


def logo_reencoded(upload) -> ContentFile:
    """The logo as it will be stored, named after its content (logo-<hash>.png or .jpg); a
    ValidationError under "logo" says what is wrong with the upload."""
    if upload.size > LOGO_MAX_BYTES:
        raise _logo_error(
            _("The logo is too large: at most 1 MB (this file is %(size)s KB).")
            % {"size": upload.size // 1024},
            "file_size",
        )
    upload.seek(0)
    data = upload.read(LOGO_MAX_BYTES + 1)
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise _logo_error(
            _("This file is not an image: upload a PNG or JPEG file."), "file_type"
        ) from None
    if image.format not in LOGO_FORMATS:
        raise _logo_error(
            _("A logo must be a PNG or JPEG image; this file is %(format)s.")
            % {"format": image.format or _("another kind of file")},
            "file_type",
        )
    # The header gives the size: an oversized image is refused before its pixels are decoded.
    width, height = image.size
    if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE:
        raise _too_many_pixels(width, height)
    try:
        image.load()
        return _encoded(image)
    except (OSError, ValueError, SyntaxError):
        raise _logo_error(
            _("This image is damaged or incomplete: export it again as PNG or JPEG."), "invalid"
        ) from None


def _encoded(image: Image.Image) -> ContentFile:
    source_format = image.format
    # A photo's EXIF orientation is applied to the pixels, since the EXIF block is dropped.
    image = ImageOps.exif_transpose(image)
    buffer = io.BytesIO()
    if source_format == "JPEG":
        image.convert("RGB").save(buffer, format="JPEG", quality=90, optimize=True)
    else:
        mode = (
            "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
        )
        image.convert(mode).save(buffer, format="PNG", optimize=True)
    content = buffer.getvalue()
    extension = LOGO_FORMATS[source_format][0]
    digest = hashlib.sha256(content).hexdigest()[:16]
    return ContentFile(content, name=f"logo-{digest}.{extension}")


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    message = _("The logo is too large: at most %(max)d pixels wide and %(max)d pixels high.") % {
        "max": LOGO_MAX_SIDE
    }
    if width is not None:
        message += " " + _("This one is %(width)d by %(height)d.") % {
            "width": width,
            "height": height,
        }
    return _logo_error(message, "image_size")


def _logo_error(message: str, code: str) -> ValidationError:
    return ValidationError({"logo": ValidationError(message, code=code)})
