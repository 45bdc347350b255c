import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail.models import Site

from home.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_builds_demo_site_and_accounts_and_prints_their_passwords(client, capsys):
    call_command("load_initial_data")

    printed = capsys.readouterr().out
    for account in DEMO_ACCOUNTS:
        assert account.email in printed
        assert client.login(email=account.email, password=DEMO_PASSWORD)
        assert EmailAddress.objects.get(email=account.email).verified
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert "Thanh niên IT" in client.get("/").content.decode()
    assert home.live


def test_running_twice_changes_nothing(client):
    call_command("load_initial_data")
    users = get_user_model().objects.count()
    revisions = Site.objects.get(is_default_site=True).root_page.revisions.count()

    call_command("load_initial_data")

    assert get_user_model().objects.count() == users == len(DEMO_ACCOUNTS)
    assert Site.objects.get(is_default_site=True).root_page.revisions.count() == revisions


def test_each_role_gets_what_it_needs():
    call_command("load_initial_data")
    users = {user.email: user for user in get_user_model().objects.all()}
    coordinator, editor, volunteer = (users[account.email] for account in DEMO_ACCOUNTS)

    assert coordinator.has_perm("wagtailadmin.access_admin")
    assert editor.has_perm("wagtailadmin.access_admin")
    assert not editor.is_superuser
    assert not volunteer.has_perm("wagtailadmin.access_admin")


def test_refuses_where_demo_content_is_switched_off(settings):
    settings.DEMO_CONTENT_ALLOWED = False

    with pytest.raises(CommandError, match="DJANGO_DEMO_CONTENT"):
        call_command("load_initial_data")
    assert not get_user_model().objects.exists()
