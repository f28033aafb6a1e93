"""The error guard: every widget callback runs inside it, so a participant sees a notice in their language and
the server's log gets the traceback; nobody sees a traceback in the page."""

from __future__ import annotations

import functools
import logging
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

    def guard(self, action: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(action)
        def run(*args, **kwargs):
            self.notice.value = ""
            try:
                action(*args, **kwargs)
            except AsnTrainingError as exc:
                self.notice.value = f"<p class='asn-notice' role='alert'>{esc(exc.message(self.lang))}</p>"
            except Exception:  # noqa: BLE001 (the participant gets a notice, the log gets the traceback)
                log.exception("unexpected error in %s", getattr(action, "__name__", action))
                self.notice.value = f"<p class='asn-notice' role='alert'>{esc(t('ui.unexpected', self.lang))}</p>"

        return run
