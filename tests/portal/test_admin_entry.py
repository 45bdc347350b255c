"""The Wagtail admin's door: who may go in is portal/access.py's decision (`may_use_admin`).
Someone signed in without admin access gets a clear page (403) that says so and leads to
the portal, never a loop between the admin and the sign-in page."""

import pytest

from portal import access
from tests.factories import SuperuserFactory

pytestmark = pytest.mark.django_db

KEPT_OUT = ["volunteer", "leader", "teacher", "outsider"]
LET_IN = ["editor", "coordinator", "superuser"]


@pytest.fixture
def superuser(db):
    return SuperuserFactory()


@pytest.mark.parametrize("role", KEPT_OUT)
def test_someone_without_admin_access_gets_a_clear_page_not_a_loop(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/admin/", follow=True)  # a redirect cycle raises here

    assert response.status_code == 403
    assert [url for url, _ in response.redirect_chain] == ["/admin/login/?next=/admin/"]
    page = response.content.decode()
    assert "không dùng được trang quản trị" in page
    assert 'href="/portal/"' in page


@pytest.mark.parametrize("role", KEPT_OUT)
def test_an_admin_page_deep_link_gets_the_same_page(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/admin/pages/", follow=True)

    assert response.status_code == 403


@pytest.mark.parametrize("role", LET_IN)
def test_editors_coordinators_and_superusers_go_in(client, request, role):
    person = request.getfixturevalue(role)
    client.force_login(person)

    assert access.may_use_admin(person)
    assert client.get("/admin/").status_code == 200
    # Coming back to the admin's sign-in address while signed in goes on to the admin.
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"


@pytest.mark.parametrize("role", KEPT_OUT)
def test_access_policy_keeps_the_roles_out(request, role):
    assert not access.may_use_admin(request.getfixturevalue(role))


def test_nobody_signed_out_or_locked_uses_the_admin(editor):
    from django.contrib.auth.models import AnonymousUser

    assert not access.may_use_admin(AnonymousUser())
    editor.is_active = False
    assert not access.may_use_admin(editor)


def test_the_admin_sign_in_address_never_sends_elsewhere(client, editor):
    client.force_login(editor)

    response = client.get("/admin/login/?next=https://example.com/")

    assert response["Location"] == "/admin/"
