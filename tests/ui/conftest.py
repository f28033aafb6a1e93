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
