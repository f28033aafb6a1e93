"""Pages on a router: the app's state in one object, one page on screen at a time, one way to move between pages.

Every page has an address (``#beranda``, ``#modul/<id>``, ``#hasil/<attempt>`` ...). :meth:`Router.navigate`
records it, closes the previous page's widgets (so the kernel does not collect them page after page) and tells the
browser, whose script (``share/voila/templates/asn/asn-router.js``) pushes a history entry. When the participant
presses Back or Forward, or reloads on an address, the script sends the address back through a hidden text field
and the router opens that page; a page that needs sign-in is remembered and opened after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import ipywidgets as widgets
from ipywidgets.widgets.widget import _instances

from ...errors import AsnTrainingError, InvalidInput
from ...i18n import t
from .poller import Poller
from .widgets import esc

ROUTE = re.compile(r"^[a-z]*(/[A-Za-z0-9_-]{1,80})?$")
MAX_REDIRECTS = 3


@dataclass
class AppState:
    """Everything an app remembers between two taps; the database holds the rest."""

    lang: str = "id"
    participant: Any = None  # the signed-in person (a store row), or None
    session_code: str = ""  # a trainer's session code, from the page's address (?sesi=) or typed
    session: Any = None  # the trainer's session joined with that code, looked up once
    run: Any = None  # the attempt on the page (services.attempts.QuizRun)
    position: int = 0  # the item of that attempt on the page
    route: str = ""  # the address of the page on screen
    pending: str | None = None  # an address asked for before sign-in, opened right after it


class App(Protocol):
    """What the router needs from the app it serves."""

    state: AppState

    @property
    def signed_in(self) -> bool: ...

    def guard(self, action: Callable[..., None]) -> Callable[..., None]: ...

    def notify(self, error: AsnTrainingError | None) -> None: ...


class Redirect(Exception):  # noqa: N818 (a signal to the router, not an error)
    """Raised while a page opens: show ``route`` instead, with ``error`` as a notice if there is one."""

    def __init__(self, route: str, error: AsnTrainingError | None = None) -> None:
        super().__init__(route)
        self.route, self.error = route, error


def split(route: str) -> tuple[str, str | None]:
    name, _, arg = route.partition("/")
    return name, arg or None


def tree(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    """A widget, its layout and style, and the same for all its children."""
    yield widget
    for part in ("layout", "style"):
        sub = getattr(widget, part, None)
        if isinstance(sub, widgets.Widget):
            yield sub
    for child in getattr(widget, "children", ()):
        yield from tree(child)


def close_tree(widget: widgets.Widget) -> None:
    for part in list(tree(widget)):
        part.close()


def live_widgets() -> int:
    """How many widgets the kernel holds (ipywidgets 8 keeps every open one in this registry)."""
    return len(_instances)


class Page:
    """One page: builds its widgets once in ``__init__``, fills them in :meth:`update`.

    ``arg`` is the rest of the address (``contoh`` in ``modul/contoh``): untrusted, it came from the browser. A page
    that may not be shown raises :class:`Redirect`, or an :class:`AsnTrainingError` (shown, then home)."""

    needs_sign_in = True

    def __init__(self, app: Any, arg: str | None = None) -> None:
        self.app = app
        self._root: widgets.VBox | None = None
        self.route = ""
        self._owned: list[widgets.Widget] = []  # widgets built but not on screen right now
        self._labels: list[tuple[widgets.Widget, str, str]] = []
        self._pollers: list[Poller] = []

    @property
    def lang(self) -> str:
        return self.app.state.lang

    @property
    def root(self) -> widgets.VBox:
        """The page's box, made on first use: a page that refuses to open has made no widget."""
        if self._root is None:
            self._root = widgets.VBox()
        return self._root

    def own(self, widget: widgets.Widget) -> widgets.Widget:
        """Keep ``widget`` to close with the page even while it is off screen."""
        self._owned.append(widget)
        return widget

    def label(self, widget: widgets.Widget, key: str, attribute: str = "description") -> widgets.Widget:
        """Translate ``widget.<attribute>`` from catalogue ``key`` on every render."""
        self._labels.append((widget, attribute, key))
        return widget

    def render(self) -> None:
        """Fill every widget for the current state and language (after opening, and on a language switch)."""
        for widget, attribute, key in self._labels:
            setattr(widget, attribute, t(key, self.lang))
        self.update()

    def update(self) -> None:
        """The page's own values; labels registered with :meth:`label` are already translated."""

    def every(self, seconds: float, action: Callable[[], object], **timing) -> Poller:
        """Call ``action`` every ``seconds`` while this page is shown; a failed call goes to the server's log (not
        through the guard, which would wipe the page's notice at every beat)."""
        poller = Poller(action, seconds, **timing)
        self._pollers.append(poller.start())
        return poller

    def close(self) -> None:
        for poller in self._pollers:
            poller.stop()
        for widget in (self._root, *self._owned):
            if widget is not None:
                close_tree(widget)


class Router:
    """Shows one page of ``pages`` (address name -> page class; ``""`` is the sign-in page) at a time."""

    def __init__(self, app: App, pages: Mapping[str, type[Page]], home: str) -> None:
        self.app, self.pages, self.home = app, pages, home
        self.page: Page | None = None
        self.body = widgets.VBox()
        self._seq = 0
        self._mode = "replace"
        # The bridge to the browser's history: the kernel writes the address here, the browser's script reads it;
        # the browser writes an address into the hidden text field when Back, Forward or a reload asks for one.
        self.location = widgets.HTML()
        self.location.add_class("asn-route-out")
        self.requests = widgets.Text(continuous_update=False)
        self.requests.add_class("asn-route-in")
        self.requests.observe(self._requested, names="value")
        self.bridge = widgets.Box([self.location, self.requests], layout=widgets.Layout(display="none"))

    @property
    def state(self) -> AppState:
        return self.app.state

    def navigate(self, route: str, *, replace: bool = False) -> None:
        """Open the page at ``route`` and record it in the browser's history (``replace``: without a new entry)."""
        self.app.notify(None)
        self._open(route, replace, 0)

    def show(self, page: Page, *, replace: bool = True) -> None:
        """Put a page on screen that is already built (a page with no address, such as a start-up notice)."""
        try:
            page.render()
        except BaseException:
            page.close()
            raise
        previous, self.page = self.page, page
        self.body.children = [page.root]
        if previous is not None and previous is not page:
            previous.close()
        self.state.route = page.route
        self._seq += 1
        self._mode = "replace" if replace else "push"
        self._announce()

    def _announce(self) -> None:
        """Tell the browser the address and the language of the page on screen."""
        route = self.page.route if self.page is not None else ""
        self.location.value = (f"<span class='asn-route' data-route='{esc(route)}' data-seq='{self._seq}' "
                               f"data-mode='{self._mode}' data-lang='{esc(self.state.lang)}'></span>")

    def refresh(self) -> None:
        """Draw the same page again, in the same state (after a language switch), and tell the browser."""
        if self.page is not None:
            self.page.render()
            self._announce()

    def _open(self, route: str, replace: bool, depth: int) -> None:
        route = str(route).strip().lstrip("#")
        name, arg = split(route)
        page_class = self.pages.get(name) if ROUTE.match(route) else None
        if page_class is None:
            return self._redirect(Redirect(self.home, InvalidInput("route.unknown")), depth)
        if page_class.needs_sign_in and not self.app.signed_in:
            self.state.pending = route
            if type(self.page) is self.pages[""]:
                return None  # the sign-in page stays as typed; the address is opened after sign-in
            page_class, arg = self.pages[""], None
        try:
            self.show(page_class(self.app, arg), replace=replace)
        except Redirect as redirect:
            return self._redirect(redirect, depth)
        except AsnTrainingError as error:
            if name == self.home:
                raise
            return self._redirect(Redirect(self.home, error), depth)
        return None

    def _redirect(self, redirect: Redirect, depth: int) -> None:
        if depth >= MAX_REDIRECTS:
            raise RuntimeError(f"redirect loop at {redirect.route!r}")
        if redirect.error is not None:
            self.app.notify(redirect.error)
        self._open(redirect.route, True, depth + 1)

    def _requested(self, change) -> None:
        """The browser asks for an address ("<n>|<route>": the number makes every request a change)."""
        route = str(change["new"]).partition("|")[2][:200].strip().lstrip("#")
        if route == self.state.route and self.page is not None:
            return
        self.app.guard(lambda: self.navigate(route, replace=True))()
