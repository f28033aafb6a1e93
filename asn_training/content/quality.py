"""Content quality: bank statistics and the checks the curriculum must pass beyond the schema.

Pure functions over a loaded :class:`~asn_training.bank.Catalog`; the CLI's ``bank stats`` and the content tests
use them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from ..core.models import Catalog, Module, Scenario
from ..i18n import pick

DIFFICULTIES = ("mudah", "sedang", "sulit")
MAX_POSITION_SHARE = 0.40
NEAR_DUPLICATE = 0.5  # Jaccard similarity of word trigrams
# A sentence naming KASN must mark it as past; one naming PP 53/2010 must mark it as replaced or transitional.
FORBIDDEN = {
    "kasn_current": (re.compile(r"\bKASN\b"),
                     ("dibubarkan", "bubar", "sebelum", "dahulu", "dulu", "tidak lagi", "sudah tidak", "2024",
                      "historis", "dialihkan", "beralih", "pernah")),
    "pp53_current": (re.compile(r"PP\s*(No\.?\s*)?53(/| Tahun )2010"),
                     ("lama", "dicabut", "digantikan", "menggantikan", "tidak berlaku", "sebelum", "peralihan",
                      "Pasal 42", "masih dipakai sementara", "belum")),
}


@dataclass(frozen=True)
class ModuleStats:
    module: str
    kind: str
    scenarios: int
    topics: dict[str, int]
    difficulty: dict[str, int]
    scoring: dict[str, int]
    positions: dict[int, int]  # 1-based position of best options -> count
    review: dict[str, int]
    material_words: int
    longest_best: float  # share of one-answer scenarios whose best option is also the longest


    @property
    def top_position_share(self) -> float:
        total = sum(self.positions.values())
        return max(self.positions.values()) / total if total else 0.0


def best_positions(scenario: Scenario) -> list[int]:
    """1-based positions, as written in the bank, of the options that earn full marks."""
    return [i for i, o in enumerate(scenario.options, start=1)
            if (o.weight == 5 if scenario.scoring == "weighted" else o.correct)]


def _longest_is_best(scenario: Scenario) -> bool:
    lengths = [len(o.text["id"]) for o in scenario.options]
    return lengths.index(max(lengths)) + 1 in best_positions(scenario)


def stats(module: Module) -> ModuleStats:
    scenarios = module.active_scenarios()
    one_answer = [s for s in scenarios if s.scoring != "multi"]
    return ModuleStats(
        module=module.id, kind=module.kind, scenarios=len(scenarios),
        topics={t.id: sum(1 for s in scenarios if s.topic == t.id) for t in module.topics},
        difficulty={d: sum(1 for s in scenarios if s.difficulty == d) for d in DIFFICULTIES},
        scoring=dict(Counter(s.scoring for s in scenarios)),
        positions=dict(sorted(Counter(p for s in scenarios for p in best_positions(s)).items())),
        review=dict(Counter(s.review_status for s in module.scenarios)),
        material_words=len(pick(module.material, "id").split()),
        longest_best=sum(map(_longest_is_best, one_answer)) / len(one_answer) if one_answer else 0.0,
    )


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def near_duplicates(catalog: Catalog, threshold: float = NEAR_DUPLICATE) -> list[tuple[str, str, float]]:
    """Pairs of scenarios whose situations share most of their word trigrams."""
    shingles = [(s.id, _trigrams(s.situation["id"])) for m in catalog.modules for s in m.scenarios]
    pairs = []
    for (a, sa), (b, sb) in combinations(shingles, 2):
        if sa and sb:
            similarity = len(sa & sb) / len(sa | sb)
            if similarity >= threshold:
                pairs.append((a, b, round(similarity, 2)))
    return pairs


def _claims(module: Module):
    """What the kit states as true: material, explanations, feedback and best answers. Situations and wrong
    options may describe a mistaken belief on purpose (the feedback then corrects it)."""
    yield module.id, "material", pick(module.material, "id")
    for scenario in module.scenarios:
        yield scenario.id, "explanation", scenario.explanation["id"]
        best = best_positions(scenario)
        for position, option in enumerate(scenario.options, start=1):
            if position in best:
                yield scenario.id, f"option {option.id}", option.text["id"]
            yield scenario.id, f"feedback {option.id}", option.feedback["id"]


def forbidden_claims(catalog: Catalog,
                     extra_texts: Sequence[tuple[str, str, str]] = ()) -> list[tuple[str, str, str, str]]:
    """Sentences that present KASN as a current channel or PP 53/2010 sanctions as current.

    Returns (item, field, rule, sentence) for each."""
    found = []
    texts = [t for m in catalog.modules for t in _claims(m)] + list(extra_texts)
    for item, field, text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
            for rule, (pattern, markers) in FORBIDDEN.items():
                if pattern.search(sentence) and not any(m.lower() in sentence.lower() for m in markers):
                    found.append((item, field, rule, sentence.strip()))
    return found
