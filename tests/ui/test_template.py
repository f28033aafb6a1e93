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


TEXTS = {"title": "app.title", "loading": "voila.loading", "executing": "voila.executing",
         "loadingWidget": "voila.loading_widget", "widgetError": "voila.widget_error",
         "reconnecting": "voila.reconnecting", "lost": "voila.lost", "lostDetail": "voila.lost_detail",
         "resume": "voila.resume"}


def test_the_page_texts_match_the_catalogues():
    spinner = (TEMPLATE / "spinner.macro.html.j2").read_text("utf-8")
    for lang in ("id", "en"):
        block = spinner[spinner.index(f"    {lang}: {{"):]
        block = block[:block.index("\n    }")]
        for name, key in TEXTS.items():
            assert f'{name}: "{t(key, lang)}"' in block, (lang, name)


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
