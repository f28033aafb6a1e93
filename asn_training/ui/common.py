"""Pieces every app page shares: escaping, the error guard, the style sheet, the language switch."""

from __future__ import annotations

import base64
import functools
import html
import logging
import sys
from collections.abc import Callable

import ipywidgets as widgets

from ..errors import AsnTrainingError
from ..i18n import t

log = logging.getLogger("asn_training.ui")
if not log.handlers:  # to the server's console, never into the page
    _handler = logging.StreamHandler(sys.__stderr__)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    log.addHandler(_handler)
    log.propagate = False

STYLE = """
<style>
.asn-app { max-width: 760px; margin: 0 auto; font-size: 16px; line-height: 1.5; }
.asn-app .widget-button, .asn-app .widget-text, .asn-app .widget-dropdown { max-width: 100%; }
.asn-app button.asn-option { white-space: normal; height: auto; min-height: 44px; text-align: left;
  padding: 8px 12px; line-height: 1.4; width: 100%; }
.asn-app button.asn-primary { min-height: 44px; }
.asn-card { border: 1px solid #c9d1da; border-radius: 6px; padding: 8px 12px; margin: 6px 0; }
.asn-notice { color: #8a1c1c; font-weight: 600; }
.asn-good { color: #1b6e2a; font-weight: 600; }
.asn-bad { color: #8a1c1c; font-weight: 600; }
.asn-muted { color: #555; font-size: 14px; }
.asn-app h1 { font-size: 22px; margin: 8px 0; }
.asn-app a.asn-download { display: inline-block; padding: 10px 14px; background: #1d6fa5; color: #fff;
  border-radius: 4px; text-decoration: none; font-weight: 600; }
.asn-app button.asn-selected { outline: 3px solid #1d6fa5; font-weight: 600; }
.asn-app .asn-material { overflow-x: auto; }
.asn-app .asn-material table { font-size: 14px; }
.asn-app .widget-radio-box { flex-direction: column; }
.asn-app .widget-radio-box label { white-space: normal; }
.asn-app .widget-checkbox label, .asn-app .widget-checkbox { white-space: normal; height: auto; }
.asn-app .widget-text label, .asn-app .widget-dropdown label, .asn-app .widget-password label { min-width: 0; }
.asn-app .asn-row { gap: 6px; }
.asn-bar { background: #e3e8ee; border-radius: 4px; height: 12px; }
.asn-bar > div { background: #1b6e2a; height: 12px; border-radius: 4px; }
@media (max-width: 480px) {
  .asn-app { font-size: 15px; }
  .asn-app .widget-hbox.asn-header { flex-wrap: wrap; }
  .asn-app .widget-inline-hbox { flex-wrap: wrap; }
  .asn-app .widget-inline-hbox .widget-label { width: 100%; max-width: 100%; }
}
.asn-app h2 { font-size: 19px; margin: 6px 0; }
.asn-app table { border-collapse: collapse; }
.asn-app td, .asn-app th { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; }
</style>
"""


def esc(value: object) -> str:
    """Escape text before it goes into an HTML widget: every widget value is untrusted."""
    return html.escape(str(value), quote=True)


def paragraphs(text: str) -> str:
    return "".join(f"<p>{esc(p)}</p>" for p in str(text).split("\n\n") if p.strip())


def button(label: str, on_click: Callable[[], None], *, primary: bool = False, css: str | None = None,
           width: str | None = None) -> widgets.Button:
    b = widgets.Button(description=label, button_style="primary" if primary else "",
                       layout=widgets.Layout(width=width or "auto", height="auto"))
    b.on_click(lambda _b: on_click())
    if css:
        b.add_class(css)
    if primary:
        b.add_class("asn-primary")
    return b


def text_field(label: str, css: str, *, password: bool = False, placeholder: str = "") -> widgets.Text:
    kind = widgets.Password if password else widgets.Text
    # Sent when the field is left, not per keystroke: a throttled keystroke update can arrive after the click on
    # the button, and the kernel would see half a NIP.
    field = kind(description=label, placeholder=placeholder, continuous_update=False,
                 style={"description_width": "initial"}, layout=widgets.Layout(width="100%", max_width="420px"))
    field.add_class(css)
    return field


def download_link(label: str, filename: str, data: bytes, mime: str = "application/pdf") -> widgets.HTML:
    """A link that saves ``data`` as a file, served from the page itself (no request to any server)."""
    encoded = base64.b64encode(data).decode("ascii")
    return widgets.HTML(f"<p><a class='asn-download' download='{esc(filename)}' href='data:{mime};base64,{encoded}' "
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


class Guarded:
    """Mixin: run a callback and turn any failure into a notice in the participant's language."""

    lang: str
    notice: widgets.HTML

    def guard(self, action: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(action)
        def run(*args, **kwargs):
            self.notice.value = ""
            try:
                action(*args, **kwargs)
            except AsnTrainingError as exc:
                self.notice.value = f"<p class='asn-notice' role='alert'>{esc(exc.message(self.lang))}</p>"
            except Exception:  # noqa: BLE001 (the participant gets a notice, the log gets the traceback)
                log.exception("unexpected error in %s", getattr(action, "__name__", action))
                self.notice.value = f"<p class='asn-notice' role='alert'>{esc(t('ui.unexpected', self.lang))}</p>"

        return run
