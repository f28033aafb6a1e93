"""Voila's page template: no CDN asset, and the loading texts are the catalogue's."""

from __future__ import annotations

import json
from pathlib import Path

from asn_training.i18n import t
from asn_training.server import SHARE

TEMPLATE = SHARE / "voila" / "templates" / "asn"


def test_template_loads_nothing_from_the_internet():
    for path in TEMPLATE.iterdir():
        text = path.read_text("utf-8")
        for attribute in ("href=\"http", "src=\"http", "href='http", "src='http", "url(http"):
            assert attribute not in text, path


def test_the_page_texts_are_the_catalogues_rendered_by_a_filter():
    from asn_training.server import PAGE_TEXTS, page_texts, voila_command

    texts = json.loads(page_texts())
    for lang in ("id", "en"):
        assert texts[lang] == {name: t(key, lang) for name, key in PAGE_TEXTS.items()}
    spinner = (TEMPLATE / "spinner.macro.html.j2").read_text("utf-8")
    assert '{{ "" | asn_page_texts }}' in spinner and t("voila.loading", "id") not in spinner  # no copy to rot
    assert "--VoilaExporter.filters=asn_page_texts=asn_training.server.page_texts" in voila_command("", 1, Path("x"))
    assert "</" not in page_texts().replace("<\\/", "")  # safe inside a script element


def test_the_hall_script_is_inlined_in_the_head_and_safe_to_read_as_a_jinja_template():
    page = (TEMPLATE / "index.html.j2").read_text("utf-8")
    head = page[page.index("{%- block html_head_js -%}"):page.index("{%- endblock html_head_js -%}")]
    assert "spinner.texts()" in head and '{% include "asn-hall.js" %}' in head  # before Voila opens a websocket
    assert head.index("spinner.texts()") < head.index("asn-hall.js")
    script = (TEMPLATE / "asn-hall.js").read_text("utf-8")
    for delimiter in ("{{", "{%", "{#"):
        assert delimiter not in script
    for hook in ("asn-nip", "asn-pin", "asn-new-pin", "asn-new-pin-again", "asn-identify", "asn-sign-in",
                 "asn-register", "inputmode", "WebSocket", "offline", "location.reload"):
        assert hook in script


def test_the_router_script_is_inlined_and_safe_to_read_as_a_jinja_template():
    page = (TEMPLATE / "index.html.j2").read_text("utf-8")
    assert '{% include "asn-router.js" %}' in page  # inlined: no request, nothing to serve
    script = (TEMPLATE / "asn-router.js").read_text("utf-8")
    for delimiter in ("{{", "{%", "{#"):
        assert delimiter not in script
    for hook in ("asn-route-in", "asn-route-out", "pushState", "replaceState", "popstate"):
        assert hook in script
