"""Every portal and public URL, attacked with the values that used to crash pages: a NUL
byte (PostgreSQL refuses it in any text), numbers beyond what a column holds, and digits
str.isdigit() accepts but int() refuses. They go into every query parameter a page reads
(found by watching it read them), every field of every form it shows (filled in as a
person would, one field spoiled at a time) and every object named in its address, signed
in as each role that may use it (the matrix of tests/portal/test_access_matrix.py).

The answer may be a page, a form error, a redirect, a 400 or a 404; never a 5xx. Each test
counts the requests it planned and sent and the server errors, asserts them, and prints
them with how many forms were accepted as filled in (a form refused as filled in is still
attacked, but its spoiled fields stop at the form)."""

import pytest

from django.db import connection
from django.urls import reverse

from campaign.models import (
    ContactPage,
    ContentPage,
    HonourRollPage,
    ImpactPage,
    NewsIndexPage,
    NewsPage,
    OfferPage,
    OpenFundPage,
    SponsorsPage,
    StandardsPage,
    StoryIndexPage,
    StoryPage,
    SupportPage,
    TeamsPage,
)
from portal.models import Invitation
from portal.services.hardware import capture_token_issue
from portal.tracking_links import tracking_token
from tests.campaign.conftest import publish
from tests.factories.desk import offered, requested
from tests.factories.devices import received
from tests.portal.test_access_matrix import (  # noqa: F401
    MATRIX,
    objects,
    portal_url,
    sign_in,
)
from tests.security.attack import SIGN_IN, Attacker, Tally
from tests.security.html_forms import Form
from tests.security.targets import HOSTS, PREPARE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_postgresql():
    """What a database refuses differs: SQLite takes a NUL byte, and fails on an id beyond
    a bigint where PostgreSQL finds nothing. Production and CI run PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("bad input is judged as PostgreSQL judges it, as in production; CI runs it")


@pytest.fixture(autouse=True)
def _limits_out_of_the_way(settings):
    """Rate limits would answer the attacks before the code under attack runs."""
    settings.PUBLIC_FORM_RATE_LIMIT = (10**6, 3600)
    settings.ACCOUNT_RATE_LIMITS = False


def objects_in_address(path: str, target) -> list[str]:
    """The segments of an address that name an object (its id or asset code)."""
    names = {str(getattr(target, attribute, "")) for attribute in ("pk", "device_id", "asset_code")}
    return [part for part in path.strip("/").split("/") if part in names - {""}]


def posted_forms(attacker, name, target, path) -> list[Form]:
    """The forms that post to a POST-only URL, read from the page that shows them; or, if
    that page shows none now, one form with the matrix's fields."""
    if name in HOSTS:
        host, host_target = HOSTS[name]
        _response, _read, forms = attacker.look(portal_url(host, host_target(target)))
        if found := [form for form in forms if form.action == path]:
            return found
    form = Form(action=path, method="post", multipart=False)
    for key, value in MATRIX[name].data:
        form.add(key, "text", value)
    return [form]


# URLs none of the matrix's roles may use, attacked as the one who may.
ATTACKED_AS = {"standard_edit": ["program_coordinator"]}


@pytest.mark.parametrize("name", list(MATRIX))
def test_no_portal_url_fails_whatever_it_is_sent(client, objects, request, name):  # noqa: F811
    spec = MATRIX[name]
    target = objects("own", spec.target) if spec.target else None
    path = portal_url(name, target)
    request.getfixturevalue("leader")
    request.getfixturevalue("volunteer")
    if name in PREPARE:
        PREPARE[name](request.getfixturevalue("coordinator"), target)
    attacker = Attacker(client, Tally(name), signed_in=True)

    for role in sorted(spec.own) or ATTACKED_AS[name]:
        sign_in(client, request, role)
        if spec.method == "GET":
            _response, read, forms = attacker.look(path)
            attacker.attack_parameters(path, read)
            forms = [form for form in forms if form.method == "post" and form.action in ("", path)]
        else:
            forms = posted_forms(attacker, name, target, path)
        for form in forms:
            attacker.attack_form(path, form)
    # No role finds an object behind a hostile address: attacked once, as the last role.
    attacker.attack_path(path, spec.method.lower(), objects_in_address(path, target))

    assert attacker.tally.planned > 0
    attacker.assert_clean()


@pytest.fixture
def public_site(home, team, coordinator):
    """One page of each public type; an offer and a support request to follow; an
    invitation to accept."""
    news = publish(home, NewsIndexPage(title="Tin tức", slug="tin-tuc"))
    article = NewsPage(
        title="Bài", slug="bai", intro="Tóm tắt", body=[{"type": "text", "value": "x"}]
    )
    article.tags.add("tài trợ")
    publish(news, article)
    stories = publish(home, StoryIndexPage(title="Câu chuyện", slug="cau-chuyen"))
    publish(
        stories,
        StoryPage(
            title="Chuyện", slug="mot", intro="Tóm tắt", body=[{"type": "text", "value": "x"}]
        ),
    )
    for page in (
        TeamsPage(title="Tổ IT các xã", slug="to-it"),
        StandardsPage(title="Tiêu chuẩn", slug="tieu-chuan"),
        ImpactPage(title="Kết quả", slug="ket-qua"),
        OpenFundPage(title="Quỹ minh bạch", slug="quy-minh-bach"),
        SponsorsPage(title="Nhà tài trợ", slug="nha-tai-tro"),
        HonourRollPage(title="Vinh danh", slug="vinh-danh"),
        ContactPage(title="Liên hệ", slug="lien-he"),
        ContentPage(title="Chương trình", slug="chuong-trinh"),
    ):
        publish(home, page)
    invitation = Invitation(
        email="moi@example.vn", role="member", team=team, invited_by=coordinator
    )
    token = invitation.new_token()
    invitation.save()
    return {
        OfferPage: (publish(home, OfferPage(title="Ủng hộ", slug="ung-ho")), offered(team.commune)),
        SupportPage: (
            publish(home, SupportPage(title="Hỗ trợ", slug="ho-tro")),
            requested(team.commune),
        ),
    }, reverse("invitation_accept", args=[token])


PUBLIC_PATHS = [
    "/",
    "/en/",
    "/tim-kiem/",
    "/search/",  # the old address, now a permanent redirect
    "/tin-tuc/",
    "/tin-tuc/rss/",
    "/tin-tuc/bai/",
    "/cau-chuyen/",
    "/cau-chuyen/mot/",
    "/to-it/",
    "/tieu-chuan/",
    "/ket-qua/",
    "/quy-minh-bach/",
    "/quy-minh-bach/so-thu-chi/",
    "/nha-tai-tro/",
    "/vinh-danh/",
    "/lien-he/",
    "/chuong-trinh/",
    "/sitemap.xml",
    "/robots.txt",
    "/api/impact.json",
    "/health/",
    SIGN_IN,
    "/accounts/password/reset/",
]


def test_no_public_url_fails_whatever_it_is_sent(client, public_site, team, coordinator):
    desks, invitation = public_site
    # The donated phone's page, opened with its one-time token: nobody signs in on it.
    token = capture_token_issue(
        actor=coordinator, device=received(coordinator, team, kind="phone"), platform="phone"
    )
    phone_page = reverse("portal:phone_capture", args=[token])
    attacker = Attacker(client, Tally("public site"), signed_in=False)
    paths = list(PUBLIC_PATHS)
    for page, record in desks.values():
        track = page.url + "theo-doi/"
        # The e-mailed link lets this visitor follow the record (kept in the session).
        client.get(track, {"t": tracking_token(record.reference)})
        paths += [page.url, track, f"{track}{record.reference}/"]
    paths.append(f"{desks[OfferPage][0].url}theo-doi/{desks[OfferPage][1].reference}/giay-cam-on/")
    # Following an invitation opens the sign-up form to its address (kept in the session).
    client.get(invitation)
    paths.append("/accounts/signup/")
    paths.append(phone_page)

    for path in paths:
        _response, read, forms = attacker.look(path)
        attacker.attack_parameters(path, read)
        for form in forms:
            if form.method == "post" and (form.action or path) == path:
                attacker.attack_form(path, form)
    attacker.attack_path("/tin-tuc/bai/", "get", ["bai"])
    attacker.attack_path(invitation, "get", [invitation.strip("/").split("/")[-1]])
    attacker.attack_path(phone_page, "get", [token])
    for page, record in desks.values():
        attacker.attack_path(f"{page.url}theo-doi/{record.reference}/", "get", [record.reference])

    attacker.assert_clean()
