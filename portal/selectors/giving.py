"""The program's bank account as donors see it: a VietQR code to scan and the same transfer
written out in words, for a money pledge (its amount, its code in the memo) and for the
donate page (no amount, a memo that names no one)."""

from functools import lru_cache

from django.conf import settings

from portal.models import Offer, OfferStatus
from portal.selectors.devices import qr_svg
from portal.vietqr import Transfer, memo, payload

__all__ = ["Transfer", "general_transfer", "memo_code", "offer_transfer", "transfer_svg"]

# Folded to plain letters in the memo: "UNG HO" is what Vietnamese memos say for a gift.
GIFT_WORDS = "UNG HO"
GENERAL_MEMO = "UNG HO MAY TINH CU"


def _transfer(amount: int | None, purpose: str) -> Transfer:
    note = memo(purpose)
    return Transfer(
        bank_name=settings.VIETQR_BANK_NAME,
        bank_bin=settings.VIETQR_BANK_BIN,
        account=settings.VIETQR_ACCOUNT_NUMBER,
        account_name=settings.VIETQR_ACCOUNT_NAME,
        amount=amount,
        memo=note,
        payload=payload(
            bank_bin=settings.VIETQR_BANK_BIN,
            account=settings.VIETQR_ACCOUNT_NUMBER,
            amount=amount,
            purpose=note,
        ),
        demo=settings.VIETQR_ACCOUNT_NUMBER == settings.VIETQR_DEMO_ACCOUNT,
    )


def offer_transfer(offer: Offer, received_vnd: int = 0) -> Transfer | None:
    """The transfer that pays an offer's money pledge, its code first in the memo so the
    bank statement names the offer; None for an offer without money, or one the program
    declined (nothing should be paid for it). Once money arrived (`received_vnd`, what the
    statements credited), only the rest is asked for, and nothing once it is all there."""
    if not offer.money_pledge_vnd or offer.status == OfferStatus.DECLINED:
        return None
    owed = offer.money_pledge_vnd - received_vnd
    if owed <= 0:
        return None
    # Without its dashes ("UHQRQURUXQ"): one word that no bank splits or drops, read back
    # by portal.references.normalise_reference.
    return _transfer(owed, f"{memo_code(offer)} {GIFT_WORDS}")


def memo_code(offer: Offer) -> str:
    return offer.reference.replace("-", "")


def general_transfer() -> Transfer:
    """Any amount, from anyone: the same code for everybody, so its memo names no one."""
    return _transfer(None, GENERAL_MEMO)


@lru_cache(maxsize=256)
def transfer_svg(text: str) -> str:
    """The code as inline SVG; drawn once per payload (the donate page's is always the same)."""
    return qr_svg(text)
