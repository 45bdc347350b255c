"""Monthly reconciliation: the bank's statement read (two known layouts, any other by its
columns), each credit matched to an offer by the tracking code in its memo, posted once."""

import io
import threading
import uuid
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from wagtail.models import Site

from campaign.models import OfferPage
from portal import bank_statements
from portal.models import BankCredit, BankStatement, Counter, Fund, FundEntry, Offer, OfferEvent
from portal.models.counters import ALL_TIME
from portal.references import codes_in
from portal.services.reconcile import match_offer, statement_post, statement_upload
from portal.tracking_links import tracking_token
from tests.campaign.conftest import publish
from tests.factories.desk import offered
from tests.factories.teams import commune

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "statements"
VCB = "vietcombank_sao_ke_11_2026.xlsx"
VIETIN = "vietinbank_efast_11_2026.csv"
MB = "mb_bank_11_2026.csv"


def sample(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FILES / name).read_bytes())


def with_code(reference: str, **fields) -> Offer:
    """An offer whose tracking code is the one the sample statements carry."""
    offer = offered(commune("Bát Tràng"), items=[], email="trang@example.vn", **fields)
    Offer.objects.filter(pk=offer.pk).update(reference=reference)
    offer.refresh_from_db()
    return offer


@pytest.fixture
def fund(gia_lam):
    return Fund.objects.get(area=gia_lam)


@pytest.fixture
def pledges(db):
    return {
        "trang": with_code("UH-4K7M-2Q9P", donor_name="Phạm Thu Trang", money_pledge_vnd=500_000),
        "hai": with_code("UH-8HNX-3TQW", donor_name="Lê Văn Hải", money_pledge_vnd=2_000_000),
        "bich": with_code("UH-7RWP-K3MN", donor_name="Trần Thị Bích", money_pledge_vnd=200_000),
    }


def upload(client, name: str, content: bytes | None = None):
    data = content if content is not None else (FILES / name).read_bytes()
    return client.post(
        reverse("portal:fund_reconcile"),
        {"file": SimpleUploadedFile(name, data), "form_key": str(uuid.uuid4())},
    )


# -- reading the layouts ------------------------------------------------------------------


def test_vietcombank_statement_is_read_past_its_title_rows_and_totals():
    rows = bank_statements.read_table(sample(VCB))
    mapping = bank_statements.detect(rows)
    assert mapping is not None
    assert mapping.layout == "vietcombank"
    credits = bank_statements.credits(rows, mapping)
    assert [(c.reference, c.date, c.amount) for c in credits] == [
        ("5213 - 40811", date(2026, 11, 12), 500_000),
        ("5214 - 10020", date(2026, 11, 14), 1_000_000),
        ("5215 - 70002", date(2026, 11, 15), 200_000),
        ("5220 - 33019", date(2026, 11, 20), 300_000),
        ("5222 - 60101", date(2026, 11, 22), 150_000),
    ]  # the debit (350.000 for parts), the total and the closing balance are not credits


def test_vietinbank_csv_is_read_with_grouped_amounts_and_times():
    rows = bank_statements.read_table(sample(VIETIN))
    mapping = bank_statements.detect(rows)
    assert mapping is not None
    assert mapping.layout == "vietinbank"
    credits = bank_statements.credits(rows, mapping)
    assert [(c.reference, c.date, c.amount) for c in credits] == [
        ("FT26316123456789", date(2026, 11, 12), 500_000),
        ("FT26322999888777", date(2026, 11, 18), 2_000_000),
    ]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("500.000", 500_000),
        ("500,000", 500_000),
        ("500,000.00", 500_000),
        ("", 0),
        ("1500000", 1_500_000),
    ],
)
def test_amounts_as_banks_print_them(text, amount):
    assert bank_statements.parse_amount(text) == amount


# -- matching the code in the memo --------------------------------------------------------


@pytest.mark.parametrize(
    "memo",
    [
        "UH-4K7M-2Q9P",
        "uh 4k7m 2q9p ung ho",
        "MBVCB.11223344.UH4K7M2Q9P UNG HO.CT tu 0011004455667",
        "Uh.4K7M.2q9p",
        "CT DEN:531612345678 UH 4K7M-2Q9P",
    ],
)
def test_the_code_is_found_whatever_the_spaces_dashes_dots_and_case(memo, pledges):
    assert match_offer(memo) == pledges["trang"]


def test_a_code_cut_at_the_end_of_a_long_memo_matches_when_its_start_is_unique(pledges):
    memo = "MBVCB.99887766.CT tu 0451000123456 TRAN THI BICH toi 1023456789 QUY MAY TINH CU ND UH-7RWP-K3"
    assert match_offer(memo) == pledges["bich"]


def test_a_cut_code_shorter_than_eight_characters_or_shared_matches_nothing(pledges):
    assert match_offer("chuyen tien UH-7RWP") is None  # UH7RWP: six characters
    with_code("UH-7RWP-K3QQ", money_pledge_vnd=100_000)  # two codes start UH-7RWP-K3
    assert match_offer("chuyen tien UH-7RWP-K3") is None


def test_two_codes_in_one_memo_or_an_unknown_code_match_nothing(pledges):
    assert match_offer("UH4K7M2Q9P UH8HNX3TQW ung ho chung") is None
    assert match_offer("ung ho UH-ZZZZ-ZZZZ") is None
    assert match_offer("ung ho chuong trinh may tinh cu") is None
    # The same code twice is still one offer.
    assert match_offer("UH-4K7M-2Q9P UH4K7M2Q9P") == pledges["trang"]


def test_codes_in_reads_whole_and_cut_codes():
    assert codes_in("x uh-4k7m-2q9p y", "UH") == (["UH-4K7M-2Q9P"], "")
    assert codes_in("ND UH-7RWP-K3", "UH") == ([], "UH-7RWP-K3")


# -- posting ------------------------------------------------------------------------------


def test_a_statement_posts_each_matched_credit_once_and_tells_the_donor(
    client, coordinator_2fa, fund, pledges, gia_lam, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, VCB)
    statement = BankStatement.objects.get()
    assert response["Location"] == reverse("portal:fund_statement", args=[statement.pk])
    statement.refresh_from_db()
    assert (statement.posted_count, statement.unmatched_count) == (3, 2)

    trang = FundEntry.objects.get(offer=pledges["trang"])
    assert (trang.amount_vnd, trang.occurred_on, trang.kind) == (
        500_000,
        date(2026, 11, 12),
        "cash_donation",
    )
    assert trang.bank_reference == "5213 - 40811"
    assert FundEntry.objects.get(offer=pledges["bich"]).amount_vnd == 300_000  # over the pledge
    fund.refresh_from_db()
    assert fund.balance_vnd == 500_000 + 1_000_000 + 300_000
    raised = Counter.objects.get(key="fund_raised_vnd", area=gia_lam, period=ALL_TIME)
    assert raised.value == 1_800_000  # the same counter as an entry typed by hand
    event = OfferEvent.objects.get(offer=pledges["trang"], fund_entry__isnull=False)
    assert event.note == "Đã nhận 500.000 đ ngày 12/11/2026"
    to_trang = [m for m in mail.outbox if "trang@example.vn" in m.to]
    assert any("Đã nhận 500.000 đ ngày 12/11/2026" in m.body for m in to_trang)

    # The same statement again, then a VietinBank one overlapping it by nothing but codes.
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, VCB)
    again = BankStatement.objects.latest("pk")
    assert (again.posted_count, again.unmatched_count, again.repeated_count) == (0, 0, 5)
    assert FundEntry.objects.filter(offer=pledges["trang"]).count() == 1
    fund.refresh_from_db()
    assert fund.balance_vnd == 1_800_000


def test_the_mb_layout_is_read_once_its_columns_are_chosen(
    client, coordinator_2fa, pledges, django_capture_on_commit_callbacks
):
    response = upload(client, MB)
    statement = BankStatement.objects.get()
    assert statement.status == BankStatement.Status.NEEDS_MAPPING
    page = client.get(response["Location"]).content.decode()
    assert "Chọn cột" in page
    assert "Diễn giải" in page
    mapping_url = reverse("portal:fund_statement", args=[statement.pk])
    refused = client.post(mapping_url, {"date": "1", "reference": "1", "credit": "5", "memo": "3"})
    assert "Mỗi cột chỉ chọn cho một mục" in refused.content.decode()
    bad = client.post(mapping_url, {"date": "3", "reference": "2", "credit": "5", "memo": "1"})
    assert "ngày" in bad.content.decode()
    assert "Có lỗi cần sửa" in bad.content.decode()
    assert not FundEntry.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(mapping_url, {"date": "1", "reference": "2", "credit": "5", "memo": "3"})
    statement.refresh_from_db()
    assert statement.status == BankStatement.Status.DONE
    assert FundEntry.objects.get().offer == pledges["trang"]


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 50_000_000 + b"</a>")
    return buffer.getvalue()


def _with_formula() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "STT",
            "Ngày giao dịch",
            "Số tham chiếu",
            "Số tiền ghi nợ",
            "Số tiền ghi có",
            "Số dư",
            "Nội dung chi tiết",
        ]
    )
    sheet.append([1, "12/11/2026", "5213 - 1", None, "=1000000*5", None, "UH4K7M2Q9P"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("sao-ke.xlsx", _zip_bomb(), "quá lớn khi giải nén"),
        ("sao-ke.xlsx", _with_formula(), "có công thức"),
        ("sao-ke.pdf", b"%PDF-1.7\x00\x01\x02 binary", "không phải tệp sao kê"),
        ("sao-ke.csv", b"Ngay,So tien\n" + b"12/11/2026,1\n" * 10_100, "dòng"),
        ("ghi-chu.csv", b"chi mot dong chu thoi", "không phải tệp sao kê"),
        (
            "sao-ke.csv",
            "Ngày giao dịch,Số giao dịch,Mô tả giao dịch,Ghi nợ,Ghi có\n12/13/2026,FT1,UH4K7M2Q9P,,500000\n".encode(),
            "Dòng 2: ngày",
        ),
        (
            "sao-ke.csv",
            "Ngày giao dịch,Số giao dịch,Mô tả giao dịch,Ghi nợ,Ghi có\n"
            '12/11/2026,FT1,"-HYPERLINK(""http://x"")",,500000\n'.encode(),
            "có công thức",
        ),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_changes_nothing(
    client, coordinator_2fa, pledges, name, content, message
):
    response = upload(client, name, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Có lỗi cần sửa" in page
    assert message in page
    assert not BankStatement.objects.exists()
    assert not FundEntry.objects.exists()


# -- the unmatched list -------------------------------------------------------------------


def test_unmatched_credits_are_assigned_or_taken_as_anonymous_gifts_once(
    client,
    coordinator_2fa,
    fund,
    pledges,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, VCB)
    # The portal's fixed cost and one query for the list, however many credits wait.
    with django_assert_max_num_queries(18):
        page = client.get(reverse("portal:bank_credits_unmatched")).content.decode()
    assert "IBFT NGUYEN VAN AN" in page
    shared, stranger = (
        BankCredit.objects.get(amount_vnd=150_000),
        BankCredit.objects.get(amount_vnd=200_000),
    )
    assign = reverse("portal:bank_credit_assign", args=[shared.pk])
    refused = client.post(assign, {"code": "UH-ZZZZ-ZZZZ"}, follow=True)
    assert "Không có đăng ký ủng hộ mã" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(assign, {"code": "uh 8hnx 3tqw"})
        client.post(assign, {"code": "uh 8hnx 3tqw"})  # sent twice
    assert FundEntry.objects.filter(offer=pledges["hai"]).count() == 2  # 1.000.000 + 150.000
    anonymous = reverse("portal:bank_credit_anonymous", args=[stranger.pk])
    client.post(anonymous)
    client.post(anonymous)
    gift = FundEntry.objects.get(bank_reference=stranger.bank_reference)
    assert gift.offer is None
    assert gift.amount_vnd == 200_000
    assert not BankCredit.objects.filter(status=BankCredit.Status.UNMATCHED).exists()
    fund.refresh_from_db()
    assert fund.balance_vnd == 1_800_000 + 150_000 + 200_000


def test_the_services_refuse_someone_without_a_second_factor(coordinator, fund, pledges):
    with pytest.raises(PermissionDenied):
        statement_upload(actor=coordinator, fund=fund, upload=sample(VCB))
    assert not BankStatement.objects.exists()


# -- the donor's side ----------------------------------------------------------------------


def test_the_tracking_page_and_the_letter_show_only_what_arrived(
    client,
    coordinator_2fa,
    pledges,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    page = publish(
        Site.objects.get(is_default_site=True).root_page, OfferPage(title="Ủng hộ", slug="ung-ho")
    )
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, VIETIN)  # 500.000 for Trang, 2.000.000 for Hải; nothing for Bích
    donor = Client()

    def opened(offer) -> str:
        granted = donor.get(page.url + "theo-doi/", {"t": tracking_token(offer.reference)})
        return granted["Location"].split("?")[0]

    status = opened(pledges["trang"])
    # With what the fund bought with it, and the site's header and footer read cold (the
    # page was just published; kept for the next visitor).
    with django_assert_max_num_queries(27):
        text = donor.get(status).content.decode()
    assert "Đã nhận 500.000 đ ngày 12/11/2026" in text
    assert "đã nhận đủ" in text
    assert "500.000 đ tiền ủng hộ đã vào quỹ" in donor.get(status + "giay-cam-on/").content.decode()

    # A pledge that never came: the page says so, and there is no letter to thank for it.
    waiting = donor.get(opened(pledges["bich"])).content.decode()
    assert "chưa thấy khoản chuyển khoản nào" in waiting
    assert "Xem và in thư cảm ơn" not in waiting
    letter = donor.get(opened(pledges["bich"]) + "giay-cam-on/").content.decode()
    assert "tiền ủng hộ đã vào quỹ" not in letter


def test_the_tracking_page_asks_only_for_what_is_still_owed(
    client, coordinator_2fa, pledges, django_capture_on_commit_callbacks
):
    """After the statement: Trang's 500.000 arrived whole, Hải sent 1.000.000 of 2.000.000,
    Bích 300.000 for 200.000. A code to pay the pledge again would ask for money twice."""
    page = publish(
        Site.objects.get(is_default_site=True).root_page, OfferPage(title="Ủng hộ", slug="ung-ho")
    )
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, VCB)
    donor = Client()

    def seen(offer) -> str:
        granted = donor.get(page.url + "theo-doi/", {"t": tracking_token(offer.reference)})
        return donor.get(granted["Location"].split("?")[0]).content.decode()

    trang, hai, bich = seen(pledges["trang"]), seen(pledges["hai"]), seen(pledges["bich"])

    assert "đã nhận đủ" in trang
    assert "vietqr__code" not in trang
    assert "Chuyển khoản số tiền bạn đã đăng ký" not in trang
    assert "đã nhận một phần" in hai
    assert "mã dưới đây điền sẵn số tiền còn lại" in hai
    assert hai.count('class="vietqr__code"') == 1
    assert "<dd>1.000.000 đ</dd>" in hai  # the rest of the 2.000.000 pledged, not all of it
    assert "<dd>2.000.000 đ</dd>" in hai  # the pledge itself, above
    assert "nhiều hơn số đã đăng ký" in bich
    assert "vietqr__code" not in bich


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_uploads_of_one_statement_at_once_post_each_transfer_once(
    live_database, coordinator, gia_lam
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite lets one writer in at a time anyway)")
    fund = Fund.objects.get(area=gia_lam)
    offer = with_code("UH-4K7M-2Q9P", money_pledge_vnd=500_000)
    rows = bank_statements.read_table(sample(VCB))
    credits = [c.as_json() for c in bank_statements.credits(rows, bank_statements.detect(rows))]
    statements = [
        BankStatement.objects.create(
            fund=fund, file_name=VCB, uploaded_by=coordinator, credits=credits, layout="vietcombank"
        )
        for _twice in range(2)
    ]
    start, errors = threading.Barrier(2), []

    def post(statement):
        start.wait()
        try:
            statement_post(statement_pk=statement.pk)
        except Exception as error:  # noqa: BLE001 (the assertion below shows it)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(s,)) for s in statements]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]

    assert errors == []
    # 500.000 by its whole code; 150.000 names it and an unknown code: no other offer.
    assert sorted(FundEntry.objects.filter(offer=offer).values_list("amount_vnd", flat=True)) == [
        150_000,
        500_000,
    ]
    assert BankCredit.objects.count() == len(credits)
    assert sorted(BankStatement.objects.values_list("repeated_count", flat=True)) == [
        0,
        len(credits),
    ]
    fund.refresh_from_db()
    assert fund.balance_vnd == 650_000


def test_the_demo_statement_credits_the_demo_pledge_once(
    client, coordinator_2fa, gia_lam, django_capture_on_commit_callbacks
):
    from home.demo.desk import DEMO_PLEDGE_CODE, _money_pledge

    _money_pledge()
    demo = Path(__file__).parents[2] / "home" / "demo" / "statements"
    for _twice in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            upload(
                client,
                "vietcombank_sao_ke_demo.xlsx",
                (demo / "vietcombank_sao_ke_demo.xlsx").read_bytes(),
            )
    entry = FundEntry.objects.get(offer__reference=DEMO_PLEDGE_CODE)
    assert entry.amount_vnd == 500_000
    assert BankCredit.objects.filter(status=BankCredit.Status.UNMATCHED).count() == 1
    assert Fund.objects.get(area=gia_lam).balance_vnd == 500_000


def test_the_demo_pledge_s_e_mail_names_the_code_its_statement_carries(
    gia_lam, django_capture_on_commit_callbacks
):
    """The demo donor's confirmation (var/mail/) gives the code and memo to transfer with:
    the ones the demo statement carries, or the transfer would match nothing."""
    from home.demo.desk import DEMO_PLEDGE_CODE, _money_pledge

    with django_capture_on_commit_callbacks(execute=True):
        _money_pledge()

    body = next(m for m in mail.outbox if m.to == ["trang.pham@example.vn"]).body
    assert f"Mã đăng ký: {DEMO_PLEDGE_CODE}" in body
    assert "Nội dung chuyển khoản: UH5TK9HN26 UNG HO" in body
    assert Offer.objects.get().reference == DEMO_PLEDGE_CODE


def test_the_reconciliation_pages_cost_a_fixed_number_of_queries(
    client,
    coordinator_2fa,
    pledges,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    for _twice in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            upload(client, VCB)
    upload(client, MB)  # waiting for its columns
    with django_assert_max_num_queries(22):  # the portal's own, the fund, ten statements
        assert client.get(reverse("portal:fund_reconcile")).status_code == 200
    for statement in BankStatement.objects.all():
        with django_assert_max_num_queries(16):
            page = client.get(reverse("portal:fund_statement", args=[statement.pk]))
        assert page.status_code == 200


def test_a_password_only_session_is_sent_to_step_up_and_a_volunteer_is_refused(
    client, coordinator_password_only, volunteer
):
    from tests.factories.signing_in import authenticator_for

    authenticator_for(coordinator_password_only)
    client.force_login(coordinator_password_only)
    response = client.get(reverse("portal:fund_reconcile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    client.force_login(volunteer)
    assert client.get(reverse("portal:fund_reconcile")).status_code == 403
