"""What the fuzzing suites share: the hostile values, a tally of what was sent and what came
back, how to see which query parameters a page reads, how to fill in a form the way a
person would before one of its fields is spoiled, and an attacker that sends it all."""

import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote, urlencode

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from portal.services.student_import import template_workbook
from tests.factories.files import png
from tests.portal.hardware_documents import as_bytes, snapshot
from tests.security.html_forms import Form, forms_on

SIGN_IN = "/accounts/login/"

# What used to crash a page: PostgreSQL refuses a NUL byte in any text; a number can be
# beyond what a column holds; str.isdigit() says yes to "²", which int() refuses.
HOSTILE = {
    "NUL byte": "Bát\x00Tràng",
    "10^19 (beyond bigint)": "10000000000000000000",
    "superscript two": "²",
}
# A box for a number also gets one that fits a column but not a sum of two, and digits that
# int() reads although they are not ASCII.
HOSTILE_NUMBERS = {
    **HOSTILE,
    "bigint's largest": "9223372036854775807",
    "Arabic-Indic digits": "٣٤",
}
NUMBER_KINDS = {"number", "hidden"}  # a hidden field often carries an id
LATER_ROW = re.compile(r"-[1-9][0-9]*-")  # items-1-kind, items-2-kind…


@dataclass
class Tally:
    """What one fuzzing test sent and what came back, counted as it happens."""

    name: str
    planned: int = 0
    sent: int = 0
    failures: list = field(default_factory=list)  # (what was sent, status, exception)
    examples: int = 0
    accepted: int = 0  # submissions the site accepted (it moved on to the next page)
    resent: int = 0  # accepted submissions sent again as they were (a double tap)
    written: int = 0
    expected: int = 0
    duplicates: int = 0
    counts_records: bool = False

    @property
    def server_errors(self) -> int:
        return len(self.failures)

    def send(self, client, method: str, path: str, data=None, label: str = ""):
        self.sent += 1
        response = getattr(client, method)(path, data if data is not None else {})
        if response.status_code >= 500:
            error = response.exc_info[1] if response.exc_info else None
            self.failures.append((f"{method.upper()} {path} {label}", response.status_code, error))
        return response

    def line(self) -> str:
        parts = [f"{self.sent} requests sent of {self.planned} planned"]
        if self.examples:
            parts.append(f"{self.examples} examples")
        if self.counts_records:
            parts.append(f"{self.accepted} accepted, {self.resent} of them sent again")
            parts.append(f"{self.written} records written of {self.expected} expected")
            parts.append(f"{self.duplicates} duplicates")
        parts.append(f"{self.server_errors} server errors")
        return f"{self.name}: " + ", ".join(parts)


@contextmanager
def parameters_read():
    """The query-string (or form) keys a request's code asks for, in a set that fills while
    the block runs: the parameters a page really uses, whatever its template shows."""
    read: set[str] = set()
    saved = {name: getattr(QueryDict, name) for name in ("get", "getlist", "__getitem__")}
    saved["__contains__"] = dict.__contains__

    def recording(original):
        def method(self, key, *args, **kwargs):
            read.add(key)
            return original(self, key, *args, **kwargs)

        return method

    for name, original in saved.items():
        setattr(QueryDict, name, recording(original))
    try:
        yield read
    finally:
        for name, original in saved.items():
            if name == "__contains__":
                del QueryDict.__contains__
            else:
                setattr(QueryDict, name, original)


def query(path: str, key: str, value: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{urlencode({key: value})}"


# A person filling in a form: what they type in a required box the page left empty, when
# the kind of box does not say enough.
TYPED_BY_NAME = {
    "birth_date": "2014-03-14",
    "grade": "6",
    "minutes": "60",
    "full_name": "Nguyễn Thị Thử",
    "guardian_phone": "0912 345 678",
}
# Optional boxes a person fills in all the same: the team commended, the commune of a new
# team or of a gift, what a pupil needs (one need at least), the kind of a gift's item, the
# address a gift is picked up from.
ANSWERED_ANYWAY = {"team", "commune", "needs_device", "kind", "address"}


def answered_anyway(name: str) -> bool:
    return name.rsplit("-", 1)[-1] in ANSWERED_ANYWAY  # items-0-kind is a "kind"


def typed_by_kind(kind: str) -> str:
    today = timezone.localdate()
    return {
        "email": f"thu.nghiem.{uuid.uuid4().hex[:8]}@example.vn",
        "tel": "0912 345 678",
        "date": today.isoformat(),
        "datetime-local": f"{today + timedelta(days=1):%Y-%m-%d}T09:00",
        "month": f"{today.replace(day=1) - timedelta(days=1):%Y-%m}",
        "number": "1",
        "textarea": "Nội dung thử nghiệm đủ dài để được nhận.",
        "password": "mat-khau-thu-nghiem-2026",
    }.get(kind, "Nguyễn Văn Thử")


def filled_in(form: Form) -> dict[str, list[str]]:
    """The form as a careful person sends it: what the page filled in, plus a plausible
    value in each empty box, the first option of each unanswered choice and the first box
    of each group of tick boxes. Files are added by `files_for`."""
    data = {}
    for name, entry in form.fields.items():
        if entry.kind == "file":
            continue
        if entry.kind == "button":
            if not form.plain_submit:  # the form is sent by pressing one of these
                data[name] = entry.choices[:1]
        elif any(value != "" for value in entry.values):
            data[name] = entry.values
        elif entry.kind == "select" and entry.choices[:1] != [""]:
            data[name] = entry.choices[:1]  # what a browser sends when none is selected
        elif entry.kind == "radio" or (
            entry.kind == "select" and (entry.required or answered_anyway(name))
        ):
            data[name] = [choice for choice in entry.choices if choice][:1]
        elif entry.kind == "checkbox" and len(entry.choices) > 1:
            data[name] = entry.choices[:1]
        elif entry.kind == "hidden" or not (entry.required or answered_anyway(name)):
            data[name] = entry.values[:1]  # an optional box the page left empty stays empty
        else:
            data[name] = [TYPED_BY_NAME.get(name) or typed_by_kind(entry.kind)]
    return data


def new_key(data: dict) -> dict:
    """The data with a one-time key of its own: without one, a spoiled field sent after the
    form as filled in would only find the first submission again."""
    return {**data, "form_key": [str(uuid.uuid4())]} if "form_key" in data else data


def files_for(form: Form) -> dict:
    """A fresh valid file in each required file box: a photo, or the list template (an
    optional photo is left out: checking images is slow, and no number hides in one)."""
    return {
        name: [_valid_file(entry.accept)]
        for name, entry in form.fields.items()
        if entry.kind == "file" and entry.required
    }


def _valid_file(accept: str) -> SimpleUploadedFile:
    if "image" in accept:
        return png()
    if "json" in accept:  # a hardware report: a capture of its own each time, kept anew
        return hardware_report()
    return list_template()


def hardware_report() -> SimpleUploadedFile:
    capture = snapshot(tool={"name": "maytinhcu-capture.sh", "version": uuid.uuid4().hex[:12]})
    return SimpleUploadedFile("maytinhcu.json", as_bytes(capture), "application/json")


def list_template() -> SimpleUploadedFile:
    return SimpleUploadedFile("danh-sach.xlsx", template_workbook())


class Attacker:
    """Sends requests through the test client and counts them in a tally. Each one runs
    in a savepoint rolled back after it, so each meets the page as it was: a sale recorded
    by one attack cannot hide the next one's bad price behind "already sold"."""

    def __init__(self, client, tally: Tally, signed_in: bool):
        client.raise_request_exception = False
        self.client, self.tally, self.signed_in = client, tally, signed_in
        self.bounced = []  # requests sent back to sign in: the session was lost
        self.forms = []  # (address, whether the form as filled in was accepted)
        self.unusable = []  # pages that did not open as they stand: nothing was attacked
        self.attacked = set()  # parameters and field sets already attacked on an address

    def send(self, method, path, data=None, label=""):
        self.tally.planned += 1
        with transaction.atomic():
            response = self.tally.send(self.client, method, path, data, label)
            transaction.set_rollback(True)
        if self.signed_in and response.get("Location", "").startswith(SIGN_IN):
            self.bounced.append(f"{method} {path} {label}")
        return response

    def look(self, path):
        """GET a page as it stands: its answer, the query parameters it read, its forms."""
        with parameters_read() as read:
            response = self.send("get", path, label="as it stands")
        if response.status_code >= 400:
            self.unusable.append((path, response.status_code))
        html = response.get("Content-Type", "").startswith("text/html")
        return response, set(read), forms_on(response.content.decode()) if html else []

    def attack_parameters(self, path, names):
        """Each parameter the page reads, with each hostile value. Another role reading the
        same parameter meets the same code: each is attacked once per address."""
        for name in sorted(names):
            if (path, name) in self.attacked:
                continue
            self.attacked.add((path, name))
            for label, value in HOSTILE.items():
                self.send("get", query(path, name, value), label=f"?{name}={label}")

    def attack_form(self, path, form, method="post"):
        """The form as filled in, then each field spoiled in turn with each hostile value;
        once per address and set of fields (roles that see the same form share it)."""
        if (path, frozenset(form.fields)) in self.attacked:
            return
        self.attacked.add((path, frozenset(form.fields)))
        filled = filled_in(form)
        response = self.send(method, path, new_key(filled) | files_for(form), "as filled in")
        self.forms.append((path, response.status_code == 302))
        for name, entry in form.fields.items():
            if entry.kind == "file" or LATER_ROW.search(name):
                # A file is fuzzed by the import and photo tests; a formset's second row
                # is its first row's fields again.
                continue
            values = HOSTILE_NUMBERS if entry.kind in NUMBER_KINDS else HOSTILE
            for label, value in values.items():
                spoiled = {**new_key(filled), name: [value]} | files_for(form)
                self.send(method, path, spoiled, label=f"{name}={label}")

    def attack_path(self, path, method, segments):
        """Each object named in the address replaced by a hostile value (a 404 is right)."""
        for segment in segments:
            for label, value in HOSTILE.items():
                spoiled = path.replace(f"/{segment}/", f"/{quote(value)}/", 1)
                self.send(method, spoiled, label=f"/{segment}/ → {label}")

    def assert_clean(self):
        accepted = sum(ok for _path, ok in self.forms)
        print(
            f"\n{self.tally.line()}; forms accepted as filled in: {accepted} of {len(self.forms)}"
        )
        for sent, status, error in self.tally.failures:
            print(f"  {status} {sent}: {error!r}"[:300])
        assert self.tally.failures == []
        assert self.tally.server_errors == 0
        assert self.tally.sent == self.tally.planned
        assert self.bounced == []
        assert self.unusable == []
