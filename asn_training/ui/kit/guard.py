"""The error guard: every widget callback runs inside it, so a participant sees a notice in their language and
the server's log gets the traceback; nobody sees a traceback in the page.

A notice goes where the reader is looking: a page that has a notice slot of its own beside its buttons
(``local_notice``) gets the notices its actions raise there; the app's notice at the top is for page-level errors
(an address that cannot be opened, an unexpected failure)."""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable

import ipywidgets as widgets

from ...errors import AsnTrainingError
from ...i18n import t
from .widgets import esc

log = logging.getLogger("asn_training.ui")
if not log.handlers:  # to the server's console, never into the page
    _handler = logging.StreamHandler(sys.__stderr__)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    log.addHandler(_handler)
    log.propagate = False


class Guarded:
    """Mixin: run a callback and turn any failure into a notice in the participant's language."""

    lang: str
    notice: widgets.HTML

    def local_notice(self) -> widgets.HTML | None:
        """The notice slot of the page on screen, if it has one."""
        page = getattr(getattr(self, "router", None), "page", None)
        return getattr(page, "local_notice", None)

    def guard(self, action: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(action)
        def run(*args, **kwargs):
            self.notice.value = ""
            slot = self.local_notice()
            if slot is not None:
                slot.value = ""
            try:
                action(*args, **kwargs)
            except AsnTrainingError as exc:
                html = notice_html(exc.message(self.lang))
                if slot is not None and slot is self.local_notice():  # still the page the action was on
                    slot.value = html
                else:
                    self.notice.value = html
            except Exception:  # noqa: BLE001 (the participant gets a notice, the log gets the traceback)
                log.exception("unexpected error in %s", getattr(action, "__name__", action))
                self.notice.value = notice_html(t('ui.unexpected', self.lang))

        return run


def notice_html(text: str) -> str:
    return f"<p class='asn-notice' role='alert'>{esc(text)}</p>"


def unavailable_html(error: AsnTrainingError, lang: str) -> str:
    """What a visitor sees when an app could not start: a notice and the reason, never a traceback."""
    return notice_html(t("app.unavailable", lang)) + f"<p class='asn-muted'>{esc(error.message(lang))}</p>"


def wait_for_visitor() -> None:
    """In a kernel Voila pre-heated for a hall (its pool, ``VOILA_PREHEAT``), wait until a visitor's request takes
    it: the request's ``QUERY_STRING`` and headers are then in ``os.environ``. Elsewhere return at once.

    Voila's ``voila.utils.wait_for_request`` does the same, but importing it loads Voila's server side into every
    kernel (45 MB and 2 s of imports); this asks Voila's request-info socket directly."""
    env = os.environ
    if env.get("VOILA_PREHEAT") != "True":
        return
    import json

    from websockets.sync.client import connect

    base = env.get("VOILA_WS_BASE_URL") or env.get("VOILA_SERVER_URL") or "/"
    address = (f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{env.get('VOILA_APP_IP', '127.0.0.1')}:"
               f"{env.get('VOILA_APP_PORT', '8866')}{base}voila/query/{env['VOILA_KERNEL_ID']}")
    try:
        with connect(address, open_timeout=30, max_size=2**20) as socket:
            request = json.loads(socket.recv())
    except Exception:  # noqa: BLE001 (the server went away: the visitor, if any, gets the defaults)
        log.warning("no request for this pre-heated kernel from %s", address, exc_info=True)
        return
    env.update({str(name): str(value) for name, value in request.items()})


def open_for_visitor():
    """The store and the content bundle for a visitor's kernel, and ``None``; or, when either cannot be opened, two
    ``None`` and the error the visitor is shown instead of a traceback (tests set ``ASN_TRAINING_STRICT`` to fail
    loudly)."""
    from ...content.bundle import load_bundle
    from ...services.database import open_store

    try:
        return open_store(kernel=True), load_bundle(), None
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("ASN_TRAINING_STRICT"):
            raise
        log.exception("startup failed")
        return None, None, exc if isinstance(exc, AsnTrainingError) else AsnTrainingError("app.startup_failed")
