"""The participant's app: sign in with NIP and PIN, then the home page (Beranda) and every part of the programme.

State lives in the store after every step; the page only displays it. The app's own state is one
:class:`~asn_training.ui.kit.router.AppState`; each page is a class in its own module, opened by the router at its
address (``#beranda``, ``#modul/<id>``, ``#kuis/<id>``, ``#tes/<kind>``, ``#hasil/<attempt>``, ``#penilaian``,
``#ikrar/<id>``, ``#sertifikat``, ``#sesi`` for a led session), so the browser's Back and Forward stay inside the app.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs

import ipywidgets as widgets

from ...content.bundle import Bundle
from ...core.codes import normalise_session_code
from ...core.progress import Progress
from ...errors import AsnTrainingError
from ...i18n import LANGUAGES, normalise, pick, t
from ...services import live, participants, sessions
from ...services.attempts import QuizRun, start_or_resume
from ...services.progress import progress
from ..kit.guard import Guarded, open_for_visitor, unavailable_html, wait_for_visitor
from ..kit.router import AppState, Page, Router
from ..kit.style import STYLE
from ..kit.widgets import app_header, esc
from .certificate import CertificatePage
from .exam import ExamPage
from .home import HomePage
from .identify import IdentifyPage
from .live import LivePage
from .material import MaterialPage
from .pledge import PledgePage
from .quiz import QuizPage
from .result import ResultPage
from .selfassessment import SelfAssessmentPage
from .verify import VerifyPage, route_for

PAGES: dict[str, type[Page]] = {
    "": IdentifyPage, "beranda": HomePage, "modul": MaterialPage, "kuis": QuizPage, "tes": ExamPage,
    "hasil": ResultPage, "penilaian": SelfAssessmentPage, "ikrar": PledgePage, "sertifikat": CertificatePage,
    "verifikasi": VerifyPage, "sesi": LivePage,
}


class Unavailable(Page):
    """What a visitor sees when the app could not start: a notice, not a traceback."""

    needs_sign_in = False

    def __init__(self, app, error: AsnTrainingError) -> None:
        super().__init__(app)
        self.error, self.text = error, widgets.HTML()
        self.root.children = [self.text]

    def update(self) -> None:
        self.text.value = unavailable_html(self.error, self.lang)


class ParticipantApp(Guarded):
    """Build with :meth:`from_environment` in a Voila notebook; show with :meth:`widget`."""

    HOME = "beranda"

    def __init__(self, store, bundle: Bundle | None, *, lang: str = "id", session_code: str = "",
                 startup_error: AsnTrainingError | None = None) -> None:
        self.store = store
        self.catalog = bundle.catalog if bundle else None
        self.pledges = bundle.pledges if bundle else {}
        self.instrument = bundle.instrument if bundle else None
        self.state = AppState(lang=normalise(lang), session_code=normalise_session_code(session_code))
        self.notice = widgets.HTML()
        self.title = widgets.HTML(f"<h1>{esc(t('app.title', self.lang))}</h1>")
        header, self.language = app_header(self.title, self.lang, self.guard(self._switch_language))
        self.router = Router(self, PAGES, self.HOME)
        self.root = widgets.VBox([widgets.HTML(STYLE), header, self.notice, self.router.body, self.router.bridge])
        self.root.add_class("asn-app")
        if startup_error is not None:
            self.router.show(Unavailable(self, startup_error))
        else:
            self.router.navigate("", replace=True)

    @classmethod
    def from_environment(cls) -> ParticipantApp:
        """The app for this visitor, on the configured store and content, with ``?lang=``, ``?sesi=`` and
        ``?verifikasi=`` read from the page's address (:meth:`arrive`)."""
        app = cls.before_visitor()
        app.arrive()
        return app

    @classmethod
    def before_visitor(cls) -> ParticipantApp:
        """The app built before anyone asks for it (in a kernel Voila pre-heats for a hall), on the configured store
        and content. Whatever fails at start, the visitor gets a notice, not a traceback."""
        # A kernel started for its visitor already has the address: drawn in that language at once, not redrawn
        # in arrive(). A pre-heated kernel has none yet.
        lang = normalise((parse_qs(os.environ.get("QUERY_STRING", "")).get("lang") or [None])[0])
        store, bundle, error = open_for_visitor()
        if error is not None:
            return cls(None, None, lang=lang, startup_error=error)
        return cls(store, bundle, lang=lang)

    def arrive(self, query: str | None = None) -> None:
        """The visitor's address, once they have come (a pre-heated kernel waits here for its request): ``?lang=``
        switches the language, ``?sesi=`` fills in the session code, ``?verifikasi=<code>`` (the address in a
        document's QR code) opens the public verification page."""
        if query is None:
            wait_for_visitor()
            query = os.environ.get("QUERY_STRING", "")
        asked = parse_qs(query)
        lang = normalise((asked.get("lang") or [None])[0])
        if lang != self.lang:
            self.language.value = lang  # draws the page again, in the visitor's language
        if self.store is None:
            return  # the start-up notice stays
        self.state.session_code = normalise_session_code((asked.get("sesi") or [""])[0])
        verifying = route_for((asked.get("verifikasi") or [""])[0])
        if verifying or self.state.session_code:
            self.navigate(verifying or "", replace=True)

    def widget(self) -> widgets.Widget:
        return self.root

    # State --------------------------------------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self.state.lang

    @property
    def participant(self):
        return self.state.participant

    @property
    def run(self) -> QuizRun | None:
        return self.state.run

    @property
    def signed_in(self) -> bool:
        return self.state.participant is not None

    def progress(self) -> Progress:
        return progress(self.store, self.catalog, self.pledges, self.state.participant.id)

    def missing_titles(self, state: Progress) -> str:
        """What still stands between the participant and a certificate, as module and pledge titles."""
        return ", ".join(pick((self.catalog.find(m) or self.pledges[m]).title, self.lang) for m in state.missing)

    # Moving around ------------------------------------------------------------------------------------

    def navigate(self, route: str, *, replace: bool = False) -> None:
        self.router.navigate(route, replace=replace)

    def notify(self, error: AsnTrainingError | None) -> None:
        self.notice.value = "" if error is None else \
            f"<p class='asn-notice' role='alert'>{esc(error.message(self.lang))}</p>"

    def _switch_language(self, change) -> None:
        """The same page in the same state, in the other language."""
        self.state.lang = normalise(change["new"])
        if self.state.run is not None:
            self.state.run.lang = self.lang
        if self.signed_in:
            participants.set_language(self.store, self.state.participant.id, self.lang)
        self.title.value = f"<h1>{esc(t('app.title', self.lang))}</h1>"
        self.router.refresh()

    def signed_in_as(self, participant) -> None:
        """After sign-in: the address asked for before it, else the attempt left open, else home."""
        state = self.state
        state.participant = participant
        if state.session is not None:
            sessions.join(self.store, state.session.id, participant.id)  # not after the close
        if participant.lang != self.lang and participant.lang in LANGUAGES:
            self.language.value = participant.lang  # the choice remembered from an earlier visit
        route, state.pending = state.pending, None
        if state.session is not None and state.session.mode == "dipandu":
            route = "sesi"  # a led session: the page follows the trainer (late or reloaded: the scenario on screen)
        if not route:
            route = self.HOME
            resume = self.progress().resume_attempt
            if resume is not None:
                run = QuizRun.load(self.store, self.catalog, resume, self.lang)
                route = f"tes/{run.attempt.kind}" if run.exam else f"kuis/{run.module.id}"
        self.navigate(route, replace=True)  # the sign-in itself leaves no entry in the browser's history

    def sign_out(self) -> None:
        self.state.participant = self.state.run = self.state.session = None
        self.state.pending = None
        self.navigate("")

    def start_quiz(self, module_id: str) -> None:
        """The module's open attempt, or a new one (after a finished one: a retake)."""
        self.state.run = start_or_resume(self.store, self.catalog, self.state.participant, module_id,
                                         lang=self.lang, session_id=self._session_id())
        self.navigate(f"kuis/{module_id}")

    def start_test(self, kind: str) -> None:
        self.state.run = start_or_resume(self.store, self.catalog, self.state.participant, self.catalog.test.id,
                                         kind=kind, lang=self.lang, session_id=self._session_id())
        self.navigate(f"tes/{kind}")

    def _session_id(self) -> int | None:
        """The session an attempt started now belongs to: the one joined, while it is open."""
        session = self.state.session
        return session.id if session is not None and live.is_open(self.store, session.id) else None
