"""What the trainer's control screen and the projector share: a page that follows one session as it moves. The
session and its counts are read on a poll (the revision first: the session itself only when it moved); the widgets
are built once here and their values updated by each page's ``update``."""

from __future__ import annotations

import ipywidgets as widgets

from ...services import live, session_results
from .page import StaffPage


class RoomPage(StaffPage):
    address = ""  # kendali | proyektor
    css = ""  # the pages' own class prefix: asn-control | asn-projector
    bars_before_reveal = False  # the trainer sees the room's answers come in; the room sees them after the reveal

    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        self.session = self.load(arg)
        self.route = f"{self.address}/{self.session.id}"
        self.joined = self.answered = 0
        self.counts_by_option: dict[str, int] = {}
        self.mandiri = None
        self.join = self.part("join")
        self.counts = widgets.HTML()
        self.counts.add_class("asn-counts")
        self.countdown = widgets.HTML()
        self.position = widgets.HTML()
        self.scenario_box = self.part("scenario")
        self.bars = self.part("bars")
        self.progress = self.part("progress")

    def part(self, name: str) -> widgets.HTML:
        widget = widgets.HTML()
        widget.add_class(f"{self.css}-{name}")
        return widget

    def follow(self) -> None:
        """Read the session's counts and start following it (the end of a page's construction)."""
        self._read()
        self.watch = live.Watch(self.app.store, self.session.id, (self.app.POLL_S, self.app.POLL_S))
        self.poller = self.every(live.BEACON_SECONDS, self.beat) if self.app.poll else None

    def beat(self) -> None:
        """A trainer's move shows here as soon as on the phones (the beacon), the counts every ``POLL_S``."""
        if self.watch.due():
            self.tick()

    def _read(self) -> None:
        """Counts only: how many joined and answered, and per option how many chose it (never who)."""
        store, session = self.app.store, self.session
        self.joined, self.answered = live.counts(store, session.id)
        scenario_id = session.scenario_id
        shown = scenario_id is not None and (self.bars_before_reveal or session.phase == "revealed")
        self.counts_by_option = live.distribution(store, session.id, scenario_id) if shown else {}
        if session.mode == "mandiri":
            self.mandiri = session_results.progress(store, self.app.catalog, session.id)

    def tick(self) -> None:
        """One beat of the poll: the session again if its revision moved, then the counts and bars."""
        revision, _status = live.revision(self.app.store, self.session.id)
        if revision != self.session.revision:
            self.session = live.get(self.app.store, self.session.id)
        self._read()
        self.update()
        if self.session.phase == "closed" and self.poller is not None:
            self.poller.stop()  # nothing moves in a closed session
