"""Each person chooses, in "Thông tin của tôi", how each kind of notice that concerns them
reaches them; urgent ones always come on every channel."""

import pytest

from django.urls import reverse

from portal.models import NoticePreference

pytestmark = pytest.mark.django_db
PAGE = reverse("portal:my_profile")


def test_a_volunteer_sees_the_kinds_of_their_role_with_the_defaults(
    client, volunteer, django_assert_max_num_queries
):
    client.force_login(volunteer)
    with django_assert_max_num_queries(31):  # the page had 29; the form adds two
        page = client.get(PAGE).content.decode()

    assert "Cách nhận thông báo" in page
    assert "Yêu cầu hỗ trợ mới" in page
    assert "Quá 24 giờ chưa liên hệ" not in page  # the leaders' and coordinators'
    assert 'name="notices-support_new-email" id="id_notices-support_new-email" checked' in page
    assert 'name="notices-support_new-sms" id="id_notices-support_new-sms">' in page


def test_a_leader_is_told_urgent_notices_always_come_everywhere(client, leader):
    client.force_login(leader)
    page = client.get(PAGE).content.decode()

    assert "Quá 24 giờ chưa liên hệ" in page
    assert "luôn gửi qua mọi kênh" in page
    assert "notices-support_escalated-email" not in page


def _form(**chosen) -> dict:
    data = {"notices-notices": "1"}
    data.update({f"notices-{name}": "on" for name, on in chosen.items() if on})
    return data


KINDS = ["support_new", "support_assigned", "offer_new", "offer_routed", "followup_due"]


def test_choices_are_saved_and_a_second_send_changes_nothing(client, volunteer):
    client.force_login(volunteer)
    data = _form(**{f"{kind}-email": True for kind in KINDS}, **{"support_new-push": True})

    for _twice in range(2):
        response = client.post(PAGE, data)
        assert response.status_code == 302

    saved = NoticePreference.objects.get(user=volunteer, kind="support_new")
    assert (saved.email, saved.push, saved.sms) == (True, True, False)
    assert NoticePreference.objects.filter(user=volunteer).count() == len(KINDS)
    page = client.get(PAGE).content.decode()
    assert 'name="notices-offer_new-push" id="id_notices-offer_new-push">' in page


def test_a_kind_with_no_channel_and_sms_without_a_phone_are_explained(client, volunteer):
    volunteer.phone = ""
    volunteer.save()
    client.force_login(volunteer)
    data = _form(**{f"{kind}-email": True for kind in KINDS[1:]}, **{"offer_new-sms": True})

    page = client.post(PAGE, data).content.decode()

    assert "Có lỗi cần sửa" in page
    assert "“Yêu cầu hỗ trợ mới”: hãy chọn ít nhất một cách nhận." in page
    assert "“Đăng ký ủng hộ mới”: muốn nhận SMS, hãy ghi số điện thoại" in page
    assert not NoticePreference.objects.filter(user=volunteer).exists()
