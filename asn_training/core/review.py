"""Review state of content that cites the law: a reviewer's decision stands only while what it rests on is unchanged.

A reviewer's decision records a digest of every registry entry the item cited when it was reviewed (its basis).
When an entry changes (its wording, article, source or confidence), every item that cites it is no longer
``reviewed`` but ``perlu-tinjau-ulang`` (needs re-review) until a reviewer looks at it again. The state is computed,
never stored, so it cannot be forgotten.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import replace

from ..errors import ConfigError
from .models import Catalog, Reference, Review

DRAFT, REVIEWED, STALE, RETIRED = "draft", "reviewed", "perlu-tinjau-ulang", "retired"
STATES = (REVIEWED, STALE, DRAFT, RETIRED)
DECISIONS = (REVIEWED, DRAFT, RETIRED)
__all__ = ["DECISIONS", "STATES", "Review", "basis", "changed", "digest", "served", "state"]


def digest(reference: Reference) -> str:
    """A short fingerprint of what a registry entry says (not of when it was last checked)."""
    content = [reference.instrument, reference.article, reference.title, reference.source, reference.confidence]
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]


def basis(cited: Iterable[str], registry: Mapping[str, Reference]) -> dict[str, str]:
    """The basis a reviewer's decision records today for an item citing ``cited``."""
    return {ref: digest(registry[ref]) for ref in sorted(set(cited)) if ref in registry}


def changed(review: Review, cited: Iterable[str], registry: Mapping[str, Reference]) -> list[str]:
    """The cited references that changed (or were added) since the decision."""
    return sorted(ref for ref, value in basis(cited, registry).items() if review.basis.get(ref) != value)


def state(review: Review, cited: Iterable[str], registry: Mapping[str, Reference]) -> str:
    """``reviewed``, ``perlu-tinjau-ulang``, ``draft`` or ``retired``."""
    if review.status == REVIEWED and changed(review, cited, registry):
        return STALE
    return review.status


def served(catalog: Catalog) -> Catalog:
    """The catalog as served when only reviewed scenarios may be used: every scenario whose review no longer stands
    is left out. A programme that cannot be completed is refused (:class:`ConfigError` naming the modules), never
    served: a required module with no reviewed scenario would otherwise drop out and certify less than it should."""
    modules, empty = [], []
    for module in catalog.modules:
        kept = tuple(s for s in module.scenarios if state(s.review, s.references, catalog.references) == REVIEWED)
        if not kept and (module.required or module.kind == "test"):
            empty.append(module.id)
        modules.append(replace(module, scenarios=kept))
    if empty:
        raise ConfigError("config.nothing_reviewed", modules=", ".join(empty))
    return replace(catalog, modules=tuple(m for m in modules if m.scenarios))
