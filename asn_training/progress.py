"""A participant's progress through the programme, as the home page (Beranda) shows it. Pure over store reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from .bank import Catalog
from .pledges import PledgeText
from .scoring import best_percent
from .store import Attempt, PledgeSignature, Store

NOT_STARTED, IN_PROGRESS, PASSED = "not_started", "in_progress", "passed"


@dataclass(frozen=True)
class ModuleProgress:
    module_id: str
    status: str
    best: float | None
    open_attempt: int | None
    required: bool


@dataclass(frozen=True)
class TestProgress:
    pre: float | None
    post: float | None
    open_kind: str | None

    @property
    def gain(self) -> float | None:
        return None if self.pre is None or self.post is None else round(self.post - self.pre, 1)


@dataclass(frozen=True)
class Progress:
    modules: list[ModuleProgress]
    test: TestProgress | None
    signatures: dict[str, PledgeSignature]  # pledge id -> latest signature of the current wording
    self_assessed: bool
    certificate_code: str | None
    resume_attempt: int | None  # the most recent unfinished attempt
    missing: list[str] = field(default_factory=list)  # what still stands between the participant and a certificate

    @property
    def passed(self) -> int:
        return sum(1 for m in self.modules if m.status == PASSED)

    @property
    def eligible(self) -> bool:
        return not self.missing


def _best(attempts: list[Attempt]) -> float | None:
    return best_percent(a.percent for a in attempts if a.status == "finished")


def progress(store: Store, catalog: Catalog, pledges: dict[str, PledgeText], participant_id: int) -> Progress:
    attempts = store.list_attempts(participant_id)
    modules = []
    for module in catalog.learning_modules:
        mine = [a for a in attempts if a.module_id == module.id and a.kind == "quiz"]
        best = _best(mine)
        open_ = [a.id for a in mine if a.status == "open" and a.bank_version == module.version]
        status = PASSED if best is not None and best >= module.pass_mark else IN_PROGRESS if mine else NOT_STARTED
        modules.append(ModuleProgress(module.id, status, best, open_[-1] if open_ else None, module.required))
    test = None
    if catalog.test is not None:
        tests = [a for a in attempts if a.module_id == catalog.test.id]
        open_kind = next((a.kind for a in reversed(tests) if a.status == "open"), None)
        test = TestProgress(_best([a for a in tests if a.kind == "pre"]),
                            _best([a for a in tests if a.kind == "post"]), open_kind)
    # A signature counts for the pledge's current wording only: a new version must be signed again.
    signatures = {s.pledge_id: s for s in store.list_signatures(participant_id)
                  if s.pledge_id in pledges and s.text_version == pledges[s.pledge_id].version}
    missing = [m.module_id for m in modules if m.required and m.status != PASSED]
    missing += [pledge_id for pledge_id in pledges if pledge_id not in signatures]
    certificate = store.get_certificate(participant_id=participant_id)
    unfinished = [a for a in attempts if a.status == "open"]
    return Progress(modules, test, signatures, store.latest_self_assessment(participant_id) is not None,
                    certificate.code if certificate else None, unfinished[-1].id if unfinished else None, missing)
