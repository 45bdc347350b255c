import re

from playwright.sync_api import expect

from portal.models import Membership
from tests.browser.conftest import assert_fits_the_screen, open_menu
from tests.factories import PASSWORD


def sign_in(phone, live_server, person):
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.get_by_label("E-mail").fill(person.email)
    phone.get_by_label("Mật khẩu").fill(PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    expect(phone).to_have_url(f"{live_server.url}/portal/")


def test_leader_invites_a_volunteer_who_joins_from_the_email(
    live_server, phone, leader, team, mailoutbox
):
    sign_in(phone, live_server, leader)
    phone.get_by_role("link", name=team.name).click()
    phone.get_by_role("link", name="Mời thành viên").click()
    phone.get_by_label("E-mail người được mời").fill("ban.moi@example.vn")
    phone.get_by_role("button", name="Gửi lời mời").click()
    expect(phone.get_by_role("status")).to_contain_text("Đã gửi lời mời đến ban.moi@example.vn")
    expect(phone.get_by_text("ban.moi@example.vn · Thành viên tổ")).to_be_visible()
    assert_fits_the_screen(phone)
    open_menu(phone)
    phone.get_by_role("button", name="Đăng xuất").click()

    link = re.search(r"http://testserver(\S+)", mailoutbox[-1].body).group(1)
    phone.goto(live_server.url + link)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Nhận lời mời tham gia")
    expect(phone.get_by_label("E-mail")).to_have_value("ban.moi@example.vn")
    phone.get_by_label("Họ và tên đệm").fill("Trần Văn")
    phone.get_by_label("Tên:", exact=True).fill("Bình")
    phone.get_by_label("Mật khẩu:", exact=True).fill("mat-khau-moi-2024")
    phone.get_by_label("Mật khẩu (nhập lại):").fill("mat-khau-moi-2024")
    phone.get_by_role("button", name="Tạo tài khoản").click()

    expect(phone).to_have_url(f"{live_server.url}/portal/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Xin chào, Bình")
    expect(phone.get_by_role("link", name=team.name)).to_be_visible()
    assert Membership.objects.get(person__email="ban.moi@example.vn").team == team


def test_another_teams_page_is_not_found_and_shows_nothing(
    live_server, phone, volunteer, other_team
):
    sign_in(phone, live_server, volunteer)

    response = phone.goto(f"{live_server.url}/portal/teams/{other_team.pk}/")

    assert response.status == 404
    expect(phone.locator("body")).not_to_contain_text(other_team.name)
