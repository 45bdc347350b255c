"""Powers end where they should: outside one's area, above one's role, after one's access
is withdrawn."""

import io
import struct
import zlib
from datetime import timedelta

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal import access
from portal.models import Area, Invitation, Membership, Team
from portal.services.invitations import invitation_accept, invitation_send
from portal.services.people import person_deactivate
from portal.services.teams import membership_set_role
from tests.factories import MembershipFactory, UserFactory
from tests.factories.devices import received
from tests.factories.signing_in import with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(gia_lam):
    """A team in another district."""
    long_bien = gia_lam.get_parent().add_child(name="Long Biên", kind=Area.Kind.DISTRICT)
    ward = long_bien.add_child(name="Bồ Đề", kind=Area.Kind.WARD)
    return Team.objects.create(name="Tổ Thanh niên IT phường Bồ Đề", kind="youth_it", commune=ward)


def test_a_coordinator_who_is_a_plain_member_elsewhere_has_no_power_there(coordinator, elsewhere):
    MembershipFactory(team=elsewhere, person=coordinator)
    their_leader = MembershipFactory(team=elsewhere, role="leader").person

    assert access.teams_visible_to(coordinator).filter(pk=elsewhere.pk).exists()
    assert not access.can_manage_team(coordinator, elsewhere)
    assert not access.can_change_team_status(coordinator, elsewhere)
    assert not access.can_manage_person(coordinator, their_leader)
    assert access.invitable_roles(coordinator, elsewhere) == []


def test_inviting_an_existing_coordinator_never_moves_them(coordinator, gia_lam):
    city_coordinator = UserFactory(coordinated_area=gia_lam.get_parent())

    with pytest.raises(ValidationError, match="đã là điều phối viên"):
        invitation_send(actor=coordinator, email=city_coordinator.email, role="coordinator")
    city_coordinator.refresh_from_db()
    assert city_coordinator.coordinated_area == gia_lam.get_parent()


def test_an_invitation_never_lowers_a_leader(leader, team):
    co_leader = MembershipFactory(team=team, role="leader").person

    invitation_send(actor=leader, email=co_leader.email, role="member", team=team)
    invitation_accept(invitation=Invitation.objects.get(), person=co_leader)

    assert co_leader.memberships.get().role == Membership.Role.LEADER


def test_an_offer_accepted_late_never_moves_a_coordinator(coordinator, gia_lam, volunteer):
    invitation_send(actor=coordinator, email=volunteer.email, role="coordinator")
    # Meanwhile the technical administrator makes them the city's coordinator.
    call_command("create_coordinator", volunteer.email, area="Hà Nội", stdout=io.StringIO())

    with pytest.raises(ValidationError, match="đã là điều phối viên"):
        invitation_accept(invitation=Invitation.objects.get(), person=volunteer)

    volunteer.refresh_from_db()
    assert volunteer.coordinated_area == gia_lam.get_parent()


def test_an_offer_dies_with_its_senders_power(client, coordinator, leader, team):
    outsider = UserFactory()
    invitation_send(actor=leader, email=outsider.email, role="member", team=team)
    person_deactivate(actor=coordinator, person=leader)
    client.force_login(outsider)

    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    answer = client.post(
        reverse("portal:invitation_answer", args=[Invitation.objects.get().pk]),
        {"answer": "accept"},
    )

    assert "Lời mời dành cho bạn" not in dashboard
    assert answer.status_code == 404
    assert not team.memberships.filter(person=outsider).exists()


def test_a_leader_cannot_demote_a_co_leader(client, leader, team):
    co_leader = MembershipFactory(team=team, role="leader")
    client.force_login(leader)

    response = client.post(
        reverse("portal:membership_role", args=[co_leader.pk]), {"role": "member"}
    )

    assert response.status_code == 403
    co_leader.refresh_from_db()
    assert co_leader.role == Membership.Role.LEADER
    with pytest.raises(PermissionDenied):
        membership_set_role(actor=leader, membership=co_leader, role="member")


def test_invitations_of_a_locked_sender_stop_working(
    client, coordinator, leader, team, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(actor=leader, email="moi@example.vn", role="member", team=team)
    link = mailoutbox[0].body.split("http://testserver", 1)[1].split()[0]

    person_deactivate(actor=coordinator, person=leader)

    assert client.get(link).status_code == 410
    assert Invitation.objects.get().revoked_at is not None


def test_a_leader_removed_from_the_team_cannot_have_their_invitation_accepted(
    client, coordinator, leader, team, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(actor=leader, email="moi@example.vn", role="member", team=team)
    link = mailoutbox[0].body.split("http://testserver", 1)[1].split()[0]
    leader.memberships.get().delete()

    assert client.get(link).status_code == 410


def test_an_expired_invitation_is_renewed_not_blocked(
    leader, team, mailoutbox, django_capture_on_commit_callbacks
):
    invitation_send(actor=leader, email="tre@example.vn", role="member", team=team)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        outcome = invitation_send(actor=leader, email="tre@example.vn", role="member", team=team)

    assert outcome.kind == "resent"
    assert len(mailoutbox) == 1
    assert Invitation.objects.get().is_pending


def _bomb_png(width=60000, height=60000) -> bytes:
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def test_an_image_claiming_huge_dimensions_is_refused_not_crashed(client, volunteer, team):
    device = received(volunteer, team)
    client.force_login(volunteer)

    response = client.post(
        reverse("portal:device_photos", args=[device.pk]),
        {"photos": [SimpleUploadedFile("bom.png", _bomb_png(), content_type="image/png")]},
        follow=True,
    )

    assert response.status_code == 200
    assert "quá nhiều điểm ảnh" in response.content.decode()
    assert not device.photos.exists()


def test_members_see_no_one_elses_contact_details(client, volunteer, leader, team):
    leader.phone = "0912 345 678"
    leader.save()
    client.force_login(volunteer)

    page = client.get(reverse("portal:team_detail", args=[team.pk])).content.decode()

    assert str(leader) in page
    assert "0912 345 678" not in page
    assert leader.email not in page
    client.force_login(leader)
    assert (
        "0912 345 678" in client.get(reverse("portal:team_detail", args=[team.pk])).content.decode()
    )


def test_a_coordinator_sees_donors_details_only_with_two_factor(
    client, coordinator, volunteer, team
):
    device = received(volunteer, team, serial="IMEI-3579", donor_phone="0988 777 666")
    client.force_login(coordinator)

    page = client.get(reverse("portal:device_detail", args=[device.pk])).content.decode()
    assert "IMEI-3579" not in page
    assert "0988 777 666" not in page
    assert "Xác thực hai lớp để xem" in page

    with_second_factor(coordinator, client)
    page = client.get(reverse("portal:device_detail", args=[device.pk])).content.decode()
    assert "IMEI-3579" in page
    assert "0988 777 666" in page


def test_coordinators_see_only_their_own_areas_program_wide_invitations(
    coordinator, elsewhere, gia_lam
):
    long_bien = elsewhere.commune.get_parent()
    their_coordinator = UserFactory(coordinated_area=long_bien)
    invitation_send(actor=their_coordinator, email="bt@example.vn", role="editor")
    invitation_send(actor=coordinator, email="gl@example.vn", role="editor")

    visible = set(access.invitations_visible_to(coordinator).values_list("email", flat=True))

    assert visible == {"gl@example.vn"}
