"""What every page of the participant's app shares: the app's services, translated buttons, option buttons."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ...i18n import format_number, pick, t
from ...services.attempts import QuizRun, StaleAttempt
from ..kit.guard import notice_html
from ..kit.router import Page
from ..kit.widgets import button, esc, paragraphs

if TYPE_CHECKING:
    from .app import ParticipantApp


class ParticipantPage(Page):
    app: ParticipantApp
    local_notice: widgets.HTML | None = None  # the notices of this page's actions, beside its buttons
    boxes: list[widgets.Checkbox]  # the tick boxes of a scenario with several answers, built as many as needed

    def checkboxes(self, count: int) -> list[widgets.Checkbox]:
        """``count`` tick boxes for the options of a several-answers scenario: built once, reused, spares emptied."""
        if not hasattr(self, "boxes"):
            self.boxes = []
        while len(self.boxes) < count:
            self.boxes.append(self.own(widgets.Checkbox(indent=False, layout=widgets.Layout(width="100%"),
                                                        _dom_classes=["asn-choice"])))
        for spare in self.boxes[count:]:
            spare.description, spare.value = "", False
        return self.boxes[:count]

    def notice_slot(self) -> widgets.HTML:
        """The page's own notice slot, to place beside the buttons whose actions it reports on."""
        if self.local_notice is None:
            self.local_notice = self.own(widgets.HTML())
            self.local_notice.add_class("asn-local-notice")
        return self.local_notice

    @property
    def state(self):
        return self.app.state

    def button(self, key: str, action: Callable[[], None], **options) -> widgets.Button:
        """A button labelled with catalogue ``key`` in the current language; ``action`` runs in the guard."""
        return self.label(button(t(key, self.lang), self.app.guard(action), **options), key)

    def home_button(self) -> widgets.Button:
        return self.button("nav.home", lambda: self.app.navigate(self.app.HOME), css="asn-home")

    def number(self, value: float, signed: bool = False) -> str:
        return format_number(value, self.lang, signed=signed)

    def warn(self, key: str, **params: object) -> None:
        """A notice that is not an error: the page stays as it is. Beside the buttons if the page has a slot."""
        (self.local_notice or self.app.notice).value = notice_html(t(key, self.lang, **params))


def set_primary(choice: widgets.Button, primary: bool) -> None:
    choice.button_style = "primary" if primary else ""
    (choice.add_class if primary else choice.remove_class)("asn-primary")


class OptionButtons:
    """A pool of full-width option buttons reused from item to item: tapping the i-th calls ``on_tap(i)``."""

    def __init__(self, page: Page, on_tap: Callable[[int], None]) -> None:
        self.page, self.on_tap = page, on_tap
        self.buttons: list[widgets.Button] = []

    def build(self, count: int) -> None:
        """At least ``count`` buttons, built now (a led session builds them in the lobby, not at the first scenario,
        when the whole hall would ask for them at once)."""
        while len(self.buttons) < count:
            index = len(self.buttons)
            self.buttons.append(self.page.own(button("", self.page.app.guard(lambda i=index: self.on_tap(i)),
                                                     css="asn-option", width="100%")))

    def show(self, texts: list[str], selected: set[int] = frozenset()) -> list[widgets.Button]:
        self.build(len(texts))
        shown = self.buttons[:len(texts)]
        for index, (choice, text) in enumerate(zip(shown, texts, strict=True)):
            choice.description = f"{chr(65 + index)}. {text}"
            if index in selected:
                choice.add_class("asn-selected")
                choice.button_style = "info"
            else:
                choice.remove_class("asn-selected")
                choice.button_style = ""
        for spare in self.buttons[len(texts):]:
            spare.description = ""  # nothing of an earlier item stays in the browser's widget state
        return shown


def item_head(run, position: int, lang: str) -> str:
    """The item's heading: module, position, topic, then its situation and question."""
    item = run.item(position)
    progress = t("quiz.progress", lang, n=position + 1, total=item.total)
    if run.exam:
        progress += " · " + t("test.answered", lang, count=item.total - run.unanswered)
    return (f"<p class='asn-muted'>{esc(pick(run.module.title, lang))} · {esc(progress)} · {esc(item.topic)}</p>"
            f"{paragraphs(item.situation)}<p><b>{esc(item.question)}</b></p>")


class RunPage(ParticipantPage):
    """A page that drives one attempt (a quiz item, an exam item): the item on screen is ``state.position``."""

    run: QuizRun

    @property
    def position(self) -> int:
        return self.state.position

    def open_run(self, module_id: str, kind: str) -> QuizRun | None:
        """The participant's open attempt at this module and kind: the one Start just made or resumed (no second
        read), else the one a reload or the browser's Forward comes back to, as the database holds it."""
        run = self.state.run
        if run is not None and run.module.id == module_id and run.attempt.kind == kind and not run.finished:
            return run
        return QuizRun.resume(self.app.store, self.app.catalog, self.state.participant.id, module_id, kind=kind,
                              lang=self.lang)

    def save_answer(self, chosen: list[str]) -> None:
        """Answer the item on screen of ``self.run``; if another tab answered it or finished the attempt, show what
        the database holds (the item again, or the result) and let the guard say what happened."""
        try:
            self.run.answer(self.position, chosen)
        except StaleAttempt:
            if self.run.finished:
                self.app.navigate(f"hasil/{self.run.attempt.id}")
            else:
                self.render()
            raise
        self.render()

    def finish_run(self) -> None:
        """Finish ``self.run`` and show its result: finished here or, as the notice then says, in another tab."""
        try:
            self.run.finish()
        finally:
            self.app.navigate(f"hasil/{self.run.attempt.id}")
