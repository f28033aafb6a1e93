"""The curriculum shipped in quizzes/ and data/: counts, balance, no near-duplicates, no forbidden claims."""

from __future__ import annotations

import pytest

from asn_training.content.banks import load_catalog
from asn_training.content.instrument import load_instrument
from asn_training.content.pledges import load_pledges
from asn_training.content.quality import MAX_POSITION_SHARE, forbidden_claims, near_duplicates, stats
from asn_training.core.profile import AREAS

MODULES = ("dasar-netralitas", "media-sosial", "kampanye-atribut", "fasilitas-negara", "keputusan-mobilisasi",
           "keluarga-lingkungan", "partai-pencalonan", "sanksi-pelaporan")


@pytest.fixture(scope="module")
def shipped(registry):
    return load_catalog(None, registry)


def test_eight_modules_in_order(shipped):
    assert tuple(m.id for m in shipped.learning_modules) == MODULES


@pytest.mark.parametrize("module_id", MODULES)
def test_module_counts_and_balance(shipped, module_id):
    module = shipped.module(module_id)
    s = stats(module)
    assert s.scenarios >= 15
    assert all(count >= 2 for count in s.topics.values()), s.topics
    assert all(count >= 1 for count in s.difficulty.values()), s.difficulty
    assert 600 <= s.material_words <= 1500
    assert s.top_position_share <= MAX_POSITION_SHARE, s.positions
    assert s.longest_best <= 0.4  # the best answer is not the longest by habit
    assert "Yang boleh" in module.material["id"] and "Yang tidak boleh" in module.material["id"]
    assert all(s.review_status == "draft" or (s.review.reviewer and s.review.date) for s in module.scenarios)
    assert module.material["en"].count("## ") == module.material["id"].count("## ")  # English beside every section


def test_at_least_120_scenarios(shipped):
    assert sum(len(m.scenarios) for m in shipped.learning_modules) >= 120


def test_pre_post_blueprint_has_parallel_forms(shipped):
    test = shipped.test
    assert test is not None and test.id == "pretest-posttest"
    pre, post = test.active_scenarios("pre"), test.active_scenarios("post")
    assert len(pre) + len(post) >= 20 and len(pre) == len(post) == test.draw
    assert {t.id for t in test.topics} == set(MODULES)
    assert sorted(s.topic for s in pre) == sorted(s.topic for s in post)
    assert all(test.scenario(s.pair).pair == s.id for s in pre)
    assert stats(test).top_position_share <= MAX_POSITION_SHARE


def test_every_option_has_feedback_and_every_reference_resolves(shipped):
    for module in shipped.modules:
        for scenario in module.scenarios:
            assert all(o.feedback["id"].strip() for o in scenario.options), scenario.id
            assert all(r in shipped.references for r in scenario.references), scenario.id


def test_no_near_duplicate_scenarios(shipped):
    assert near_duplicates(shipped) == []


def test_no_forbidden_claims(shipped):
    pledges = load_pledges()
    instrument = load_instrument()
    extra = [(p.id, "pledge", {lang: p.canonical(lang) for lang in ("id", "en")}) for p in pledges.values()]
    extra += [(s.id, "statement", s.text) for s in instrument.statements]
    extra += [(a.id, f"advice {level}", text) for a in instrument.areas for level, text in a.advice.items()]
    assert forbidden_claims(shipped, extra) == []


@pytest.mark.parametrize(("lang", "text", "rule"), [
    ("id", "Laporkan pelanggaran netralitas ke KASN.", "kasn_current"),
    ("en", "Report neutrality breaches to KASN.", "kasn_current"),
    ("id", "KASN dibubarkan pada 2024; laporkan ke BKN.", None),
    ("en", "KASN was dissolved in 2024; report to BKN.", None),
    ("id", "Hukumannya penundaan kenaikan gaji berkala menurut PP 53/2010.", "pp53_current"),
    ("en", "The penalty is a delayed pay rise under PP 53/2010.", "pp53_current"),
    ("id", "Kampanye Pemilu dilarang menggunakan fasilitas pemerintah dan tempat pendidikan.",
     "campaign_place_absolute"),
    ("id", "Tim kampanye tidak boleh berkampanye di sekolah.", "campaign_place_absolute"),
    ("en", "Election campaigns may not use government facilities or schools.", "campaign_place_absolute"),
    ("en", "Campaign teams are banned from campuses.", "campaign_place_absolute"),
    ("id", "Kampanye Pemilu di fasilitas pemerintah dilarang kecuali dengan izin penanggung jawab dan tanpa atribut.",
     None),
    ("id", "Kampanye Pilkada tetap dilarang menggunakan fasilitas pemerintah (Pasal 69 huruf h).", None),
    ("en", "Campaigners may not use a school unless the person in charge gives permission.", None),
    ("id", "ASN dilarang memakai fasilitas pemerintah untuk kampanye.", None),  # the rule for ASN stands
    ("en", "Places of worship stay banned for every campaign.", None),
])
def test_the_claims_lint(shipped, lang, text, rule):
    found = forbidden_claims(type(shipped)((), {}), [("x", "f", {lang: text})])
    assert [r for _item, _f, r, _s in found] == ([rule] if rule else [])


def test_self_assessment_instrument(shipped):
    instrument = load_instrument(module_ids={m.id for m in shipped.modules})
    assert len(instrument.statements) >= 24
    assert {s.area for s in instrument.statements} == set(AREAS)
    assert any(s.reverse for s in instrument.statements)


def test_pledge_texts(registry):
    pledges = load_pledges(references=set(registry))
    ikrar, pakta = pledges["ikrar-netralitas"], pledges["pakta-integritas"]
    assert len(ikrar.points) == 4
    assert len(pakta.points) >= 7
    assert ikrar.illustrative and pakta.illustrative
    assert len(ikrar.digest) == 64 and ikrar.digest != pakta.digest
