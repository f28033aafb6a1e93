"""The home page (Beranda): every part of the programme with its status, from one read of the participant's
progress."""

from __future__ import annotations

import ipywidgets as widgets

from ...core.identity import format_nip
from ...core.progress import NOT_STARTED, PASSED, Progress
from ...i18n import format_date, pick, t
from ..kit.widgets import button, card, esc, row
from .page import ParticipantPage, set_primary


class HomePage(ParticipantPage):
    def __init__(self, app, arg=None) -> None:
        super().__init__(app, arg)
        self.route = app.HOME
        catalog = app.catalog
        self.header = widgets.HTML()
        self.test_text = widgets.HTML()
        self.test_buttons = {
            "resume": self.button("test.resume", lambda: app.start_test(self.progress.test.open_kind), primary=True,
                                  css="asn-test-resume"),
            "pre": self.button("test.start_pre", lambda: app.start_test("pre"), primary=True, css="asn-pre"),
            "post": self.button("test.start_post", lambda: app.start_test("post"), css="asn-post"),
        }
        for choice in self.test_buttons.values():
            self.own(choice)
        self.test_row = row()
        self.modules: dict[str, tuple[widgets.HTML, widgets.Button]] = {}
        module_cards = []
        for module in catalog.learning_modules:
            text = widgets.HTML()
            start = button("", app.guard(lambda m=module.id: app.start_quiz(m)), primary=True, css="asn-start")
            material = self.button("modules.material", lambda m=module.id: app.navigate(f"modul/{m}"),
                                   css="asn-material-open")
            self.modules[module.id] = (text, start)
            module_cards.append(card(text, row(material, start), css=f"asn-module-{module.id}"))
        self.self_text = widgets.HTML()
        self.pledge_text = widgets.HTML()
        pledge_buttons = [button("", app.guard(lambda p=pledge_id: app.navigate(f"ikrar/{p}")),
                                 css=f"asn-pledge-{pledge_id}") for pledge_id in app.pledges]
        self.pledge_buttons = dict(zip(app.pledges, pledge_buttons, strict=True))
        for choice in pledge_buttons:
            self.own(choice)  # closed with the page even when not shown
        self.pledge_row = row()  # the pledges of the participant's kind (a non-ASN employee signs their own pakta)
        self.certificate_text = widgets.HTML()
        self.certificate = self.button("certificate.get", lambda: app.navigate("sertifikat"),
                                       css="asn-certificate-open")
        cards = [self.header]
        session = app.state.session
        if session is not None and session.mode == "dipandu":  # back to the trainer's session
            cards.append(self.button("live.follow", lambda: app.navigate("sesi"), primary=True, css="asn-live-open"))
        if catalog.test is not None:
            cards.append(card(self.test_text, self.test_row, css="asn-test-card"))
        cards += [*module_cards,
                  card(self.self_text, self.button("selfassessment.open", lambda: app.navigate("penilaian"),
                                                   css="asn-self-open"), css="asn-self-card"),
                  card(self.pledge_text, self.pledge_row, css="asn-pledges-card"),
                  card(self.certificate_text, self.certificate, css="asn-certificate-card"),
                  self.button("nav.sign_out", app.sign_out, css="asn-sign-out")]
        self.root.children = cards
        self.progress: Progress | None = None

    def update(self) -> None:
        lang, app = self.lang, self.app
        state = self.progress = app.progress()
        participant, session, total = self.state.participant, self.state.session, len(state.modules)
        share = round(100 * state.passed / total) if total else 0
        joined = "" if session is None else \
            f"<p class='asn-muted'>{esc(t('home.session', lang, code=session.code, title=session.title))}</p>"
        progress = t("home.progress", lang, passed=state.passed, total=total)
        self.header.value = (
            f"<h2>{esc(t('home.heading', lang))}</h2><p>{esc(t('modules.hello', lang, name=participant.name))} "
            f"<span class='asn-muted'>({esc(format_nip(participant.nip))}, {esc(participant.unit)})</span></p>"
            f"{joined}<p>{esc(progress)}</p>"
            f"<div class='asn-bar' role='progressbar' aria-label='{esc(progress)}' "
            f"aria-valuenow='{share}' aria-valuemin='0' aria-valuemax='100'>"
            f"<div style='width:{share}%'></div></div>")
        if state.test is not None:
            self._test(state)
        for item in state.modules:
            self._module(item)
        status = t("selfassessment.done" if state.self_assessed else "selfassessment.todo", lang)
        self.self_text.value = (f"<h2>{esc(pick(app.instrument.title, lang))}</h2>"
                                f"<p class='asn-muted'>{esc(status)}</p>")
        self._pledges(state)
        if state.eligible:
            status = t("certificate.ready", lang)
        else:
            status = t("certificate.missing", lang, missing=app.missing_titles(state))
        self.certificate_text.value = (f"<h2>{esc(t('certificate.heading', lang))}</h2>"
                                       f"<p class='asn-muted'>{esc(status)}</p>")
        self.certificate.disabled = not state.eligible
        set_primary(self.certificate, state.eligible)

    def _test(self, state: Progress) -> None:
        lang, test = self.lang, state.test
        lines = [t("test.pre_score", lang, percent=self.number(test.pre)) if test.pre is not None
                 else t("test.pre_todo", lang)]
        if test.post is not None:
            lines.append(t("test.post_score", lang, percent=self.number(test.post)))
        if test.gain is not None:
            lines.append(t("test.gain", lang, gain=self.number(test.gain, signed=True)))
        choice = "resume" if test.open_kind else "pre" if test.pre is None else "post"
        post, locked = self.test_buttons["post"], test.post_lock is not None
        if choice == "post" and locked:
            lines.append(t(test.post_lock.key, lang, **test.post_lock.params))
        post.disabled = locked
        set_primary(post, test.post is None and not locked)
        self.test_text.value = (f"<h2>{esc(t('test.heading', lang))}</h2><p>{esc(t('test.intro', lang))}</p>"
                                + "".join(f"<p class='asn-muted'>{esc(line)}</p>" for line in lines))
        self.test_row.children = [self.test_buttons[choice]]

    def _module(self, item) -> None:
        lang, module = self.lang, self.app.catalog.module(item.module_id)
        if item.status == PASSED:
            status = t("modules.passed", lang, percent=self.number(item.best))
        elif item.best is not None:
            status = t("modules.best", lang, percent=self.number(item.best), pass_mark=self.number(module.pass_mark))
        else:
            status = t("modules.not_started" if item.status == NOT_STARTED else "modules.in_progress", lang)
        text, start = self.modules[module.id]
        locked = item.lock is not None and not item.open_attempt  # an open attempt is resumed whatever the order
        reason = f"<p class='asn-lock'>{esc(t(item.lock.key, lang, **item.lock.params))}</p>" if locked else ""
        text.value = (f"<h2>{esc(pick(module.title, lang))}</h2><p>{esc(pick(module.summary, lang))}</p>"
                      f"<p class='asn-muted asn-status'>{esc(status)}</p>{reason}")
        start.description = t("modules.resume" if item.open_attempt else "modules.start", lang)
        start.disabled = locked
        set_primary(start, not locked)

    def _pledges(self, state: Progress) -> None:
        lang, parts = self.lang, []
        for pledge_id in state.pledge_ids:
            pledge = self.app.pledges[pledge_id]
            signature = state.signatures.get(pledge_id)
            status = t("pledge.signed_on", lang, date=format_date(signature.signed_on, lang)) if signature else \
                t("pledge.unsigned", lang)
            parts.append(f"<p>{esc(pick(pledge.title, lang))}: <span class='asn-muted'>{esc(status)}</span></p>")
            self.pledge_buttons[pledge_id].description = pick(pledge.title, lang)
        self.pledge_text.value = f"<h2>{esc(t('pledge.heading', lang))}</h2>{''.join(parts)}"
        self.pledge_row.children = [self.pledge_buttons[p] for p in state.pledge_ids]
