"""A volunteer records a handover in one tab; the public home page open in another shows
the number go up, without a reload."""

from playwright.sync_api import expect

from wagtail.models import Site

from tests.browser.conftest import PHONE
from tests.browser.test_invitation_journey import sign_in
from tests.factories.students import approved, ready_laptop


def test_a_handover_shows_on_the_open_home_page_without_reload(
    live_server, browser, phone, teacher, school, leader, team
):
    student = approved(teacher, leader, school, full_name="Lò Văn Sáng")
    laptop = ready_laptop(leader, team)
    home = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    page = Site.objects.get(is_default_site=True).root_page.specific
    page.sections = [{"type": "figure", "value": {"figure": "devices_handed_over", "label": ""}}]
    page.save_revision().publish()

    home.goto(live_server.url)
    figure = home.locator('[data-figure="devices_handed_over"]')
    expect(figure).to_have_text("0")
    home.evaluate("window.stillTheSamePage = true")

    sign_in(phone, live_server, leader)
    phone.goto(f"{live_server.url}/portal/students/{student.pk}/handover/")
    phone.get_by_label("Thiết bị:").select_option(str(laptop.pk))
    phone.get_by_label("Địa điểm:").fill("Nhà văn hóa thôn 1")
    phone.get_by_role("button", name="Ghi trao tặng").click()
    expect(phone.get_by_role("status")).to_contain_text("Đã ghi trao")

    expect(figure).to_have_text("1", timeout=15_000)
    assert home.evaluate("window.stillTheSamePage") is True
    expect(home.locator("#live-announcer")).to_have_text("Thiết bị đã trao tặng: 1")
    home.context.close()
