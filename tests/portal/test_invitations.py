"""Accounts by invitation: the e-mail arrives, the invitee sets a password and lands in the
right team with a verified address; nothing else opens sign-up."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from portal.models import Area, AuditEvent, Invitation, Membership, invitations
from tests.factories import PASSWORD, UserFactory
from tests.factories.signing_in import with_second_factor
from tests.factories.teams import commune, country, second_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def invite(client, django_capture_on_commit_callbacks):
    """Post the team's invitation form as whoever the client is signed in as."""

    def post(team, email, role="member"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("portal:team_invite", args=[team.pk]), {"email": email, "role": role}
            )

    return post


def accept_link(message) -> str:
    return re.search(r"http://testserver(/accounts/invitation/\S+/)", message.body).group(1)


def test_coordinator_invites_a_leader_who_joins_the_right_team(
    client, coordinator, team, invite, mailoutbox
):
    client.force_login(coordinator)
    response = invite(team, "Moi.Nguoi@Example.vn", role="leader")

    assert response["Location"] == reverse("portal:team_detail", args=[team.pk])
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["moi.nguoi@example.vn"]
    assert "Lời mời tham gia Tổ Thanh niên IT xã Bát Tràng" in message.subject
    assert "Tổ trưởng" in message.body

    client.logout()
    signup = client.get(accept_link(message), follow=True)
    assert 'value="moi.nguoi@example.vn"' in signup.content.decode()

    response = client.post(
        reverse("account_signup"),
        {
            "email": "moi.nguoi@example.vn",
            "password1": "mat-khau-rat-dai-2024",
            "password2": "mat-khau-rat-dai-2024",
            "last_name": "Vũ Thị",
            "first_name": "Hạnh",
        },
    )

    assert response["Location"] == "/portal/"  # signed in at once: no second e-mail to click
    person = get_user_model().objects.get(email="moi.nguoi@example.vn")
    assert person.get_full_name() == "Vũ Thị Hạnh"
    assert EmailAddress.objects.get(user=person).verified
    assert Membership.objects.get(person=person).team == team
    assert Membership.objects.get(person=person).role == Membership.Role.LEADER
    assert AuditEvent.objects.filter(action="invitation_accepted", person=person).exists()
    assert "Tổ Thanh niên IT xã Bát Tràng" in client.get("/portal/").content.decode()


def test_invitation_link_works_once(client, coordinator, team, invite, mailoutbox):
    client.force_login(coordinator)
    invite(team, "mot@example.vn")
    link = accept_link(mailoutbox[0])
    client.logout()
    client.get(link)
    client.post(
        reverse("account_signup"),
        {
            "email": "mot@example.vn",
            "password1": "mat-khau-rat-dai-2024",
            "password2": "mat-khau-rat-dai-2024",
            "last_name": "A",
            "first_name": "B",
        },
    )
    client.logout()

    again = client.get(link)

    assert again.status_code == 410
    assert "không còn hiệu lực" in again.content.decode()


def test_invitee_must_keep_the_invited_address(client, coordinator, team, invite, mailoutbox):
    client.force_login(coordinator)
    invite(team, "dung@example.vn")
    client.logout()
    client.get(accept_link(mailoutbox[0]))

    response = client.post(
        reverse("account_signup"),
        {
            "email": "khac@example.vn",
            "password1": "mat-khau-rat-dai-2024",
            "password2": "mat-khau-rat-dai-2024",
            "last_name": "A",
            "first_name": "B",
        },
    )

    assert (
        "Hãy dùng đúng địa chỉ e-mail đã nhận lời mời: dung@example.vn" in response.content.decode()
    )
    assert not get_user_model().objects.filter(email="khac@example.vn").exists()


@pytest.mark.parametrize("spoil", ["revoked", "expired"])
def test_revoked_or_expired_invitations_do_not_open_sign_up(
    client, coordinator, team, invite, mailoutbox, spoil
):
    client.force_login(coordinator)
    invite(team, "tre@example.vn")
    invitation = Invitation.objects.get(email="tre@example.vn")
    if spoil == "revoked":
        client.post(reverse("portal:invitation_revoke", args=[invitation.pk]))
    else:
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    client.logout()

    assert client.get(accept_link(mailoutbox[0])).status_code == 410
    assert "chỉ được tạo qua lời mời" in client.get(reverse("account_signup")).content.decode()


def test_double_submitted_invitation_sends_one_invitation(client, leader, team, invite, mailoutbox):
    client.force_login(leader)

    invite(team, "hai@example.vn")
    second = invite(team, "hai@example.vn")

    assert Invitation.objects.filter(email="hai@example.vn").count() == 1
    assert len(mailoutbox) == 2  # the second click re-sends the same invitation, with a new link
    assert client.get(accept_link(mailoutbox[0])).status_code == 410  # the old link is void
    assert second.status_code == 302


def test_leader_may_invite_members_but_not_leaders(client, leader, team, invite):
    client.force_login(leader)

    response = invite(team, "lanh.dao@example.vn", role="leader")

    assert response.status_code == 200
    assert "lựa chọn hợp lệ" in response.content.decode()
    assert not Invitation.objects.exists()


def answer(client, invitation, what):
    return client.post(
        reverse("portal:invitation_answer", args=[invitation.pk]), {"answer": what}, follow=True
    )


def test_an_existing_account_is_offered_the_role_and_gets_it_only_by_accepting(
    client, coordinator, team, other_team, invite, mailoutbox, volunteer
):
    client.force_login(coordinator)

    invite(other_team, volunteer.email)

    assert set(volunteer.teams.all()) == {team}  # nothing given silently
    message = mailoutbox[0]
    assert message.to == [volunteer.email]
    assert "Lời mời tham gia Tổ Thanh niên IT xã Cổ Bi" in message.subject
    assert "Nhận" in message.body
    assert "Từ chối" in message.body
    client.force_login(volunteer)
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "Lời mời dành cho bạn" in dashboard
    assert "Tổ Thanh niên IT xã Cổ Bi" in dashboard

    page = answer(client, Invitation.objects.get(), "accept").content.decode()

    assert set(volunteer.teams.all()) == {team, other_team}
    assert "Bạn đã tham gia Tổ Thanh niên IT xã Cổ Bi" in page
    assert "Lời mời dành cho bạn" not in page
    assert AuditEvent.objects.filter(action="invitation_accepted", person=volunteer).exists()


def test_an_offer_sent_after_the_dashboard_was_read_shows_on_the_next_one_until_it_expires(
    client, coordinator, other_team, invite, volunteer, monkeypatch
):
    """The roles offered to someone are kept between pages (portal/selectors/teams.py)."""
    client.force_login(volunteer)
    assert "Lời mời dành cho bạn" not in client.get(reverse("portal:dashboard")).content.decode()
    client.force_login(coordinator)
    invite(other_team, volunteer.email)
    client.force_login(volunteer)

    assert "Lời mời dành cho bạn" in client.get(reverse("portal:dashboard")).content.decode()
    expired = Invitation.objects.get().expires_at + timedelta(minutes=1)
    monkeypatch.setattr(invitations.timezone, "now", lambda: expired)
    assert "Lời mời dành cho bạn" not in client.get(reverse("portal:dashboard")).content.decode()


def test_an_existing_account_may_decline_and_is_given_nothing(
    client, coordinator, team, other_team, invite, volunteer
):
    client.force_login(coordinator)
    invite(other_team, volunteer.email)
    invitation = Invitation.objects.get()
    client.force_login(volunteer)

    page = answer(client, invitation, "decline").content.decode()
    late = answer(client, invitation, "accept")

    assert set(volunteer.teams.all()) == {team}
    assert "Đã từ chối lời mời" in page
    assert "Lời mời dành cho bạn" not in page
    assert late.redirect_chain == []  # a declined offer is no longer anyone's to answer
    assert late.status_code == 404
    assert AuditEvent.objects.filter(action="invitation_declined", person=volunteer).exists()
    client.force_login(coordinator)
    team_page = client.get(reverse("portal:team_detail", args=[other_team.pk])).content.decode()
    pending = team_page.split("Lời mời đang chờ", 1)[1].split("Lịch sử thay đổi", 1)[0]
    assert volunteer.email not in pending


def test_an_offer_is_answered_only_by_the_account_it_was_sent_to(
    client, coordinator, other_team, invite, volunteer, leader
):
    client.force_login(coordinator)
    invite(other_team, volunteer.email)
    client.force_login(leader)

    assert answer(client, Invitation.objects.get(), "accept").status_code == 404
    assert "Lời mời dành cho bạn" not in client.get(reverse("portal:dashboard")).content.decode()
    assert not other_team.memberships.exists()


def test_the_e_mailed_link_brings_an_existing_account_to_the_offer_after_signing_in(
    client, coordinator, other_team, invite, mailoutbox, volunteer
):
    client.force_login(coordinator)
    invite(other_team, volunteer.email)
    client.logout()
    link = accept_link(mailoutbox[0])

    anonymous = client.get(link)
    client.force_login(volunteer)
    signed_in = client.get(link, follow=True)

    assert anonymous["Location"].startswith(reverse("account_login") + "?next=")
    assert signed_in.redirect_chain[-1][0] == reverse("portal:dashboard")
    assert "Lời mời dành cho bạn" in signed_in.content.decode()
    assert not other_team.memberships.exists()


def test_a_revoked_offer_can_no_longer_be_accepted(
    client, coordinator, other_team, invite, volunteer
):
    client.force_login(coordinator)
    invite(other_team, volunteer.email)
    invitation = Invitation.objects.get()
    client.post(reverse("portal:invitation_revoke", args=[invitation.pk]))
    client.force_login(volunteer)

    assert answer(client, invitation, "accept").status_code == 404
    assert not other_team.memberships.exists()


def test_coordinator_invites_another_coordinator_for_the_district(
    client, coordinator, gia_lam, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:person_invite"), {"email": "dp2@example.vn", "role": "coordinator"}
        )
    client.logout()
    client.get(accept_link(mailoutbox[0]))
    client.post(
        reverse("account_signup"),
        {
            "email": "dp2@example.vn",
            "password1": "mat-khau-rat-dai-2024",
            "password2": "mat-khau-rat-dai-2024",
            "last_name": "Lê",
            "first_name": "Sơn",
        },
    )

    person = get_user_model().objects.get(email="dp2@example.vn")
    assert person.coordinated_area == gia_lam
    assert person.has_perm("portal.change_school")


def test_signed_in_person_following_someone_elses_link_is_told_to_sign_out(
    client, coordinator, volunteer, team, invite, mailoutbox
):
    client.force_login(coordinator)
    invite(team, "nguoi.khac@example.vn")
    client.force_login(volunteer)

    page = client.get(accept_link(mailoutbox[0])).content.decode()

    assert "Lời mời này dành cho <strong>nguoi.khac@example.vn</strong>" in page


def test_an_unverified_address_someone_added_does_not_block_the_invitee(
    client, coordinator, team, invite, mailoutbox
):
    """Anyone may type any address into their own account; until it is confirmed it proves
    nothing, so it neither stops the real owner from joining nor draws the offer to itself."""
    squatter = UserFactory()
    client.post(reverse("account_login"), {"login": squatter.email, "password": PASSWORD})
    client.post(reverse("account_email"), {"email": "that.ai@example.vn", "action_add": ""})
    assert EmailAddress.objects.filter(user=squatter, email="that.ai@example.vn").exists()

    client.force_login(coordinator)
    invite(team, "that.ai@example.vn")
    client.force_login(squatter)
    assert "Lời mời dành cho bạn" not in client.get(reverse("portal:dashboard")).content.decode()
    client.logout()
    client.get(accept_link(mailoutbox[-1]))
    response = client.post(
        reverse("account_signup"),
        {
            "email": "that.ai@example.vn",
            "password1": "mat-khau-rat-dai-2024",
            "password2": "mat-khau-rat-dai-2024",
            "last_name": "Thật",
            "first_name": "Ái",
        },
    )

    assert response["Location"] == "/portal/"
    invitee = get_user_model().objects.get(email="that.ai@example.vn")
    assert Membership.objects.get(person=invitee).team == team
    assert EmailAddress.objects.get(email="that.ai@example.vn").user == invitee
    assert EmailAddress.objects.get(email="that.ai@example.vn").verified
    assert not squatter.teams.exists()


def test_a_coordinator_of_two_cities_invites_a_coordinator_for_either(client, mailoutbox):
    """The invitation asks which of the inviter's areas the new coordinator will run (the
    appointed one by default); an area the inviter does not run is refused."""
    country()
    hue = second_city()
    ha_noi = Area.objects.get(kind=Area.Kind.CITY, name="Hà Nội")
    person = UserFactory(coordinated_area=ha_noi, groups=["Điều phối viên"])
    person.coordinated_areas.add(hue)
    with_second_factor(person, client)
    url = reverse("portal:person_invite")

    page = client.get(url).content.decode()
    client.post(url, {"email": "hue@example.vn", "role": "coordinator", "area": hue.pk})
    client.post(url, {"email": "hanoi@example.vn", "role": "coordinator"})
    refused = client.post(
        url, {"email": "xa@example.vn", "role": "coordinator", "area": commune("Bát Tràng").pk}
    )

    assert "Thành phố Huế" in page
    invited = dict(Invitation.objects.values_list("email", "area__name"))
    assert invited == {"hue@example.vn": "Huế", "hanoi@example.vn": "Hà Nội"}
    assert "Có lỗi cần sửa" in refused.content.decode()
