"""{% vietqr transfer %}: a VietQR code with the same transfer written out beside it."""

from django import template

from portal.selectors.giving import Transfer, transfer_svg

register = template.Library()


@register.inclusion_tag("campaign/components/vietqr.html")
def vietqr(transfer: Transfer) -> dict:
    return {"transfer": transfer, "svg": transfer_svg(transfer.payload)}
