"""The coordinator prints the progress report of the demo year: A4 portrait pages, the
tables across the width of the text, no row cut in two, the heading of an official report."""

import io

from pypdf import PdfReader

from django.core.management import call_command
from django.utils import timezone

from portal.models import Report
from portal.selectors.report import months_between
from portal.services.counters import month_of
from portal.services.reports import report_build
from tests.browser.test_invitation_journey import sign_in

# A4 less the report's page margins (30 mm left, 15 mm right), in CSS pixels.
A4_TEXT_WIDTH = round((210 - 45) / 25.4 * 96)
A4_POINTS = (595, 842)


def demo_year_report(coordinator) -> Report:
    call_command("load_initial_data", verbosity=0)
    today = timezone.localdate()
    first = months_between(f"{today.year - 1:04d}-{today.month:02d}", month_of(today))[1]
    report = Report.objects.create(
        area=coordinator.coordinated_area,
        first_month=first,
        last_month=month_of(today),
        requested_by=coordinator,
    )
    return report_build(report)


def test_the_printed_report_fills_a4_pages_and_keeps_rows_whole(live_server, browser, coordinator):
    report = demo_year_report(coordinator)
    context = browser.new_context(
        viewport={"width": A4_TEXT_WIDTH, "height": 1000},
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    page = context.new_page()
    sign_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/portal/reports/{report.pk}/")
    page.emulate_media(media="print")

    # The page as printed: laid out at A4's text width, and from a desktop window.
    spans = []
    for width in (A4_TEXT_WIDTH, 1280):
        page.set_viewport_size({"width": width, "height": 1000})
        text_width = page.evaluate("document.documentElement.clientWidth")
        widths = page.eval_on_selector_all(
            ".report table", "(tables) => tables.map((t) => t.getBoundingClientRect().width)"
        )
        spans.append((text_width, widths))
    rows = page.eval_on_selector_all(
        ".report tr", "(rows) => [...new Set(rows.map((r) => getComputedStyle(r).breakInside))]"
    )
    heads = page.eval_on_selector_all(
        ".report thead", "(heads) => [...new Set(heads.map((h) => getComputedStyle(h).display))]"
    )
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    sizes = {tuple(round(float(n)) for n in p.mediabox.upper_right) for p in pdf.pages}
    text = "\n".join(p.extract_text() for p in pdf.pages)
    context.close()

    for text_width, widths in spans:
        assert len(widths) == 3
        assert min(widths) >= 0.9 * text_width, (widths, text_width)
    assert rows == ["avoid"]
    assert heads == ["table-header-group"]
    assert sizes == {A4_POINTS}  # portrait
    # The demo year: the totals, 22 communes and the teams, on a few full-width pages
    # (squeezed into a third of the width it took 8).
    print(f"demo-year report: {len(pdf.pages)} A4 pages, tables (text width, widths) {spans}")
    assert 2 <= len(pdf.pages) <= 4
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Hà Nội, ngày" in text
    assert "Huyện đoàn Gia Lâm".upper() in text
