"""Every form sent with mistakes opens with one error summary (the GOV.UK pattern): at the
top of the page's main content, before its heading, listing every mistake shown on the
page, each a link to the field it is about (for a group of radios or boxes, its first one)
or to the form's own message. Walks every portal page that is a form, the public forms
and the sign-in, password and two-factor screens, sending each as a careless visitor would:
nothing filled in but what the page itself put in its hidden fields."""

import pytest
from bs4 import BeautifulSoup

from django.db import transaction
from django.test import Client
from django.urls import reverse

from campaign.models import OfferPage, SupportPage
from portal.models import Area
from tests.campaign.conftest import home, publish  # noqa: F401 - fixture
from tests.factories.signing_in import authenticator_for, password_session, with_second_factor
from tests.portal.test_access_matrix import MATRIX, objects, portal_url  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

SUMMARY_HEADING = "Có lỗi cần sửa"
HIDDEN_PREFIX = "Lỗi:"  # read out before each message next to a field, not shown

# The portal pages that are a form sent to themselves. The walk finds them from the pages'
# HTML; listing them here makes a page that stops (or starts) being one visible.
PORTAL_FORM_PAGES = {
    "my_profile",
    "team_create",
    "team_edit",
    "team_invite",
    "person_invite",
    "device_intake",
    "device_check",
    "device_repair",
    "device_sale",
    "device_wipe",
    "device_snapshot_upload",
    "fund_ledger",
    "standard_edit",
    "area_standard_edit",
    "area_target_edit",
    "student_propose",
    "student_import",
    "student_edit",
    "handover_create",
    "handover_return",
    "follow_up_record",
    "training_create",
    "offer_step",
    "offer_route",
    "offer_receive",
    "support_file",
    "support_assign",
    "support_action",
    "commendation_list",
    "report_list",
    "placements",
    "fund_reconcile",
}
# Where nothing at all is a valid answer (a profile may leave its names blank), a mistake.
MISTAKES = {
    "my_profile": {"profile-phone": "12"},
    "standard_edit": {"min_ram_gb": "nhiều"},
    "area_standard_edit": {"min_ram_gb": "1"},  # below the program's: the service's message
}


def own_form(html: str, url: str):
    """The form of the page that is sent back to the page itself, if there is one."""
    soup = BeautifulSoup(html, "html.parser")
    for form in soup.select("main form"):
        if form.get("method", "").lower() == "post" and form.get("action", "") in ("", url):
            return form
    return None


def careless(form) -> dict:
    """What a visitor who fills in nothing sends: the page's hidden fields only."""
    return {
        field["name"]: field.get("value", "")
        for field in form.select("input[type=hidden]")
        if field.get("name")
    }


def messages(container) -> list[str]:
    texts = []
    for message in container.select(".field__error"):
        text = message.get_text(" ", strip=True)
        texts.append(text.removeprefix(HIDDEN_PREFIX).strip())
    return texts


def title(soup) -> str:
    return " ".join(soup.title.get_text().split())  # as a browser shows it


def assert_error_summary(html: str) -> None:
    """The summary opens the main content, has focus-ready markup, and links each mistake
    shown on the page to the field (or form) that shows it."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    summary = main.find(attrs={"data-error-summary": True})
    assert summary is not None, "no error summary"
    first = main.find(lambda tag: tag is summary or tag.name in ("h1", "form"))
    assert first is summary, "the summary comes after the heading or the form"
    assert summary["tabindex"] == "-1"
    assert summary["role"] == "alert"
    heading = soup.find(id=summary["aria-labelledby"])
    assert heading.get_text(strip=True) == SUMMARY_HEADING
    assert title(soup).startswith("Lỗi: ")

    shown = sum(
        len(messages(element))
        for element in main.select("[id]")
        if element.get("id", "").endswith("_error") or "form-errors" in element.get("class", [])
    )
    links = summary.select("li a")
    assert len(summary.select("li")) == len(links) == shown > 0
    targets = [soup.find(id=link["href"].removeprefix("#")) for link in links]
    for link, target in zip(links, targets, strict=True):
        assert target is not None, f"{link['href']} leads nowhere"
    order = {id(element): number for number, element in enumerate(soup.find_all(True))}
    places = [order[id(target)] for target in targets]
    assert places == sorted(places), "the summary is not in the order of the page"
    for link, target in zip(links, targets, strict=True):
        container = errors_described(soup, target)
        assert container is not None, f"{link['href']}: no message next to it"
        text = link.get_text(" ", strip=True)
        assert any(text.endswith(message) for message in messages(container)), (text, container)


def errors_described(soup, target):
    """The message shown next to a field: the form's own box, or what the field (or the
    group of radios it opens) names in `aria-describedby`."""
    if "form-errors" in target.get("class", []):
        return target
    for element in [target, *target.parents]:
        for name in (element.get("aria-describedby") or "").split():
            if name.endswith("_error"):
                return soup.find(id=name)
    return None


def send_carelessly(client: Client, url: str, mistakes=None) -> str:
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    form = own_form(page.content.decode(), url)
    assert form is not None, f"{url} has no form of its own"
    response = client.post(url, {**careless(form), **(mistakes or {})})
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_every_portal_form_sent_empty_opens_with_the_summary(client, objects, coordinator, request):  # noqa: F811
    for role in ("leader", "volunteer", "teacher"):
        request.getfixturevalue(role)
    # Running the whole tree too, they reach the program-wide standards' form as well.
    coordinator.coordinated_areas.add(*Area.get_root_nodes())
    with_second_factor(coordinator, client)
    found, failures = set(), []
    for name, spec in MATRIX.items():
        if spec.method != "GET":
            continue
        # Each page's object is built afresh, and what sending it did is undone after.
        with transaction.atomic():
            target = objects("own", spec.target) if spec.target else None
            url = portal_url(name, target)
            page = client.get(url)
            html = page.status_code == 200 and page["Content-Type"].startswith("text/html")
            if html and own_form(page.content.decode(), url) is not None:
                found.add(name)
                try:
                    assert_error_summary(send_carelessly(client, url, MISTAKES.get(name)))
                except AssertionError as error:
                    failures.append(f"{name}: {error}")
            transaction.set_rollback(True)
    assert not failures, "\n".join(failures)
    assert found == PORTAL_FORM_PAGES


@pytest.fixture
def desks(home, team):  # noqa: F811 - the fixture imported above
    return [
        publish(home, OfferPage(title="Ủng hộ thiết bị", slug="ung-ho")),
        publish(home, SupportPage(title="Yêu cầu hỗ trợ", slug="ho-tro")),
    ]


def test_every_public_form_sent_empty_opens_with_the_summary(client, desks):
    for page in desks:
        for url in (page.url, page.route_url("track")):
            assert_error_summary(send_carelessly(client, url))


def test_the_offer_items_mistakes_are_in_the_summary_too(client, desks):
    offer = desks[0]
    form = own_form(client.get(offer.url).content.decode(), offer.url)
    data = {
        **careless(form),
        "items-0-kind": "laptop",
        "items-0-quantity": "-3",
        "money_pledge_vnd": "nhiều",
    }
    html = client.post(offer.url, data).content.decode()
    assert_error_summary(html)  # the item's mistake before the money's, as on the page
    summary = BeautifulSoup(html, "html.parser").find(attrs={"data-error-summary": True})
    quantity = summary.find("a", href="#id_items-0-quantity")
    assert quantity.get_text(strip=True).startswith("Món 1 · Số lượng: ")
    assert summary.find("a", href="#id_money_pledge_vnd") is not None


def test_sign_in_password_and_two_factor_screens_open_with_the_summary(
    client, volunteer, coordinator
):
    for name in ("account_login", "account_reset_password"):
        assert_error_summary(send_carelessly(Client(), reverse(name)))
    signed_in = password_session(volunteer)
    for name in ("account_change_password", "account_reauthenticate"):
        assert_error_summary(send_carelessly(signed_in, reverse(name)))
    authenticator_for(coordinator)
    stepping_up = Client()
    stepping_up.force_login(coordinator)  # the password given, the app's code asked for
    assert_error_summary(send_carelessly(stepping_up, reverse("mfa_reauthenticate")))


def test_a_form_without_mistakes_has_no_summary_and_no_error_title(client, desks):
    html = client.get(desks[0].url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(attrs={"data-error-summary": True}) is None
    assert not title(soup).startswith("Lỗi")
