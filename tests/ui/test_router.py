"""The router every app's pages stand on: one page at a time, its widgets closed when it goes, its address told to
the browser, the browser's addresses opened, sign-in and refusals handled in one place."""

from __future__ import annotations

import asyncio
import re

import ipywidgets as widgets

from asn_training.errors import InvalidInput
from asn_training.ui.kit.router import AppState, Page, Redirect, Router, live_widgets, tree

from .drive import run_async


class Home(Page):
    def __init__(self, app, arg=None):
        super().__init__(app, arg)
        self.route = "home"
        self.text = widgets.HTML()
        self.root.children = [self.text, widgets.Button(description="go")]
        self.spare = self.own(widgets.Button(description="off screen"))
        self.renders = 0

    def update(self):
        self.renders += 1
        self.text.value = f"home in {self.lang}"


class SignIn(Page):
    needs_sign_in = False

    def __init__(self, app, arg=None):
        super().__init__(app, arg)
        self.field = widgets.Text()
        self.root.children = [self.field]


class Item(Page):
    def __init__(self, app, arg=None):
        super().__init__(app, arg)
        if arg == "secret":
            raise InvalidInput("route.not_yours")
        if arg == "moved":
            raise Redirect("item/new")
        self.route = f"item/{arg}"


class Broken(Page):
    """Builds its widgets, then fails to fill them."""

    def __init__(self, app, arg=None):
        super().__init__(app, arg)
        self.root.children = [widgets.HTML(), widgets.Button()]

    def update(self):
        raise InvalidInput("route.not_yours")


class Live(Page):
    def __init__(self, app, arg=None):
        super().__init__(app, arg)
        self.route = "live"
        self.polls = 0
        self.poller = self.every(1, self.poll)

    def poll(self):
        self.polls += 1


class FakeApp:
    def __init__(self):
        self.state = AppState()
        self.notices: list[str | None] = []
        self.router = Router(self, {"": SignIn, "home": Home, "item": Item, "live": Live,
                                      "broken": Broken}, "home")

    @property
    def signed_in(self):
        return self.state.participant is not None

    def guard(self, action):
        return action

    def notify(self, error):
        self.notices.append(None if error is None else error.key)


def announced(router: Router) -> tuple[str, int, str]:
    value = router.location.value
    route, seq, mode = re.search(r"data-route='([^']*)' data-seq='(\d+)' data-mode='(\w+)'", value).groups()
    return route, int(seq), mode


def signed_in_app() -> FakeApp:
    app = FakeApp()
    app.state.participant = "someone"
    return app


def test_leaving_a_page_closes_all_its_widgets_layouts_and_styles():
    app = signed_in_app()
    before = live_widgets()
    app.router.navigate("home")
    page = app.router.page
    parts = [*tree(page.root), *tree(page.spare)]
    assert any(isinstance(p, widgets.Layout) for p in parts) and any(isinstance(p, widgets.ButtonStyle)
                                                                     for p in parts)
    app.router.navigate("item/1")
    assert all(part.comm is None for part in parts)
    for _ in range(50):
        app.router.navigate("home")
    assert live_widgets() - before <= len(parts)


def test_each_page_is_announced_with_a_new_number_and_its_mode():
    app = signed_in_app()
    app.router.navigate("home")
    route, first, mode = announced(app.router)
    assert (route, mode) == ("home", "push") and app.state.route == "home"
    app.router.navigate("item/7", replace=True)
    assert announced(app.router) == ("item/7", first + 1, "replace")


def test_a_page_that_needs_sign_in_is_remembered_and_the_sign_in_page_stays():
    app = FakeApp()
    app.router.navigate("", replace=True)
    sign_in = app.router.page
    sign_in.field.value = "typed"
    app.router.navigate("item/3")
    assert app.router.page is sign_in and sign_in.field.value == "typed" and sign_in.field.comm is not None
    assert app.state.pending == "item/3"


def test_refusals_and_unknown_addresses_go_home_with_a_notice_and_no_history_entry():
    app = signed_in_app()
    app.router.navigate("home")
    for address, notice in (("item/secret", "route.not_yours"), ("nowhere", "route.unknown"),
                            ("item/<b>", "route.unknown"), ("item/" + "x" * 200, "route.unknown")):
        app.notices.clear()
        app.router.navigate(address)
        assert app.notices == [None, notice] and announced(app.router)[::2] == ("home", "replace")


def test_a_page_that_refuses_to_open_leaves_no_widget_behind():
    app = signed_in_app()
    app.router.navigate("home")
    before = live_widgets()
    for _ in range(20):
        for address in ("item/secret", "item/moved", "broken", "nowhere"):
            app.router.navigate(address)
    assert live_widgets() - before <= 5  # the last page on screen differs from home by a few widgets
    app.router.navigate("broken")
    assert app.notices[-1] == "route.not_yours" and isinstance(app.router.page, Home)


def test_a_redirect_opens_the_other_page_in_place_of_the_asked_one():
    app = signed_in_app()
    app.router.navigate("item/moved")
    assert announced(app.router)[::2] == ("item/new", "replace") and app.notices == [None]


def test_the_browser_asks_through_the_hidden_field_and_gets_no_new_history_entry():
    app = signed_in_app()
    app.router.navigate("home")
    app.router.requests.value = "1|#item/4"
    assert announced(app.router)[::2] == ("item/4", "replace")
    page = app.router.page
    app.router.requests.value = "2|item/4"  # the page on screen: nothing to do
    assert app.router.page is page


def test_refresh_draws_the_same_page_again():
    app = signed_in_app()
    app.router.navigate("home")
    page = app.router.page
    app.state.lang = "en"
    app.router.refresh()
    assert app.router.page is page and page.renders == 2 and page.text.value == "home in en"


def test_leaving_a_live_page_stops_its_poller():
    app = signed_in_app()

    async def main():
        app.router.navigate("live")
        page = app.router.page
        assert page.poller.running
        await asyncio.sleep(0)
        app.router.navigate("home")
        await asyncio.sleep(0)
        return page

    page = run_async(main())
    assert not page.poller.running and page.poller.task is None
