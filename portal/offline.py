"""The portal on a phone without a connection: what the service worker may keep, which forms it
may hold back until the connection returns, and the version of the shell it keeps.

The service worker (static/js/service-worker.js) stores a page only when the answer says
`X-Offline-Cache: keep`, and only `portal_view` says so, after asking `may_keep` here. So
what never reaches a phone's storage is decided on the server, by one list."""

import hashlib
import json
import re
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

KEEP_HEADER = "X-Offline-Cache"
# A device's page names its asset code, so that the worker can open the kept page by the code
# on its label offline, and the outbox can show the code the server gave an intake sent later.
CODE_HEADER = "X-Asset-Code"

# Never kept on a phone: anything about a student (lists, details, handovers and their signed
# acknowledgements, the check-ins after, the list imports), people's own details, the exports,
# and every page of sign-in and of the admin.
NEVER_KEPT = (
    "/accounts/",
    "/admin/",
    "/portal/students/",
    "/portal/devices/sims-expiring/",
    "/portal/handovers/",
    "/portal/follow-ups/",
    "/portal/people/",
    "/portal/me/",
    "/portal/audit/",
    "/portal/export/",
    "/portal/support/",
    "/portal/offers/",
    "/portal/reports/",
    "/portal/fund/",
)

# The forms a volunteer may send without a connection: each answers its POST at the address of
# its own page, and carries the form's one-time key, so a copy sent twice is saved once.
QUEUED_FORMS = (
    (r"^/portal/devices/new/$", gettext_noop("Tiếp nhận thiết bị")),
    (r"^/portal/devices/\d+/check/$", gettext_noop("Kiểm tra cấu hình")),
    (r"^/portal/devices/\d+/repair/$", gettext_noop("Sửa chữa, nâng cấp, cài đặt")),
    # No one-time key: the report itself is the key (the same file is kept once per device).
    (r"^/portal/devices/\d+/hardware/upload/$", gettext_noop("Tải lên báo cáo phần cứng")),
    (r"^/portal/training/new/$", gettext_noop("Ghi buổi đào tạo, hướng dẫn")),
    (r"^/portal/follow-ups/\d+/$", gettext_noop("Hỏi thăm sau trao tặng")),
    (r"^/portal/students/\d+/handover/$", gettext_noop("Trao tặng")),
)

# The one queued form whose outcome is a new asset code: kept offline, it is shown with a
# provisional code ("Mã tạm") until the server, the only source of real codes, answers.
GIVES_A_CODE = r"^/portal/devices/new/$"

# The shell kept at install: what every portal page needs to be drawn.
SHELL_STATIC = (
    "css/site.css",
    "js/offline.js",
    "js/outbox.js",
    "js/error-summary.js",
    "js/live-figures.js",
    "js/intake.js",
    "js/scan.js",
    "img/logo.svg",
    "img/favicon.svg",
    "img/app/icon-192.png",
    "img/app/icon-512.png",
)

_LANGUAGE_PREFIX = re.compile(r"^/en(?=/)")


def shows_student_data(request) -> None:
    """Called by a view whose page shows a student, wherever its address: the page is
    then never kept on the phone."""
    request.shows_student_data = True


def may_keep(request, response) -> bool:
    """Whether a phone may keep a copy of this answer to read offline."""
    path = _LANGUAGE_PREFIX.sub("", request.path)
    return (
        request.method == "GET"
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not getattr(request, "shows_student_data", False)
        and not path.startswith(NEVER_KEPT)
    )


def _static_bytes(name: str) -> bytes:
    found = finders.find(name)
    if found:
        with open(found, "rb") as file:
            return file.read()
    with staticfiles_storage.open(name) as file:
        return file.read()


def _version() -> str:
    """Changes whenever a file of the shell or the worker does: the static manifest's hash
    where there is one (production), else a digest of the files themselves."""
    manifest_hash = getattr(staticfiles_storage, "manifest_hash", "")
    digest = hashlib.sha256(manifest_hash.encode())
    if not manifest_hash:
        for name in (*SHELL_STATIC, "js/service-worker.js"):
            digest.update(_static_bytes(name))
    return digest.hexdigest()[:12]


_cached_version = cache(_version)


def shell_version() -> str:
    return _version() if settings.DEBUG else _cached_version()


def worker_script() -> str:
    """The service worker, with what it must know from the server written before its code."""
    config = {
        "version": shell_version(),
        "shell": [static(name) for name in SHELL_STATIC]
        + [reverse("app_offline"), reverse("app_waiting"), reverse("portal:device_find")],
        "offline": reverse("app_offline"),
        "waiting": reverse("app_waiting"),
        "outbox": static("js/outbox.js"),
        "keepHeader": KEEP_HEADER,
        "patience": settings.PORTAL_PAGE_PATIENCE_MS,
        "codeHeader": CODE_HEADER,
        "find": reverse("portal:device_find"),
        # The address a label's QR code holds, the code as its one group.
        "label": "^"
        + re.escape(reverse("portal:device_find_code", args=["CODE"])).replace("CODE", "([^/]+)")
        + "$",
        "givesCode": GIVES_A_CODE,
        "queued": [[pattern, _(label)] for pattern, label in QUEUED_FORMS],
        # A notice (Web Push) is shown with the app's icon, and opens the portal's home page
        # when it names no page of its own.
        "icon": static("img/app/icon-192.png"),
        "home": reverse("portal:dashboard"),
        "name": _("Máy tính cũ – Tri thức mới"),
    }
    code = _static_bytes("js/service-worker.js").decode()
    return f"self.PORTAL_APP = {json.dumps(config, ensure_ascii=False)};\n{code}"
