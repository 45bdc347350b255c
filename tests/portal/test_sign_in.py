"""Signing in: one allauth login by e-mail for the portal and the Wagtail admin, no open
sign-up, Vietnamese messages, rate limits on the cache."""

import time
from urllib.parse import unquote

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, email, password=PASSWORD, next_url=None):
    address = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(address, {"login": email, "password": password})


def test_volunteer_signs_in_with_email_and_lands_on_the_portal(client, volunteer):
    response = sign_in(client, volunteer.email)

    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    page = client.get("/portal/").content.decode()
    assert "Xin chào, An" in page
    assert "Tổ Thanh niên IT xã Bát Tràng" in page


def test_email_is_matched_without_regard_to_case(client, volunteer):
    response = sign_in(client, volunteer.email.upper())

    assert response["Location"] == "/portal/"


def test_wrong_password_is_refused_in_vietnamese_and_keeps_the_email(client, volunteer):
    response = sign_in(client, volunteer.email, password="sai-mat-khau")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Địa chỉ e-mail hoặc mật khẩu bạn nhập không đúng." in page
    assert f'value="{volunteer.email}"' in page
    assert "_auth_user_id" not in client.session


def test_unverified_address_cannot_sign_in_until_confirmed(client, mailoutbox, db):
    person = UserFactory(verified_email=False)

    response = sign_in(client, person.email)

    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_deactivated_person_cannot_sign_in(client, volunteer):
    volunteer.is_active = False
    volunteer.save()

    response = sign_in(client, volunteer.email)

    assert "_auth_user_id" not in client.session
    assert response["Location"] == "/accounts/inactive/"


def test_repeated_wrong_passwords_are_rate_limited(client, volunteer):
    for _ in range(5):
        sign_in(client, volunteer.email, password="sai-mat-khau")

    response = sign_in(client, volunteer.email)  # even the right password, for a while

    assert "_auth_user_id" not in client.session
    assert "Bạn đã đăng nhập sai quá nhiều lần" in response.content.decode()


def test_nobody_can_sign_up_on_their_own(client):
    page = client.get("/accounts/signup/").content.decode()
    client.post(
        "/accounts/signup/",
        {
            "email": "la@example.vn",
            "password1": "mot-mat-khau-dai",
            "password2": "mot-mat-khau-dai",
        },
    )

    assert "chỉ được tạo qua lời mời" in page
    assert not get_user_model().objects.filter(email="la@example.vn").exists()


def test_portal_asks_anonymous_visitors_to_sign_in(client):
    response = client.get("/portal/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/portal/"


def test_password_reset_mail_is_sent_in_vietnamese_after_commit(
    client, volunteer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post("/accounts/password/reset/", {"email": volunteer.email})

    assert len(callbacks) == 1  # queued for Celery once the request's transaction committed
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [volunteer.email]
    assert mailoutbox[0].subject.startswith("[Máy tính cũ – Tri thức mới]")
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_password_reset_for_unknown_address_reveals_nothing(client, mailoutbox):
    known = UserFactory()
    response_known = client.post("/accounts/password/reset/", {"email": known.email})
    response_unknown = client.post("/accounts/password/reset/", {"email": "khong@example.vn"})

    assert response_known.status_code == response_unknown.status_code == 302
    assert response_known["Location"] == response_unknown["Location"]


class TestWagtailAdminSignIn:
    def test_admin_login_page_hands_over_to_allauth(self, client):
        response = client.get("/admin/login/?next=/admin/pages/")

        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/admin/pages/"

    def test_anonymous_admin_visit_goes_to_the_allauth_login(self, client):
        response = client.get("/admin/", follow=True)

        assert unquote(response.redirect_chain[-1][0]) == "/accounts/login/?next=/admin/"

    def test_editor_signs_in_once_and_reaches_the_admin(self, client, editor):
        sign_in(client, editor.email, next_url="/admin/")

        response = client.get("/admin/")
        assert response.status_code == 200
        assert "wagtail" in response.content.decode().lower()

    def test_volunteer_is_kept_out_of_the_admin(self, client, volunteer):
        sign_in(client, volunteer.email)

        response = client.get("/admin/", follow=True)

        assert response.status_code == 403  # tests/portal/test_admin_entry.py: the page


class TestWhileRedisIsDown:
    """The rate limits live in Redis; when it is unreachable nobody may be locked out."""

    @pytest.fixture(autouse=True)
    def _redis_down(self, settings):
        settings.CACHES = {
            "default": {
                "BACKEND": "config.cache.ResilientRedisCache",
                "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
            }
        }

    def test_a_volunteer_signs_in(self, client, volunteer):
        response = sign_in(client, volunteer.email)

        assert response.status_code == 302
        assert response["Location"] == "/portal/"
        assert client.session["_auth_user_id"] == str(volunteer.pk)

    def test_a_wrong_password_is_still_refused(self, client, volunteer):
        response = sign_in(client, volunteer.email, password="sai-mat-khau")

        assert response.status_code == 200
        assert "Địa chỉ e-mail hoặc mật khẩu bạn nhập không đúng." in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_a_password_reset_is_sent(
        self, client, volunteer, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/accounts/password/reset/", {"email": volunteer.email})

        assert response.status_code == 302
        assert [message.to for message in mailoutbox] == [[volunteer.email]]

    def test_a_coordinator_signs_in_with_the_authenticator_code(self, client, coordinator):
        secret = generate_totp_secret()
        TOTP.activate(coordinator, secret)
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))

        first = sign_in(client, coordinator.email)
        second = client.post(first["Location"], {"code": code})

        assert first["Location"] == reverse("mfa_authenticate")
        assert second.status_code == 302
        assert second["Location"] == "/portal/"
        assert client.session["_auth_user_id"] == str(coordinator.pk)
