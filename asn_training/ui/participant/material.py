"""A module's learning material (Materi), rendered offline from its Markdown."""

from __future__ import annotations

import ipywidgets as widgets

from ...errors import InvalidInput
from ...i18n import pick, t
from ..kit.widgets import esc, row
from .page import ParticipantPage


def render_markdown(text: str) -> str:
    """Material Markdown to HTML, offline; raw HTML in the source is shown as text, never run."""
    import markdown

    return markdown.markdown(text.replace("&", "&amp;").replace("<", "&lt;"), extensions=["tables"])


def learning_module(app, module_id: str | None):
    """The learning module named in an address, or a notice: the address came from the browser."""
    module = app.catalog.find(module_id or "")
    if module is None or module.kind != "module":
        raise InvalidInput("quiz.unknown_module", module=module_id or "")
    return module


class MaterialPage(ParticipantPage):
    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        self.module = learning_module(app, arg)
        self.route = f"modul/{self.module.id}"
        self.body = widgets.HTML()
        self.body.add_class("asn-material-page")
        start = self.button("modules.start", lambda: app.start_quiz(self.module.id), primary=True, css="asn-start")
        self.root.children = [self.body, self.notice_slot(), row(start, self.home_button())]

    def update(self) -> None:
        lang, module = self.lang, self.module
        note = "" if module.material.get(lang) or lang == "id" else \
            f"<p class='asn-muted'>{esc(t('material.indonesian_only', lang))}</p>"
        self.body.value = (f"<h2>{esc(pick(module.title, lang))}</h2>{note}"
                           f"<div class='asn-material'>{render_markdown(pick(module.material, lang))}</div>")
