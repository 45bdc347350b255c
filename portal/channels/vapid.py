"""The site's VAPID key pair: the key the push services know this site by. A browser's
subscription is bound to the public half (its `applicationServerKey`), so the pair must stay
the same for the subscriptions to keep working.

From the environment (`WEBPUSH_VAPID_PRIVATE_KEY`, with `WEBPUSH_VAPID_PUBLIC_KEY` checked
against it) in production. On a developer's laptop, with none set, a pair is generated once
into `WEBPUSH_VAPID_KEY_FILE` (var/webpush-vapid.pem) and read from there afterwards, so
`make run` needs no step of its own. Without either, Web Push is off."""

import base64
import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    """Base64url with or without its padding; ValueError on anything else."""
    if not text or not all(c.isalnum() or c in "-_=" for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4))


@dataclass(frozen=True)
class VapidKeys:
    signer: Vapid02
    public: str  # the applicationServerKey: base64url of the uncompressed P-256 point


def public_key_of(key: ec.EllipticCurvePrivateKey) -> str:
    return b64url(
        key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )


def private_key_text(key: ec.EllipticCurvePrivateKey) -> str:
    """The private key as the environment holds it: base64url of its 32 raw bytes."""
    return b64url(key.private_numbers().private_value.to_bytes(32, "big"))


def generate() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def load_private_key(text: str) -> ec.EllipticCurvePrivateKey:
    """A P-256 private key as `manage.py webpush_keys` prints it (base64url, 32 bytes), as
    `vapid --gen` writes it (PEM), or DER in base64url."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode(), password=None)
        else:
            raw = b64url_decode("".join(text.split()))
            if len(raw) == 32:
                key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
            else:
                key = serialization.load_der_private_key(raw, password=None)
    except ValueError as error:
        raise ImproperlyConfigured(f"WEBPUSH_VAPID_PRIVATE_KEY cannot be read: {error}") from error
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ImproperlyConfigured("WEBPUSH_VAPID_PRIVATE_KEY is not a P-256 (prime256v1) key.")
    return key


def _key_file_text(path: Path) -> str:
    """The key kept in `path`, written there first if there is none yet (exclusively, so
    two processes starting together keep the same one)."""
    try:
        return path.read_text()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text()
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    logger.info("Web Push: generated a VAPID key pair in %s", path)
    return pem.decode()


@lru_cache(maxsize=4)
def _keys(private: str, public: str, key_file: str) -> VapidKeys | None:
    if not private and key_file:
        private = _key_file_text(Path(key_file))
    if not private:
        return None
    key = load_private_key(private)
    derived = public_key_of(key)
    if public and public.strip().rstrip("=") != derived:
        raise ImproperlyConfigured(
            "WEBPUSH_VAPID_PUBLIC_KEY is not the public half of WEBPUSH_VAPID_PRIVATE_KEY."
        )
    return VapidKeys(signer=Vapid02(private_key=key), public=derived)


def vapid_keys() -> VapidKeys | None:
    """The site's key pair, or None when Web Push is not configured. Raises
    ImproperlyConfigured for a key that cannot be used (the system check says so first)."""
    return _keys(
        settings.WEBPUSH_VAPID_PRIVATE_KEY,
        settings.WEBPUSH_VAPID_PUBLIC_KEY,
        str(settings.WEBPUSH_VAPID_KEY_FILE or ""),
    )
