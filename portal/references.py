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


# A code cut by the bank at the end of a long memo still names its offer when at least this
# many of its characters (prefix included) came through and no other code starts with them.
SHORTEST_CUT = 8


def codes_in(text: str, prefix: str) -> tuple[list[str], str]:
    """The stored form of every whole code in a bank memo, and the start of a code the bank
    cut off at the memo's end ("" when none). Spaces, dashes, dots and case do not matter:
    "uh 4k7m.2q9p", "UH-4K7M-2Q9P" and "UH4K7M2Q9P ung ho" all carry UH-4K7M-2Q9P."""
    plain = re.sub(r"[^A-Z0-9]", "", (text or "").upper())
    body = f"[{ALPHABET}]"
    whole = [
        f"{prefix}-{found[len(prefix) : len(prefix) + 4]}-{found[len(prefix) + 4 :]}"
        for found in re.findall(rf"(?=({prefix}{body}{{{LENGTH}}}))", plain)
    ]
    cut = ""
    for size in range(len(prefix) + LENGTH - 1, SHORTEST_CUT - 1, -1):
        tail = plain[-size:]
        if len(tail) == size and re.fullmatch(rf"{prefix}{body}+", tail):
            rest = tail[len(prefix) :]
            cut = f"{prefix}-{rest[:4]}" + (f"-{rest[4:]}" if len(rest) > 4 else "")
            break
    return list(dict.fromkeys(whole)), cut
