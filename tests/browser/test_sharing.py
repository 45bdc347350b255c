"""Sharing on a 360 px phone: the results page's links, the copy button and its spoken
confirmation, and the picture its card points at."""

import io
from urllib.parse import quote

from PIL import Image
from playwright.sync_api import expect

from wagtail.models import Site

from campaign.models import ImpactPage
from tests.browser.conftest import assert_fits_the_screen
from tests.browser.test_public_site import assert_accessible
from tests.campaign.conftest import publish


def test_a_visitor_copies_the_results_page_link_and_its_card_is_a_real_picture(live_server, phone):
    home = Site.objects.get(is_default_site=True).root_page.specific
    results = publish(home, ImpactPage(title="Kết quả", slug="ket-qua"))
    address = live_server.url + results.url
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    phone.goto(address)
    share = phone.get_by_role("region", name="Chia sẻ trang này")
    facebook = share.get_by_role("link", name="Chia sẻ lên Facebook")
    zalo = share.get_by_role("link", name="Chia sẻ qua Zalo")
    expect(facebook).to_have_attribute(
        "href", f"https://www.facebook.com/sharer/sharer.php?u={quote(address, safe='')}"
    )
    expect(zalo).to_have_attribute(
        "href", f"https://sp.zalo.me/share_inline?url={quote(address, safe='')}"
    )
    copy = share.get_by_role("button", name="Sao chép liên kết")
    for target in (facebook, zalo, copy):
        box = target.bounding_box()
        assert min(box["height"], box["width"]) >= 44  # a thumb's target
    copy.click()

    expect(share.get_by_role("status")).to_have_text("Đã sao chép liên kết.")
    assert phone.evaluate("navigator.clipboard.readText()") == address
    assert_fits_the_screen(phone)
    assert_accessible(phone)

    image = phone.locator('meta[property="og:image"]').get_attribute("content")
    picture = phone.request.get(image)
    assert picture.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(picture.body())).size == (1200, 630)
