"""Checks on uploaded photos: by content, not by name, so an HTML or SVG file renamed to
.jpg is refused, and nothing uploaded is ever served as anything but an image."""

from PIL import Image, UnidentifiedImageError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

try:  # iPhones save HEIC; Wagtail brings the decoder along.
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover
    pass

PHOTO_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "HEIF": "image/heif",
}


def validate_photo(upload) -> str:
    """Return the photo's content type, or raise a Vietnamese ValidationError."""
    if upload.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            _("Ảnh %(name)s quá lớn (%(size)s); tối đa %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.PHOTO_MAX_BYTES),
            }
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Tệp %(name)s không phải ảnh JPEG, PNG, WebP hoặc HEIC.") % {"name": upload.name}
        ) from None
    finally:
        upload.seek(0)
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(
            _("Tệp %(name)s không phải ảnh JPEG, PNG, WebP hoặc HEIC.") % {"name": upload.name}
        )
    return PHOTO_FORMATS[image_format]
