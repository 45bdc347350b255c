"""`maytinhcu-snapshot/1` documents for the tests, written directly (the format `read`
accepts as it is), and posting them the way a capture script does."""

import json

from django.urls import reverse


def snapshot(code: str = "", **sections) -> dict:
    """A laptop that passes the laptop standard, unless `sections` say otherwise."""
    document = {
        "format": "maytinhcu-snapshot/1",
        "captured_at": "2026-11-30T10:15:00+07:00",
        "tool": {"name": "maytinhcu-capture.ps1", "version": "1.0.0"},
        "device_code": code or None,
        "system": {"manufacturer": "Dell", "model": "Latitude E7450", "serial": "7XK2Q52"},
        "cpu": {"model": "Intel Core i5-5300U", "ghz": 2.3, "cores": 2},
        "memory": {"total_gb": 8.0},
        "disks": [{"size_gb": 256.1, "type": "ssd", "health": "ok"}],
        "os": {"name": "windows", "version": "10"},
        "battery": {"design_wh": 54.0, "full_wh": 45.0},
        "parts": {"webcam": True, "microphone": True, "speaker": True, "wifi": True},
        "sources": {"cpu": "Win32_Processor", "memory": "Win32_PhysicalMemory"},
        "approximate": [],
    }
    document.update(sections)
    return document


def as_bytes(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()


def post(client, data: bytes, token: str | None, **headers):
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.generic(
        "POST",
        reverse("portal:snapshot_upload"),
        data=data,
        content_type="application/json",
        **headers,
    )
