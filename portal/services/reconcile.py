"""Monthly reconciliation: a coordinator uploads the bank's statement of the fund's account;
every credit whose memo carries an offer's tracking code becomes a donation in the ledger,
linked to the offer, and the donor is told what arrived and when. The other credits wait in
"Khoản chưa khớp" until a coordinator assigns each to an offer or takes it as an anonymous
gift. Debits are the ledger's own business (entered by hand) and are skipped.

Nothing is posted twice: a credit is known by the bank's reference, unique per fund, and the
statements of one fund are posted one after another under the fund's row lock, so the same
file uploaded again (or twice at once) finds its credits already there. Money enters the
ledger, the balance and the public counters through `fund_entry_record`, as a manual entry."""

import uuid
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access, bank_statements
from portal.models import (
    BankCredit,
    BankStatement,
    Fund,
    FundEntry,
    Offer,
    OfferEvent,
    User,
)
from portal.references import codes_in
from portal.selectors.tracking import money_words
from portal.services.fund import fund_entry_record
from portal.services.notify import notify
from portal.services.once import once
from portal.tasks import reconcile_statement

OFFER_PREFIX = "UH"


def _require(actor: User, fund: Fund) -> None:
    if not (access.may_reconcile(actor) and access.funds_visible_to(actor).filter(pk=fund.pk)):
        raise PermissionDenied


@transaction.atomic
def statement_upload(
    *, actor: User, fund: Fund, upload: UploadedFile, form_key: uuid.UUID | None = None
) -> BankStatement:
    """Read and check the file (a Vietnamese ValidationError and nothing saved when it is not
    a statement that can be read), then queue the posting; a layout not recognised waits for
    its columns to be chosen (`statement_map`)."""
    _require(actor, fund)
    rows = bank_statements.read_table(upload)
    mapping = bank_statements.detect(rows)
    fields: dict = {"fund": fund, "file_name": (upload.name or "")[:200], "uploaded_by": actor}
    if mapping is None:
        header = bank_statements.guess_header(rows)
        if len(rows) < header + 2 or len([c for c in rows[header] if c]) < 3:
            raise ValidationError(
                _(
                    "Không thấy bảng giao dịch trong tệp (cần dòng tiêu đề và các dòng giao "
                    "dịch bên dưới). Hãy xuất lại sao kê từ ngân hàng."
                )
            )
        fields.update(status=BankStatement.Status.NEEDS_MAPPING, cells=rows, header_row=header)
    else:
        credits = bank_statements.credits(rows, mapping)
        fields.update(layout=mapping.layout, credits=[credit.as_json() for credit in credits])
    return once(BankStatement, form_key=form_key, create=lambda: _created(fields, form_key))[0]


def _created(fields: dict, form_key: uuid.UUID | None) -> BankStatement:
    statement = BankStatement.objects.create(form_key=form_key, **fields)
    if statement.status == BankStatement.Status.QUEUED:
        reconcile_statement.delay_on_commit(statement.pk)
    return statement


@transaction.atomic
def statement_map(
    *, actor: User, statement: BankStatement, columns: dict[str, int]
) -> BankStatement:
    """The coordinator said which column is the date, the reference, the credit and the memo
    of a layout not known: the rows are read with it, or the whole file is refused."""
    _require(actor, statement.fund)
    statement = BankStatement.objects.select_for_update().get(pk=statement.pk)
    if statement.status != BankStatement.Status.NEEDS_MAPPING:
        return statement  # the same form sent twice
    mapping = bank_statements.Mapping(statement.header_row, columns, "mapped")
    credits = bank_statements.credits(statement.cells, mapping)
    statement.layout, statement.cells = "mapped", []
    statement.credits = [credit.as_json() for credit in credits]
    statement.status = BankStatement.Status.QUEUED
    statement.save(update_fields=["layout", "cells", "credits", "status"])
    reconcile_statement.delay_on_commit(statement.pk)
    return statement


@transaction.atomic
def statement_post(*, statement_pk: int) -> BankStatement:
    """Post a queued statement's credits (the Celery task). Safe to run twice and alongside
    another statement of the same fund: they wait for each other at the fund's lock."""
    fund_pk = BankStatement.objects.values_list("fund_id", flat=True).get(pk=statement_pk)
    fund = Fund.objects.select_for_update().get(pk=fund_pk)
    statement = (
        BankStatement.objects.select_for_update().select_related("uploaded_by").get(pk=statement_pk)
    )
    if statement.status != BankStatement.Status.QUEUED:
        return statement
    references = [row["reference"] for row in statement.credits]
    known = set(
        BankCredit.objects.filter(fund=fund, bank_reference__in=references).values_list(
            "bank_reference", flat=True
        )
    )
    named = _offers_named(row["memo"] for row in statement.credits)
    for row in statement.credits:
        if row["reference"] in known:
            statement.repeated_count += 1
            continue
        credit = BankCredit.objects.create(
            fund=fund,
            statement=statement,
            bank_reference=row["reference"],
            occurred_on=date.fromisoformat(row["date"]),
            amount_vnd=row["amount"],
            memo=row["memo"],
        )
        offer = match_offer(row["memo"], named)
        if offer is None:
            statement.unmatched_count += 1
        else:
            _post(credit, fund=fund, offer=offer, actor=statement.uploaded_by)
            statement.posted_count += 1
    statement.status, statement.finished_at = BankStatement.Status.DONE, timezone.now()
    statement.save()
    return statement


def _offers_named(memos: Iterable[str]) -> dict[str, Offer]:
    """Every offer whose whole code appears in one of the memos, in one query."""
    codes = {code for memo in memos for code in codes_in(memo, OFFER_PREFIX)[0]}
    return {offer.reference: offer for offer in Offer.objects.filter(reference__in=codes)}


def match_offer(memo: str, named: dict[str, Offer] | None = None) -> Offer | None:
    """The one offer a memo names: by its whole code, else by the start of a code the bank
    cut off (at least 8 characters, and no other offer's code starts so). Two different
    codes in one memo name no offer: a coordinator decides."""
    whole, cut = codes_in(memo, OFFER_PREFIX)
    if named is None:
        named = _offers_named([memo])
    found = {named[code].pk: named[code] for code in whole if code in named}
    if len(found) == 1:
        return next(iter(found.values()))
    if found or not cut:
        return None
    candidates = list(Offer.objects.filter(reference__startswith=cut)[:2])
    return candidates[0] if len(candidates) == 1 else None


def _post(credit: BankCredit, *, fund: Fund, offer: Offer | None, actor: User) -> FundEntry:
    if offer is None:
        description = _("Ủng hộ không nêu tên (chuyển khoản): %(memo)s")
    else:
        description = _("Chuyển khoản theo đăng ký %(code)s: %(memo)s")
    entry = fund_entry_record(
        actor=actor,
        fund=fund,
        kind=FundEntry.Kind.CASH_DONATION,
        amount_vnd=credit.amount_vnd,
        description=(description % {"code": offer and offer.reference, "memo": credit.memo})[:200],
        occurred_on=credit.occurred_on,
        offer=offer,
        bank_reference=credit.bank_reference,
    )
    credit.fund_entry, credit.offer, credit.status = entry, offer, BankCredit.Status.POSTED
    credit.save(update_fields=["fund_entry", "offer", "status", "resolved_by"])
    if offer is not None:
        _money_received(offer, entry, actor)
    return entry


def _money_received(offer: Offer, entry: FundEntry, actor: User) -> None:
    """The offer's log says what arrived (the status stays), and the donor is told."""
    OfferEvent.objects.create(
        offer=offer,
        from_status=offer.status,
        to_status=offer.status,
        actor=actor,
        note=money_words(entry.amount_vnd, entry.occurred_on),
        fund_entry=entry,
    )
    notify("offer_money_received", subject=entry, event=f"fund_entry:{entry.pk}:received")


def _resolvable(actor: User, credit: BankCredit) -> BankCredit:
    if not access.bank_credits_visible_to(actor).filter(pk=credit.pk).exists():
        raise PermissionDenied
    return BankCredit.objects.select_for_update().select_related("fund").get(pk=credit.pk)


@transaction.atomic
def credit_assign(*, actor: User, credit: BankCredit, offer: Offer) -> BankCredit:
    """A credit that matched nothing is the donation of this offer (the coordinator read the
    memo, or the donor called). Sent twice, it is posted once."""
    credit = _resolvable(actor, credit)
    if credit.status == BankCredit.Status.POSTED:
        return credit
    credit.resolved_by = actor
    _post(credit, fund=_locked(credit), offer=offer, actor=actor)
    return credit


@transaction.atomic
def credit_accept_anonymous(*, actor: User, credit: BankCredit) -> BankCredit:
    """A credit no offer claims is taken as an anonymous gift to the fund."""
    credit = _resolvable(actor, credit)
    if credit.status == BankCredit.Status.POSTED:
        return credit
    credit.resolved_by = actor
    _post(credit, fund=_locked(credit), offer=None, actor=actor)
    return credit


def _locked(credit: BankCredit) -> Fund:
    return Fund.objects.select_for_update().get(pk=credit.fund_id)


def offer_for_code(text: str) -> Offer:
    """The offer a coordinator typed the code of, or a Vietnamese ValidationError."""
    whole, cut = codes_in(text, OFFER_PREFIX)
    offer = Offer.objects.filter(reference__in=whole).first() if whole else None
    if offer is None:
        raise ValidationError(
            _("Không có đăng ký ủng hộ mã “%(code)s”. Mã có dạng UH-XXXX-XXXX.")
            % {"code": text[:20]}
        )
    return offer
