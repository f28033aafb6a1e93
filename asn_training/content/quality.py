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

from ..core import review as reviews
from ..core.models import Catalog, Module, Reference, Scenario
from ..i18n import pick

DIFFICULTIES = ("mudah", "sedang", "sulit")
MAX_POSITION_SHARE = 0.40
NEAR_DUPLICATE = 0.5  # Jaccard similarity of word trigrams
# Claims the law no longer supports, per language: (pattern, words that qualify the sentence). A sentence naming KASN
# must mark it as past; one naming PP 53/2010 must mark it as replaced or transitional; one saying that Pemilu
# campaigns may never use a government facility or a place of education must be qualified, since MK decision
# 65/PUU-XXI/2023 allows both with the permission of the person in charge and without campaign attributes (the
# Pilkada law's Pasal 69 still bans them).
_CAMPAIGN_PLACE = {
    "id": re.compile(r"(?=.*kampanye)(?=.*(dilarang|larangan|melarang|tidak boleh|terlarang))"
                     r"(?=.*(fasilitas pemerintah|gedung pemerintah|kantor pemerintah|tempat pendidikan|sekolah|"
                     r"kampus))", re.I),
    "en": re.compile(r"(?=.*campaign)(?=.*(may not|must not|cannot|banned|bans|prohibit|forbid|not allowed))"
                     r"(?=.*(government facilit|government building|places? of education|school|campus))", re.I),
}
FORBIDDEN: dict[str, dict[str, tuple[re.Pattern, tuple[str, ...]]]] = {
    "kasn_current": {
        "id": (re.compile(r"\bKASN\b"),
               ("dibubarkan", "bubar", "sebelum", "dahulu", "dulu", "tidak lagi", "sudah tidak", "2024", "historis",
                "dialihkan", "beralih", "pernah")),
        "en": (re.compile(r"\bKASN\b"),
               ("dissolved", "abolished", "former", "formerly", "until", "before", "no longer", "2024", "used to",
                "moved to", "passed to", "transferred")),
    },
    "pp53_current": {
        "id": (re.compile(r"PP\s*(No\.?\s*)?53(/| Tahun )2010"),
               ("lama", "dicabut", "digantikan", "menggantikan", "tidak berlaku", "sebelum", "peralihan", "Pasal 42",
                "masih dipakai sementara", "belum")),
        "en": (re.compile(r"PP\s*(No\.?\s*)?53(/| of )2010"),
               ("old", "repealed", "replaced", "no longer", "before", "transition", "Pasal 42", "Article 42",
                "meanwhile", "not yet")),
    },
    "campaign_place_absolute": {
        "id": (_CAMPAIGN_PLACE["id"],
               ("izin", "kecuali", "tanpa atribut", "Putusan MK", "65/PUU", "Pilkada", "Pasal 69",
                "pemilihan kepala daerah", "ASN", "PNS", "pegawai", "pejabat", "tempat ibadah saja")),
        "en": (_CAMPAIGN_PLACE["en"],
               ("permission", "except", "without campaign attributes", "Constitutional Court", "65/PUU", "Pilkada",
                "regional election", "regional head election", "Article 69", "Pasal 69", "ASN", "civil servant",
                "PNS", "official", "employee")),
    },
}


@dataclass(frozen=True)
class Waiting:
    item: str  # a scenario id, or <module>/<section> for material
    state: str
    changed: tuple[str, ...]  # the cited references that changed since the review


def reviewable(module: Module):
    """(item, review, cited references) for every scenario and material section of a module."""
    for scenario in module.scenarios:
        yield scenario.id, scenario.review, scenario.references
    for section in module.sections:
        yield f"{module.id}/{section.id}", section.review, section.references


def waiting(items, registry: dict[str, Reference]) -> list[Waiting]:
    """The items among (item, review, cited) whose review does not stand, those needing re-review first."""
    found = []
    for item, review, cited in items:
        current = reviews.state(review, cited, registry)
        if current in (reviews.STALE, reviews.DRAFT):
            found.append(Waiting(item, current, tuple(reviews.changed(review, cited, registry))
                                 if current == reviews.STALE else ()))
    return sorted(found, key=lambda w: w.state != reviews.STALE)


def _states(items, registry: dict[str, Reference]) -> dict[str, int]:
    counts = Counter(reviews.state(review, cited, registry) for _item, review, cited in items)
    return {state: counts[state] for state in reviews.STATES if counts[state]}


@dataclass(frozen=True)
class ModuleStats:
    module: str
    kind: str
    scenarios: int
    topics: dict[str, int]
    difficulty: dict[str, int]
    scoring: dict[str, int]
    positions: dict[int, int]  # 1-based position of best options -> count
    review: dict[str, int]  # scenarios per review state (reviewed, perlu-tinjau-ulang, draft, retired)
    sections_review: dict[str, int]  # material sections per review state
    waiting: tuple[Waiting, ...]  # what a reviewer must look at: needs re-review first, then drafts
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


def stats(module: Module, registry: dict[str, Reference] | None = None) -> ModuleStats:
    registry = registry or {}
    scenarios = module.active_scenarios()
    one_answer = [s for s in scenarios if s.scoring != "multi"]
    return ModuleStats(
        module=module.id, kind=module.kind, scenarios=len(scenarios),
        topics={t.id: sum(1 for s in scenarios if s.topic == t.id) for t in module.topics},
        difficulty={d: sum(1 for s in scenarios if s.difficulty == d) for d in DIFFICULTIES},
        scoring=dict(Counter(s.scoring for s in scenarios)),
        positions=dict(sorted(Counter(p for s in scenarios for p in best_positions(s)).items())),
        review=_states([(s.id, s.review, s.references) for s in module.scenarios], registry),
        sections_review=_states([(x.id, x.review, x.references) for x in module.sections], registry),
        waiting=tuple(waiting(reviewable(module), registry)),
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


def _claims(module: Module, lang: str):
    """What the kit states as true: material, explanations, feedback and best answers. Situations and wrong
    options may describe a mistaken belief on purpose (the feedback then corrects it)."""
    for section in module.sections:
        yield f"{module.id}/{section.id}", "material", section.body.get(lang, "")
    for scenario in module.scenarios:
        yield scenario.id, "explanation", scenario.explanation.get(lang, "")
        best = best_positions(scenario)
        for position, option in enumerate(scenario.options, start=1):
            if position in best:
                yield scenario.id, f"option {option.id}", option.text.get(lang, "")
            yield scenario.id, f"feedback {option.id}", option.feedback.get(lang, "")


def sentences(text: str) -> list[str]:
    """Sentences of a text or Markdown: a sentence may wrap over lines; paragraphs, list items, headings and table
    rows end one."""
    blocks = re.split(r"\n\s*\n|\n(?=\s*(?:[-*+|#]|\d+\.)\s)", text)
    return [" ".join(s.split()) for block in blocks for s in re.split(r"(?<=[.!?])\s+", block) if s.strip()]


def forbidden_claims(catalog: Catalog, extra_texts: Sequence[tuple[str, str, dict]] = ()
                     ) -> list[tuple[str, str, str, str]]:
    """Sentences, in either language, that state what the law no longer supports (see ``FORBIDDEN``).

    ``extra_texts`` are (item, field, {language: text}). Returns (item, field, rule, sentence) for each."""
    found = []
    for lang in ("id", "en"):
        texts = [t for m in catalog.modules for t in _claims(m, lang)]
        texts += [(item, field, text.get(lang, "")) for item, field, text in extra_texts]
        for item, field, text in texts:
            for sentence in sentences(text):
                for rule, languages in FORBIDDEN.items():
                    pattern, markers = languages[lang]
                    if pattern.search(sentence) and not any(m.lower() in sentence.lower() for m in markers):
                        found.append((item, f"{field} [{lang}]", rule, sentence.strip()))
    return found
