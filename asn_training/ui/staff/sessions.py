"""The trainer's sessions (``#sesi``): every session, newest first, with its control screen, projector and summary
one tap away; and the form that creates a session: title, date, place, unit, content (a module, the pre-test or the
post-test), mode (``dipandu``: the trainer moves the room; ``mandiri``: each at their own pace), an optional time per
scenario and the number of participants expected. The service checks the values and makes the code."""

from __future__ import annotations

import ipywidgets as widgets

from ...errors import InvalidInput
from ...i18n import format_date, pick, t, today
from ...services import live
from ..kit.widgets import card, esc, text_field
from .page import StaffPage

MODES = ("dipandu", "mandiri")
MODE_KEYS = {"dipandu": "staffui.mode_dipandu", "mandiri": "staffui.mode_mandiri"}
PHASE_KEYS = {"lobby": "staffui.phase_lobby", "question": "staffui.phase_running", "revealed": "staffui.phase_running",
              "closed": "staffui.phase_closed"}
TEST_FORMS = {"pre": "test.pre", "post": "test.post"}


def number(value: str, field: str, lang: str) -> int | None:
    """A whole number typed in an optional field: empty is ``None``."""
    text = str(value).strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 6:
        raise InvalidInput("staffui.bad_number", field=t(field, lang), value=text[:20])
    return int(text)


def status_key(session: live.SessionState) -> str:
    if session.mode == "mandiri" and session.phase != "closed":
        return "staffui.phase_open"
    return PHASE_KEYS[session.phase]


def content_title(app, session: live.SessionState, lang: str) -> str:
    if session.kind in TEST_FORMS:
        return t(TEST_FORMS[session.kind], lang)
    module = app.catalog.find(session.module_id) if app.catalog is not None else None
    return pick(module.title, lang) if module is not None else session.module_id


class SessionsPage(StaffPage):
    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        self.route = "sesi"
        self.heading = widgets.HTML()
        self.title = self.label(text_field("", "asn-session-title"), "staffui.field_title")
        self.held_on = self.label(widgets.DatePicker(value=today(), style={"description_width": "initial"}),
                                  "staffui.field_date")
        self.held_on.add_class("asn-session-date")
        self.place = self.label(text_field("", "asn-session-place"), "staffui.field_place")
        self.unit = self.label(text_field("", "asn-session-unit"), "staffui.field_unit")
        self.content = self.label(widgets.Dropdown(options=self._contents(), style={"description_width": "initial"}),
                                  "staffui.field_content")
        self.content.add_class("asn-session-content")
        self.mode = widgets.ToggleButtons(options=[(m, m) for m in MODES], value="dipandu",
                                          style={"description_width": "initial"})
        self.mode.add_class("asn-session-mode")
        self.label(self.mode, "staffui.field_mode")
        self.mode_help = widgets.HTML()
        self.seconds = self.label(text_field("", "asn-session-seconds", placeholder="60"), "staffui.field_seconds")
        self.expected = self.label(text_field("", "asn-session-expected", placeholder="40"), "staffui.field_expected")
        self.create = self.button("staffui.create", self._create, primary=True, css="asn-create")
        self.form_heading = widgets.HTML()
        form = card(self.form_heading, self.title, self.held_on, self.place, self.unit, self.content, self.mode,
                    self.mode_help, self.seconds, self.expected, self.create, self.notice_slot(), css="asn-form")
        self.listing = widgets.HTML()
        self.listing.add_class("asn-session-list")
        self.root.children = [self.heading, self.listing, form]

    def _contents(self) -> list[tuple[str, str]]:
        catalog = self.app.catalog
        choices = [(pick(m.title, self.lang), m.id) for m in catalog.learning_modules]
        if catalog.test is not None:
            choices += [(t(TEST_FORMS[form], self.lang), form) for form in TEST_FORMS]
        return choices

    def update(self) -> None:
        lang = self.lang
        self.heading.value = f"<h2>{esc(t('staffui.sessions_heading', lang))}</h2>"
        self.form_heading.value = f"<h2>{esc(t('staffui.create_heading', lang))}</h2>"
        chosen, mode = self.content.value, self.mode.value
        self.content.options = self._contents()
        self.content.value = chosen
        self.mode.options = [(t(MODE_KEYS[m], lang), m) for m in MODES]
        self.mode.value = mode
        self.mode_help.value = f"<p class='asn-muted'>{esc(t('staffui.mode_help', lang))}</p>"
        self.listing.value = self._listing()

    def _listing(self) -> str:
        lang, member = self.lang, self.app.staff
        mine = None if member.role == "admin" else member.id  # an administrator sees every trainer's sessions
        sessions = sorted(live.list_sessions(self.app.store, staff_id=mine), key=lambda s: s.id, reverse=True)
        if not sessions:
            return f"<p class='asn-muted'>{esc(t('staffui.no_sessions', lang))}</p>"
        head = "".join(f"<th>{esc(t(key, lang))}</th>" for key in (
            "staffui.col_title", "staffui.col_code", "staffui.col_date", "staffui.col_content", "staffui.col_mode",
            "staffui.col_status", "staffui.col_open"))
        rows = []
        for s in sessions:
            held = format_date(s.held_on, lang) if s.held_on else ""
            links = (f"<a class='asn-open-control' href='#kendali/{s.id}'>{esc(t('staffui.open_control', lang))}</a> "
                     f"<a class='asn-open-projector' href='#proyektor/{s.id}' target='_blank' rel='noopener'>"
                     f"{esc(t('staffui.open_projector', lang))}</a> "
                     f"<a class='asn-open-summary' href='#ringkasan/{s.id}'>{esc(t('staffui.open_summary', lang))}</a>")
            rows.append(f"<tr data-session='{s.id}'><td>{esc(s.title)}</td><td><b>{esc(s.code)}</b></td>"
                        f"<td>{esc(held)}</td><td>{esc(content_title(self.app, s, lang))}</td>"
                        f"<td>{esc(t(MODE_KEYS.get(s.mode, 'staffui.mode_dipandu'), lang))}</td>"
                        f"<td>{esc(t(status_key(s), lang))}</td><td>{links}</td></tr>")
        return f"<table class='asn-sessions'><tr>{head}</tr>{''.join(rows)}</table>"

    def _create(self) -> None:
        lang = self.lang
        if self.mode.value not in MODES:
            raise InvalidInput("staffui.bad_mode")
        held_on = self.held_on.value
        if held_on is None:
            raise InvalidInput("staffui.need_date")
        session = live.create_session(
            self.app.store, self.app.catalog, staff_id=self.app.staff.id, title=self.title.value,
            held_on=held_on, place=self.place.value, unit=self.unit.value, content=str(self.content.value),
            scenario_ids=None, mode=self.mode.value,
            seconds=number(self.seconds.value, "staffui.field_seconds", lang),
            expected=number(self.expected.value, "staffui.field_expected", lang))
        self.app.navigate(f"kendali/{session.id}")
