"""The staff app: trainers (``pelatih``) and administrators (``admin``) sign in with a username and a password, then
create and run live sessions. Served by the same Voila at ``/staf``; participants keep ``/``.

Who is signed in lives in this kernel only (every page load is a kernel of its own): :func:`current_staff` is the one
place that answers it, so that JupyterHub's user can take the place of the sign-in form later. Every page but the
sign-in form needs a signed-in staff member; the router shows the form instead, whatever address was asked for, and
opens that address after sign-in. Both roles may run sessions.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urljoin

import ipywidgets as widgets

from ... import config
from ...core.models import Catalog
from ...errors import AsnTrainingError
from ...i18n import normalise, t
from ...services.staff import StaffMember
from ..kit.guard import Guarded, notice_html, open_for_visitor, unavailable_html
from ..kit.router import AppState, Page, Router
from ..kit.style import STYLE
from ..kit.widgets import app_header, button, esc
from .control import ControlPage
from .page import StaffPage, show
from .projector import ProjectorPage
from .sessions import SessionsPage
from .signin import SignInPage
from .style import STAFF_STYLE
from .summary import SummaryPage

PAGES: dict[str, type[Page]] = {
    "": SignInPage, "sesi": SessionsPage, "kendali": ControlPage, "proyektor": ProjectorPage,
    "ringkasan": SummaryPage,
}


ROLE_KEYS = {"pelatih": "staffui.role_pelatih", "admin": "staffui.role_admin"}


@dataclass
class StaffState(AppState):
    staff: Any = None  # the signed-in StaffMember, or None


def current_staff(app: StaffApp) -> StaffMember | None:
    """The staff member this app acts for: today the one who signed in on this page; behind JupyterHub, the Hub's
    user mapped to a staff account by username."""
    return app.state.staff


class Unavailable(StaffPage):
    """What a visitor sees when the app could not start: a notice, not a traceback."""

    needs_sign_in = False
    chrome = False

    def __init__(self, app, error: AsnTrainingError) -> None:
        super().__init__(app)
        self.error, self.text = error, widgets.HTML()
        self.root.children = [self.text]

    def update(self) -> None:
        self.text.value = unavailable_html(self.error, self.lang)


def join_base(query_public: str | None = None) -> str:
    """The participants' address, printed and put in the QR code: the configured public address (``serve`` sets
    it to the address it prints for phones), else the address this page was opened at, without ``/staf``."""
    base = query_public or config.public_url()
    if not base:
        request = os.environ.get("VOILA_REQUEST_URL", "")
        base = urljoin(request, os.environ.get("VOILA_BASE_URL", "/")) if request else ""
    if base and not base.endswith("/"):
        base += "/"
    return base


class StaffApp(Guarded):
    """Build with :meth:`from_environment` in a Voila notebook; show with :meth:`widget`."""

    HOME = "sesi"
    POLL_S = 1.5  # how often a live page asks whether its session moved (one indexed column)

    def __init__(self, store, catalog: Catalog | None, *, lang: str = "id", base: str = "",
                 startup_error: AsnTrainingError | None = None, poll: bool = True) -> None:
        self.store, self.catalog = store, catalog
        self.base = base or join_base()
        self.poll = poll  # live pages poll the session in the kernel's event loop (tests drive ``tick`` instead)
        self.state = StaffState(lang=normalise(lang))
        self.notice = widgets.HTML()
        self.title = widgets.HTML()
        self.user_box: widgets.HBox | None = None  # who is signed in, and Sign out: built at the first sign-in
        self.header, self.language = app_header(self.title, self.lang, self.guard(self._switch_language))
        self.router = Router(self, PAGES, self.HOME)
        self.root = widgets.VBox([widgets.HTML(STYLE + STAFF_STYLE), self.header, self.notice, self.router.body,
                                  self.router.bridge])
        self.root.add_class("asn-app")
        self.root.add_class("asn-staff")
        self._draw_header()
        if startup_error is not None:
            self.router.show(Unavailable(self, startup_error))
        else:
            self.router.navigate("", replace=True)

    @classmethod
    def from_environment(cls) -> StaffApp:
        """The app for this visitor, on the configured store and content; ``?lang=`` comes from the page's
        address. Whatever fails at start, the visitor gets a notice, not a traceback."""
        query = parse_qs(os.environ.get("QUERY_STRING", ""))
        lang = normalise((query.get("lang") or [None])[0])
        store, bundle, error = open_for_visitor()
        if error is not None:
            return cls(None, None, lang=lang, startup_error=error)
        return cls(store, bundle.catalog, lang=lang)

    def widget(self) -> widgets.Widget:
        return self.root

    # State --------------------------------------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self.state.lang

    @property
    def staff(self) -> StaffMember | None:
        return current_staff(self)

    @property
    def signed_in(self) -> bool:
        return current_staff(self) is not None

    @property
    def actor(self) -> str:
        """Who the audit log names for an action on this page."""
        member = current_staff(self)
        return f"staff:{member.username}" if member is not None else "staff:-"

    # Moving around ------------------------------------------------------------------------------------

    def navigate(self, route: str, *, replace: bool = False) -> None:
        self.router.navigate(route, replace=replace)

    def notify(self, error: AsnTrainingError | None) -> None:
        self.notice.value = "" if error is None else notice_html(error.message(self.lang))

    def frame(self, page: StaffPage) -> None:
        """Dress the app for the page about to be shown: the projector gets the whole screen and no header."""
        (self.root.add_class if page.wide else self.root.remove_class)("asn-wide")
        show(self.header, page.chrome)
        self._draw_header(page.chrome)

    def _draw_header(self, chrome: bool = True) -> None:
        """The title, the language switch and, once signed in, who is and Sign out; a page without the app's
        header (the projector) gets no name in its widgets at all, not even hidden."""
        member = current_staff(self) if chrome else None
        self.title.value = f"<h1>{esc(t('staffui.title', self.lang))}</h1>"
        if member is not None:
            if self.user_box is None:
                sign_out = button("", self.guard(self.sign_out), css="asn-sign-out")
                self.user_box = widgets.HBox([widgets.HTML(), sign_out], layout=widgets.Layout(align_items="center"))
            who, sign_out = self.user_box.children
            role = t(ROLE_KEYS.get(member.role, "staffui.role_pelatih"), self.lang)
            text = t("staffui.who", self.lang, name=member.display_name, role=role)
            who.value = f"<span class='asn-muted asn-who'>{esc(text)}</span>"
            sign_out.description = t("nav.sign_out", self.lang)
        elif self.user_box is not None:
            self.user_box.children[0].value = ""  # no name left in the browser's widget state
        # Before sign-in the header holds the title and the language switch, nothing else
        parts = [self.title, self.user_box, self.language] if member is not None else [self.title, self.language]
        if list(self.header.children) != parts:
            self.header.children = parts

    def _switch_language(self, change) -> None:
        self.state.lang = normalise(change["new"])
        self.router.refresh()  # the page's render dresses the header too (frame)

    def signed_in_as(self, member: StaffMember) -> None:
        """After sign-in: the address asked for before it, else the list of sessions."""
        self.state.staff = member
        route, self.state.pending = self.state.pending, None
        self.navigate(route or self.HOME, replace=True)  # the page shown dresses the header (frame)

    def sign_out(self) -> None:
        self.state.staff = None
        self.state.pending = None
        self.navigate("")
