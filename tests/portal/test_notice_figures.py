"""What the delivery log tells coordinators: the notices that failed in their areas (and
nobody else's), and on the promise page how fast each channel reached a request's sender."""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from portal import access
from portal.models import Delivery
from portal.phones import phone_masked
from portal.selectors.notices import first_notice_by_channel
from portal.services.support import support_respond
from portal.templatetags.notices import waited
from tests.factories import UserFactory
from tests.factories.desk import requested
from tests.factories.teams import commune, second_district

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)


def logged(area, *, status=Delivery.Status.FAILED, channel="sms", number=0, **fields):
    now = fields.pop("created_at", timezone.now())
    defaults = {
        "kind": "support_received",
        "event": f"support:{number}:received:{area.pk}:{channel}",
        "channel": channel,
        "recipient": "+84912345678",
        "address": "+84912345678",
        "title": "Đã nhận yêu cầu hỗ trợ",
        "body": "Yêu cầu của bạn đã được tiếp nhận.",
        "area": area,
        "status": status,
        "attempts": 3 if status == Delivery.Status.FAILED else 1,
        "error": "eSMS từ chối, mã 108: số điện thoại sai định dạng"
        if status == Delivery.Status.FAILED
        else "",
        "created_at": now,
        "send_after": now,
    }
    return Delivery.objects.create(**{**defaults, **fields})


@pytest.fixture
def far_ward(db):
    """Bồ Đề, in another district (Long Biên)."""
    return second_district().get_children().get(name="Bồ Đề")


@pytest.fixture
def far_coordinator(far_ward):
    return UserFactory(coordinated_area=far_ward.get_parent(), groups=["Điều phối viên"])


def test_phone_numbers_are_shown_mostly_hidden():
    assert phone_masked("+84912345678") == "09xx xxx 678"
    assert phone_masked("+842438261234") == "02x xxxx x234"
    assert phone_masked("12") == "xx"


@pytest.mark.parametrize(
    ("wait", "text"),
    [
        (None, "—"),
        (timedelta(seconds=20), "dưới 1 phút"),
        (12 * MINUTE, "12 phút"),
        (3 * HOUR + 30 * MINUTE, "3,5 giờ"),
        (timedelta(days=3), "3 ngày"),
    ],
)
def test_waits_read_as_people_say_them(wait, text):
    assert waited(wait) == text


def test_each_coordinator_sees_only_their_own_areas_failures(
    coordinator, far_coordinator, far_ward, volunteer, leader
):
    here = logged(commune("Bát Tràng"), number=1)
    there = logged(far_ward, number=2)
    logged(commune("Bát Tràng"), number=3, status=Delivery.Status.SENT)

    assert set(access.deliveries_visible_to(coordinator)) >= {here}
    assert there not in access.deliveries_visible_to(coordinator)
    assert list(access.deliveries_visible_to(far_coordinator)) == [there]
    assert not access.deliveries_visible_to(volunteer).exists()
    assert not access.deliveries_visible_to(leader).exists()


def test_the_failed_list_shows_what_why_and_when_with_the_number_hidden(
    client, coordinator, far_ward, django_assert_max_num_queries
):
    logged(commune("Bát Tràng"), number=1)
    logged(far_ward, number=2, title="Xa")
    client.force_login(coordinator)

    with django_assert_max_num_queries(25) as few:
        response = client.get(reverse("portal:failed_deliveries"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Thông báo không gửi được" in page
    assert "Đã nhận yêu cầu hỗ trợ" in page
    assert "Tin nhắn SMS" in page
    assert "09xx xxx 678" in page
    assert "0912 345 678" not in page
    assert "+84912345678" not in page
    assert "mã 108" in page
    assert "Xa" not in page  # another district's failure
    assert 'name="viewport"' in page  # laid out for a phone like every portal page

    for number in range(10, 40):
        logged(commune("Cổ Bi"), number=number, channel="email", address="lan@example.vn")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("portal:failed_deliveries")).content.decode()
    assert "l***@example.vn" in page
    assert "lan@example.vn" not in page


def test_volunteers_cannot_open_the_failed_list(client, volunteer):
    logged(commune("Bát Tràng"), number=1)
    client.force_login(volunteer)
    assert client.get(reverse("portal:failed_deliveries")).status_code == 403
    assert "không gửi được" not in client.get(reverse("portal:dashboard")).content.decode()


def test_the_dashboard_counts_the_last_months_failures_and_links_them(client, coordinator):
    logged(commune("Bát Tràng"), number=1)
    logged(commune("Cổ Bi"), number=2)
    logged(commune("Cổ Bi"), number=3, created_at=timezone.now() - timedelta(days=40))
    logged(commune("Cổ Bi"), number=4, status=Delivery.Status.SENT)
    client.force_login(coordinator)

    page = client.get(reverse("portal:dashboard")).content.decode()

    assert "2 thông báo không gửi được trong 30 ngày qua" in page
    assert reverse("portal:failed_deliveries") in page


def test_each_channel_reports_how_fast_the_first_notice_and_the_first_contact_came(volunteer, team):
    start = timezone.now() - timedelta(days=2)
    first = requested(commune("Bát Tràng"), now=start)
    second = requested(commune("Bát Tràng"), now=start)
    support_respond(actor=volunteer, request=first, text="Đã gọi", now=start + 2 * HOUR)
    support_respond(actor=volunteer, request=second, text="Đã gọi", now=start + 4 * HOUR)
    bat_trang = commune("Bát Tràng")
    for request, minutes in ((first, 1), (second, 3)):
        logged(
            bat_trang,
            number=request.pk,
            channel="email",
            status="sent",
            support_request=request,
            sent_at=start + minutes * MINUTE,
        )
    # A second e-mail about the same request later on does not count: the first one does.
    logged(
        bat_trang,
        number=first.pk + 1000,
        channel="email",
        status="sent",
        support_request=first,
        sent_at=start + 5 * HOUR,
    )
    logged(
        bat_trang,
        number=first.pk,
        channel="sms",
        status="sent",
        support_request=first,
        sent_at=start + 10 * MINUTE,
    )
    logged(bat_trang, number=second.pk, channel="sms", status="failed", support_request=second)

    rows = {row.channel: row for row in first_notice_by_channel(first.__class__.objects.all())}

    assert (rows["email"].requests, rows["email"].to_notice, rows["email"].to_contact) == (
        2,
        2 * MINUTE,
        3 * HOUR,
    )
    assert (rows["sms"].requests, rows["sms"].to_notice, rows["sms"].to_contact) == (
        1,
        10 * MINUTE,
        2 * HOUR,
    )
    assert (rows["push"].requests, rows["push"].to_notice) == (0, None)


def test_the_promise_page_shows_the_channels_in_the_same_queries_for_few_or_many(
    client, coordinator, volunteer, team, django_assert_max_num_queries
):
    start = timezone.now() - timedelta(days=1)
    request = requested(commune("Bát Tràng"), now=start)
    logged(
        commune("Bát Tràng"),
        number=request.pk,
        channel="sms",
        status="sent",
        support_request=request,
        sent_at=start + 12 * MINUTE,
    )
    client.force_login(coordinator)
    with django_assert_max_num_queries(40) as few:
        page = client.get(reverse("portal:support_promise")).content.decode()
    assert "Thông báo đến người gửi, theo kênh" in page
    assert "Tin nhắn SMS" in page
    assert "12 phút" in page

    for number in range(6):
        more = requested(commune("Bát Tràng"), now=start, name=f"Phụ Huynh {number}")
        for channel in ("email", "push", "sms"):
            logged(
                commune("Bát Tràng"),
                number=more.pk,
                channel=channel,
                status="sent",
                support_request=more,
                sent_at=start + 12 * MINUTE,
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("portal:support_promise"))
