"""Everything a participant's kernel reads from files, validated once and cached.

Every visitor gets their own kernel, and a hall opens the link at once: re-reading and re-validating every bank,
the pledge texts and the self-assessment in each kernel would cost most of a second of CPU per visitor. The bundle
is validated in full the first time (``asn-training serve`` does it before starting) and then read from a cache
keyed by the exact bytes of every input and of the code that validates them, so any change to any of them means a
full validation again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from .. import config
from ..core import review
from ..core.models import Catalog, Instrument, PledgeText
from . import references
from .banks import bank_files, load_catalog
from .instrument import default_path as instrument_path
from .instrument import load_instrument
from .pledges import PLEDGE_IDS, load_pledges
from .pledges import default_dir as pledges_dir

# The code whose rules the cache stands for: any change to it means a full validation again.
_CODE = ("content/schema/bank-v2.json", "content/schema/registry-v2.json",
         "content/schema/pledge-v1.json", "content/schema/instrument-v1.json", "core/review.py", "content/schemas.py",
         "content/banks.py", "content/references.py", "content/pledges.py", "content/instrument.py",
         "content/bundle.py", "content/yamlfile.py", "core/models.py")


@dataclass(frozen=True)
class Bundle:
    catalog: Catalog
    pledges: dict[str, PledgeText]
    instrument: Instrument


def _inputs() -> list[Path]:
    return [*bank_files(), references.default_path(), *(pledges_dir() / f"{p}.yaml" for p in PLEDGE_IDS),
            instrument_path()]


def fingerprint() -> str:
    package = resources.files("asn_training")
    digest = hashlib.sha256()
    for name in _CODE:
        digest.update(package.joinpath(name).read_bytes())
    for path in _inputs():
        digest.update(str(path).encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-"))
    return digest.hexdigest()[:24]


def validate() -> Bundle:
    """Read and validate everything; raise the error listing every problem."""
    catalog = load_catalog()
    return Bundle(catalog, load_pledges(references=set(catalog.references)), load_instrument())


def load_bundle() -> Bundle:
    """The validated bundle, from the cache when no input has changed since it was validated; with
    ``ASN_TRAINING_SCENARIOS=ditinjau``, only the scenarios whose review stands."""
    bundle = _cached_bundle()
    return replace(bundle, catalog=review.served(bundle.catalog)) if config.reviewed_only() else bundle


# Bundles already loaded by this process, by fingerprint: a kernel forked from a warm parent that loaded the bundle
# (asn_training.kernels) uses the parent's copy, shared page for page, instead of unpickling its own.
_loaded: dict[str, Bundle] = {}


def _cached_bundle() -> Bundle:
    key = fingerprint()
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = _read_or_validate(config.cache_dir() / f"bundle-{key}.pickle")
    return _loaded[key]


def _read_or_validate(cache: Path) -> Bundle:
    try:
        return pickle.loads(cache.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    bundle = validate()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(bundle))
        temporary.replace(cache)  # atomic: kernels starting at once never read half a file
    except OSError:
        pass  # a read-only install still works, only without the cache
    return bundle
