"""The admin shows no Gravatar images: the service is unreachable from where the program
works, and each image would hand an editor's e-mail hash to a third party."""

import pytest

from wagtail.models import Page

from tests.factories import SuperuserFactory

pytestmark = pytest.mark.django_db


def admin_pages(home_id):
    return [
        "/admin/",
        "/admin/account/",
        "/admin/users/",
        "/admin/pages/",
        f"/admin/pages/{home_id}/",
        f"/admin/pages/{home_id}/edit/",
        f"/admin/pages/{home_id}/history/",
    ]


@pytest.mark.parametrize("role", ["superuser", "editor"])
def test_no_admin_page_references_gravatar(client, request, role):
    request.getfixturevalue("editor")  # a second account, listed among the users
    person = SuperuserFactory() if role == "superuser" else request.getfixturevalue(role)
    client.force_login(person)
    home = Page.objects.get(depth=2)

    for address in admin_pages(home.pk):
        response = client.get(address)
        if response.status_code != 200:
            assert role == "editor", address  # the users list is the superuser's
            continue
        assert "gravatar" not in response.content.decode().lower(), address
