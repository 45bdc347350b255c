import pytest

from django.urls import reverse

from portal.models import AuditEvent, Membership, Team
from portal.services.audit import audit_record
from tests.factories import (
    MembershipFactory,
    SchoolFactory,
    TeamFactory,
    UserFactory,
    commune,
    second_district,
)

pytestmark = pytest.mark.django_db


def test_coordinator_creates_a_youth_team_for_a_commune(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("portal:team_create"),
        {
            "name": "Tổ Thanh niên IT xã Kim Lan",
            "kind": "youth_it",
            "commune": commune("Kim Lan").pk,
            "is_active": "on",
        },
    )

    team = Team.objects.get(name="Tổ Thanh niên IT xã Kim Lan")
    assert response["Location"] == reverse("portal:team_detail", args=[team.pk])
    assert AuditEvent.objects.get(action="team_created").actor == coordinator


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "youth_it"}, "Tổ “Thanh niên IT” thuộc về một xã hoặc thị trấn."),
        ({"kind": "teacher_it"}, "Tổ “Giáo viên IT” thuộc về một trường."),
        ({"kind": "it_support"}, "Đội “Hỗ trợ IT” thuộc về một cụm đoàn hoặc một trường."),
        (
            {"kind": "youth_it", "commune": "COMMUNE", "name": "Trùng tên"},
            "Đã có tổ / đội mang tên này.",
        ),
    ],
)
def test_a_team_without_a_proper_home_is_refused_in_vietnamese(
    client, coordinator, fields, message
):
    TeamFactory(name="Trùng tên")
    client.force_login(coordinator)
    data = {"name": "Tổ mới", "is_active": "on", **fields}
    if data.get("commune") == "COMMUNE":
        data["commune"] = commune("Kim Lan").pk

    response = client.post(reverse("portal:team_create"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert f'value="{data["name"]}"' in response.content.decode()  # what was typed is kept
    assert Team.objects.count() == 1


def test_teacher_team_takes_its_schools_commune(client, coordinator):
    school = SchoolFactory(commune=commune("Đa Tốn"))
    client.force_login(coordinator)

    client.post(
        reverse("portal:team_create"),
        {"name": "Tổ GV IT", "kind": "teacher_it", "school": school.pk, "is_active": "on"},
    )

    assert Team.objects.get(name="Tổ GV IT").commune == commune("Đa Tốn")


def test_leader_edits_contact_details_but_cannot_close_the_team(client, leader, team):
    client.force_login(leader)

    client.post(
        reverse("portal:team_edit", args=[team.pk]),
        {
            "name": team.name,
            "public_phone": "0912 345 678",
            "meeting_place": "Nhà văn hóa thôn 1",
            "is_active": "",
        },
    )

    team.refresh_from_db()
    assert team.public_phone == "+84912345678"
    assert team.is_active
    assert AuditEvent.objects.get(action="team_updated").details == {
        "fields": ["meeting_place", "public_phone"]
    }


def test_closing_a_team_opens_a_gap_in_coverage(client, coordinator, team, leader):
    # The dashboard counts by today's communes: the 2021 commune Bát Tràng was split, and
    # the team's meeting place says which part of it the team is in.
    team.meeting_place = "Nhà văn hóa thôn Giang Cao, xã Bát Tràng"
    team.save()
    client.force_login(coordinator)
    assert "Xã Bát Tràng" not in _uncovered(client)

    client.post(
        reverse("portal:team_edit", args=[team.pk]),
        {"name": team.name, "kind": "youth_it", "commune": team.commune.pk},
    )

    assert "Xã Bát Tràng" in _uncovered(client)


def _uncovered(client) -> str:
    page = client.get(reverse("portal:dashboard")).content.decode()
    return page.split("chưa có tổ:", 1)[1].split("</p>", 1)[0]


def test_member_leaves_and_the_history_says_so(client, volunteer, team):
    client.force_login(volunteer)

    client.post(reverse("portal:membership_remove", args=[volunteer.memberships.get().pk]))

    assert not team.memberships.filter(person=volunteer).exists()
    event = AuditEvent.objects.get(action="member_removed")
    assert (event.actor, event.person, event.team) == (volunteer, volunteer, team)


def test_coordinator_makes_a_member_leader(client, coordinator, volunteer, team):
    client.force_login(coordinator)

    client.post(
        reverse("portal:membership_role", args=[volunteer.memberships.get().pk]), {"role": "leader"}
    )

    assert volunteer.memberships.get().role == Membership.Role.LEADER
    assert AuditEvent.objects.get(action="member_role_changed").details == {
        "before": "member",
        "after": "leader",
    }


def test_only_the_member_decides_to_show_their_contact(client, volunteer, leader, team):
    membership = volunteer.memberships.get()
    client.force_login(leader)
    client.post(
        reverse("portal:my_profile"), {"membership": membership.pk, "contact_is_public": "on"}
    )
    membership.refresh_from_db()
    assert not membership.contact_is_public  # the leader's own memberships only

    client.force_login(volunteer)
    client.post(
        reverse("portal:my_profile"), {"membership": membership.pk, "contact_is_public": "on"}
    )

    membership.refresh_from_db()
    assert membership.contact_is_public
    assert AuditEvent.objects.get(action="contact_consent_changed").person == volunteer


def test_team_list_costs_the_same_queries_for_3_or_60_teams(
    client, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    for _ in range(3):
        MembershipFactory(team=TeamFactory(), role="leader")
    # About a dozen for every portal page (session, user, site settings, the footer's links,
    # the phone's bottom bar asking what the person may do); the list must not grow.
    with django_assert_max_num_queries(24) as few:
        client.get(reverse("portal:team_list"))
    for _ in range(57):
        MembershipFactory(team=TeamFactory())

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("portal:team_list")).content.decode()
    assert "chưa có tổ trưởng" in page


def test_team_list_finds_a_team_by_its_commune(client, coordinator, team, other_team):
    client.force_login(coordinator)

    page = client.get(reverse("portal:team_list"), {"q": "cổ bi"}).content.decode()

    assert other_team.name in page
    assert team.name not in page


def test_the_change_log_shows_each_coordinator_their_own_district(client, coordinator):
    long_bien = second_district()
    theirs_coordinator = UserFactory(coordinated_area=long_bien, groups=["Điều phối viên"])
    ours = TeamFactory(name="Tổ Thanh niên IT xã Kim Lan", commune=commune("Kim Lan"))
    theirs = TeamFactory(name="Tổ Thanh niên IT phường Bồ Đề", commune=long_bien.get_children()[0])
    for team, actor in ((ours, coordinator), (theirs, theirs_coordinator)):
        audit_record(action=AuditEvent.Action.TEAM_UPDATED, actor=actor, team=team)

    for reader, shown, hidden in ((coordinator, ours, theirs), (theirs_coordinator, theirs, ours)):
        client.force_login(reader)
        page = client.get(reverse("portal:audit_log")).content.decode()
        assert shown.name in page
        assert hidden.name not in page
