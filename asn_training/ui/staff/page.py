"""What every page of the staff app shares: the app's services, translated buttons, a notice slot beside the
buttons, and the session named in the page's address."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ...core.live import find_scenario
from ...core.models import Scenario
from ...errors import InvalidInput
from ...i18n import t
from ...services import live, staff
from ..kit.router import Page
from ..kit.widgets import button

if TYPE_CHECKING:
    from .app import StaffApp


class StaffPage(Page):
    app: StaffApp
    local_notice: widgets.HTML | None = None
    wide = False  # the whole width of the screen (the projector)
    chrome = True  # the app's header with the signed-in name and Sign out (the projector shows neither)

    def notice_slot(self) -> widgets.HTML:
        if self.local_notice is None:
            self.local_notice = self.own(widgets.HTML())
            self.local_notice.add_class("asn-local-notice")
        return self.local_notice

    def button(self, key: str, action: Callable[[], None], **options) -> widgets.Button:
        """A button labelled with catalogue ``key`` in the current language; ``action`` runs in the guard."""
        return self.label(button(t(key, self.lang), self.app.guard(action), **options), key)

    def render(self) -> None:
        self.app.frame(self)
        super().render()

    @staticmethod
    def session_id(arg: str | None) -> int:
        """The session number in the page's address (untrusted: it came from the browser)."""
        if arg is None or not arg.isdigit() or len(arg) > 9:
            raise InvalidInput("staffui.no_session")
        return int(arg)

    def load(self, arg: str | None) -> live.SessionState:
        session = live.get(self.app.store, self.session_id(arg))
        self.authorise(session)
        return session

    def authorise(self, session: live.SessionState) -> None:
        """The signed-in member may run this session (asked again before every action on it)."""
        from .app import current_staff  # the app imports its pages

        member = current_staff(self.app)
        if member is None:
            raise InvalidInput("staffui.no_session")
        staff.authorise(self.app.store, member.id, session.created_by)

    def scenario(self, session: live.SessionState) -> Scenario | None:
        """The scenario on screen in ``session``, from the bank (``None`` in the lobby, in mandiri, once closed, and
        when the banks no longer hold it: the page goes on following the session instead of failing at each poll)."""
        scenario_id = session.scenario_id
        if scenario_id is None:
            return None
        return find_scenario(self.app.catalog, session.module_id, scenario_id)


def show(widget: widgets.Widget, visible: bool) -> None:
    """Show or hide a widget that stays built (its value is kept; only the layout changes)."""
    widget.layout.display = "" if visible else "none"
