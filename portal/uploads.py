"""The one check every uploaded file passes before anything parses it.

Photos are checked by content, not by name, so an HTML or SVG file renamed to .jpg is
refused and nothing uploaded is ever served as anything but an image; and by pixel count,
read from the header, so a small file that decodes into gigabytes is refused too.

Workbooks are zip archives of XML: a few hundred KB can unpack into gigabytes, or into
millions of empty rows that take a reader minutes and gigabytes to walk through. So the
archive's directory is checked (how many parts, how large they say they unpack: Python's
zip reader never yields more than that), then the sheets' rows are counted by a streaming
parser that keeps nothing and stops at the limit, all before a workbook reader opens the file.

Every limit is a setting (config/settings/base.py, "Uploads")."""

import math
import zipfile
import zlib
from xml.parsers import expat

from PIL import Image, UnidentifiedImageError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
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
CHUNK_BYTES = 64 * 1024


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
        with Image.open(upload) as image:  # reads the header: nothing is decoded
            image_format, pixels = image.format, image.width * image.height
            if pixels <= settings.UPLOAD_MAX_IMAGE_PIXELS:
                image.verify()
    except Image.DecompressionBombError:  # past Pillow's own limit, which is higher
        image_format, pixels = None, math.inf
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Tệp %(name)s không phải ảnh JPEG, PNG, WebP hoặc HEIC.") % {"name": upload.name}
        ) from None
    finally:
        upload.seek(0)
    if pixels > settings.UPLOAD_MAX_IMAGE_PIXELS:
        raise ValidationError(
            _(
                "Ảnh %(name)s có quá nhiều điểm ảnh: tối đa %(limit)s triệu. Hãy chụp ở chế độ "
                "thường hoặc thu nhỏ ảnh rồi gửi lại."
            )
            % {
                "name": upload.name,
                "limit": number_format(settings.UPLOAD_MAX_IMAGE_PIXELS // 1_000_000),
            }
        )
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(
            _("Tệp %(name)s không phải ảnh JPEG, PNG, WebP hoặc HEIC.") % {"name": upload.name}
        )
    return PHOTO_FORMATS[image_format]


class _TooManyRows(Exception):
    pass


def validate_size(upload) -> None:
    """Raise a Vietnamese ValidationError if a list's file (a workbook, a CSV) is larger
    than the upload limit; the file is left at its start."""
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    if size > settings.UPLOAD_XLSX_MAX_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s): tối đa %(limit)s.")
            % {
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.UPLOAD_XLSX_MAX_BYTES),
            }
        )


def validate_workbook(upload) -> None:
    """Raise a Vietnamese ValidationError unless the .xlsx can be read within the limits;
    reads the archive's directory and streams the sheets, never holding more than a chunk."""
    validate_size(upload)
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        raise ValidationError(
            _("Đây không phải tệp Excel .xlsx. Hãy lưu danh sách dạng “Excel Workbook (.xlsx)”.")
        )
    try:
        with zipfile.ZipFile(upload) as archive:
            _check_parts(archive.infolist())
            rows = 0
            for part in archive.infolist():
                if part.filename.lower().endswith(".xml") and part.file_size:  # sheets are XML
                    rows += _count_rows(archive, part, already=rows)
    except _TooManyRows:
        raise ValidationError(
            _(
                "Tệp có hơn %(limit)s dòng (kể cả dòng trống): đã dừng đọc ở đó. Hãy xoá các "
                "dòng trống thừa ở cuối trang tính, hoặc chia danh sách thành nhiều tệp."
            )
            % {"limit": number_format(settings.UPLOAD_XLSX_MAX_ROWS, force_grouping=True)}
        ) from None
    except (zipfile.BadZipFile, zlib.error, expat.ExpatError, EOFError, OSError, ValueError,
            RuntimeError, NotImplementedError):  # fmt: skip
        # A damaged or encrypted archive, a compression Python cannot read, broken XML or
        # a DTD (xlsx never has one; it is how entity bombs start).
        raise ValidationError(
            _("Không đọc được tệp: hãy lưu lại dạng .xlsx rồi gửi lại.")
        ) from None
    finally:
        upload.seek(0)


def _check_parts(parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > settings.UPLOAD_XLSX_MAX_PARTS:
        raise ValidationError(
            _(
                "Tệp có quá nhiều thành phần (%(count)s; tối đa %(limit)s), không giống một danh "
                "sách Excel thông thường. Hãy chép danh sách sang tệp mẫu rồi gửi lại."
            )
            % {
                "count": number_format(len(parts), force_grouping=True),
                "limit": number_format(settings.UPLOAD_XLSX_MAX_PARTS, force_grouping=True),
            }
        )
    unpacked = sum(part.file_size for part in parts)
    if unpacked > settings.UPLOAD_XLSX_MAX_UNPACKED_BYTES:
        raise ValidationError(
            _(
                "Nội dung tệp quá lớn khi giải nén (%(size)s; tối đa %(limit)s). Hãy chép danh "
                "sách sang tệp mẫu rồi gửi lại."
            )
            % {
                "size": filesizeformat(unpacked),
                "limit": filesizeformat(settings.UPLOAD_XLSX_MAX_UNPACKED_BYTES),
            }
        )


def _count_rows(archive: zipfile.ZipFile, part: zipfile.ZipInfo, *, already: int) -> int:
    """The rows of one XML part, counted as they stream by (nothing is kept). Raises
    _TooManyRows as soon as the workbook's rows pass the limit, or a row says it is further
    down than the limit (a reader would yield every empty row before it). The limit counts
    the rows under the header: a list of exactly that many students is accepted."""
    limit = settings.UPLOAD_XLSX_MAX_ROWS + 1  # and the header row
    rows = 0

    def start(name: str, attributes: dict) -> None:
        nonlocal rows
        if name.rpartition(" ")[2] == "row":
            rows += 1
            number = attributes.get("r", "")
            if already + rows > limit or (number.isdigit() and int(number) > limit):
                raise _TooManyRows

    def refuse(*args) -> None:
        raise ValueError("a DTD in an xlsx part")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return rows
