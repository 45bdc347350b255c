"""A donor who pledged money opens the e-mailed link on a 360 px phone: the VietQR code and
the transfer written out fit the screen, pass axe-core, and the code is named for a screen
reader."""

from playwright.sync_api import expect

from wagtail.models import Site

from campaign.models import OfferPage
from portal.tracking_links import tracking_token
from tests.browser.conftest import assert_fits_the_screen
from tests.browser.test_public_site import assert_accessible
from tests.campaign.conftest import publish
from tests.factories.desk import offered
from tests.factories.teams import TeamFactory, commune


def test_a_donor_reads_the_transfer_on_a_phone(live_server, phone, settings):
    settings.VIETQR_ACCOUNT_NUMBER = "12010000123456"
    settings.VIETQR_BANK_NAME = "BIDV"
    settings.VIETQR_BANK_BIN = "970418"
    TeamFactory(name="Tổ Thanh niên IT xã Bát Tràng", commune=commune("Bát Tràng"))
    home = Site.objects.get(is_default_site=True).root_page.specific
    page = publish(home, OfferPage(title="Ủng hộ", slug="ung-ho"))
    offer = offered(commune("Bát Tràng"), items=[], money_pledge_vnd=1_500_000)

    phone.goto(f"{live_server.url}{page.url}theo-doi/?t={tracking_token(offer.reference)}")

    code = phone.get_by_role("img", name="Mã VietQR chuyển khoản đến tài khoản 12010000123456")
    expect(code).to_be_visible()
    assert code.bounding_box()["width"] >= 200  # big enough to scan from arm's length
    expect(phone.get_by_text("1.500.000 đ").last).to_be_visible()
    expect(phone.get_by_text(offer.reference.replace("-", "") + " UNG HO")).to_be_visible()
    assert_fits_the_screen(phone)
    assert_accessible(phone)
