"""Root pytest configuration, loaded for tests/ and for nbval over notebooks/.

Tests never touch a developer's real database: every run gets a fresh SQLite file, set before any notebook kernel
starts (kernels inherit the environment), and notebooks fail loudly instead of showing their friendly notice.
"""

import os
import tempfile
from pathlib import Path

_tmp = Path(tempfile.mkdtemp(prefix="asn-training-tests-"))
os.environ["ASN_TRAINING_DB"] = f"sqlite:///{_tmp / 'notebooks.sqlite'}"
os.environ["ASN_TRAINING_STRICT"] = "1"
os.environ["ASN_TRAINING_CACHE"] = str(_tmp / "cache")
os.environ.pop("ASN_TRAINING_LANG", None)


def pytest_sessionstart(session):
    from asn_training.store import Store

    store = Store()
    store.upgrade()
    store.close()
