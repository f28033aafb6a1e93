"""A trainer's live session as plain values: its state and phase, the rules of moving it on, the rules of a live
answer, the session's content and code. Pure: the services read and write the rows, these decide.

A session is led (``dipandu``: the trainer moves the whole room from scenario to scenario and reveals each answer)
or self-paced (``mandiri``: everyone at their own pace, attempts tagged with the session). Its scenarios are fixed,
in order, when it is created; the room sees each scenario's options in the bank's order, lettered A, B, C ... as on
the projector.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ..errors import InvalidInput
from ..i18n import pick
from .models import Catalog, Module, Scenario

PHASES = ("lobby", "question", "revealed", "closed")
LOBBY, QUESTION, REVEALED, CLOSED = PHASES
MODES = ("mandiri", "dipandu")
MANDIRI, DIPANDU = MODES
OPEN = "open"
# The catalogue keys that name them to people.
MODE_KEYS = {MANDIRI: "live.mode_mandiri", DIPANDU: "live.mode_dipandu"}
STATUS_KEYS = {OPEN: "live.status_open", "closed": "live.status_closed"}
# Content: a learning module's id, or the pre- or post-test (the test bank's form).
TEST_FORMS = ("pre", "post")
QUIZ = "quiz"
# How a led session's answers are stored: one attempt per participant of this kind, with this status while the
# session runs (never "open": nothing on the participant's home page offers to resume it), finished at the close.
ATTEMPT_KIND, ATTEMPT_LIVE, ATTEMPT_FINISHED = "sesi", "live", "finished"

CODE_LENGTH = 6
# No 0/O, 1/I/L: read from the back of a hall and typed on a phone without doubt.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TITLE_MAX, PLACE_MAX = 200, 200
SECONDS_MIN, SECONDS_MAX = 10, 3600
EXPECTED_MAX = 100_000
# Score bands of the distribution (percent, lower bound included; the last band includes 100).
BANDS = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 101))


@dataclass(frozen=True)
class SessionState:
    """One row read: everything a page needs to draw the session."""

    id: int
    code: str
    title: str
    mode: str
    status: str
    module_id: str
    kind: str
    scenario_ids: tuple[str, ...]
    position: int | None
    revealed: bool
    revision: int
    seconds: int | None
    started_at: datetime | None
    held_on: date | None
    place: str | None
    unit: str | None
    expected: int | None
    created_by: int | None = None  # the staff account that created it: it and administrators may run it

    @property
    def phase(self) -> str:
        return phase(self.status, self.position, self.revealed)

    @property
    def scenario_id(self) -> str | None:
        """The scenario on screen (``None`` in the lobby)."""
        if self.position is None or not 0 <= self.position < len(self.scenario_ids):
            return None
        return self.scenario_ids[self.position]

    @property
    def total(self) -> int:
        return len(self.scenario_ids)

    @property
    def shown(self) -> int:
        """How many scenarios the room has been shown so far: a led session's score is out of these."""
        return shown(self.position)

    @property
    def led(self) -> bool:
        return self.mode == DIPANDU

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


def phase(status: str, position: int | None, revealed: bool) -> str:
    if status != OPEN:
        return CLOSED
    if position is None:
        return LOBBY
    return REVEALED if revealed else QUESTION


def shown(position: int | None) -> int:
    return 0 if position is None else position + 1


def split_ids(text: str | None) -> tuple[str, ...]:
    return tuple(part for part in (text or "").split(",") if part)


def join_ids(ids: Sequence[str]) -> str:
    return ",".join(ids)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def letter(index: int) -> str:
    """The letter of the ``index``-th option (0: A), as the projector and the participant's page show it."""
    return chr(65 + index)


def option_letters(scenario: Scenario | None, chosen: Sequence[str]) -> str:
    """Chosen option ids as the room saw them: ``B`` or ``A, C`` (the ids themselves if the bank changed)."""
    order = [o.id for o in scenario.options] if scenario is not None else []
    return ", ".join(letter(order.index(c)) if c in order else c for c in chosen)


def option_text(scenario: Scenario | None, chosen: Sequence[str], lang: str) -> str:
    """``B. <text>`` (several joined with `` | `` for a multi-select answer)."""
    if scenario is None:
        return ", ".join(chosen)
    order = [o.id for o in scenario.options]
    return " | ".join(f"{letter(order.index(c))}. {pick(scenario.option(c).text, lang)}" if c in order else c
                      for c in chosen)


def find_scenario(catalog: Catalog, module_id: str, scenario_id: str) -> Scenario | None:
    """A session's scenario, in its module (or wherever it is now); ``None`` if the banks no longer hold it."""
    module = catalog.find(module_id)
    modules = ([module] if module is not None else []) + [m for m in catalog.modules if m is not module]
    for candidate in modules:
        try:
            return candidate.scenario(scenario_id)
        except KeyError:
            continue
    return None


# Moving the session on ---------------------------------------------------------------------------------------


def check_led(state: SessionState) -> None:
    """A trainer's move, and a live answer, need an open, led session."""
    if not state.is_open:
        raise InvalidInput("live.closed", code=state.code)
    if not state.led:
        raise InvalidInput("live.not_led", code=state.code)


def next_position(state: SessionState) -> int:
    """Where :func:`advance` takes a led session: from the lobby to the first scenario, then one by one."""
    check_led(state)
    following = 0 if state.position is None else state.position + 1
    if following >= state.total:
        raise InvalidInput("live.no_more", code=state.code)
    return following


def check_reveal(state: SessionState) -> None:
    check_led(state)
    if state.phase != QUESTION:
        raise InvalidInput("live.nothing_to_reveal", code=state.code)


def check_answer(state: SessionState, scenario_id: str) -> None:
    """A live answer is taken only for the scenario on screen of an open, led session, before its reveal."""
    check_led(state)
    if state.scenario_id is None or state.scenario_id != scenario_id:
        raise InvalidInput("live.not_on_screen")
    if state.revealed:
        raise InvalidInput("live.already_revealed")


# Creating a session ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Content:
    module_id: str
    kind: str  # quiz | pre | post
    scenario_ids: tuple[str, ...]


def content(catalog: Catalog, choice: str, scenario_ids: Sequence[str] | None, seed: int) -> Content:
    """What a session covers: a learning module (its scenarios drawn as a quiz draws them, stratified by topic), the
    pre- or post-test (that form of the test bank), or the scenarios chosen from either, in the order given."""
    from .scoring import draw

    choice = str(choice or "").strip()
    module: Module | None
    if choice in TEST_FORMS:
        module, kind, form = catalog.test, choice, choice
        if module is None:
            raise InvalidInput("live.no_test")
    else:
        module, kind, form = catalog.find(choice), QUIZ, None
        if module is None or module.kind != "module":
            raise InvalidInput("live.unknown_content", content=choice)
    active = {s.id for s in module.active_scenarios(form)}
    if scenario_ids:
        ids = tuple(str(i).strip() for i in scenario_ids)
        unknown = [i for i in ids if i not in active]
        if unknown:
            raise InvalidInput("live.unknown_scenarios", module=module.id, scenarios=", ".join(unknown))
        if len(set(ids)) != len(ids):
            raise InvalidInput("live.repeated_scenarios")
    else:
        ids = tuple(item.scenario_id for item in draw(module, seed, form=form))
    if not ids:
        raise InvalidInput("live.no_scenarios", module=module.id)
    return Content(module.id, kind, ids)


def clean_text(value: object, too_long: str, limit: int) -> str | None:
    """A title, place or unit as typed: spaces tidied, at most ``limit`` characters, ``None`` when empty."""
    text = " ".join(str(value or "").split())
    if len(text) > limit:
        raise InvalidInput(too_long, limit=limit)
    return text or None


def check_settings(mode: str, seconds: int | None, expected: int | None) -> None:
    if mode not in MODES:
        raise InvalidInput("live.bad_mode", mode=mode, modes=", ".join(MODES))
    if seconds is not None and not SECONDS_MIN <= seconds <= SECONDS_MAX:
        raise InvalidInput("live.bad_seconds", low=SECONDS_MIN, high=SECONDS_MAX)
    if expected is not None and not 1 <= expected <= EXPECTED_MAX:
        raise InvalidInput("live.bad_expected", high=EXPECTED_MAX)


# Results -----------------------------------------------------------------------------------------------------


def percent(points: float, count: int) -> float | None:
    return round(100 * points / count, 1) if count else None


def band(value: float) -> int:
    """The index in :data:`BANDS` of a score in percent."""
    for index, (low, high) in enumerate(BANDS):
        if low <= value < high:
            return index
    return len(BANDS) - 1 if value >= 100 else 0


def band_label(index: int) -> str:
    """``0–19``, ..., ``80–100``."""
    low, high = BANDS[index]
    return f"{low}–{min(high - 1, 100)}"


def effective_kind(attempt_kind: str, session_kind: str) -> str:
    """An attempt's kind as the summary counts it: a led session's attempt is of the session's kind (a led pre-test
    session holds pre-tests)."""
    return session_kind if attempt_kind == ATTEMPT_KIND else attempt_kind


@dataclass(frozen=True)
class AttemptRow:
    """One attempt of the session, summed up: what :func:`participant_results` reads."""

    participant_id: int
    module_id: str
    kind: str
    status: str
    percent: float | None
    answered: int
    points: float


@dataclass(frozen=True)
class ParticipantResult:
    participant_id: int
    answered: int  # scenarios answered in the session (in every attempt of a self-paced one)
    score: float | None  # percent: of the scenarios shown (led), the best finished attempt at the content (self-paced)
    pre: float | None
    post: float | None

    @property
    def gain(self) -> float | None:
        return None if self.pre is None or self.post is None else round(self.post - self.pre, 1)


def _best(values: list[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return max(found) if found else None


def _attempt_score(state: SessionState, row: AttemptRow) -> float | None:
    if row.kind == ATTEMPT_KIND:  # a led session's attempt: out of the scenarios shown, finished or not
        return percent(row.points, state.shown)
    return row.percent if row.status == ATTEMPT_FINISHED else None


def participant_results(state: SessionState, members: Sequence[int], attempts: Sequence[AttemptRow]
                        ) -> list[ParticipantResult]:
    """Each member's answers, score and pre-/post-test scores in the session, in the order of ``members`` (and then
    anyone with an attempt tagged with the session who is not a member).

    In a led session the answers and the score are those given to the room's scenarios (a module someone took on
    their own meanwhile does not count); in a self-paced one, every attempt tagged with the session counts and the
    score is the best finished attempt at the session's content. The pre- and post-test scores are the best of
    each kind taken in the session."""
    mine: dict[int, list[AttemptRow]] = {pid: [] for pid in members}
    for row in attempts:
        mine.setdefault(row.participant_id, []).append(row)
    results = []
    for pid, rows in mine.items():
        counted = [r for r in rows if r.kind == ATTEMPT_KIND] if state.led else rows
        content = [_attempt_score(state, r) for r in counted if r.module_id == state.module_id
                   and effective_kind(r.kind, state.kind) == state.kind]
        tests = {kind: _best([_attempt_score(state, r) for r in rows if effective_kind(r.kind, state.kind) == kind])
                 for kind in TEST_FORMS}
        results.append(ParticipantResult(pid, sum(r.answered for r in counted), _best(content), tests["pre"],
                                         tests["post"]))
    return results


@dataclass(frozen=True)
class Scores:
    """The score distribution of a session."""

    count: int
    mean: float | None
    median: float | None
    bands: tuple[tuple[str, int], ...]  # ("0–19", how many), ... ("80–100", how many)


def scores(values: Sequence[float]) -> Scores:
    import statistics

    counts = [0] * len(BANDS)
    for value in values:
        counts[band(value)] += 1
    labelled = tuple((band_label(i), n) for i, n in enumerate(counts))
    if not values:
        return Scores(0, None, None, labelled)
    return Scores(len(values), round(statistics.fmean(values), 1), round(statistics.median(values), 1), labelled)


@dataclass(frozen=True)
class Gain:
    """Pre-/post-test gain over the participants who took both in the session."""

    pairs: int
    pre: float
    post: float

    @property
    def gain(self) -> float:
        return round(self.post - self.pre, 1)


def gain(results: Sequence[ParticipantResult]) -> Gain | None:
    pairs = [(r.pre, r.post) for r in results if r.pre is not None and r.post is not None]
    if not pairs:
        return None
    return Gain(len(pairs), round(sum(p for p, _ in pairs) / len(pairs), 1),
                round(sum(q for _, q in pairs) / len(pairs), 1))


@dataclass(frozen=True)
class ScenarioRate:
    """How the room answered one scenario."""

    scenario_id: str
    position: int | None  # its place in a led session (0: the first); None in a self-paced one
    answered: int
    correct: int  # full marks
    choices: dict[str, int]  # option id -> how many chose it
    common_wrong: tuple[str, ...] | None  # the answer without full marks chosen most often (several ids: multi)
    common_wrong_count: int

    @property
    def rate(self) -> float | None:
        """The correct rate, in percent; ``None`` while nobody answered."""
        return percent(self.correct, self.answered)


def scenario_rates(groups: Sequence[tuple[str, str, bool, int]], order: Sequence[str] = ()) -> list[ScenarioRate]:
    """Rates from grouped answers: (scenario id, chosen option ids comma-separated, full marks, how many). In
    ``order`` (a led session's scenarios, each with its position), then any other scenario by id."""
    by: dict[str, dict] = {sid: {"answered": 0, "correct": 0, "choices": {}, "wrong": {}} for sid in order}
    for scenario_id, chosen, right, count in groups:
        entry = by.setdefault(scenario_id, {"answered": 0, "correct": 0, "choices": {}, "wrong": {}})
        entry["answered"] += count
        if right:
            entry["correct"] += count
        else:
            entry["wrong"][chosen] = entry["wrong"].get(chosen, 0) + count
        for option_id in split_ids(chosen):
            entry["choices"][option_id] = entry["choices"].get(option_id, 0) + count
    positions = {sid: i for i, sid in enumerate(order)}
    rates = []
    for scenario_id in [*order, *sorted(set(by) - set(order))]:
        entry = by[scenario_id]
        wrong = sorted(entry["wrong"].items(), key=lambda item: (-item[1], item[0]))
        rates.append(ScenarioRate(scenario_id, positions.get(scenario_id), entry["answered"], entry["correct"],
                                  dict(sorted(entry["choices"].items())),
                                  split_ids(wrong[0][0]) if wrong else None, wrong[0][1] if wrong else 0))
    return rates


def hardest(rates: Sequence[ScenarioRate], count: int = 5) -> tuple[ScenarioRate, ...]:
    """The scenarios answered so far with the lowest correct rate (more answers first among equals)."""
    answered = [r for r in rates if r.answered]
    return tuple(sorted(answered, key=lambda r: (r.correct / r.answered, -r.answered, r.scenario_id))[:count])
