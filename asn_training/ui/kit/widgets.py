"""Widgets every app page is built from: escaped HTML, buttons, fields, cards, rows and download links."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable

import ipywidgets as widgets

from ...i18n import LANGUAGES


def esc(value: object) -> str:
    """Escape text before it goes into an HTML widget: every widget value is untrusted."""
    return html.escape(str(value), quote=True)


def paragraphs(text: str) -> str:
    return "".join(f"<p>{esc(p)}</p>" for p in str(text).split("\n\n") if p.strip())


def button(label: str, on_click: Callable[[], None], *, primary: bool = False, css: str | None = None,
           width: str | None = None) -> widgets.Button:
    classes = [name for name in (css, "asn-primary" if primary else None) if name]
    # Classes given at construction travel in the widget's first message, not in one more update each.
    b = widgets.Button(description=label, button_style="primary" if primary else "", _dom_classes=classes,
                       layout=widgets.Layout(width=width or "auto", height="auto"))
    b.on_click(lambda _b: on_click())
    return b


def app_header(title: widgets.Widget, lang: str, on_switch: Callable[[dict], None]
               ) -> tuple[widgets.HBox, widgets.ToggleButtons]:
    """The apps' header: the title beside the ID/EN switch (``on_switch`` observes its value); the header and the
    switch."""
    language = widgets.ToggleButtons(options=[(code.upper(), code) for code in LANGUAGES], value=lang,
                                     layout=widgets.Layout(width="auto"), _dom_classes=["asn-language"])
    language.style.button_width = "48px"
    language.observe(on_switch, names="value")
    header = widgets.HBox([title, language], _dom_classes=["asn-header"],
                          layout=widgets.Layout(justify_content="space-between", align_items="center",
                                                flex_flow="row wrap"))
    return header, language


def text_field(label: str, css: str, *, password: bool = False, placeholder: str = "") -> widgets.Text:
    kind = widgets.Password if password else widgets.Text
    # Sent when the field is left, not per keystroke: a throttled keystroke update can arrive after the click on
    # the button, and the kernel would see half a NIP.
    return kind(description=label, placeholder=placeholder, continuous_update=False, _dom_classes=[css],
                style={"description_width": "initial"}, layout=widgets.Layout(width="100%", max_width="420px"))


def download_html(label: str, filename: str, data: bytes, mime: str = "application/pdf") -> str:
    """A link that saves ``data`` as a file, served from the page itself (no request to any server)."""
    encoded = base64.b64encode(data).decode("ascii")
    return (f"<p><a class='asn-download' download='{esc(filename)}' href='data:{esc(mime)};base64,{encoded}' "
            f"role='button'>{esc(label)}</a></p>")


def card(*children: widgets.Widget, css: str | None = None) -> widgets.VBox:
    box = widgets.VBox(list(children))
    box.add_class("asn-card")
    if css:
        box.add_class(css)
    return box


def row(*children: widgets.Widget) -> widgets.HBox:
    box = widgets.HBox(list(children), layout=widgets.Layout(flex_flow="row wrap"))
    box.add_class("asn-row")
    return box
