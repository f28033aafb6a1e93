"""The content models: frozen values that the content layer reads from files and every other layer uses.

Plain dataclasses with no I/O: a bank's modules and scenarios, the legal references they cite, the pledge texts
and the self-assessment instrument.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..i18n import pick


@dataclass(frozen=True)
class Reference:
    id: str
    instrument: str
    article: str
    title: dict
    source: str
    confidence: str
    checked: Mapping[str, str] = field(default_factory=dict)  # {date, against}: when last compared with the reference

    def label(self, lang: str) -> str:
        """``PP 94/2021 Pasal 5 huruf n angka 6: <title>`` for the participant's explanation panel."""
        article = "" if self.article in ("", "-") else f" {self.article}"
        return f"{self.instrument}{article}: {pick(self.title, lang)}"


@dataclass(frozen=True)
class Option:
    id: str
    text: dict
    feedback: dict
    correct: bool = False
    weight: int | None = None


@dataclass(frozen=True)
class Review:
    """A reviewer's decision as written in the content file; :mod:`core.review` says whether it still stands."""

    status: str = "draft"  # draft | reviewed | retired
    reviewer: str | None = None
    role: str | None = None
    date: str | None = None
    note: str | None = None
    basis: Mapping[str, str] = field(default_factory=dict)  # cited reference id -> its digest when reviewed


@dataclass(frozen=True)
class TrainerNotes:
    """For a trainer-paced session: questions for the room and the point to land (never shown to participants)."""

    questions: tuple[dict, ...]
    point: dict


@dataclass(frozen=True)
class MaterialSection:
    id: str
    body: dict  # language -> Markdown, starting with its own heading
    references: tuple[str, ...]
    review: Review


@dataclass(frozen=True)
class Scenario:
    id: str
    module_id: str
    topic: str
    difficulty: str
    roles: tuple[str, ...]
    scoring: str
    situation: dict
    question: dict
    options: tuple[Option, ...]
    explanation: dict
    references: tuple[str, ...]
    review: Review
    form: str | None = None  # pre | post, in a test bank
    pair: str | None = None  # the parallel scenario of the other form
    trainer_notes: TrainerNotes | None = None

    @property
    def review_status(self) -> str:
        return self.review.status

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)


@dataclass(frozen=True)
class Topic:
    id: str
    title: dict


@dataclass(frozen=True)
class Module:
    id: str
    order: int
    title: dict
    summary: dict
    pass_mark: float
    draw: int
    required: bool
    topics: tuple[Topic, ...]
    material: dict
    scenarios: tuple[Scenario, ...]
    source: str
    version: str
    kind: str = "module"  # module | test (the pre/post test, in parallel forms)
    sections: tuple[MaterialSection, ...] = ()  # the material, section by section (``material`` joins them)

    def active_scenarios(self, form: str | None = None) -> tuple[Scenario, ...]:
        return tuple(s for s in self.scenarios if s.review_status != "retired" and (form is None or s.form == form))

    def scenario(self, scenario_id: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        raise KeyError(scenario_id)


@dataclass(frozen=True)
class Catalog:
    """All modules of a set of banks, with the legal references they cite."""

    modules: tuple[Module, ...]
    references: dict[str, Reference]

    @property
    def learning_modules(self) -> tuple[Module, ...]:
        return tuple(m for m in self.modules if m.kind == "module")

    @property
    def test(self) -> Module | None:
        """The pre/post test bank, if there is one."""
        return next((m for m in self.modules if m.kind == "test"), None)

    def find(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def module(self, module_id: str) -> Module:
        module = self.find(module_id)
        if module is None:
            raise KeyError(module_id)
        return module


@dataclass(frozen=True)
class PledgeText:
    """A pledge (ikrar netralitas, pakta integritas) in one versioned wording."""

    id: str
    version: str
    illustrative: bool
    title: dict
    intro: dict
    points: tuple[dict, ...]
    closing: dict
    references: tuple[str, ...]
    review: Review = Review()

    def canonical(self, lang: str = "id") -> str:
        """The full text as signed, one paragraph per line."""
        parts = [pick(self.title, lang), pick(self.intro, lang)]
        parts += [f"{i}. {pick(p, lang)}" for i, p in enumerate(self.points, start=1)]
        parts.append(pick(self.closing, lang))
        return "\n".join(parts)

    @property
    def digest(self) -> str:
        """SHA-256 of the exact Indonesian text: what a signature is bound to."""
        return hashlib.sha256(self.canonical("id").encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Statement:
    id: str
    area: str
    text: dict
    reverse: bool


@dataclass(frozen=True)
class Area:
    id: str
    title: dict
    modules: tuple[str, ...]
    advice: dict  # level -> localised text


@dataclass(frozen=True)
class Instrument:
    """The self-assessment (penilaian mandiri): statements in areas, a 0-3 scale and risk thresholds."""

    version: str
    title: dict
    intro: dict
    scale: tuple[tuple[int, dict], ...]
    thresholds: dict
    areas: tuple[Area, ...]
    statements: tuple[Statement, ...]
