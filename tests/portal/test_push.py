"""Web Push: what reaches a phone through its push service, what happens when the push
service says the phone is gone or is down, and the buttons that subscribe a phone.

The push service is a real HTTP server on 127.0.0.1 (tests/push_service.py); the message the
site posts to it is decrypted with the browser's keys generated here, as a phone would."""

import json
import time

import pytest

from django.urls import reverse
from django.utils import timezone

from portal.channels import DeliveryFailed
from portal.channels import push as channel
from portal.channels.vapid import vapid_keys
from portal.models import Delivery, PushSubscription
from tests.push_service import BrowserKeys, PushService, vapid_claims


@pytest.fixture
def push_service():
    service = PushService().start()
    yield service
    service.stop()


def subscribe(person, endpoint, keys=None):
    keys = keys or BrowserKeys()
    PushSubscription.objects.create(
        user=person, endpoint=endpoint, p256dh=keys.p256dh, auth=keys.auth
    )
    return keys


def delivery(person, *, urgent=False, **fields):
    now = timezone.now()
    return Delivery.objects.create(
        kind="support_new",
        event="support:812:new",
        channel="push",
        recipient=f"user:{person.pk}",
        user=person,
        title=fields.get("title", "Yêu cầu hỗ trợ mới"),
        body=fields.get("body", "Xã Bát Tràng: máy không lên nguồn."),
        url=fields.get("url", "/portal/support/812/"),
        urgent=urgent,
        created_at=now,
        send_after=now,
    )


def test_the_phone_reads_the_notice_and_the_push_service_knows_the_site(push_service, volunteer):
    browser = subscribe(volunteer, push_service.endpoint())

    channel.send(delivery(volunteer, urgent=True))

    [message] = push_service.received
    assert message.path == "/push/browser-1"
    assert browser.read(message) == {
        "title": "Yêu cầu hỗ trợ mới",
        "body": "Xã Bát Tràng: máy không lên nguồn.",
        "url": "/portal/support/812/",
        "tag": "/portal/support/812/",
        "urgent": True,
    }
    assert message.headers["content-encoding"] == "aes128gcm"
    assert message.headers["urgency"] == "high"
    assert int(message.headers["ttl"]) == channel.TTL_SECONDS
    claims = vapid_claims(message.headers["authorization"], vapid_keys().public)
    assert claims["aud"] == push_service.origin
    assert claims["sub"] == "mailto:khong-tra-loi@example.vn"
    assert time.time() < claims["exp"] <= time.time() + 24 * 60 * 60
    assert PushSubscription.objects.get().last_sent_at is not None


def test_every_phone_of_the_person_gets_it_and_nobody_elses(push_service, volunteer, leader):
    phone = subscribe(volunteer, push_service.endpoint("phone"))
    tablet = subscribe(volunteer, push_service.endpoint("tablet"))
    subscribe(leader, push_service.endpoint("leader"))

    channel.send(delivery(volunteer))

    by_path = {message.path: message for message in push_service.received}
    assert set(by_path) == {"/push/phone", "/push/tablet"}
    assert phone.read(by_path["/push/phone"])["title"] == "Yêu cầu hỗ trợ mới"
    assert tablet.read(by_path["/push/tablet"])["title"] == "Yêu cầu hỗ trợ mới"
    assert by_path["/push/phone"].headers["urgency"] == "normal"


def test_a_long_message_is_cut_to_fit_a_push(push_service, volunteer):
    browser = subscribe(volunteer, push_service.endpoint())

    channel.send(delivery(volunteer, body="Máy tính " * 400))

    body = browser.read(push_service.received[0])["body"]
    assert len(body) == channel.BODY_LIMIT
    assert body.endswith("…")


def test_a_phone_the_push_service_says_is_gone_is_forgotten(push_service, volunteer):
    push_service.status = 410
    subscribe(volunteer, push_service.endpoint())

    with pytest.raises(DeliveryFailed) as failure:
        channel.send(delivery(volunteer))

    assert failure.value.permanent
    assert not PushSubscription.objects.exists()


def test_one_phone_gone_and_one_there_is_sent(push_service, volunteer):
    gone = PushService(status=404).start()
    try:
        subscribe(volunteer, gone.endpoint("old-phone"))
        subscribe(volunteer, push_service.endpoint("new-phone"))

        channel.send(delivery(volunteer))
    finally:
        gone.stop()

    assert [s.endpoint for s in PushSubscription.objects.all()] == [
        push_service.endpoint("new-phone")
    ]


def test_a_push_service_in_trouble_is_tried_again_later(push_service, volunteer):
    push_service.status = 500
    subscribe(volunteer, push_service.endpoint())

    with pytest.raises(DeliveryFailed) as failure:
        channel.send(delivery(volunteer))

    assert not failure.value.permanent
    assert PushSubscription.objects.get().last_sent_at is None


def test_a_push_service_out_of_reach_is_tried_again_later(volunteer):
    closed = PushService().start()
    endpoint = closed.endpoint()
    closed.stop()  # nothing listens there any more
    subscribe(volunteer, endpoint)

    with pytest.raises(DeliveryFailed) as failure:
        channel.send(delivery(volunteer))

    assert not failure.value.permanent
    assert PushSubscription.objects.exists()


def test_a_person_without_a_subscribed_phone_cannot_be_reached(volunteer):
    with pytest.raises(DeliveryFailed) as failure:
        channel.send(delivery(volunteer))

    assert failure.value.permanent


def test_without_keys_nothing_is_sent(push_service, volunteer, settings):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    subscribe(volunteer, push_service.endpoint())

    with pytest.raises(DeliveryFailed) as failure:
        channel.send(delivery(volunteer))

    assert failure.value.permanent
    assert push_service.received == []


# --- subscribing a phone ("Thông tin của tôi") ---------------------------------------------


def post(client, name, data):
    body = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(reverse(name), body, content_type="application/json")


def test_a_volunteer_turns_notifications_on_and_off_for_this_phone(client, volunteer):
    client.force_login(volunteer)
    browser = BrowserKeys()
    subscription = browser.subscription("http://127.0.0.1:9/push/abc")

    assert post(client, "portal:push_subscribe", subscription).json() == {"subscribed": True}
    assert post(client, "portal:push_subscribe", subscription).status_code == 200

    stored = PushSubscription.objects.get()
    assert (stored.user, stored.p256dh, stored.auth) == (volunteer, browser.p256dh, browser.auth)

    answer = post(client, "portal:push_unsubscribe", {"endpoint": subscription["endpoint"]})
    assert answer.json() == {"subscribed": False}
    assert not PushSubscription.objects.exists()
    again = post(client, "portal:push_unsubscribe", {"endpoint": subscription["endpoint"]})
    assert again.status_code == 200


def test_a_shared_phone_belongs_to_whoever_subscribed_it_last(client, volunteer, leader):
    subscription = BrowserKeys().subscription("http://127.0.0.1:9/push/shared")
    client.force_login(volunteer)
    post(client, "portal:push_subscribe", subscription)

    client.force_login(leader)
    post(client, "portal:push_subscribe", subscription)

    assert PushSubscription.objects.get().user == leader


def test_only_the_owner_turns_a_phone_off(client, volunteer, leader):
    subscribe(volunteer, "http://127.0.0.1:9/push/mine")
    client.force_login(leader)

    post(client, "portal:push_unsubscribe", {"endpoint": "http://127.0.0.1:9/push/mine"})

    assert PushSubscription.objects.get().user == volunteer


def test_signed_out_nothing_is_subscribed(client, db):
    subscription = BrowserKeys().subscription("http://127.0.0.1:9/push/abc")

    answer = post(client, "portal:push_subscribe", subscription)

    assert answer.status_code == 302
    assert reverse("account_login") in answer["Location"]
    assert not PushSubscription.objects.exists()


def test_only_posts_are_taken(client, volunteer):
    client.force_login(volunteer)

    assert client.get(reverse("portal:push_subscribe")).status_code == 405


BAD = [
    ("{not json", "không đọc được"),
    ("[1, 2]", "không đọc được"),
    ({"endpoint": "http://127.0.0.1:9/x"}, "Thiếu khóa mã hóa"),
    (
        {"endpoint": "http://127.0.0.1:9/x", "keys": {"p256dh": "AAAA", "auth": "AAAA"}},
        "không hợp lệ",
    ),
    ({"keys": {"p256dh": 1, "auth": None}}, "Thiếu địa chỉ nhận"),
]


@pytest.mark.parametrize(("body", "message"), BAD)
def test_a_bad_subscription_is_refused_in_vietnamese(client, volunteer, body, message):
    client.force_login(volunteer)

    answer = post(client, "portal:push_subscribe", body)

    assert answer.status_code == 400
    assert message in answer.json()["error"]
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://127.0.0.1:9/push/abc",  # plain HTTP on this machine: tests and laptops only
        "http://fcm.googleapis.com/fcm/send/abc",
        "https://intranet.example.vn/hook",  # not a push service
        "https://10.0.0.5/push",
        "https://fcm.googleapis.com.example.vn/fcm/send/abc",
        "javascript:alert(1)",
    ],
)
def test_in_production_only_known_push_services_over_https(client, volunteer, settings, endpoint):
    settings.WEBPUSH_ALLOW_LOOPBACK = False
    client.force_login(volunteer)

    answer = post(client, "portal:push_subscribe", BrowserKeys().subscription(endpoint))

    assert answer.status_code == 400
    assert "dịch vụ thông báo" in answer.json()["error"]


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/abc:APA91b",
        "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
        "https://web.push.apple.com/QGuQyavXutnMH",
        "https://wns2-par02p.notify.windows.com/w/?token=BQYAAA",
    ],
)
def test_the_browsers_push_services_are_taken(client, volunteer, settings, endpoint):
    settings.WEBPUSH_ALLOW_LOOPBACK = False
    client.force_login(volunteer)

    answer = post(client, "portal:push_subscribe", BrowserKeys().subscription(endpoint))

    assert answer.status_code == 200
    assert PushSubscription.objects.get().endpoint == endpoint


def test_my_page_offers_notifications_on_this_phone(
    client, volunteer, django_assert_max_num_queries
):
    client.force_login(volunteer)
    client.get(reverse("portal:my_profile"))

    # As many as before the section: it asks the database nothing.
    with django_assert_max_num_queries(22):
        page = client.get(reverse("portal:my_profile")).content.decode()

    assert "Thông báo trên điện thoại" in page
    assert f'data-key="{vapid_keys().public}"' in page
    assert "js/push.js" in page


def test_without_keys_my_page_says_notifications_are_off(client, volunteer, settings):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    client.force_login(volunteer)

    page = client.get(reverse("portal:my_profile")).content.decode()

    assert "Trang này chưa bật thông báo trên điện thoại." in page
    assert "data-push " not in page
