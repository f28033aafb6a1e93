"""Voila's page template: no CDN asset, and the loading texts are the catalogue's."""

from __future__ import annotations

from asn_training.i18n import t
from asn_training.server import SHARE

TEMPLATE = SHARE / "voila" / "templates" / "asn"


def test_template_loads_nothing_from_the_internet():
    for path in TEMPLATE.iterdir():
        text = path.read_text("utf-8")
        for attribute in ("href=\"http", "src=\"http", "href='http", "src='http", "url(http"):
            assert attribute not in text, path


def test_loading_texts_match_the_catalogues():
    spinner = (TEMPLATE / "spinner.macro.html.j2").read_text("utf-8")
    for lang in ("id", "en"):
        assert f'loading: "{t("voila.loading", lang)}"' in spinner
        assert f'executing: "{t("voila.executing", lang)}"' in spinner
