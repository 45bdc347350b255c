"""Reference codes that people read over the phone and type on a phone: a prefix and eight
characters from an alphabet without look-alikes (no 0/O, 1/I/L), grouped by four.

"uh 4k7m 2q9p", "UH-4K7M-2Q9P" and "uh4k7m2q9p" are the same code.
"""

import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8


def new_reference(prefix: str) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def normalise_reference(text: str, prefix: str) -> str:
    """The stored form of a typed code, or "" when it cannot be one."""
    plain = re.sub(r"[^A-Z0-9]", "", (text or "").upper())
    if plain.startswith(prefix):
        plain = plain[len(prefix) :]
    if len(plain) != LENGTH:
        return ""
    return f"{prefix}-{plain[:4]}-{plain[4:]}"
