"""Verification codes printed on certificates and pledge receipts: made, told apart, and read back as people type
them.

Each printed kind has its own prefix: ``SRT-`` for a certificate, and one per pledge for its receipt (``IKR-`` for the
ikrar netralitas, ``PKT-`` for the pakta integritas, ``IKN-`` and ``PKN-`` for the ikrar and pakta of non-ASN
staff). :func:`receipt_prefix` is the one place that maps a pledge to its prefix.
"""

from __future__ import annotations

import secrets

# Crockford's base32 without look-alikes (no I, L, O, U): easy to read aloud and to type.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CERTIFICATE = "SRT"
_RECEIPTS = {"ikrar-netralitas": "IKR", "ikrar-netralitas-non-asn": "IKN", "pakta-integritas": "PKT",
             "pakta-integritas-non-asn": "PKN"}
CERTIFICATE_KIND, RECEIPT_KIND = "certificate", "receipt"


def new_code(prefix: str) -> str:
    body = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{prefix}-{body[:5]}-{body[5:]}"


def receipt_prefix(pledge_id: str) -> str:
    """The prefix of the receipt codes of a pledge (``ikrar-netralitas``: ``IKR``)."""
    try:
        return _RECEIPTS[pledge_id]
    except KeyError:
        raise ValueError(f"no receipt prefix for pledge {pledge_id!r}") from None


def kind_of(code: str) -> str | None:
    """What a (normalised) code was printed on, told by its prefix: a certificate, a pledge receipt, or unknown."""
    prefix = code[:3]
    if prefix == CERTIFICATE:
        return CERTIFICATE_KIND
    return RECEIPT_KIND if prefix in _RECEIPTS.values() else None


def normalise_code(code: str) -> str:
    """As typed from paper: any case and spacing; O, I and L read as 0, 1 and 1 in the body (never in the prefix,
    which may hold them: IKR)."""
    compact = "".join(ch for ch in str(code).upper() if ch.isalnum())
    prefix, body = compact[:3], compact[3:].replace("O", "0").replace("I", "1").replace("L", "1")
    return f"{prefix}-{body[:5]}-{body[5:]}"


def normalise_session_code(code: object) -> str:
    """A trainer's session code as typed or scanned: no spaces, upper case, at most 12 characters."""
    return "".join(str(code or "").split()).upper()[:12]
