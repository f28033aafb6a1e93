"""The participant app on a fresh SQLite store with the journey banks, the test pledges and self-assessment."""

from __future__ import annotations

import pytest

from asn_training.content.banks import load_catalog
from asn_training.content.bundle import Bundle
from asn_training.ui import ParticipantApp

from .drive import JOURNEY


@pytest.fixture
def make_app(sqlite_store, pledges, instrument):
    def make(catalog=None, **kwargs):
        return ParticipantApp(sqlite_store, Bundle(catalog or load_catalog(JOURNEY), pledges, instrument), **kwargs)

    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture(autouse=True)
def any_order(monkeypatch):
    """Most page tests open a module straight away: the programme's order is relaxed (ASN_TRAINING_ORDER=bebas)
    unless a test asks for it with ``in_order``."""
    monkeypatch.setenv("ASN_TRAINING_ORDER", "bebas")


@pytest.fixture
def in_order(any_order, monkeypatch):
    monkeypatch.setenv("ASN_TRAINING_ORDER", "urut")
