"""The participant's app: sign in with NIP and PIN, then the home page (Beranda) and every part of the programme.

State lives in the store after every step; the page only displays it. Pages are methods that fill ``self.body``;
quiz and exam pages are in :mod:`.quizpages`, material, self-assessment, pledges and certificate in
:mod:`.programme`.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs

import ipywidgets as widgets

from ...content.bundle import Bundle, load_bundle
from ...core.codes import normalise_session_code
from ...core.identity import KINDS, format_nip, mask_name
from ...core.progress import PASSED, Progress
from ...errors import AsnTrainingError, InvalidInput
from ...i18n import LANGUAGES, normalise, pick, t
from ...services import participants, sessions
from ...services.attempts import QuizRun
from ...services.database import open_store
from ...services.participants import Lookup, lookup, register, sign_in
from ...services.progress import progress
from ..kit.guard import Guarded, log
from ..kit.style import STYLE
from ..kit.widgets import button, card, esc, paragraphs, row, text_field
from .programme import ProgrammePages
from .quiz import QuizPages


class ParticipantApp(Guarded, QuizPages, ProgrammePages):
    """Build with :meth:`from_environment` in a Voila notebook; show with :meth:`widget`."""

    def __init__(self, store, bundle: Bundle | None, *, lang: str = "id", session_code: str = "",
                 startup_error: AsnTrainingError | None = None) -> None:
        self.store, self.lang = store, normalise(lang)
        self.catalog = bundle.catalog if bundle else None
        self.pledges = bundle.pledges if bundle else {}
        self.instrument = bundle.instrument if bundle else None
        self.session_code = normalise_session_code(session_code)
        self.participant = None
        self.run: QuizRun | None = None
        self.session = None  # the trainer's session joined with the code, looked up once
        self._position = 0  # the item shown in an exam, where the participant may move back and forth
        self.notice = widgets.HTML()
        self.body = widgets.VBox()
        self.language = widgets.ToggleButtons(options=[(code.upper(), code) for code in LANGUAGES],
                                              value=self.lang, layout=widgets.Layout(width="auto"))
        self.language.style.button_width = "48px"
        self.language.add_class("asn-language")
        self.language.observe(self.guard(self._switch_language), names="value")
        self.title = widgets.HTML()
        header = widgets.HBox([self.title, self.language],
                              layout=widgets.Layout(justify_content="space-between", align_items="center",
                                                    flex_flow="row wrap"))
        header.add_class("asn-header")
        self.root = widgets.VBox([widgets.HTML(STYLE), header, self.notice, self.body])
        self.root.add_class("asn-app")
        self._render = self.show_identify
        if startup_error is not None:
            self._render = lambda: self._show_startup_error(startup_error)
        self.refresh()

    @classmethod
    def from_environment(cls) -> ParticipantApp:
        """The app for this visitor, on the configured store and content; ``?lang=`` and ``?sesi=`` come from the
        page's address. Whatever fails at start, the visitor gets a notice, not a traceback."""
        query = parse_qs(os.environ.get("QUERY_STRING", ""))
        lang = normalise((query.get("lang") or [None])[0])
        try:
            store, bundle = open_store(kernel=True), load_bundle()
        except Exception as exc:  # noqa: BLE001
            if os.environ.get("ASN_TRAINING_STRICT"):  # tests: fail loudly instead of showing the notice
                raise
            log.exception("startup failed")
            error = exc if isinstance(exc, AsnTrainingError) else AsnTrainingError("app.startup_failed")
            return cls(None, None, lang=lang, startup_error=error)
        return cls(store, bundle, lang=lang, session_code=(query.get("sesi") or [""])[0])

    def widget(self) -> widgets.Widget:
        return self.root

    # Frame --------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.title.value = f"<h1>{esc(t('app.title', self.lang))}</h1>"
        self._render()

    def _switch_language(self, change) -> None:
        self.lang = normalise(change["new"])
        if self.run is not None:
            self.run.lang = self.lang
        if self.participant is not None:
            participants.set_language(self.store, self.participant.id, self.lang)
        self.refresh()

    def _page(self, render) -> None:
        self._render = render
        self.notice.value = ""
        render()

    def _show_startup_error(self, error: AsnTrainingError) -> None:
        self.body.children = [widgets.HTML(f"<p class='asn-notice' role='alert'>{esc(t('app.unavailable', self.lang))}"
                                           f"</p><p class='asn-muted'>{esc(error.message(self.lang))}</p>")]

    def home_button(self) -> widgets.Button:
        return button(t("nav.home", self.lang), self.guard(lambda: self._page(self.show_home)), css="asn-home")

    # Identify and sign in -----------------------------------------------------------------------------

    def show_identify(self) -> None:
        lang = self.lang
        kind = widgets.Dropdown(options=[(t(f"kind.{k}", lang), k) for k in KINDS], value="pns",
                                description=t("identify.kind", lang), style={"description_width": "initial"})
        kind.add_class("asn-kind")
        nip = text_field(t("identify.nip", lang), "asn-nip", placeholder="19860926 201505 1 001")
        code = text_field(t("identify.session", lang), "asn-session", placeholder="ABC123")
        code.value = self.session_code
        submit = button(t("identify.submit", lang), self.guard(lambda: self._lookup(kind.value, nip.value,
                                                                                    code.value)),
                        primary=True, css="asn-identify")
        self.body.children = [widgets.HTML(paragraphs(t("identify.intro", lang))), kind, nip, code, submit]

    def _lookup(self, kind: str, nip: str, code: str) -> None:
        if kind not in KINDS:
            raise InvalidInput("nip.kind", kind=kind, kinds=", ".join(KINDS))
        self.session_code = normalise_session_code(code)
        self.session = sessions.open_session(self.store, self.session_code)
        found = lookup(self.store, kind, nip)
        self._page(lambda: self.show_pin(found) if found.needs_pin else self.show_register(found))

    def show_pin(self, found: Lookup) -> None:
        lang = self.lang
        pin = text_field(t("pin.enter", lang), "asn-pin", password=True)
        submit = button(t("pin.sign_in", lang), self.guard(lambda: self._sign_in(found, pin.value)), primary=True,
                        css="asn-sign-in")
        back = button(t("nav.back", lang), self.guard(lambda: self._page(self.show_identify)), css="asn-back-id")
        self.body.children = [widgets.HTML(f"<p>{esc(t('pin.intro', lang, nip=format_nip(found.nip)))}</p>"),
                              pin, row(submit, back), widgets.HTML(f"<p class='asn-muted'>"
                                                                    f"{esc(t('pin.forgot', lang))}</p>")]

    def show_register(self, found: Lookup) -> None:
        lang = self.lang
        known = found.participant
        name = text_field(t("identify.name", lang), "asn-name")
        unit = text_field(t("identify.unit", lang), "asn-unit")
        fields: list[widgets.Widget] = []
        if known is not None:
            # Before a PIN exists anyone may type this NIP: show the name masked, enough to recognise one's own.
            listed = t("register.listed", lang, name=mask_name(known.name), unit=known.unit)
            fields.append(widgets.HTML(f"<p>{esc(listed)}</p>"))
        else:
            note = "register.unlisted" if found.roster_loaded else "register.new"
            fields += [widgets.HTML(f"<p class='asn-muted'>{esc(t(note, lang))}</p>"), name, unit]
        pin = text_field(t("pin.new", lang), "asn-new-pin", password=True)
        again = text_field(t("pin.again", lang), "asn-new-pin-again", password=True)
        submit = button(t("register.submit", lang), self.guard(
            lambda: self._register(found, name.value, unit.value, pin.value, again.value)), primary=True,
            css="asn-register")
        back = button(t("nav.back", lang), self.guard(lambda: self._page(self.show_identify)), css="asn-back-id")
        self.body.children = [widgets.HTML(f"<h2>{esc(t('register.heading', lang))}</h2>"
                                           f"<p>{esc(t('register.pin_why', lang))}</p>"),
                              *fields, pin, again, row(submit, back)]

    def _register(self, found: Lookup, name: str, unit: str, pin: str, again: str) -> None:
        self._signed_in(register(self.store, found, name, unit, pin, again, self.lang))

    def _sign_in(self, found: Lookup, pin: str) -> None:
        self._signed_in(sign_in(self.store, found, pin))

    def _signed_in(self, participant) -> None:
        self.participant = participant
        if self.session is not None:
            sessions.join(self.store, self.session.id, participant.id)
        if participant.lang != self.lang and participant.lang in LANGUAGES:
            self.language.value = participant.lang  # the choice remembered from an earlier visit
        state = self.progress()
        if state.resume_attempt is not None:
            self.run = QuizRun.load(self.store, self.catalog, state.resume_attempt, self.lang)
            self._position = self.run.next_position or 0
            self._page(self.show_item)
            return
        self._page(self.show_home)

    def sign_out(self) -> None:
        self.participant, self.run = None, None
        self._page(self.show_identify)

    # Home ---------------------------------------------------------------------------------------------

    def progress(self) -> Progress:
        return progress(self.store, self.catalog, self.pledges, self.participant.id)

    def show_home(self) -> None:
        lang, participant, state = self.lang, self.participant, self.progress()
        total = len(state.modules)
        share = round(100 * state.passed / total) if total else 0
        session = "" if self.session is None else \
            f"<p class='asn-muted'>{esc(t('home.session', lang, code=self.session.code, title=self.session.title))}</p>"
        header = widgets.HTML(
            f"<h2>{esc(t('home.heading', lang))}</h2><p>{esc(t('modules.hello', lang, name=participant.name))} "
            f"<span class='asn-muted'>({esc(format_nip(participant.nip))}, {esc(participant.unit)})</span></p>"
            f"{session}<p>{esc(t('home.progress', lang, passed=state.passed, total=total))}</p>"
            f"<div class='asn-bar' role='progressbar' aria-valuenow='{share}' aria-valuemin='0' aria-valuemax='100'>"
            f"<div style='width:{share}%'></div></div>")
        cards = [header]
        if state.test is not None:
            cards.append(self._test_card(state))
        for item in state.modules:
            cards.append(self._module_card(item))
        cards += [self._self_assessment_card(state), self._pledges_card(state), self._certificate_card(state),
                  button(t("nav.sign_out", lang), self.guard(self.sign_out), css="asn-sign-out")]
        self.body.children = cards

    def _status(self, status: str, best: float | None, pass_mark: float) -> str:
        if status == PASSED:
            return t("modules.passed", self.lang, percent=f"{best:g}")
        if best is not None:
            return t("modules.best", self.lang, percent=f"{best:g}", pass_mark=f"{pass_mark:g}")
        return t("modules.in_progress" if status != "not_started" else "modules.not_started", self.lang)

    def _module_card(self, item) -> widgets.VBox:
        lang, module = self.lang, self.catalog.module(item.module_id)
        quiz_label = t("modules.resume" if item.open_attempt else "modules.start", lang)
        status = self._status(item.status, item.best, module.pass_mark)
        return card(
            widgets.HTML(f"<h2>{esc(pick(module.title, lang))}</h2><p>{esc(pick(module.summary, lang))}</p>"
                         f"<p class='asn-muted asn-status'>{esc(status)}</p>"),
            row(button(t("modules.material", lang), self.guard(lambda m=module.id: self._page(
                lambda: self.show_material(m))), css="asn-material-open"),
                button(quiz_label, self.guard(lambda m=module.id: self.start_quiz(m)), primary=True,
                       css="asn-start")),
            css=f"asn-module-{module.id}")

    def _test_card(self, state: Progress) -> widgets.VBox:
        lang, test = self.lang, state.test
        lines = [t("test.pre_score", lang, percent=f"{test.pre:g}") if test.pre is not None
                 else t("test.pre_todo", lang)]
        if test.post is not None:
            lines.append(t("test.post_score", lang, percent=f"{test.post:g}"))
        if test.gain is not None:
            lines.append(t("test.gain", lang, gain=f"{test.gain:+g}"))
        buttons = []
        if test.open_kind:
            buttons.append(button(t("test.resume", lang), self.guard(lambda: self.start_test(test.open_kind)),
                                  primary=True, css="asn-test-resume"))
        elif test.pre is None:
            buttons.append(button(t("test.start_pre", lang), self.guard(lambda: self.start_test("pre")), primary=True,
                                  css="asn-pre"))
        else:
            buttons.append(button(t("test.start_post", lang), self.guard(lambda: self.start_test("post")),
                                  primary=test.post is None, css="asn-post"))
        return card(widgets.HTML(f"<h2>{esc(t('test.heading', lang))}</h2><p>{esc(t('test.intro', lang))}</p>"
                                 + "".join(f"<p class='asn-muted'>{esc(line)}</p>" for line in lines)),
                    row(*buttons), css="asn-test-card")
