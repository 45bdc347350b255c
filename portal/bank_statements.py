"""Reading a bank's statement export: the file checked like every upload (portal/uploads.py),
its table found under the bank's title rows, and each credit row read into a date, the
bank's transaction reference, the amount and the memo. Debit rows are skipped.

Two layouts are known by their header row (docs/operating.md, "Monthly reconciliation"):
Vietcombank's "Sao kê tài khoản" (.xlsx) and VietinBank's eFAST statement (.csv). Any other
bank's export works once the coordinator says which column is which (`Mapping`). Nothing here
touches the database."""

import csv
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.uploads import validate_size, validate_workbook

# Title rows (bank, account, period, opening balance) come before the table's header.
HEADER_SEARCH_ROWS = 30
FIELDS = ("date", "reference", "credit", "memo")
FIELD_LABELS = {
    "date": gettext_lazy("Ngày giao dịch"),
    "reference": gettext_lazy("Số tham chiếu"),
    "credit": gettext_lazy("Số tiền ghi có"),
    "memo": gettext_lazy("Nội dung"),
}
MAX_ERRORS = 20


@dataclass(frozen=True)
class Layout:
    key: str
    label: str
    # field → the header titles (plain: no accents, lower case) that name its column
    titles: dict[str, tuple[str, ...]]


LAYOUTS = [
    Layout(
        "vietcombank",
        "Vietcombank · Sao kê tài khoản (.xlsx)",
        {
            "date": ("ngay giao dich",),
            "reference": ("so tham chieu",),
            "credit": ("so tien ghi co",),
            "memo": ("noi dung chi tiet",),
        },
    ),
    Layout(
        "vietinbank",
        "VietinBank · eFAST (.csv)",
        {
            "date": ("ngay giao dich",),
            "reference": ("so giao dich",),
            "credit": ("ghi co",),
            "memo": ("mo ta giao dich",),
        },
    ),
]
LAYOUT_LABELS = {layout.key: layout.label for layout in LAYOUTS}


@dataclass(frozen=True)
class Credit:
    reference: str
    date: date
    amount: int
    memo: str

    def as_json(self) -> dict:
        return {
            "reference": self.reference,
            "date": self.date.isoformat(),
            "amount": self.amount,
            "memo": self.memo,
        }


def plain(text: object) -> str:
    """Lower case, single spaces, no accents; a bilingual header keeps its Vietnamese half
    ("Số tiền ghi có/Credit", "Ngày giao dịch\nTransaction date")."""
    text = re.split(r"[/\n(]", str(text or ""))[0]
    text = " ".join(text.split()).casefold().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# -- the file -------------------------------------------------------------------------------


# A cell Excel would compute: "=…", or "+SUM(…)", "-HYPERLINK(…)", "@cmd(…)" (a bank's memo
# may well start with a dash, never with a function call).
FORMULA = re.compile(r"=|[+\-@]\s*[A-Za-z_.]+\(")


def read_table(upload) -> list[list[str]]:
    """Every row of the file's first sheet as text, or a Vietnamese ValidationError: too
    large, a zip bomb, formulas, too many rows, or not a spreadsheet at all."""
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    rows = _read_xlsx(upload) if head == b"PK\x03\x04" else _read_csv(upload)
    for number, row in enumerate(rows, start=1):
        for cell in row:
            if FORMULA.match(cell):
                raise ValidationError(
                    _(
                        "Dòng %(row)s có công thức (“%(cell)s”). Hãy xuất lại sao kê từ ngân "
                        "hàng, không sửa trong Excel."
                    )
                    % {"row": number, "cell": cell[:30]}
                )
    return rows


def _read_xlsx(upload) -> list[list[str]]:
    validate_workbook(upload)  # size, unpacked size, parts and rows before any reader
    try:
        book = load_workbook(upload, read_only=True, data_only=False)
        sheet = book.worksheets[0]
        rows = [
            [_text(cell) for cell in row]
            for row in sheet.iter_rows(max_row=settings.UPLOAD_XLSX_MAX_ROWS + 1, values_only=True)
        ]
        book.close()
    except (InvalidFileException, KeyError, OSError, ValueError, IndexError):
        raise ValidationError(
            _("Không đọc được tệp: hãy lưu lại dạng .xlsx rồi gửi lại.")
        ) from None
    return rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(upload) -> list[list[str]]:
    validate_size(upload)
    raw = upload.read()
    upload.seek(0)
    text = _decode(raw)
    if text is None or "\x00" in text:
        raise ValidationError(
            _(
                "Đây không phải tệp sao kê: hãy tải sao kê từ ngân hàng dạng Excel (.xlsx) "
                "hoặc CSV (.csv)."
            )
        )
    lines = text.splitlines()
    if len(lines) > settings.UPLOAD_XLSX_MAX_ROWS + HEADER_SEARCH_ROWS:
        raise ValidationError(
            _("Tệp có hơn %(limit)s dòng. Hãy xuất sao kê theo từng tháng.")
            % {"limit": number_format(settings.UPLOAD_XLSX_MAX_ROWS, force_grouping=True)}
        )
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines[:HEADER_SEARCH_ROWS]), delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    rows = [[cell.strip() for cell in row] for row in csv.reader(lines, dialect)]
    if not any(len([cell for cell in row if cell]) >= 3 for row in rows):
        raise ValidationError(
            _(
                "Đây không phải tệp sao kê: hãy tải sao kê từ ngân hàng dạng Excel (.xlsx) "
                "hoặc CSV (.csv)."
            )
        )
    return rows


def _decode(raw: bytes) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1258"]
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


# -- the table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mapping:
    header_row: int  # index of the header row in the table
    columns: dict[str, int]  # field → column index
    layout: str = ""


def detect(rows: list[list[str]]) -> Mapping | None:
    """The known layout whose header row is among the first rows, with its columns."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        titles = [plain(cell) for cell in row]
        for layout in LAYOUTS:
            columns = {}
            for field, names in layout.titles.items():
                found = [i for i, title in enumerate(titles) if title in names]
                if found:
                    columns[field] = found[0]
            if len(columns) == len(FIELDS):
                return Mapping(index, columns, layout.key)
    return None


def guess_header(rows: list[list[str]]) -> int:
    """For an unknown layout: the first of the top rows with the most filled cells."""
    top = rows[:HEADER_SEARCH_ROWS]
    if not top:
        return 0
    widest = max(len([c for c in row if c]) for row in top)
    return next(i for i, row in enumerate(top) if len([c for c in row if c]) == widest)


def column_choices(rows: list[list[str]], header_row: int) -> list[tuple[str, str]]:
    """(index, "Cột C · Số tiền ghi có") for each column of the header row."""
    header = rows[header_row] if header_row < len(rows) else []
    return [
        (str(i), f"{_('Cột')} {_letter(i)} · {title[:40]}" if title else f"{_('Cột')} {_letter(i)}")
        for i, title in enumerate(header)
    ]


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def credits(rows: list[list[str]], mapping: Mapping) -> list[Credit]:
    """Each credit under the header; a row without date and reference (a total, a blank, the
    closing balance) is not a transaction. Any row that cannot be read refuses the file."""
    found, errors, seen = [], [], set()
    for number, row in enumerate(rows[mapping.header_row + 1 :], start=mapping.header_row + 2):
        cells = {field: row[i] if i < len(row) else "" for field, i in mapping.columns.items()}
        if not cells["date"] and not cells["reference"]:
            continue
        try:
            amount = parse_amount(cells["credit"])
        except ValueError:
            errors.append(
                _("Dòng %(row)s: số tiền ghi có “%(value)s” không đọc được.")
                % {"row": number, "value": cells["credit"][:30]}
            )
            continue
        if not amount:
            continue  # a debit: the fund's spending is entered by hand
        try:
            when = parse_date(cells["date"])
        except ValueError:
            errors.append(
                _("Dòng %(row)s: ngày “%(value)s” không đọc được (cần ngày/tháng/năm).")
                % {"row": number, "value": cells["date"][:30]}
            )
            continue
        reference = " ".join(cells["reference"].split())[:64]
        if not reference:
            errors.append(_("Dòng %(row)s: thiếu số tham chiếu.") % {"row": number})
            continue
        if reference in seen:
            continue
        seen.add(reference)
        found.append(Credit(reference, when, amount, " ".join(cells["memo"].split())[:500]))
    if errors:
        raise ValidationError(errors[:MAX_ERRORS])
    if not found:
        raise ValidationError(_("Không có khoản ghi có nào trong tệp: không có gì để đối chiếu."))
    return found


AMOUNT = re.compile(r"(\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:[.,](\d{1,2}))?")


def parse_amount(text: str) -> int:
    """Đồng, as banks print them: "500.000", "500,000", "500,000.00", "500000"; blank is 0."""
    text = text.strip().replace("VND", "").replace("đ", "").strip()
    if text in ("", "-", "0"):
        return 0
    match = AMOUNT.fullmatch(text.lstrip("+"))
    if not match:
        raise ValueError(text)
    return int(re.sub(r"\D", "", match.group(1)))


DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4})-(\d{2})-(\d{2})")


def parse_date(text: str) -> date:
    match = DATE.match(text.strip())
    if not match:
        raise ValueError(text)
    if match.group(1):
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return date(int(match.group(4)), int(match.group(5)), int(match.group(6)))
