"""A trainer's session as tables: its summary, the attendance, every scenario, the score distribution, every answer.

For staff exports only: the attendance and the answers hold NIPs (as text: a NIP is 18 digits, which a
spreadsheet would round as a number) and names. Never for the projector, which shows only counts.

The figures come from :func:`asn_training.services.session_results.summary` (handed in as plain values); this
module reads the names, units and answers with one query each and lays everything out. Options are named by
their letter in the bank's order (A, B, C ... as on the projector) and their text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import select

from .. import config
from ..core.live import (
    ATTEMPT_KIND,
    DIPANDU,
    MODE_KEYS,
    STATUS_KEYS,
    TEST_FORMS,
    ParticipantResult,
    find_scenario,
    option_letters,
    option_text,
    split_ids,
)
from ..core.models import Catalog
from ..i18n import format_date, pick, t
from ..store import Answer, Attempt, Participant, SessionMember, Store
from .results import zone_name

# Sheet id -> the catalogue key of its name, in the order of the workbook.
SHEETS = {"summary": "sheet.session_summary", "attendance": "sheet.session_attendance",
          "scenarios": "sheet.session_scenarios", "scores": "sheet.session_scores",
          "answers": "sheet.session_answers"}
# Column -> the catalogue key of its header (columns not listed keep their name: one per scenario of a led session).
COLUMNS = {
    "item": "col.item", "value": "col.value", "nip": "col.nip", "name": "col.name", "unit": "col.unit",
    "joined_at": "col.joined_at", "answered": "col.answered", "score": "col.score", "pre": "col.pre",
    "post": "col.post", "gain": "col.gain", "position": "col.position", "scenario": "col.scenario",
    "question": "col.question", "correct": "col.correct", "correct_rate": "col.correct_rate",
    "common_wrong": "col.common_wrong", "common_wrong_count": "col.common_wrong_count", "band": "col.band",
    "count": "col.count", "module": "col.module", "kind": "col.kind", "chosen": "col.chosen",
    "points": "col.points", "answered_at": "col.answered_at",
}


def _read(store: Store, query) -> pd.DataFrame:
    with store.engine.connect() as connection:
        return pd.read_sql(query, connection)


def _local(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column, utc=True).dt.tz_convert(config.timezone())


def frames(store: Store, catalog: Catalog, overview: Any, people: Sequence[ParticipantResult],
           lang: str | None = None) -> dict[str, pd.DataFrame]:
    """The session's tables by sheet id (see :data:`SHEETS`), columns by id (see :data:`COLUMNS`). ``overview`` is
    the session's :class:`~asn_training.services.session_results.SessionSummary`, ``people`` its participants'
    results."""
    state = overview.state
    text_lang = lang or "id"
    led = state.mode == DIPANDU
    members = _read(store, select(Participant.id.label("participant"), Participant.nip, Participant.name,
                                  Participant.unit, SessionMember.joined_at)
                    .join(Participant, Participant.id == SessionMember.participant_id)
                    .where(SessionMember.session_id == state.id)
                    .order_by(SessionMember.joined_at, SessionMember.participant_id))
    query = (select(Attempt.participant_id.label("participant"), Participant.nip, Participant.name,
                    Attempt.module_id.label("module"), Attempt.kind, Answer.position, Answer.scenario_id, Answer.chosen,
                    Answer.points, Answer.answered_at)
             .join(Attempt, Attempt.id == Answer.attempt_id).join(Participant, Participant.id == Attempt.participant_id)
             .where(Attempt.session_id == state.id, Answer.chosen.is_not(None))
             .order_by(Attempt.participant_id, Attempt.id, Answer.position))
    if led:
        query = query.where(Attempt.kind == ATTEMPT_KIND)
    answers = _read(store, query)
    answers["chosen"] = [option_letters(find_scenario(catalog, m, sid), split_ids(c))
                         for m, sid, c in zip(answers["module"], answers["scenario_id"], answers["chosen"],
                                              strict=True)]

    # Attendance: everyone who joined, with their score, and in a led session their answer to every scenario.
    by_id = {r.participant_id: r for r in people}
    attendance = pd.DataFrame({
        "nip": members["nip"].astype("string"), "name": members["name"], "unit": members["unit"],
        "joined_at": _local(members["joined_at"]),
        "answered": [by_id[p].answered if p in by_id else 0 for p in members["participant"]],
        "score": pd.array([by_id[p].score if p in by_id else None for p in members["participant"]],
                          dtype="Float64"),
    })
    if any(r.pre is not None or r.post is not None for r in people):
        for column in ("pre", "post", "gain"):
            attendance[column] = pd.array([getattr(by_id[p], column) if p in by_id else None
                                           for p in members["participant"]], dtype="Float64")
    if led:
        for position, scenario_id in enumerate(state.scenario_ids[:state.shown]):
            mine = answers[answers["position"] == position].set_index("participant")["chosen"]
            attendance[f"{position + 1}. {scenario_id}"] = [mine.get(p, "") for p in members["participant"]]

    rows = []
    for r in overview.scenarios:
        scenario = find_scenario(catalog, state.module_id, r.scenario_id)
        rows.append({
            "position": None if r.position is None else r.position + 1, "scenario": r.scenario_id,
            "question": pick(scenario.question, text_lang) if scenario is not None else "",
            "answered": r.answered, "correct": r.correct, "correct_rate": r.rate,
            "common_wrong": option_text(scenario, r.common_wrong, text_lang) if r.common_wrong else "",
            "common_wrong_count": r.common_wrong_count})
    scenarios = pd.DataFrame(rows, columns=["position", "scenario", "question", "answered", "correct",
                                            "correct_rate", "common_wrong", "common_wrong_count"])
    scenarios["position"] = scenarios["position"].astype("Int64")
    scenarios["correct_rate"] = scenarios["correct_rate"].astype("Float64")
    scores = pd.DataFrame(list(overview.scores.bands), columns=["band", "count"])

    listed = pd.DataFrame({
        "nip": answers["nip"].astype("string"), "name": answers["name"], "module": answers["module"],
        "kind": answers["kind"],
        "position": (answers["position"] + 1).astype("Int64"), "scenario": answers["scenario_id"],
        "chosen": answers["chosen"], "points": answers["points"].astype("Float64"),
        "answered_at": _local(answers["answered_at"]),
    })
    if led:
        listed = listed.drop(columns=["module", "kind"])
    else:
        listed = listed.drop(columns=["position"])
    return {"summary": _summary(catalog, overview, text_lang), "attendance": attendance, "scenarios": scenarios,
            "scores": scores, "answers": listed}


def _summary(catalog: Catalog, overview: Any, lang: str) -> pd.DataFrame:
    state, scores, gain = overview.state, overview.scores, overview.gain
    module = catalog.find(state.module_id)
    content = pick(module.title, lang) if module is not None else state.module_id
    if state.kind in TEST_FORMS:
        content = f"{content} · {t('test.' + state.kind, lang)}"
    rows: list[tuple[str, object]] = [
        ("summary.code", state.code), ("summary.title", state.title),
        ("summary.held_on", format_date(state.held_on, lang) if state.held_on else ""),
        ("summary.place", state.place or ""), ("summary.unit", state.unit or ""),
        ("summary.mode", t(MODE_KEYS[state.mode], lang)), ("summary.content", content),
        ("summary.status", t(STATUS_KEYS[state.status], lang)),
        ("summary.scenarios", f"{state.shown if state.mode == DIPANDU else state.total} / {state.total}"),
        ("summary.expected", state.expected if state.expected is not None else ""),
        ("summary.joined", overview.joined), ("summary.took_part", overview.took_part),
        ("summary.mean", scores.mean if scores.mean is not None else ""),
        ("summary.median", scores.median if scores.median is not None else ""),
    ]
    if gain is not None:
        rows += [("summary.pairs", gain.pairs), ("summary.pre", gain.pre), ("summary.post", gain.post),
                 ("summary.gain", gain.gain)]
    return pd.DataFrame([(t(key, lang), value) for key, value in rows], columns=["item", "value"])


def sheets(tables: Mapping[str, pd.DataFrame], lang: str | None = None) -> dict[str, pd.DataFrame]:
    """The tables as a spreadsheet shows them: sheets and headers in the reader's language, times as local wall
    times with their zone in the header ("Bergabung (WIB)")."""
    named = {}
    for sheet, frame in tables.items():
        frame = frame.copy()
        headers = {}
        for column in frame.columns:
            header = t(COLUMNS[column], lang) if column in COLUMNS else str(column)
            if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
                header = f"{header} ({zone_name(frame[column].dt.tz)})"
                frame[column] = frame[column].dt.tz_localize(None)
            headers[column] = header
        named[t(SHEETS[sheet], lang)] = frame.rename(columns=headers)
    return named
