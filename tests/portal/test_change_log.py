"""The coordinator's change log ("Nhật ký thay đổi"): every event they may see — changes to
people and teams, lists exported, student records read — and nothing of another district."""

import pytest

from django.urls import reverse

from portal.models import Membership, StudentAccess
from tests.factories.devices import received
from tests.factories.students import approved
from tests.factories.teams import MembershipFactory, TeamFactory, second_district

pytestmark = pytest.mark.django_db


def change_log(client, action=""):
    return client.get(reverse("portal:audit_log"), {"action": action}).content.decode()


def test_the_coordinators_own_export_is_in_the_log(client, coordinator_2fa, volunteer, team):
    received(volunteer, team)
    client.get(reverse("portal:export_list", args=["devices", "csv"]))

    page = change_log(client, "list_exported")

    assert "Xuất danh sách" in page.split("</select>")[1]
    assert str(coordinator_2fa) in page
    assert "rows: 1" in page


def test_a_volunteers_export_is_seen_but_not_another_districts(
    client, coordinator_2fa, volunteer, team
):
    long_bien = second_district()
    stranger = MembershipFactory(
        team=TeamFactory(commune=long_bien.get_children().get()), role=Membership.Role.LEADER
    ).person
    for person in (volunteer, stranger):
        client.force_login(person)
        client.get(reverse("portal:export_list", args=["devices", "xlsx"]))
    client.force_login(coordinator_2fa)

    page = change_log(client, "list_exported")

    assert str(volunteer) in page
    assert str(stranger) not in page


def test_reads_of_student_records_are_in_the_log_without_the_childs_name(
    client, coordinator_2fa, leader, teacher, school
):
    student = approved(teacher, leader, school, full_name="Lò Thị Hiền")
    client.get(reverse("portal:student_detail", args=[student.pk]))
    assert StudentAccess.objects.filter(action="viewed", actor=coordinator_2fa).exists()

    everything = change_log(client)
    reads = change_log(client, "student:viewed")

    for page in (everything, reads):
        assert "Xem hồ sơ" in page.split("</select>")[1]
        assert school.name in page
        assert "Lò Thị Hiền" not in page
    assert "Xuất danh sách" not in reads.split("</select>")[1]


def test_the_demo_fills_a_month_of_the_log(client):
    """The demo coordinator finds four weeks of work: changes, exports, records read."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from portal.models import AuditEvent, User
    from portal.selectors.audit import change_log

    call_command("load_initial_data", verbosity=0)
    coordinator = User.objects.get(email="dieuphoi@demo.maytinhcu.vn")
    log = list(change_log(coordinator))
    days = {timezone.localtime(when).date() for _kind, _pk, when in log}
    exports = AuditEvent.objects.filter(action="list_exported")
    exported = exports.count()
    client.force_login(coordinator)

    assert {kind for kind, _pk, _when in log} == {"audit", "read"}
    assert len(days) >= 20
    assert max(days) < timezone.localdate()
    assert min(days) >= timezone.localdate() - timedelta(days=31)
    assert exported >= 12
    assert exports.values("actor").distinct().count() == 2
    assert "Xuất danh sách" in change_log_page(client, "list_exported")
    assert "Xuất dữ liệu" in change_log_page(client, "student:exported")
    call_command("load_initial_data", verbosity=0)  # run again: no second month
    assert exports.count() == exported


def change_log_page(client, action):
    return change_log(client, action).split("</select>")[1]
