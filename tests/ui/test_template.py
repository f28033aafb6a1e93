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


def test_the_router_script_is_inlined_and_safe_to_read_as_a_jinja_template():
    page = (TEMPLATE / "index.html.j2").read_text("utf-8")
    assert '{% include "asn-router.js" %}' in page  # inlined: no request, nothing to serve
    script = (TEMPLATE / "asn-router.js").read_text("utf-8")
    for delimiter in ("{{", "{%", "{#"):
        assert delimiter not in script
    for hook in ("asn-route-in", "asn-route-out", "pushState", "replaceState", "popstate"):
        assert hook in script
