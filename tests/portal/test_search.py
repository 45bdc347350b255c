"""Every portal list's search box folds Vietnamese: a volunteer typing on a phone without
accents ("nguyen thi lan", "DONG TAM") finds what the accented words find, codes and phone
numbers are found however they are spaced, the record written exactly as typed comes first,
and a search never reaches past what the user may see."""

from datetime import date

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Device, Student
from portal.search import ranked, search
from tests.factories import MembershipFactory, TeamFactory, commune
from tests.factories.desk import offered, requested
from tests.factories.devices import received
from tests.factories.signing_in import authenticator_for, with_second_factor
from tests.factories.students import proposed

pytestmark = pytest.mark.django_db
CODES = ("asset_code", "serial")


def page(client, name: str, query: str, **params) -> str:
    response = client.get(reverse(name), {"q": query, **params})
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def order(html: str, *names: str) -> list[str]:
    """The names, in the order the page shows them (those it does not show left out)."""
    return sorted((n for n in names if n in html), key=html.index)


@pytest.mark.parametrize("query", ["Đồng Tâm", "dong tam", "DONG TAM", "ĐỒNG TÂM", "đong tâm"])
def test_a_device_is_found_by_its_model_typed_with_or_without_accents(
    client, volunteer, team, query
):
    received(volunteer, team, model_name="Máy Đồng Tâm 2019")
    received(volunteer, team, model_name="ThinkPad T480")
    client.force_login(volunteer)

    html = page(client, "portal:device_list", query, queue="all")

    assert "Máy Đồng Tâm 2019" in html
    assert "ThinkPad T480" not in html


@pytest.mark.parametrize("shape", ["{}", "{lower}", "{a} {b}", "{a}-{b}", "{a}.{b}", " {a} - {b} "])
def test_a_device_is_found_by_its_asset_code_however_it_is_spaced(client, volunteer, team, shape):
    device = received(volunteer, team, model_name="Máy cần tìm")
    received(volunteer, team, model_name="Máy khác")
    code = device.asset_code
    typed = shape.format(code, lower=code.lower(), a=code[:2], b=code[2:])
    client.force_login(volunteer)

    html = page(client, "portal:device_list", typed, queue="all")

    assert "Máy cần tìm" in html
    assert "Máy khác" not in html


def test_a_whole_label_shows_its_device_read_by_the_labels_own_index(client, volunteer, team):
    """A label shares its trigrams with thousands of others: found by them, a whole label
    read all of those (5 ms at a million devices, growing with the list). Typed whole, it is
    looked up by its unique index; a part of it is still searched for."""
    device = received(volunteer, team, model_name="Máy cần tìm")
    received(volunteer, team, model_name="Máy khác")
    client.force_login(volunteer)

    with CaptureQueriesContext(connection) as queries:
        html = page(client, "portal:device_list", f" {device.asset_code.lower()} ", queue="all")

    assert "Máy cần tìm" in html
    assert "Máy khác" not in html
    devices_read = [q["sql"] for q in queries.captured_queries if '"portal_device"' in q["sql"]]
    assert devices_read
    assert not [sql for sql in devices_read if " LIKE " in sql.upper()]
    assert "Máy cần tìm" in page(client, "portal:device_list", device.asset_code[-3:], queue="all")


def test_a_student_is_found_by_a_name_typed_without_accents(client, teacher, school):
    proposed(teacher, school, full_name="Nguyễn Thị Lan")
    proposed(teacher, school, full_name="Trần Văn Đức")
    client.force_login(teacher)

    assert "Nguyễn Thị Lan" in page(client, "portal:student_list", "nguyen thi lan")
    found = page(client, "portal:student_list", "tran van duc")
    assert "Trần Văn Đức" in found
    assert "Nguyễn Thị Lan" not in found
    # Words in another order or with one left out still find the name.
    assert "Trần Văn Đức" in page(client, "portal:student_list", "duc tran")


@pytest.mark.parametrize("query", ["An", "an", "Ân", "văn an"])
def test_a_two_letter_name_finds_that_name_not_every_name_holding_its_letters(
    client, teacher, school, query
):
    # A short given name is a whole word: "an" is not looked for inside "Lan" or "Thanh"
    # (nor, so, read in every row of a 100.000-student list: issue 19).
    proposed(teacher, school, full_name="Nguyễn Văn An")
    proposed(teacher, school, full_name="Trần Thị Lan")
    proposed(teacher, school, full_name="An Thị Thanh")
    client.force_login(teacher)

    found = page(client, "portal:student_list", query)

    assert "Nguyễn Văn An" in found
    assert "Trần Thị Lan" not in found
    assert ("An Thị Thanh" in found) is (query != "văn an")


def test_the_name_written_exactly_as_typed_comes_first(client, teacher, school):
    # Proposed first, so the list's own order would show the unaccented one first.
    proposed(teacher, school, full_name="Nguyen Thi Lan")
    proposed(teacher, school, full_name="Nguyễn Thị Lan", birth_date=date(2013, 5, 1))
    client.force_login(teacher)

    accented = page(client, "portal:student_list", "Nguyễn Thị Lan")
    plain = page(client, "portal:student_list", "nguyen thi lan")

    assert order(accented, "Nguyễn Thị Lan", "Nguyen Thi Lan") == [
        "Nguyễn Thị Lan",
        "Nguyen Thi Lan",
    ]
    assert order(plain, "Nguyễn Thị Lan", "Nguyen Thi Lan") == ["Nguyen Thi Lan", "Nguyễn Thị Lan"]


def test_a_password_only_coordinator_finds_no_student_by_name(client, coordinator, teacher, school):
    proposed(teacher, school, full_name="Nguyễn Thị Lan")
    authenticator_for(coordinator)
    client.force_login(coordinator)

    response = client.get(reverse("portal:student_list"), {"q": "nguyen thi lan"})

    assert "Nguyễn Thị Lan" not in response.content.decode()
    with_second_factor(coordinator, client)
    assert "Nguyễn Thị Lan" in page(client, "portal:student_list", "nguyen thi lan")


def test_a_volunteer_finds_no_device_of_another_team(
    client, volunteer, other_volunteer, other_team
):
    received(other_volunteer, other_team, model_name="Máy Cổ Bi 2020")
    client.force_login(volunteer)

    assert "Máy Cổ Bi 2020" not in page(client, "portal:device_list", "may co bi", queue="all")
    assert "Máy Cổ Bi 2020" not in page(client, "portal:device_list", "Máy Cổ Bi", queue="all")


def test_an_offer_is_found_by_the_donors_name_and_a_landline_typed_the_national_way(
    client, coordinator, team
):
    offer = offered(commune("Bát Tràng"), donor_name="Công ty Điện Quang", phone="+842439998888")
    other = offered(commune("Bát Tràng"), donor_name="Bà Lê Thị Hoa", phone="+84912345678")
    with_second_factor(coordinator, client)

    for query in ["dien quang", "ĐIỆN QUANG", "0243 999 8888", "024-3999-8888", "02439998888"]:
        html = page(client, "portal:offer_list", query, tab="all")
        assert offer.reference in html, query
        assert other.reference not in html, query


def test_a_support_request_is_found_by_the_requesters_name_and_the_device_code(
    client, coordinator, team
):
    wanted = requested(commune("Bát Tràng"), name="Đặng Thị Hương", asset_code="LT00042")
    other = requested(commune("Bát Tràng"), name="Lý Văn Minh", phone="0978000002")
    with_second_factor(coordinator, client)

    for query in ["dang thi huong", "DANG THI HUONG", "lt 000-42", wanted.reference.lower()]:
        html = page(client, "portal:support_list", query, queue="all")
        assert wanted.reference in html, query
        assert other.reference not in html, query


def test_a_team_is_found_by_its_name_or_its_commune_without_accents(client, coordinator, team):
    TeamFactory(name="Tổ Thanh niên IT xã Đa Tốn", commune=commune("Đa Tốn"))
    client.force_login(coordinator)

    found = page(client, "portal:team_list", "da ton")
    by_commune = page(client, "portal:team_list", "BAT TRANG")

    assert "Tổ Thanh niên IT xã Đa Tốn" in found
    assert "Tổ Thanh niên IT xã Bát Tràng" not in found
    assert "Tổ Thanh niên IT xã Bát Tràng" in by_commune


def test_a_person_is_found_by_a_name_without_accents(client, coordinator, team):
    MembershipFactory(team=team, person__last_name="Đỗ Thị", person__first_name="Mai")
    MembershipFactory(team=team, person__last_name="Phan Văn", person__first_name="Khải")
    client.force_login(coordinator)

    html = page(client, "portal:person_list", "do thi mai")

    assert "Đỗ Thị Mai" in html
    assert "Phan Văn Khải" not in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="close matches: PostgreSQL")
def test_a_name_found_as_typed_is_not_padded_with_every_close_name(client, teacher, school):
    """Close matches are for misspellings: when the name is found, the list is what holds
    it. (Among thousands of "Nguyễn Văn …" every full name is close to thousands of others,
    and matching them all made the search read the whole list.)"""
    proposed(teacher, school, full_name="Trần Văn Đức")
    proposed(teacher, school, full_name="Trần Văn Được")
    client.force_login(teacher)

    found = page(client, "portal:student_list", "tran van duc")
    misspelt = page(client, "portal:student_list", "tran van dc")

    assert "Trần Văn Đức" in found
    assert "Trần Văn Được" not in found
    assert "Trần Văn Đức" in misspelt


@pytest.mark.skipif(connection.vendor != "postgresql", reason="close matches: PostgreSQL")
def test_a_code_is_looked_up_as_typed_in_one_reading_of_the_devices(volunteer, team):
    """Numbers are not misspelt: a code is not first asked whether anything holds it (a
    second scan of the codes' index, 6 ms at a million devices) to decide whether to look
    for close names instead."""
    device = received(volunteer, team, model_name="ThinkPad T480")
    searched = Device.objects.all()

    with CaptureQueriesContext(connection) as queries:
        found = list(search(searched, device.asset_code, ("brand", "model_name"), codes=CODES))
        near = list(search(searched, "T490", ("brand", "model_name"), codes=CODES))

    assert found == [device]
    assert near == []
    assert len(queries) == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
@pytest.mark.parametrize(
    ("query", "indexes"),
    [
        ("dong tam", ["asset_code", "serial", "brand", "model_name"]),
        # Found by nothing as typed: only the close matches filter, on the names.
        ("lt 0004-2", ["brand", "model_name"]),
        ("thinkpd", ["brand", "model_name"]),
    ],
)
def test_a_device_search_is_answered_from_the_trigram_indexes(volunteer, team, query, indexes):
    """So it stays fast at a million devices: every condition that filters has its index
    (one condition without would make PostgreSQL read the whole table)."""
    received(volunteer, team, model_name="Máy Đồng Tâm")
    found = search(
        Device.objects.all(), query, ("brand", "model_name"), codes=("asset_code", "serial")
    )
    sql, params = found.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        # As with a million rows: reading the table, or walking another index, costs more.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Seq Scan" not in plan
    for index in indexes:
        assert f"portal_device_{index}_search" in plan


def test_a_query_of_several_words_filters_by_its_words_and_ranks_by_the_whole(volunteer, team):
    """Whatever holds "dong tam" holds "dong" and "tam": the whole query only ranks, and
    the filter reads one trigram index fewer for each field."""
    received(volunteer, team, model_name="Máy Đồng Tâm")
    found = search(Device.objects.all(), "dong tam", ("brand", "model_name"))
    sql, params = found.query.sql_with_params()
    selected, where = sql.split(" WHERE ", 1)
    filtered_by = params[selected.count("%s") :]

    assert "%dong tam%" not in filtered_by
    assert "%dong%" in filtered_by
    assert list(ranked(found).values_list("search_rank", flat=True)) == [1]


def test_a_short_word_at_either_end_still_finds_the_query_inside_a_longer_word(teacher, school):
    """ "an nguyen" is in "Lan Nguyễn" though "an" is no word of it: the whole query still
    filters when a short word is at either end."""
    lan = proposed(teacher, school, full_name="Lan Nguyễn")

    assert list(search(Student.objects.all(), "an nguyen", ("full_name",))) == [lan]
