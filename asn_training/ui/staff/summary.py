"""A session's summary (``#ringkasan/<id>``): attendance, the score distribution, per scenario the correct rate and
the most common wrong answer (to discuss), the pre-/post-test gain where both were taken in the session; and the
session's export as XLSX and CSV (formula-safe, NIP as text), made here and saved from the page itself."""

from __future__ import annotations

import ipywidgets as widgets

from ...core.live import find_scenario
from ...i18n import format_number, pick, t
from ...services import live, session_results
from ..kit.widgets import download_html, esc, row
from . import show as draw
from .page import StaffPage

DOWNLOAD_KEYS = {"xlsx": "staffui.download_xlsx", "csv": "staffui.download_csv"}
MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv"}


class SummaryPage(StaffPage):
    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        self.session = self.load(arg)
        self.route = f"ringkasan/{self.session.id}"
        self.text = widgets.HTML()
        self.text.add_class("asn-summary-text")
        self.prepare = self.button("staffui.prepare_downloads", self._files, primary=True, css="asn-prepare-downloads")
        self.downloads = widgets.HTML()
        self.downloads.add_class("asn-downloads")
        self.back = self.button("staffui.back_to_control",
                                lambda: app.navigate(f"kendali/{self.session.id}"), css="asn-back-control")
        self.root.children = [self.text, row(self.prepare), self.notice_slot(), self.downloads, row(self.back)]
        self._files_lang: str | None = None

    def update(self) -> None:
        lang = self.lang
        self.session = live.get(self.app.store, self.session.id)
        summary = session_results.summary(self.app.store, self.app.catalog, self.session.id)
        self.text.value = summary_html(self.app, self.session, summary, lang)
        if self._files_lang not in (None, lang):
            self.downloads.value = ""  # files made in the other language: made again on request
            self._files_lang = None

    def _files(self) -> None:
        """The export in both formats, made on request (each an audit entry: it holds NIPs and names) and saved
        from the page itself, with no request to any server."""
        self.authorise(self.session)
        lang = self.lang
        links = []
        for fmt in ("xlsx", "csv"):
            name, data = session_results.export_bytes(self.app.store, self.app.catalog, self.session.id, fmt,
                                           actor=self.app.actor, lang=lang)
            links.append(download_html(t(DOWNLOAD_KEYS[fmt], lang), name, data, MIME[fmt]))
        self.downloads.value = f"<h3>{esc(t('staffui.downloads', lang))}</h3>{''.join(links)}"
        self._files_lang = lang


def summary_html(app, session: live.SessionState, summary, lang: str) -> str:
    parts = [f"<h2>{esc(t('staffui.summary_heading', lang, title=session.title))}</h2>"]
    if session.phase != "closed":
        parts.append(f"<p class='asn-notice'>{esc(t('staffui.summary_interim', lang))}</p>")
    expected = t("staffui.expected", lang, count=session.expected) if session.expected else ""
    parts.append(f"<p>{esc(t('staffui.joined', lang, count=summary.joined))} {esc(expected)} · "
                 f"{esc(t('staffui.took_part', lang, count=summary.took_part))}</p>")
    scores = summary.scores
    if scores.count:
        parts.append(f"<p>{esc(t('staffui.score_mean', lang, mean=format_number(scores.mean, lang), median=format_number(scores.median, lang), count=scores.count))}</p>")  # noqa: E501
        rows = "".join(f"<tr><td>{esc(label)}</td><td>{count}</td></tr>" for label, count in scores.bands)
        parts.append(f"<table class='asn-score-bands'><tr><th>{esc(t('staffui.col_band', lang))}</th>"
                     f"<th>{esc(t('staffui.col_people', lang))}</th></tr>{rows}</table>")
    rows = []
    for rate in summary.scenarios:
        scenario = find_scenario(app.catalog, session.module_id, rate.scenario_id)
        if scenario is None:
            continue
        letters = {o.id: f"{draw.letter(i)}. {pick(o.text, lang)}" for i, o in enumerate(scenario.options)}
        wrong = "; ".join(letters.get(o, o) for o in rate.common_wrong) if rate.common_wrong else "–"
        share = format_number(rate.rate, lang) + "%" if rate.rate is not None else "–"
        number = f"{rate.position + 1}. " if rate.position is not None else ""
        rows.append(f"<tr><td>{esc(number + pick(scenario.question, lang))}</td><td>{rate.answered}</td>"
                    f"<td>{esc(share)}</td><td>{esc(wrong)}</td></tr>")
    if rows:
        head = "".join(f"<th>{esc(t(k, lang))}</th>" for k in ("staffui.col_scenario", "staffui.col_answered",
                                                               "staffui.col_correct", "staffui.col_wrong"))
        parts.append(f"<h3>{esc(t('staffui.per_scenario', lang))}</h3>"
                     f"<table class='asn-rates'><tr>{head}</tr>{''.join(rows)}</table>")
    if summary.gain is not None:
        gain = summary.gain
        parts.append(f"<p>{esc(t('staffui.gain', lang, pre=format_number(gain.pre, lang), post=format_number(gain.post, lang), gain=format_number(gain.gain, lang, signed=True), count=gain.pairs))}</p>")  # noqa: E501
    return "".join(parts)
