"""Verification codes printed on certificates and pledge receipts: made, and read back as people type them."""

from __future__ import annotations

import secrets

# Crockford's base32 without look-alikes (no I, L, O, U): easy to read aloud and to type.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CERTIFICATE, PLEDGE_RECEIPT = "SRT", "IKR"


def new_code(prefix: str) -> str:
    body = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{prefix}-{body[:5]}-{body[5:]}"


def normalise_code(code: str) -> str:
    """As typed from paper: any case and spacing; O, I and L read as 0, 1 and 1 in the body (never in the prefix,
    which may hold them: IKR)."""
    compact = "".join(ch for ch in str(code).upper() if ch.isalnum())
    prefix, body = compact[:3], compact[3:].replace("O", "0").replace("I", "1").replace("L", "1")
    return f"{prefix}-{body[:5]}-{body[5:]}"


def normalise_session_code(code: object) -> str:
    """A trainer's session code as typed or scanned: no spaces, upper case, at most 12 characters."""
    return "".join(str(code or "").split()).upper()[:12]
