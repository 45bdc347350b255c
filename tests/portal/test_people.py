import pytest

from django.urls import reverse

from portal import access
from portal.models import AuditEvent
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.factories.signing_in import with_second_factor

pytestmark = pytest.mark.django_db


def test_deactivating_a_person_signs_them_out_everywhere(client, coordinator, volunteer):
    phone = client.__class__()
    phone.post("/accounts/login/", {"login": volunteer.email, "password": PASSWORD})
    assert phone.get("/portal/").status_code == 200
    client.force_login(coordinator)

    client.post(reverse("portal:person_deactivate", args=[volunteer.pk]))

    volunteer.refresh_from_db()
    assert not volunteer.is_active
    assert phone.get("/portal/")["Location"] == "/accounts/login/?next=/portal/"
    assert AuditEvent.objects.get(action="person_deactivated").actor == coordinator
    assert "_auth_user_id" not in phone.session


def test_coordinator_cannot_lock_themselves_out(client, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("portal:person_deactivate", args=[coordinator.pk]))

    assert response.status_code == 403
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_profile_changes_are_audited(client, volunteer):
    client.force_login(volunteer)

    client.post(
        reverse("portal:my_profile"),
        {
            "profile-last_name": "Nguyễn Văn",
            "profile-first_name": "An",
            "profile-phone": "0987 654 321",
        },
    )

    volunteer.refresh_from_db()
    assert volunteer.phone == "+84987654321"
    assert AuditEvent.objects.get(action="profile_updated").details == {"fields": ["phone"]}


def test_audit_log_lists_who_did_what(client, coordinator, volunteer, team):
    client.force_login(coordinator)
    client.post(reverse("portal:person_deactivate", args=[volunteer.pk]))

    page = client.get(reverse("portal:audit_log")).content.decode()

    assert "Khóa tài khoản" in page
    assert str(volunteer) in page
    assert str(coordinator) in page


def test_people_list_is_constant_in_queries(
    client, coordinator, team, django_assert_max_num_queries
):
    client.force_login(coordinator)
    MembershipFactory(team=team)
    # About a dozen for every portal page (session, user, site settings, the footer's links,
    # the phone's bottom bar asking what the person may do); the rest is the list itself,
    # and it must not grow with the number of people.
    with django_assert_max_num_queries(26) as few:
        client.get(reverse("portal:person_list"))
    for _ in range(40):
        MembershipFactory(team=team)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("portal:person_list"))


class TestTwoFactorForCoordinators:
    PROMPT = "Là điều phối viên, bạn cần bật"

    def test_coordinator_without_totp_may_not_see_student_data_and_is_told(
        self, client, coordinator
    ):
        client.force_login(coordinator)

        page = client.get(reverse("portal:dashboard")).content.decode()

        assert not access.may_see_student_data(coordinator)
        assert self.PROMPT in page

    def test_coordinator_whose_session_gave_the_second_factor_may(self, client, coordinator):
        with_second_factor(coordinator, client)

        assert access.may_see_student_data(coordinator)
        page = client.get(reverse("portal:dashboard")).content.decode()
        # The first-day checklist may still list the step, ticked; the prompt is gone.
        assert self.PROMPT not in page
        assert "Xác nhận bằng mã xác thực hai lớp" not in page

    def test_team_members_are_not_asked_and_outsiders_see_nothing(self, volunteer):
        assert access.may_see_student_data(volunteer)
        assert not access.may_see_student_data(UserFactory())


def test_coverage_names_the_communes_without_a_team(client, coordinator, leader):
    client.force_login(coordinator)

    page = client.get(reverse("portal:coverage") + "?ban-do=2021").content.decode()

    assert "<strong>1/22</strong>" in page
    assert "Xã Cổ Bi" in page
    assert "Chưa có tổ" in page
