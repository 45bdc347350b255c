"""Hostile uploads, built in memory: small files that unpack or decode into something huge.

Each starts from a real workbook (the import's own header, so a parser that is not stopped
goes on to read it) or a real PNG, and changes only what makes it hostile."""

import io
import re
import struct
import zipfile
import zlib

from openpyxl import Workbook

from portal.services.student_import import COLUMNS

SHEET = "xl/worksheets/sheet1.xml"
HEADER = [column.title for column in COLUMNS]


def workbook(rows=()) -> bytes:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite(source: bytes, *, sheet=None, extra=()) -> bytes:
    """The workbook with its first sheet's XML replaced by `sheet(original_xml)` (a
    generator of byte chunks, streamed into the zip) and extra (name, bytes) entries."""
    original = zipfile.ZipFile(io.BytesIO(source))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in original.infolist():
            if info.filename == SHEET and sheet is not None:
                with target.open(SHEET, "w", force_zip64=True) as stream:
                    for chunk in sheet(original.read(info).decode()):
                        stream.write(chunk)
            else:
                target.writestr(info, original.read(info))
        for name, content in extra:
            target.writestr(name, content)
    return out.getvalue()


def empty_rows(count: int, *, students=(), dimension: str | None = None) -> bytes:
    """The header, the given student rows, then `count` empty `<row/>` elements (6 bytes
    each; a million compress to about 14 KB). Without a dimension, as the report's file:
    the reader cannot know where the sheet ends."""

    def sheet(xml: str):
        head, tail = xml.split("</sheetData>")
        declared = f'<dimension ref="{dimension}"/>' if dimension else ""
        yield re.sub(r"<dimension [^>]*/>", declared, head).encode()
        for _ in range(count // 100_000):
            yield b"<row/>" * 100_000
        yield b"<row/>" * (count % 100_000)
        yield ("</sheetData>" + tail).encode()

    return _rewrite(workbook(students), sheet=sheet)


def far_row(number: int) -> bytes:
    """One cell on row `number`: a reader that fills the gap yields `number` empty rows."""

    def sheet(xml: str):
        head, tail = xml.split("</sheetData>")
        yield head.encode()
        yield f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
        yield ("</sheetData>" + tail).encode()

    return _rewrite(workbook(), sheet=sheet)


def claimed_size(size: int = 0xF000_0000) -> bytes:
    """A normal workbook whose sheet entry claims to unpack to `size` bytes (3.75 GiB by
    default), in the central directory and the local header alike."""
    data = bytearray(workbook())
    name = SHEET.encode()
    central = _header(data, b"PK\x01\x02", name, name_at=46, name_length_at=28)
    struct.pack_into("<I", data, central + 24, size)
    local = _header(data, b"PK\x03\x04", name, name_at=30, name_length_at=26)
    struct.pack_into("<I", data, local + 22, size)
    return bytes(data)


def _header(data: bytearray, signature: bytes, name: bytes, *, name_at: int, name_length_at: int):
    """Where the zip header with this signature for the entry `name` starts."""
    start = 0
    while (start := data.index(signature, start)) >= 0:
        (length,) = struct.unpack_from("<H", data, start + name_length_at)
        if data[start + name_at : start + name_at + length] == name:
            return start
        start += 4
    raise ValueError(name)


def many_parts(count: int) -> bytes:
    """A normal workbook carrying `count` extra (empty) parts."""
    return _rewrite(workbook(), extra=[(f"customXml/item{n}.xml", b"") for n in range(count)])


def png_of(width: int, height: int) -> bytes:
    """A valid PNG of width × height black pixels (1 bit each): 20000 × 20000 is about
    50 KB on disk and 1.6 GB once decoded to RGBA."""
    raw = zlib.compressobj(9)
    line = b"\x00" + b"\x00" * ((width + 7) // 8)  # filter byte, then the packed bits
    body = b"".join(raw.compress(line) for _ in range(height)) + raw.flush()

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (
            struct.pack(">I", len(payload))
            + kind
            + payload
            + struct.pack(">I", zlib.crc32(kind + payload))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )
