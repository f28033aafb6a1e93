"""The participant app on solara's server: many visitors' sessions as virtual kernels in one process (measured by
bench/solara_burst.py and bench/solara_client.py beside Voila; not the kit's server, see docs/deploy.md).

Usage (a separate venv with solara and solara-assets of the same version, see bench/solara_burst.py):
    ASN_TRAINING_DB=sqlite:///... SOLARA_TELEMETRY_MIXPANEL_ENABLE=False SOLARA_ASSETS_CDN=http://127.0.0.1:9/npm/ \\
        solara-venv/bin/solara run bench/solara_app.py --production --no-check-version --host 127.0.0.1 --port 8765

Each visitor's ``?lang=`` and ``?sesi=`` come from solara's router (the page sends its address when it asks the
server to run the app) and reach :meth:`ParticipantApp.arrive`; ``QUERY_STRING`` cannot hold many visitors' in one
process. All visitors share one store (one engine and pool) and one content bundle, opened by the first.
"""

from __future__ import annotations

import functools

import solara

from asn_training.content.bundle import load_bundle
from asn_training.services.database import open_store
from asn_training.ui import ParticipantApp


@functools.cache
def shared() -> tuple:
    return open_store(), load_bundle()


def visitor(search: str) -> ParticipantApp:
    app = ParticipantApp(*shared())
    app.arrive(search.lstrip("?"))
    return app


@solara.component
def Page():
    search = solara.use_router().search or ""
    app = solara.use_memo(lambda: visitor(search), [])
    solara.display(app.widget())
