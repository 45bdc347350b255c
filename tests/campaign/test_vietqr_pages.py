"""A donor who pledged money finds, on their confirmation and tracking pages and in their
e-mail, the program's account to transfer to: a VietQR code to scan and the same transfer
written out (bank, account, amount, memo with their code first). The donate page carries a
code without amount for anyone; an offer of devices only shows no code at all."""

import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from io import BytesIO

import pytest
import qrcode
from PIL import Image

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaign.models import OfferPage
from portal.models import Offer
from portal.models.notifications import Delivery
from portal.selectors.giving import offer_transfer
from portal.tracking_links import tracking_token
from portal.vietqr import crc16
from tests.campaign.conftest import publish
from tests.campaign.test_desk_pages import offer_data
from tests.factories.desk import offered
from tests.factories.teams import commune

pytestmark = pytest.mark.django_db

# The donate page's queries, the same with its code as without (the code reads settings only).
QUERIES_DONATE_PAGE = 14
DEMO_WARNING = "Đây là tài khoản minh hoạ: xin đừng chuyển tiền vào đây."


@pytest.fixture
def offer_page(home):
    return publish(home, OfferPage(title="Ủng hộ thiết bị", slug="ung-ho"))


@pytest.fixture
def real_account(settings):
    settings.VIETQR_BANK_BIN = "970418"
    settings.VIETQR_BANK_NAME = "BIDV"
    settings.VIETQR_ACCOUNT_NUMBER = "12010000123456"
    settings.VIETQR_ACCOUNT_NAME = "DOAN THANH NIEN XA BAT TRANG"


def tracking_page(client, offer_page, offer) -> str:
    """The tracking page as the e-mailed link opens it."""
    opened = client.get(offer_page.url + "theo-doi/", {"t": tracking_token(offer.reference)})
    return client.get(opened["Location"]).content.decode()


def plain(offer) -> str:
    """The offer's code as the memo carries it: "UH-QRQU-RUXQ" → "UHQRQURUXQ"."""
    return offer.reference.replace("-", "")


def qr_codes(html: str) -> list[str]:
    return re.findall(
        r'<div class="vietqr__code"\s+role="img"\s+aria-label="([^"]+)">\s*<svg', html
    )


def test_the_confirmation_page_shows_the_code_and_the_transfer_written_out(
    client, offer_page, team, real_account
):
    data = offer_data(client.get(offer_page.url).content.decode(), money_pledge_vnd="500.000")
    confirmation = client.post(offer_page.url, data)["Location"]
    html = client.get(confirmation).content.decode()
    offer = Offer.objects.get()

    assert "?moi=1" in confirmation
    assert qr_codes(html) == [
        "Mã VietQR chuyển khoản đến tài khoản 12010000123456, ngân hàng BIDV. "
        "Thông tin chuyển khoản được ghi bên dưới."
    ]
    for written in (
        "BIDV",
        "12010000123456",
        "DOAN THANH NIEN XA BAT TRANG",
        "500.000 đ",
        f"<code>{plain(offer)} UNG HO</code>",
    ):
        assert written in html
    assert DEMO_WARNING not in html


def test_the_tracking_page_shows_it_and_a_device_only_offer_shows_none(
    client, offer_page, team, real_account
):
    money = offered(commune("Bát Tràng"), items=[], money_pledge_vnd=2_000_000)
    devices = offered(commune("Bát Tràng"))

    with_money = tracking_page(client, offer_page, money)
    without = tracking_page(client, offer_page, devices)

    assert len(qr_codes(with_money)) == 1
    assert "2.000.000 đ" in with_money
    assert f"{plain(money)} UNG HO" in with_money
    assert qr_codes(without) == []
    assert "Số tài khoản" not in without
    assert "12010000123456" not in without


def test_the_code_costs_the_tracking_page_no_query(client, offer_page, team, real_account):
    """The same offer with and without money: the page reads the same rows."""
    money = offered(commune("Bát Tràng"), money_pledge_vnd=300_000, phone="0912345002")
    devices = offered(commune("Bát Tràng"), phone="0912345003")
    counts = {}
    for offer in (money, devices):
        opened = client.get(offer_page.url + "theo-doi/", {"t": tracking_token(offer.reference)})
        client.get(opened["Location"])  # the session and the page tree, warmed
        with CaptureQueriesContext(connection) as queries:
            html = client.get(opened["Location"]).content.decode()
        counts[offer.reference] = (len(queries), len(qr_codes(html)))

    assert counts[money.reference] == (counts[devices.reference][0], 1)
    assert counts[devices.reference][1] == 0


def test_the_donate_page_offers_a_code_without_amount_that_names_no_one(
    client, offer_page, team, real_account, django_assert_max_num_queries
):
    client.get(offer_page.url)
    with django_assert_max_num_queries(QUERIES_DONATE_PAGE):
        html = client.get(offer_page.url).content.decode()

    assert len(qr_codes(html)) == 1
    assert "<code>UNG HO MAY TINH CU</code>" in html
    assert "Số tiền</dt>" not in html
    assert "bạn nhập số tiền" in html


def test_without_an_account_set_the_page_says_the_account_is_a_demonstration(
    client, offer_page, team
):
    html = client.get(offer_page.url).content.decode()

    assert DEMO_WARNING in html
    assert "TAI KHOAN MINH HOA - KHONG CHUYEN TIEN" in html
    assert "0000000000000" in html


def pledged(client, offer_page, capture_on_commit) -> Offer:
    """A 500.000 đ pledge sent through the public form, its e-mails sent."""
    data = offer_data(client.get(offer_page.url).content.decode(), money_pledge_vnd="500000")
    with capture_on_commit(execute=True):
        client.post(offer_page.url, data)
    return Offer.objects.get()


def test_the_confirmation_e_mail_writes_the_transfer_out_and_links_to_the_code(
    client, offer_page, team, real_account, django_capture_on_commit_callbacks
):
    offer = pledged(client, offer_page, django_capture_on_commit_callbacks)

    body = next(m for m in mail.outbox if m.to == ["minh@example.vn"]).body

    for written in (
        "Ngân hàng: BIDV",
        "Số tài khoản: 12010000123456",
        "Chủ tài khoản: DOAN THANH NIEN XA BAT TRANG",
        "Số tiền: 500.000 đ",
        f"Nội dung chuyển khoản: {plain(offer)} UNG HO",
    ):
        assert written in body
    link = re.search(
        r"quét bằng ứng dụng ngân hàng có trên trang theo dõi: http://testserver(\S+)", body
    )[1]
    page = client.__class__().get(link, follow=True).content.decode()
    assert len(qr_codes(page)) == 1


def received(address: str) -> EmailMessage:
    """The message as it left for `address`: its bytes, parsed back as a mail program does."""
    sent = next(m for m in mail.outbox if m.to == [address])
    return message_from_bytes(sent.message().as_bytes(), policy=policy.default)


def modules(png: bytes) -> list[list[bool]]:
    """The dark and light modules a scanner reads off the image: the code's box (the dark
    pixels' bounding box) cut into a square grid, each cell read at its centre."""
    image = Image.open(BytesIO(png)).convert("L")
    left, top, right, _bottom = image.point(lambda v: 255 if v < 128 else 0).getbbox()
    cells = _cells_across(image, left, top, right)
    size = (right - left) / cells
    return [
        [
            image.getpixel((int(left + (x + 0.5) * size), int(top + (y + 0.5) * size))) < 128
            for x in range(cells)
        ]
        for y in range(cells)
    ]


def _cells_across(image, left, top, right) -> int:
    """A QR code's top-left finder is seven modules wide: its first dark run gives the module."""
    run = 0
    while image.getpixel((left + run, top)) < 128:
        run += 1
    return round((right - left) / (run / 7))


def matrix(payload: str) -> list[list[bool]]:
    """The modules the QR library itself lays out for `payload` (no quiet zone)."""
    code = qrcode.QRCode(border=0)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


def test_the_confirmation_e_mail_carries_the_code_as_an_image_inside_the_message(
    client, offer_page, team, real_account, django_capture_on_commit_callbacks
):
    offer = pledged(client, offer_page, django_capture_on_commit_callbacks)
    logged = Delivery.objects.get(kind="offer_received", channel="email")

    message = received("minh@example.vn")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    cid = re.search(r'<img src="cid:([^"]+)"[^>]* alt="Mã VietQR chuyển khoản 500.000 đ"', html)[1]
    [image] = [part for part in message.walk() if part["Content-ID"] == f"<{cid}>"]
    payload = offer_transfer(offer).payload

    # Text-only readers get the text as it always was, the transfer written out.
    assert text.replace("\r\n", "\n").rstrip() == logged.body.rstrip()
    assert f"Nội dung chuyển khoản: {plain(offer)} UNG HO" in text
    # Mail programs show the code without loading anything: it travels inside the message.
    assert message.get_content_type() == "multipart/related"
    assert image.get_content_type() == "image/png"
    assert "http" not in re.search(r"<img[^>]*>", html)[0]
    assert f"{plain(offer)} UNG HO" in html  # the HTML reader has the transfer written out too
    # Scanned, it is the transfer of this pledge: 500.000 đ, the offer's code in the memo.
    assert "5406500000" in payload
    assert f"{plain(offer)} UNG HO" in payload
    assert modules(image.get_content()) == matrix(payload)
    assert modules(image.get_content()) != matrix(
        offer_transfer(Offer(reference=offer.reference, money_pledge_vnd=400_000)).payload
    )


def test_a_device_only_e_mail_carries_no_image(
    client, offer_page, team, real_account, django_capture_on_commit_callbacks
):
    data = offer_data(client.get(offer_page.url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(offer_page.url, data)

    message = received("minh@example.vn")

    assert message.get_content_type() == "text/plain"
    assert [part for part in message.walk() if part.get_content_maintype() == "image"] == []


def test_a_device_only_e_mail_asks_for_no_money(
    client, offer_page, team, real_account, django_capture_on_commit_callbacks
):
    data = offer_data(client.get(offer_page.url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(offer_page.url, data)

    body = next(m for m in mail.outbox if m.to == ["minh@example.vn"]).body

    assert "Số tài khoản" not in body
    assert "12010000123456" not in body


def test_the_payload_on_the_page_is_the_one_a_bank_reads():
    """What the page draws for an offer: its amount and its memo, checksummed (the payload's
    own tests, tests/portal/test_vietqr.py, check it field by field)."""
    offer = Offer(reference="UH-67FD-UKZG", money_pledge_vnd=250_000)
    transfer = offer_transfer(offer)

    assert transfer.memo == "UH67FDUKZG UNG HO"
    assert "5406250000" in transfer.payload
    assert "0817UH67FDUKZG UNG HO" in transfer.payload
    assert crc16(transfer.payload[:-4]) == transfer.payload[-4:]
