"""The portal as each role meets it, on a 360 px phone and a 1280 px desktop, checked with
axe-core against WCAG 2.2 A and AA: every page type of portal/urls.py that answers a GET with
a page, opened by each role that may open it (the access matrix says who), with a real object
of the demo data; the progress report as printed; and the public pages a donor and a
requester follow their entry on.

The pages come from the URLconf: a new portal page is checked, or this test fails until it is
listed in NOT_PAGES with the reason. For the run time: the demo data is loaded once, each role
signs in once, and each role × width keeps one browser context for all its pages.
"""

import time
import uuid
from dataclasses import dataclass, field

from playwright.sync_api import expect

from django.core.management import call_command
from django.urls import reverse

from wagtail.models import Locale

from campaign.models import OfferPage, SupportPage
from portal import access
from portal.models import (
    BankStatement,
    Device,
    Handover,
    Offer,
    Report,
    School,
    Student,
    StudentStatus,
    SupportRequest,
    Team,
    TrainingSession,
)
from portal.services.reports import report_build
from portal.services.student_import import import_start
from portal.urls import urlpatterns
from tests.browser.test_public_site import axe_violations
from tests.factories.signing_in import authenticator_for, totp_code
from tests.portal.test_access_matrix import MATRIX, PASSWORD_ONLY, STEP_UP, portal_url
from tests.portal.test_student_import import GOOD_ROWS, workbook

WIDTHS = {360: {"width": 360, "height": 740}, 1280: {"width": 1280, "height": 800}}

# Portal GET addresses that answer no page of their own, so nothing for axe to read.
NOT_PAGES = {
    "device_find_code": "the label's QR code address: redirects to the device's page",
    "device_photo": "an image file",
    "handover_acknowledgement": "the signed acknowledgement, an image or PDF file",
    "student_import_template": "an Excel file",
    "student_import_progress": "JSON read by the import's page while it runs",
    "report_progress": "JSON read by the report's page while it builds",
    "report_download": "an Excel file",
    "export_list": "CSV and Excel downloads",
    # Only a coordinator of the whole tree (or a superuser) opens it, none of the swept
    # roles; its form is the area's raise's (area_standard_edit), which is swept.
    "standard_edit": "the program-wide standard's form, for the country's coordinator only",
}

# The demo accounts (home/demo/accounts.py) in the access matrix's roles. The coordinator's
# password-only session is the same account before it has enrolled an authenticator app.
ACCOUNTS = {
    "volunteer": "tinhnguyen@demo.maytinhcu.vn",
    "leader": "totruong@demo.maytinhcu.vn",
    "teacher": "giaovien@demo.maytinhcu.vn",
    PASSWORD_ONLY: "dieuphoi@demo.maytinhcu.vn",
    "coordinator": "dieuphoi@demo.maytinhcu.vn",
}


# Pages that need an object in a given state rather than the kind's usual one.
OBJECT_OF = {"student_edit": "proposed_student"}


def portal_get_names() -> set[str]:
    # (The pages a one-time token opens, not a session, are checked where they are tested.)
    return {
        pattern.name
        for pattern in urlpatterns
        if pattern.name in MATRIX and MATRIX[pattern.name].method == "GET"
    }


def swept_names() -> set[str]:
    return portal_get_names() - set(NOT_PAGES)


def pages_for(role: str) -> list[str]:
    """The portal pages a role may open, in the URLconf's order."""
    may = "coordinator" if role == PASSWORD_ONLY else role
    return [
        pattern.name
        for pattern in urlpatterns
        if pattern.name in swept_names() and may in MATRIX[pattern.name].own
    ]


def test_every_portal_page_is_swept_or_excluded_for_a_reason():
    assert set(NOT_PAGES) <= portal_get_names()
    opened = {name for role in ACCOUNTS for name in pages_for(role)}
    assert opened == portal_get_names() - set(NOT_PAGES)


def demo_objects() -> dict:
    """One object of each kind in the demo data, in Bát Tràng: the commune whose youth team
    the volunteer and the leader are in and whose school the teacher teaches at."""
    team = Team.objects.get(kind=Team.Kind.YOUTH_IT, commune__name="Bát Tràng")
    school = School.objects.get(name="Trường THCS Bát Tràng")
    coordinator = _account("coordinator")
    teacher = _account("teacher")
    handover = Handover.objects.filter(student__school=school).order_by("pk").first()
    # A finished list with a mistake in a row: its page shows the table of errors.
    wrong = [GOOD_ROWS[0], [*GOOD_ROWS[1][:5], "0987", *GOOD_ROWS[1][6:]]]
    student_import = import_start(
        actor=teacher,
        school=school,
        upload=workbook(wrong),
        form_key=uuid.UUID("0f4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c"),
    )
    report = Report.objects.create(
        area=coordinator.coordinated_area,
        first_month="2026-01",
        last_month="2026-12",
        requested_by=coordinator,
    )
    return {
        "team": team,
        "area": team.commune,
        "person": _account("volunteer"),
        "device": Device.objects.filter(team=team, checks__isnull=False).order_by("pk").first(),
        "student": Student.objects.filter(school=school, status=StudentStatus.APPROVED)
        .order_by("pk")
        .first(),
        "proposed_student": Student.objects.filter(school=school, status=StudentStatus.PROPOSED)
        .order_by("pk")
        .first(),
        "handover": handover,
        "follow_up": handover.follow_ups.first(),
        "import": student_import,
        "training": TrainingSession.objects.filter(team=team).order_by("pk").first(),
        "offer": Offer.objects.filter(team=team).order_by("pk").first(),
        "support": SupportRequest.objects.filter(commune=team.commune).order_by("pk").first(),
        "report": report_build(report),
        # The demo's statement, as the coordinator uploads it (its credits posted).
        "statement": BankStatement.objects.create(
            fund=access.funds_visible_to(coordinator).order_by("pk").first(),
            file_name="vietcombank_sao_ke_demo.xlsx",
            uploaded_by=coordinator,
        ),
    }


def _account(role):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email=ACCOUNTS[role])


@dataclass
class Sweep:
    """What was checked, and every violation found, to be told all at once."""

    checked: list[tuple[str, str, int]] = field(default_factory=list)  # (page, role, width)
    failures: list[str] = field(default_factory=list)

    axe_seconds: float = 0

    def check(self, page, name: str, role: str, width: int) -> None:
        started = time.monotonic()
        if violations := axe_violations(page):
            self.failures.append(f"{name} as {role} at {width} px, {page.url}: {violations}")
        self.axe_seconds += time.monotonic() - started
        self.checked.append((name, role, width))


def sign_in(page, live_server, role, sweep) -> None:
    """Through the sign-in page; the coordinator then types the authenticator app's code
    (that prompt is checked too)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail").fill(ACCOUNTS[role])
    page.get_by_label("Mật khẩu").fill("giadinh-gialam-2021")
    page.get_by_role("button", name="Đăng nhập").click()
    if role == "coordinator":
        expect(page).to_have_url(f"{live_server.url}{reverse('mfa_authenticate')}")
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            sweep.check(page, "mfa_authenticate", role, width)
        page.locator("input[name=code]").fill(totp_code())
        page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/portal/")


def sweep_role(browser, live_server, role, objects, sweep) -> None:
    context = browser.new_context(
        viewport=WIDTHS[360], locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    sign_in(context.new_page(), live_server, role, sweep)
    signed_in = context.storage_state()
    context.close()
    if role == PASSWORD_ONLY:
        # The account enrols an authenticator app (in another session): this session, which
        # gave only the password, is now asked for the code before children's data.
        authenticator_for(_account(role))
    for width, viewport in WIDTHS.items():
        context = browser.new_context(
            viewport=viewport,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            storage_state=signed_in,
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        for name in pages_for(role):
            target = OBJECT_OF.get(name, MATRIX[name].target)
            url = portal_url(name, objects[target] if target else None)
            response = page.goto(live_server.url + url)
            # The password-only session is asked for its second factor on children's data.
            landed = (
                reverse("mfa_reauthenticate") if role == PASSWORD_ONLY and name in STEP_UP else url
            )
            if response.status != 200 or not page.url.startswith(live_server.url + landed):
                sweep.failures.append(f"{name} as {role}: {response.status} at {page.url}")
                continue
            sweep.check(page, name, role, width)
            if name == "report_detail":
                page.emulate_media(media="print")
                sweep.check(page, "report_detail (print)", role, width)
                page.emulate_media(media="screen")
        context.close()


def test_every_portal_page_as_each_role_at_360_and_1280_px_passes_axe(
    live_server, browser, live_database
):
    started = time.monotonic()
    call_command("load_initial_data", verbosity=0)
    objects = demo_objects()
    sweep = Sweep()

    for role in ACCOUNTS:
        sweep_role(browser, live_server, role, objects, sweep)
        print(f"{role}: {time.monotonic() - started:.0f} s")

    seconds = time.monotonic() - started
    covered = {name for name, _role, _width in sweep.checked}
    print(
        f"portal axe sweep: {len(sweep.checked)} page × role × width checks, "
        f"{len(covered)} page types, {seconds:.0f} s ({sweep.axe_seconds:.0f} s in axe)"
    )
    assert sweep.failures == [], "\n".join(sweep.failures)
    assert covered & set(MATRIX) == portal_get_names() - set(NOT_PAGES)
    # Each role's pages (the report also as printed) at each width, and the 2FA prompt.
    expected = sum(len(pages_for(r)) + ("report_detail" in pages_for(r)) for r in ACCOUNTS)
    assert len(sweep.checked) == (expected + 1) * len(WIDTHS)


def test_the_tracking_pages_at_360_and_1280_px_pass_axe(live_server, browser, settings):
    """The public pages a donor and a requester follow their entry on (campaign/models/
    desks.py), as they arrive from the e-mailed link: the look-ups, the status pages, the
    donor's thank-you certificate (also as printed) and the look-up a link past its lifetime
    opens."""
    started = time.monotonic()
    call_command("load_initial_data", verbosity=0)
    sweep = Sweep()
    vietnamese = Locale.get_default()
    offer_page = OfferPage.objects.live().get(locale=vietnamese)
    support_page = SupportPage.objects.live().get(locale=vietnamese)
    # The demo's gift followed to a pupil's hands, and a request answered and resolved.
    offer = Offer.objects.get(donor_name="Phạm Thu Hà")
    support = SupportRequest.objects.filter(resolved_at__isnull=False).order_by("pk").first()
    links = {
        "offer_status": offer_page.track_url(offer),
        "support_status": support_page.track_url(support),
    }
    for width, viewport in WIDTHS.items():
        context = browser.new_context(
            viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        for desk, desk_page in (("offer", offer_page), ("support", support_page)):
            page.goto(live_server.url + desk_page.url + "theo-doi/")
            sweep.check(page, f"{desk}_track", "visitor", width)
            page.goto(links[f"{desk}_status"].replace(settings.SITE_URL, live_server.url))
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            sweep.check(page, f"{desk}_status", "visitor", width)
        page.goto(page_url_of(live_server, offer_page, "certificate", offer.reference))
        sweep.check(page, "offer_certificate", "visitor", width)
        page.emulate_media(media="print")
        sweep.check(page, "offer_certificate (print)", "visitor", width)
        context.close()
    # A link older than its lifetime opens the look-up, its code filled in and a word why.
    settings.TRACKING_LINK_DAYS = -1
    for width, viewport in WIDTHS.items():
        context = browser.new_context(
            viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
        )
        page = context.new_page()
        page.goto(links["offer_status"].replace(settings.SITE_URL, live_server.url))
        expect(page.locator("input[name=reference]")).to_have_value(offer.reference)
        sweep.check(page, "offer_track (link expired)", "visitor", width)
        context.close()

    print(
        f"tracking axe sweep: {len(sweep.checked)} page × width checks, "
        f"{time.monotonic() - started:.0f} s ({sweep.axe_seconds:.0f} s in axe)"
    )
    assert sweep.failures == [], "\n".join(sweep.failures)
    pages = {name for name, _role, _width in sweep.checked}
    assert len(pages) == 7  # two look-ups, two status pages, the certificate twice, expired
    assert len(sweep.checked) == len(pages) * len(WIDTHS)


def page_url_of(live_server, desk_page, route: str, *args) -> str:
    return live_server.url + desk_page.route_url(route, *args)
