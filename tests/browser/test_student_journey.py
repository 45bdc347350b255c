"""From a school's Excel list to a laptop and a SIM in a child's hands, on a phone; and the
child's data and the guardian's acknowledgement kept from everyone else."""

from playwright.sync_api import expect

from portal.models import Handover, Student
from tests.browser.conftest import assert_fits_the_screen, open_menu
from tests.browser.test_invitation_journey import sign_in
from tests.factories.files import png
from tests.factories.students import ready_laptop, ready_sim
from tests.portal.test_student_import import GOOD_ROWS, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def send_list(phone, rows):
    open_menu(phone)
    phone.get_by_role("link", name="Học sinh", exact=True).click()
    phone.get_by_role("link", name="Nhập từ Excel").click()
    phone.get_by_label("Tệp danh sách (.xlsx)").set_input_files(
        {"name": "danh-sach.xlsx", "mimeType": XLSX, "buffer": workbook(rows).read()}
    )
    phone.get_by_role("button", name="Gửi tệp").click()


def test_teacher_imports_a_list_and_the_communes_team_hands_over_a_laptop_and_sim(
    live_server, browser, phone, teacher, school, leader, other_volunteer, team
):
    # The teacher sends a list with a mistake, reads where it is, fixes it and sends again.
    sign_in(phone, live_server, teacher)
    wrong = [GOOD_ROWS[0], [*GOOD_ROWS[1][:5], "0987", *GOOD_ROWS[1][6:]], GOOD_ROWS[2]]
    send_list(phone, wrong)
    errors = phone.get_by_role("table", name="Lỗi theo dòng và cột")
    expect(errors).to_contain_text("Điện thoại phụ huynh")
    expect(errors).to_contain_text("Số điện thoại chưa đúng")
    expect(phone.get_by_role("alert")).to_contain_text("Chưa nhập dòng nào: tệp có 1 lỗi.")
    assert not Student.objects.exists()
    assert_fits_the_screen(phone)
    phone.get_by_role("link", name="Gửi lại tệp đã sửa").click()
    send_list(phone, GOOD_ROWS)
    expect(phone.get_by_role("status")).to_contain_text("Đã nhập 3 học sinh mới.")
    send_list(phone, GOOD_ROWS)
    expect(phone.get_by_role("status")).to_contain_text("3 học sinh đã có trong danh sách")
    assert Student.objects.count() == 3
    open_menu(phone)
    phone.get_by_role("button", name="Đăng xuất").click()

    # The commune's team leader verifies, approves, records consent and hands over.
    laptop, sim = ready_laptop(leader, team), ready_sim(leader, team)
    sign_in(phone, live_server, leader)
    open_menu(phone)
    phone.get_by_role("link", name="Học sinh", exact=True).click()
    expect(phone.locator("main")).not_to_contain_text("Trần Văn Minh")  # lives in Kim Lan
    phone.get_by_role("link", name="Nguyễn Thị Lan").click()
    phone.get_by_role("button", name="Xác nhận đã xác minh").click()
    phone.get_by_role("button", name="Duyệt trao tặng").click()
    expect(phone.locator(".status").first).to_have_text("Đã duyệt, chờ trao")
    phone.get_by_text("Ghi ý kiến (đồng ý hoặc rút lại)").click()
    phone.get_by_label("Mục đích").select_option("device")
    phone.get_by_label("Đồng ý", exact=True).check()
    phone.get_by_role("button", name="Ghi ý kiến").click()
    phone.get_by_role("link", name="Ghi trao tặng").click()
    phone.get_by_label("Thiết bị:").select_option(str(laptop.pk))
    phone.get_by_label("Sim dữ liệu:").select_option(str(sim.pk))
    phone.get_by_label("Địa điểm:").fill("Nhà văn hóa thôn 3")
    phone.get_by_label("Đã hướng dẫn sử dụng").check()
    phone.get_by_label("Biên nhận của phụ huynh:").set_input_files(
        {"name": "bien-nhan.png", "mimeType": "image/png", "buffer": png().read()}
    )
    assert_fits_the_screen(phone)
    phone.get_by_role("button", name="Ghi trao tặng").click()
    expect(phone.get_by_role("status")).to_contain_text("Đã ghi trao")
    handover = Handover.objects.get()
    assert (handover.device, handover.sim) == (laptop, sim)
    acknowledgement = f"{live_server.url}/portal/handovers/{handover.pk}/acknowledgement/"
    assert phone.request.get(acknowledgement).body().startswith(b"\x89PNG")

    # Signed out, and as another commune's volunteer: no acknowledgement, no child.
    anonymous = browser.new_context()
    response = anonymous.request.get(acknowledgement)
    assert response.url.startswith(f"{live_server.url}/accounts/login/")
    assert not response.body().startswith(b"\x89PNG")
    stranger = browser.new_context().new_page()
    sign_in(stranger, live_server, other_volunteer)
    assert stranger.request.get(acknowledgement).status == 404
    stranger.goto(f"{live_server.url}/portal/students/")
    expect(stranger.locator("main")).not_to_contain_text("Nguyễn Thị Lan")
    for path in ("/", "/en/", "/sitemap.xml"):
        assert "Nguyễn Thị Lan" not in anonymous.request.get(live_server.url + path).text()
    anonymous.close()
    stranger.context.close()
