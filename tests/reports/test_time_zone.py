"""One agency time zone, from ``ASN_TRAINING_TZ``: WIB by default, WITA and WIT agencies too."""

from __future__ import annotations

from datetime import datetime

import pytest

from asn_training import config
from asn_training.errors import ConfigError
from asn_training.reports import zone_name


@pytest.mark.parametrize(("value", "key", "name"), [
    (None, "Asia/Jakarta", "WIB"), ("", "Asia/Jakarta", "WIB"), ("Asia/Jakarta", "Asia/Jakarta", "WIB"),
    ("Asia/Makassar", "Asia/Makassar", "WITA"), ("Asia/Jayapura", "Asia/Jayapura", "WIT"),
    (" wita ", "Asia/Makassar", "WITA"), ("WIT", "Asia/Jayapura", "WIT"), ("UTC", "UTC", "UTC"),
])
def test_the_agency_zone_is_configured_by_name(monkeypatch, value, key, name):
    if value is None:
        monkeypatch.delenv("ASN_TRAINING_TZ", raising=False)
    else:
        monkeypatch.setenv("ASN_TRAINING_TZ", value)
    zone = config.timezone()
    assert (zone.key, zone_name(zone)) == (key, name)
    assert datetime(2026, 1, 2, tzinfo=zone).tzname() == name


@pytest.mark.parametrize("value", ["Asia/Jakata", "GMT+7x", "../etc/passwd", "Indonesia"])
def test_an_unknown_zone_is_a_clear_configuration_error(monkeypatch, value):
    monkeypatch.setenv("ASN_TRAINING_TZ", value)
    with pytest.raises(ConfigError) as caught:
        config.timezone()
    assert caught.value.message("en").startswith(f"Unknown time zone '{value}' (ASN_TRAINING_TZ). Use an IANA name")
    assert caught.value.message("id").startswith(f"Zona waktu '{value}' tidak dikenal (ASN_TRAINING_TZ).")
