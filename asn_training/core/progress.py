"""A participant's progress through the programme, as the home page (Beranda) shows it; certificate eligibility;
which signature counts; which open attempt may be resumed; the programme's order (pre-test, modules, post-test) and
why a step is still locked. Pure over plain rows the services read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .models import Catalog, PledgeText
from .scoring import best_percent

NOT_STARTED, IN_PROGRESS, PASSED = "not_started", "in_progress", "passed"
NON_ASN = "-non-asn"  # the suffix of a pledge's text for non-ASN staff


class AttemptRow(Protocol):
    id: int
    module_id: str
    kind: str
    status: str
    bank_version: str
    percent: float | None


class SignatureRow(Protocol):
    pledge_id: str
    text_version: str


@dataclass(frozen=True)
class Lock:
    """Why a step of the programme cannot be started yet: a catalogue key and its parameters."""

    key: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ModuleProgress:
    module_id: str
    status: str
    best: float | None
    open_attempt: int | None
    required: bool
    lock: Lock | None = None


@dataclass(frozen=True)
class TestProgress:
    pre: float | None
    post: float | None
    open_kind: str | None
    post_lock: Lock | None = None

    @property
    def gain(self) -> float | None:
        return None if self.pre is None or self.post is None else round(self.post - self.pre, 1)


@dataclass(frozen=True)
class Progress:
    modules: list[ModuleProgress]
    test: TestProgress | None
    signatures: dict  # pledge id -> latest signature of the current wording
    self_assessed: bool
    certificate_code: str | None
    resume_attempt: int | None  # the most recent unfinished attempt that can still be resumed
    missing: list[str] = field(default_factory=list)  # what still stands between the participant and a certificate
    pledge_ids: list[str] = field(default_factory=list)  # the pledges this participant signs

    @property
    def passed(self) -> int:
        return sum(1 for m in self.modules if m.status == PASSED)

    @property
    def eligible(self) -> bool:
        return not self.missing


def resumable(attempt: AttemptRow, catalog: Catalog) -> bool:
    """An open attempt can be resumed while its module is still in the banks, in the same version: the one rule
    for "which open attempt is resumable"."""
    module = catalog.find(attempt.module_id)
    return attempt.status == "open" and module is not None and module.version == attempt.bank_version


def current_signatures(signatures: Iterable[SignatureRow], pledges: Mapping[str, PledgeText]) -> dict:
    """The latest signature of each pledge's current wording: a new version must be signed again."""
    return {s.pledge_id: s for s in signatures
            if s.pledge_id in pledges and s.text_version == pledges[s.pledge_id].version}


def pledges_for(pledge_ids: Iterable[str], id_kind: str | None) -> list[str]:
    """The pledges a participant of ``id_kind`` signs. Non-ASN staff are not ASN: where a pledge has a text for them
    (its id plus ``-non-asn``) they sign that one instead; PNS and PPPK sign the others."""
    ids = list(pledge_ids)
    if id_kind == "non_asn":
        return [p for p in ids if p.endswith(NON_ASN) or f"{p}{NON_ASN}" not in ids]
    return [p for p in ids if not p.endswith(NON_ASN)]


def _best(attempts: Iterable[AttemptRow]) -> float | None:
    return best_percent(a.percent for a in attempts if a.status == "finished")


def _modules(catalog: Catalog, attempts: Sequence[AttemptRow], pre_lock: Lock | None) -> list[ModuleProgress]:
    modules = []
    for module in catalog.learning_modules:
        mine = [a for a in attempts if a.module_id == module.id and a.kind == "quiz"]
        best = _best(mine)
        open_ = [a.id for a in mine if resumable(a, catalog)]
        status = PASSED if best is not None and best >= module.pass_mark else IN_PROGRESS if mine else NOT_STARTED
        modules.append(ModuleProgress(module.id, status, best, open_[-1] if open_ else None, module.required,
                                      pre_lock))
    return modules


def _test(catalog: Catalog, attempts: Sequence[AttemptRow], modules: Sequence[ModuleProgress],
          ordered: bool) -> TestProgress | None:
    if catalog.test is None:
        return None
    tests = [a for a in attempts if a.module_id == catalog.test.id]
    open_kind = next((a.kind for a in reversed(tests) if resumable(a, catalog)), None)
    pre = _best(a for a in tests if a.kind == "pre")
    required = [m for m in modules if m.required]
    passed = sum(1 for m in required if m.status == PASSED)
    if pre is None:
        post_lock: Lock | None = Lock("test.pre_first")  # always: a gain needs a pre-test
    elif ordered and passed < len(required):
        post_lock = Lock("order.modules_first", {"passed": passed, "total": len(required)})
    else:
        post_lock = None
    return TestProgress(pre, _best(a for a in tests if a.kind == "post"), open_kind, post_lock)


def order(catalog: Catalog, attempts: Sequence[AttemptRow], *, ordered: bool = True
          ) -> tuple[list[ModuleProgress], TestProgress | None]:
    """Each module's progress and the test's, with what still locks each step.

    In order (the default): the pre-test first, then the modules, then the post-test once every required module is
    passed. Where the catalogue has no test bank the modules are open. Not in order (an agency's choice), only the
    post-test waits, for the pre-test."""
    pre_done = catalog.test is None or _best(a for a in attempts if a.module_id == catalog.test.id
                                             and a.kind == "pre") is not None
    modules = _modules(catalog, attempts, Lock("order.pre_first") if ordered and not pre_done else None)
    return modules, _test(catalog, attempts, modules, ordered)


def lock(catalog: Catalog, attempts: Sequence[AttemptRow], module_id: str, kind: str, *,
         ordered: bool = True) -> Lock | None:
    """What keeps the participant from starting ``module_id`` (a ``kind`` attempt) now, if anything."""
    modules, test = order(catalog, attempts, ordered=ordered)
    if kind == "quiz":
        return next((m.lock for m in modules if m.module_id == module_id), None)
    return test.post_lock if kind == "post" and test is not None else None


def compute(catalog: Catalog, pledges: Mapping[str, PledgeText], attempts: Sequence[AttemptRow],
            signatures: Iterable[SignatureRow], *, self_assessed: bool, certificate_code: str | None,
            ordered: bool = True, id_kind: str | None = None) -> Progress:
    """Progress from the participant's attempts (in order) and signatures; ``id_kind`` says which pledges count."""
    modules, test = order(catalog, attempts, ordered=ordered)
    required = pledges_for(pledges, id_kind)
    current = {p: s for p, s in current_signatures(signatures, pledges).items() if p in required}
    missing = [m.module_id for m in modules if m.required and m.status != PASSED]
    missing += [pledge_id for pledge_id in required if pledge_id not in current]
    unfinished = [a.id for a in attempts if resumable(a, catalog)]
    return Progress(modules, test, current, self_assessed, certificate_code, unfinished[-1] if unfinished else None,
                    missing, required)
