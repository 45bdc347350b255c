import pytest

from django.urls import reverse

from portal.models import Area, Cluster, School
from portal.selectors import areas_map
from portal.selectors.places import youth_team_coverage
from tests.factories import MembershipFactory, TeamFactory
from tests.factories.teams import commune

pytestmark = pytest.mark.django_db

GIA_LAM_2021 = {
    ("town", "Trâu Quỳ"),
    ("town", "Yên Viên"),
    ("commune", "Bát Tràng"),
    ("commune", "Cổ Bi"),
    ("commune", "Dương Hà"),
    ("commune", "Dương Quang"),
    ("commune", "Dương Xá"),
    ("commune", "Đa Tốn"),
    ("commune", "Đặng Xá"),
    ("commune", "Đình Xuyên"),
    ("commune", "Đông Dư"),
    ("commune", "Kiêu Kỵ"),
    ("commune", "Kim Lan"),
    ("commune", "Kim Sơn"),
    ("commune", "Lệ Chi"),
    ("commune", "Ninh Hiệp"),
    ("commune", "Phù Đổng"),
    ("commune", "Phú Thị"),
    ("commune", "Trung Mầu"),
    ("commune", "Văn Đức"),
    ("commune", "Yên Thường"),
    ("commune", "Yên Viên"),
}


def test_migration_seeds_gia_lam_with_its_22_communes_and_towns(gia_lam):
    communes = gia_lam.get_children()

    assert {(area.kind, area.name) for area in communes} == GIA_LAM_2021
    assert gia_lam.get_parent().name == "Hà Nội"
    assert Area.find_problems() == ([], [], [], [], [])


def test_another_district_joins_without_a_schema_change(gia_lam):
    long_bien = gia_lam.get_parent().add_child(name="Long Biên", kind=Area.Kind.DISTRICT)
    ward = long_bien.add_child(name="Bồ Đề", kind=Area.Kind.WARD)
    MembershipFactory(team=TeamFactory(commune=ward, name="Tổ Thanh niên IT phường Bồ Đề"))

    assert youth_team_coverage(long_bien).covered_count == 1
    assert youth_team_coverage(long_bien).total == 1
    assert youth_team_coverage(gia_lam).covered_count == 0
    ha_noi = gia_lam.get_parent()
    # The 2021 map: Gia Lâm's 22 and Bồ Đề; today's: Hà Nội's 126 communes and wards and Bồ Đề.
    assert youth_team_coverage(ha_noi, areas_map.MAP_2021).total == 23
    assert youth_team_coverage(ha_noi).total == 127


def test_coordinator_adds_a_commune_under_its_district_in_the_admin(client, coordinator, gia_lam):
    client.force_login(coordinator)

    response = client.post(
        reverse("wagtailsnippets_portal_area:add"),
        {"parent": gia_lam.pk, "name": "Thị trấn mới", "kind": "town", "cluster": ""},
    )

    assert response.status_code == 302
    new = Area.objects.get(name="Thị trấn mới")
    assert new.get_parent() == gia_lam
    assert new.level == Area.Level.COMMUNE
    assert len(youth_team_coverage(gia_lam, areas_map.MAP_2021).communes) == 23


def test_coordinator_groups_communes_into_a_cluster(client, coordinator, gia_lam):
    client.force_login(coordinator)
    client.post(
        reverse("wagtailsnippets_portal_cluster:add"), {"name": "Cụm 1", "district": gia_lam.pk}
    )
    bat_trang = gia_lam.get_children().get(name="Bát Tràng")

    client.post(
        reverse("wagtailsnippets_portal_area:edit", args=[bat_trang.pk]),
        {"name": "Bát Tràng", "kind": "commune", "cluster": Cluster.objects.get().pk},
    )

    bat_trang.refresh_from_db()
    assert bat_trang.cluster.name == "Cụm 1"
    assert bat_trang.get_parent() == gia_lam


def test_volunteers_cannot_edit_places(client, volunteer):
    """Without access to the Wagtail admin, a volunteer is told so (a 403 page that leads to
    the portal, not a sign-in loop), and what they send is not saved."""
    client.force_login(volunteer)
    add = reverse("wagtailsnippets_portal_school:add")
    schools = School.objects.count()

    shown = client.get(add, follow=True)
    sent = client.post(
        add, {"name": "Trường THCS Không Được", "commune": commune("Bát Tràng").pk}, follow=True
    )

    for response in (shown, sent):
        assert response.status_code == 403
        assert reverse("portal:dashboard") in response.content.decode()
    assert School.objects.count() == schools
