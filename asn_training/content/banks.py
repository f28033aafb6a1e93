"""Scenario banks: the models, and a loader that validates every file on every load.

The format is described in ``docs/bank-format.md`` and its JSON Schema in ``schema/bank-v2.json``. The loader
reports all problems of all files at once, each with file, line and scenario id, and returns nothing from a set of
banks that has any problem: a bank is never half-loaded.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from .. import config
from ..core.models import Catalog, MaterialSection, Module, Option, Reference, Review, Scenario, Topic, TrainerNotes
from ..errors import BankError, Problem
from . import schemas, yamlfile
from .references import load_registry

SCHEMA_VERSIONS = (2,)
# Words that mark a statement as hedged, per language; required where a text cites a low-confidence [L] reference.
HEDGES = {
    "id": ("kemungkinan", "berisiko", "belum ada ketentuan", "belum tegas", "tidak disarankan", "dapat dinilai",
           "bisa dinilai", "abu-abu", "belum pasti", "ditafsirkan"),
    "en": ("likely", "may be", "might", "could", "risk", "not settled", "unclear", "no rule", "grey area",
           "interpret", "not advisable", "not recommended"),
}


def unhedged(text: dict, cited, registry: dict) -> list[str]:
    """The [L] references among ``cited`` when ``text`` does not hedge in every language it is written in."""
    low = [ref for ref in cited if ref in registry and registry[ref].confidence == "L"]
    hedged = all(any(word in text[lang].lower() for word in HEDGES[lang]) for lang in HEDGES if lang in text)
    return [] if hedged else low


def _as_list(paths: list[Path] | Path | None) -> list[Path]:
    if paths is None:
        return [config.quizzes_dir()]
    return [Path(paths)] if isinstance(paths, Path | str) else [Path(p) for p in paths]


def bank_files(paths: list[Path] | Path | None = None) -> list[Path]:
    """The ``*.yaml`` files named, or found directly in the directories named (default ``quizzes/``)."""
    files: list[Path] = []
    for path in _as_list(paths):
        files += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    return files


def load_catalog(paths: list[Path] | Path | None = None, registry: dict[str, Reference] | None = None) -> Catalog:
    """Load and validate every bank; raise :class:`BankError` with all problems of all files."""
    files = bank_files(paths)
    return _validate(files, paths, load_registry() if registry is None else registry)


def _validate(files: list[Path], paths, registry: dict[str, Reference]) -> Catalog:
    problems: list[Problem] = []
    if not files:
        problems.append(Problem(", ".join(map(str, _as_list(paths))), None, None, "bank.no_files"))
    modules: list[Module] = []
    seen_scenarios: dict[str, str] = {}
    seen_modules: dict[str, str] = {}
    for path in files:
        module, found = _load_file(path, registry, seen_scenarios)
        problems += found
        if module is not None:
            if module.id in seen_modules:
                problems.append(Problem(module.source, None, None, "bank.duplicate_module",
                                        {"id": module.id, "other": seen_modules[module.id]}))
            seen_modules[module.id] = module.source
            modules.append(module)
    if problems:
        raise BankError(problems)
    return Catalog(tuple(sorted(modules, key=lambda m: (m.order, m.id))), registry)


def _load_file(path: Path, registry: dict, seen: dict[str, str]) -> tuple[Module | None, list[Problem]]:
    display = str(path)
    data, problems = yamlfile.read(path, display)
    if data is None:
        return None, problems
    if not isinstance(data, dict):
        return None, problems + [Problem(display, 1, None, "bank.not_a_mapping")]
    if data.get("schema_version") == 1:  # retired: a v1 bank has no English and no trainer notes
        line = yamlfile.line_of(data, ["schema_version"])
        return None, problems + [Problem(display, line, None, "bank.retired_version")]
    found = schemas.check(data, "bank", display, SCHEMA_VERSIONS)
    problems += found
    broken_scenarios = {p.item for p in found}
    if any(p.item is None for p in problems):  # the module itself is broken: scenario checks would mislead
        return None, sorted(problems, key=lambda p: p.line or 0)
    scenarios = []
    for index, raw in enumerate(data["scenarios"]):
        if schemas.item_of(data, ["scenarios", index]) in broken_scenarios:
            continue
        found = _check_scenario(raw, data["module"], registry, display)
        if raw["id"] in seen:
            found.append(Problem(display, raw.line, raw["id"], "bank.duplicate_scenario", {"other": seen[raw["id"]]}))
        seen.setdefault(raw["id"], f"{display}:{raw.line}")
        problems += found
        scenarios.append(_scenario(raw, data["module"]["id"]))
    lines = {raw["id"]: raw.line for raw in data["scenarios"] if isinstance(raw, yamlfile.LineDict)}
    problems += _check_module(data["module"], scenarios, display, lines, registry)
    if problems:
        return None, sorted(problems, key=lambda p: p.line or 0)
    raw_module = data["module"]
    version = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    sections = _sections(raw_module.get("material"))
    module = Module(
        id=raw_module["id"], order=raw_module["order"], title=dict(raw_module["title"]),
        summary=dict(raw_module.get("summary") or {}), pass_mark=float(raw_module["pass_mark"]),
        draw=raw_module["draw"], required=raw_module.get("required", True),
        topics=tuple(Topic(t["id"], dict(t["title"])) for t in raw_module["topics"]),
        material=_joined(sections), scenarios=tuple(scenarios), source=display, version=version,
        kind=raw_module.get("kind", "module"), sections=sections,
    )
    return module, []


def _check_scenario(raw: Any, module: Any, registry: dict, display: str) -> list[Problem]:
    found: list[Problem] = []

    def problem(key: str, line: int | None = None, **params: object) -> None:
        found.append(Problem(display, line or raw.line, raw["id"], key, params))

    option_ids = [o["id"] for o in raw["options"]]
    for index, option_id in enumerate(option_ids):
        if option_id in option_ids[:index]:
            problem("bank.duplicate_option", raw["options"][index].line, id=option_id)
    correct = [o for o in raw["options"] if o.get("correct")]
    if raw["scoring"] == "weighted":
        if any("weight" not in o for o in raw["options"]):
            problem("bank.weight_missing", raw.key_lines["options"])
        elif not any(o["weight"] == 5 for o in raw["options"]):
            problem("bank.no_best_weight", raw.key_lines["options"])
        if any("correct" in o for o in raw["options"]):
            problem("bank.correct_in_weighted", raw.key_lines["options"])
    else:
        if any("weight" in o for o in raw["options"]):
            problem("bank.weight_not_weighted", raw.key_lines["options"])
        if not correct:
            problem("bank.no_correct", raw.key_lines["options"])
        elif raw["scoring"] == "single" and len(correct) > 1:
            problem("bank.many_correct", raw.key_lines["options"], count=len(correct))
    topics = [t["id"] for t in module["topics"]]
    if raw["topic"] not in topics:
        problem("bank.unknown_topic", raw.key_lines["topic"], topic=raw["topic"], topics=", ".join(topics))
    unknown = [ref for ref in raw["references"] if ref not in registry]
    if unknown:
        problem("bank.unknown_reference", raw.key_lines["references"], ids=", ".join(unknown))
    low = unhedged(raw["explanation"], raw["references"], registry)
    if low:
        problem("bank.unhedged", raw.key_lines["explanation"], ids=", ".join(low))
    review = raw["review"]
    if review["status"] == "reviewed" and not (review.get("reviewer") and review.get("date")):
        problem("bank.review_incomplete", raw.key_lines["review"])
    return found


def _check_sections(module: Any, registry: dict, display: str) -> list[Problem]:
    found: list[Problem] = []
    material = module.get("material")
    if not isinstance(material, list):
        return found
    seen: set[str] = set()
    for raw in material:
        if raw["id"] in seen:
            found.append(Problem(display, raw.line, raw["id"], "bank.duplicate_section"))
        seen.add(raw["id"])
        unknown = [ref for ref in raw["references"] if ref not in registry]
        if unknown:
            found.append(Problem(display, raw.key_lines["references"], raw["id"], "bank.unknown_reference",
                                 {"ids": ", ".join(unknown)}))
        low = unhedged(raw["body"], raw["references"], registry)
        if low:
            found.append(Problem(display, raw.key_lines["body"], raw["id"], "bank.unhedged_section",
                                 {"ids": ", ".join(low)}))
    return found


def _check_module(module: Any, scenarios: list[Scenario], display: str, lines: dict[str, int],
                  registry: dict) -> list[Problem]:
    found = _check_sections(module, registry, display)
    topic_ids = [t["id"] for t in module["topics"]]
    for index, topic in enumerate(topic_ids):
        if topic in topic_ids[:index]:
            found.append(Problem(display, module["topics"].item_lines[index], None, "bank.duplicate_topic",
                                 {"id": topic}))
    test = module.get("kind") == "test"
    forms = ("pre", "post") if test else (None,)
    for form in forms:
        active = [s for s in scenarios if s.review_status != "retired" and s.form == form]
        if scenarios and module["draw"] > len(active):
            found.append(Problem(display, module.key_lines["draw"], None, "bank.draw_too_large",
                                 {"draw": module["draw"], "count": len(active)}))
    by_id = {s.id: s for s in scenarios}
    for scenario in scenarios:
        if test and scenario.form is None:
            found.append(Problem(display, lines[scenario.id], scenario.id, "bank.form_missing"))
        elif not test and scenario.form is not None:
            found.append(Problem(display, lines[scenario.id], scenario.id, "bank.form_outside_test"))
        if scenario.pair is not None:
            twin = by_id.get(scenario.pair)
            if twin is None or twin.form == scenario.form or twin.topic != scenario.topic or twin.pair != scenario.id:
                found.append(Problem(display, lines[scenario.id], scenario.id, "bank.bad_pair",
                                     {"pair": scenario.pair}))
    return found


def _text(value: dict) -> dict:
    return {lang: value[lang] for lang in schemas.LANGUAGE_CODES if lang in value}


def review_of(raw: Any) -> Review:
    """A review as written in a content file (a scenario's, a material section's, a pledge's)."""
    raw = raw or {}
    return Review(raw.get("status", "draft"), raw.get("reviewer"), raw.get("role"), raw.get("date"), raw.get("note"),
                  dict(raw.get("basis") or {}))


def _sections(material: Any) -> tuple[MaterialSection, ...]:
    return tuple(MaterialSection(s["id"], _text(s["body"]), tuple(s["references"]), review_of(s["review"]))
                 for s in material or ())


def _joined(sections: tuple[MaterialSection, ...]) -> dict:
    languages = [lang for lang in schemas.LANGUAGE_CODES if sections and all(lang in s.body for s in sections)]
    return {lang: "\n\n".join(s.body[lang].strip() for s in sections) + "\n" for lang in languages}


def _trainer_notes(raw: Any) -> TrainerNotes | None:
    if not raw:
        return None
    return TrainerNotes(tuple(_text(q) for q in raw["questions"]), _text(raw["point"]))


def _scenario(raw: Any, module_id: str) -> Scenario:
    return Scenario(
        id=raw["id"], module_id=module_id, topic=raw["topic"], difficulty=raw["difficulty"],
        roles=tuple(raw["roles"]), scoring=raw["scoring"], situation=_text(raw["situation"]),
        question=_text(raw["question"]),
        options=tuple(Option(o["id"], _text(o["text"]), _text(o["feedback"]), bool(o.get("correct")),
                             o.get("weight")) for o in raw["options"]),
        explanation=_text(raw["explanation"]), references=tuple(raw["references"]),
        review=review_of(raw["review"]), form=raw.get("form"), pair=raw.get("pair"),
        trainer_notes=_trainer_notes(raw.get("trainer_notes")),
    )


