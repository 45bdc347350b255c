"""Offers and support requests, submitted through the real services as the public forms do."""

import uuid

from portal.phones import phone_stored
from portal.services.offers import offer_submit
from portal.services.support import support_submit


def offer_fields(commune, **fields) -> dict:
    # Stored as the form stores it.
    fields["phone"] = phone_stored(fields.get("phone", "0912345001"))
    return {
        "donor_kind": "person",
        "donor_name": "Nguyễn Văn Minh",
        "phone": "0912345001",
        "email": "minh@example.vn",
        "commune": commune,
        "address": "Thôn Giang Cao",
        "handoff": "pickup",
        "dropoff_team": None,
        "preferred_time": "",
        "money_pledge_vnd": None,
        "naming": "anonymous",
        "public_name": "",
        "note": "",
        **fields,
    }


def item(kind="laptop", **fields) -> dict:
    return {
        "kind": kind,
        "brand_model": "Dell Latitude E5470",
        "quantity": 1,
        "age_years": 5,
        "condition": "works",
        "has_charger": True,
        "ram_gb": None,
        "os_version": "",
        "calls_work": "",
        **fields,
    }


def offered(commune, items=None, **fields):
    offer, _created = offer_submit(
        fields=offer_fields(commune, **fields),
        items=[item()] if items is None else items,
        form_key=uuid.uuid4(),
    )
    return offer


def request_fields(commune, **fields) -> dict:
    fields["phone"] = phone_stored(fields.get("phone", "0978000001"))
    return {
        "requester": "parent",
        "name": "Trần Thị Lan",
        "phone": "0978000001",
        "email": "lan@example.vn",
        "channel": "phone",
        "commune": commune,
        "school": None,
        "asset_code": "",
        "category": "internet",
        "description": "Máy tính bảng không vào được Wi-Fi.",
        **fields,
    }


def requested(commune, now=None, **fields):
    request, _created = support_submit(
        fields=request_fields(commune, **fields), form_key=uuid.uuid4(), now=now
    )
    return request
