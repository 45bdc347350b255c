"""Places in the Wagtail admin × every role: a coordinator keeps the communes, clusters and
schools of their own area, and reaches nothing of another district's (neither in the list,
nor by address, nor by a form's choices). The rule is portal/access.py's, as in the portal.

Adding a URL to the places' viewsets without adding it here fails
`test_every_place_admin_url_is_in_the_matrix`.
"""

from dataclasses import dataclass

import pytest

from django.urls import reverse

from wagtail.admin.admin_url_finder import AdminURLFinder

from portal.models import Area, Cluster, School
from tests.factories import (
    MembershipFactory,
    SchoolFactory,
    SuperuserFactory,
    UserFactory,
    second_district,
)

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "long_bien_coordinator", "superuser", "volunteer", "editor"]
# Coordinators add, change and view places (the group's permissions); nobody deletes but a
# superuser: a place holds the history of teams, students and devices.
CHANGE = {"coordinator", "superuser"}
DELETE = {"superuser"}


@dataclass(frozen=True)
class Rule:
    method: str = "GET"
    allowed: frozenset = frozenset(CHANGE)
    viewset: str = "wagtailsnippets"  # or the picker's, "wagtailsnippetchoosers"


URLS = {
    "edit": Rule(),
    "edit-post": Rule("POST"),
    "delete": Rule(allowed=frozenset(DELETE)),
    "delete-post": Rule("POST", allowed=frozenset(DELETE)),
    "usage": Rule(),
    "history": Rule(),
    "history_results": Rule(),
    "copy": Rule(),
    "chosen": Rule(viewset="wagtailsnippetchoosers"),  # what a form's place picker returns
}
DENIED = {(403, None), (404, None), (302, "/admin/")}
# What an edit form sends back for each kind of place: only the name changes.
RENAMED = "Tên đã bị đổi"


def edit_data(place) -> dict:
    if isinstance(place, Area):
        return {"name": RENAMED, "kind": place.kind, "cluster": place.cluster_id or ""}
    if isinstance(place, Cluster):
        return {"name": RENAMED, "district": place.district_id}
    return {
        "name": RENAMED,
        "level": place.level,
        "commune": place.commune_id,
        "is_active": "on",
    }


@pytest.fixture
def long_bien(db):
    return second_district()


@pytest.fixture
def long_bien_coordinator(long_bien):
    return UserFactory(
        last_name="Hoàng", first_name="Nam", coordinated_area=long_bien, groups=["Điều phối viên"]
    )


@pytest.fixture
def superuser(db):
    return SuperuserFactory()


@pytest.fixture
def gia_lam_places(gia_lam):
    """One of each kind of place in Gia Lâm: the commune, its cluster, its school."""
    cluster = Cluster.objects.create(name="Cụm đoàn số 1", district=gia_lam)
    bat_trang = gia_lam.get_children().get(name="Bát Tràng")
    bat_trang.cluster = cluster
    bat_trang.save()
    school = SchoolFactory(name="Trường Tiểu học Bát Tràng", commune=bat_trang)
    return {"area": bat_trang, "cluster": cluster, "school": school}


@pytest.fixture
def long_bien_places(long_bien):
    cluster = Cluster.objects.create(name="Cụm Long Biên", district=long_bien)
    bo_de = long_bien.get_children().get()
    bo_de.cluster = cluster
    bo_de.save()
    school = SchoolFactory(name="Trường Tiểu học Bồ Đề", commune=bo_de)
    return {"area": bo_de, "cluster": cluster, "school": school}


def url_name(model: str, view: str, viewset: str = "wagtailsnippets") -> str:
    return f"{viewset}_portal_{model}:{view.removesuffix('-post')}"


@pytest.mark.parametrize("model", [Area, Cluster, School])
def test_every_place_admin_url_is_in_the_matrix(model):
    """Every URL of the place's viewset and of its picker that takes a place."""
    viewset = model.snippet_viewset
    patterns = viewset.get_urlpatterns() + viewset.chooser_viewset.get_urlpatterns()
    names = {pattern.name for pattern in patterns if "pk" in str(pattern.pattern)}
    assert names == {view.removesuffix("-post") for view in URLS}


def cases():
    for model in ["area", "cluster", "school"]:
        for view in URLS:
            for role in ["anonymous", *ROLES]:
                yield pytest.param(model, view, role, id=f"{model}-{view}-{role}")


@pytest.mark.parametrize(("model", "view", "role"), list(cases()))
def test_gia_lam_places_in_the_admin(client, request, gia_lam_places, model, view, role):
    """Each place URL of the admin, for each role, on a Gia Lâm place: the coordinator of
    Long Biên gets 403 or 404 and changes nothing, Gia Lâm's coordinator gets the page."""
    place = gia_lam_places[model]
    name_before = place.name
    rule = URLS[view]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    url = reverse(url_name(model, view, rule.viewset), args=[place.pk])
    if rule.method == "POST":
        response = client.post(url, edit_data(place) if view == "edit-post" else {})
    else:
        response = client.get(url)

    if role in rule.allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "login" not in response["Location"]
    elif role in ("anonymous", "volunteer"):  # no access to the admin: sent to sign in
        assert response.status_code == 302
        assert "login" in response["Location"]
    else:
        # Wagtail answers a refused permission by sending back to the dashboard.
        assert (response.status_code, response.get("Location")) in DENIED, response.status_code
        assert name_before not in response.content.decode()
    # A commune that still holds a school is kept (PROTECT) even when a superuser deletes.
    deleted = view == "delete-post" and role in rule.allowed and model != "area"
    assert type(place).objects.filter(pk=place.pk).exists() is not deleted
    if not deleted:
        place.refresh_from_db()
        renamed = view == "edit-post" and role in rule.allowed
        assert (place.name == RENAMED) is renamed


@pytest.mark.parametrize("model", ["area", "cluster", "school"])
@pytest.mark.parametrize("view", ["list", "list_results"])
def test_each_coordinator_lists_only_the_places_of_their_district(
    client, coordinator, long_bien_coordinator, gia_lam_places, long_bien_places, model, view
):
    seen = {}
    for who in (coordinator, long_bien_coordinator):
        client.force_login(who)
        response = client.get(reverse(url_name(model, view)))
        assert response.status_code == 200
        page = response.content.decode()
        seen[who] = {  # whose places' names the page shows, in rows, columns or filters
            district
            for district, places in (("Gia Lâm", gia_lam_places), ("Long Biên", long_bien_places))
            if any(place.name in page for place in places.values())
        }

    assert seen == {coordinator: {"Gia Lâm"}, long_bien_coordinator: {"Long Biên"}}


def test_a_coordinator_cannot_add_places_to_another_district_nor_a_province(
    client, long_bien_coordinator, gia_lam, gia_lam_places
):
    client.force_login(long_bien_coordinator)
    sent = [
        ("area", {"parent": gia_lam.pk, "name": "Xã mới", "kind": "commune", "cluster": ""}),
        ("area", {"parent": "", "name": "Tỉnh mới", "kind": "city", "cluster": ""}),
        ("cluster", {"name": "Cụm mới", "district": gia_lam.pk}),
        (
            "school",
            {"name": "Trường mới", "level": "primary", "commune": gia_lam_places["area"].pk},
        ),
    ]

    for model, data in sent:
        response = client.post(reverse(url_name(model, "add")), data)

        assert response.status_code == 200  # the form again, with the choice refused
    assert not Area.objects.filter(name__in=["Xã mới", "Tỉnh mới"]).exists()
    assert not Cluster.objects.filter(name="Cụm mới").exists()
    assert not School.objects.filter(name="Trường mới").exists()


@pytest.mark.parametrize("model", ["area", "cluster", "school"])
def test_the_place_pickers_offer_each_coordinator_their_own_district(
    client, coordinator, long_bien_coordinator, gia_lam_places, long_bien_places, model
):
    """A school's commune, a commune's cluster, a cluster's district are chosen in a picker:
    it lists the places of one's own district, and one searched for by name elsewhere is
    not found."""
    for who, ours, theirs in (
        (coordinator, gia_lam_places, long_bien_places),
        (long_bien_coordinator, long_bien_places, gia_lam_places),
    ):
        client.force_login(who)
        url = reverse(url_name(model, "choose_results", "wagtailsnippetchoosers"))
        listed = client.get(url).content.decode()
        searched = client.get(url, {"q": theirs[model].name}).content.decode()

        assert ours[model].name in listed
        assert theirs[model].name not in listed + searched


def test_a_coordinator_cannot_move_a_school_or_a_commune_out_of_their_district(
    client, coordinator, gia_lam_places, long_bien_places
):
    school, bat_trang = gia_lam_places["school"], gia_lam_places["area"]
    client.force_login(coordinator)

    moved = client.post(
        reverse(url_name("school", "edit"), args=[school.pk]),
        {**edit_data(school), "commune": long_bien_places["area"].pk},
    )
    regrouped = client.post(
        reverse(url_name("area", "edit"), args=[bat_trang.pk]),
        {**edit_data(bat_trang), "cluster": long_bien_places["cluster"].pk},
    )

    assert (moved.status_code, regrouped.status_code) == (200, 200)
    school.refresh_from_db()
    bat_trang.refresh_from_db()
    assert school.commune == bat_trang
    assert bat_trang.cluster == gia_lam_places["cluster"]


def test_a_coordinator_who_is_also_a_team_member_elsewhere_gains_no_places_there(
    client, long_bien_coordinator, gia_lam_places
):
    MembershipFactory(person=long_bien_coordinator)  # a member of a Bát Tràng team
    client.force_login(long_bien_coordinator)

    response = client.get(reverse(url_name("school", "edit"), args=[gia_lam_places["school"].pk]))

    assert response.status_code in (403, 404)


def test_the_admin_links_a_place_to_its_own_districts_coordinator_only(
    coordinator, long_bien_coordinator, gia_lam_places
):
    """Wagtail's own edit links (history, search, choosers) ask the same permission policy."""
    for place in gia_lam_places.values():
        assert AdminURLFinder(coordinator).get_edit_url(place)
        assert AdminURLFinder(long_bien_coordinator).get_edit_url(place) is None
