"""The staff app driven in-process, widget by widget, as the browser would drive it: sign-in before anything, a
trainer-paced session created, moved, revealed and closed from the control screen, a projector that holds no
personal data and no answer before the reveal, a QR code that opens the join address, the summary's downloads."""

from __future__ import annotations

import base64
import json
import re

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from asn_training.core.scoring import best_options
from asn_training.i18n import pick, t
from asn_training.services import live, sessions, staff
from asn_training.store import AuditEntry, LiveSession
from asn_training.ui.staff import StaffApp, current_staff

from ..conftest import add_participant
from .drive import browser_asks, click, find, local_notice, location, page_state, walk

BASE = "http://192.168.1.20:8866/"
USER, PASSWORD, NAME = "rina.pelatih", "kata sandi panjang", "Rina Pelatih"
PEOPLE = [("198609262015051001", "Ṣāliḥah Nur"), ("199001012020122001", "Bambang Sutrisno"),
          ("197512312000031002", "Yohana Kristiani")]
ROUTES = ["", "sesi", "kendali/1", "proyektor/1", "ringkasan/1", "kendali/abc", "tidak-ada"]


@pytest.fixture
def trainer(sqlite_store):
    return staff.add_user(sqlite_store, USER, NAME, "pelatih", PASSWORD, actor="test")


@pytest.fixture
def make_app(sqlite_store, journey_catalog, trainer):
    def make(**kwargs):
        return StaffApp(sqlite_store, journey_catalog, base=BASE, poll=False, **kwargs)

    return make


def sign_in(app, user=USER, password=PASSWORD) -> None:
    find(app, "asn-staff-user")[0].value = user
    find(app, "asn-staff-password")[0].value = password
    click(app, "asn-staff-sign-in")


def html(app, css: str) -> str:
    return "".join(w.value for w in find(app, css))


def create(app, mode="dipandu", content="contoh", title="Apel Korpri Bappeda", seconds="", expected="3") -> int:
    find(app, "asn-session-title")[0].value = title
    find(app, "asn-session-place")[0].value = "Aula Bappeda"
    find(app, "asn-session-unit")[0].value = "Bappeda"
    find(app, "asn-session-content")[0].value = content
    find(app, "asn-session-mode")[0].value = mode
    find(app, "asn-session-seconds")[0].value = seconds
    find(app, "asn-session-expected")[0].value = expected
    click(app, "asn-create")
    route, _mode = location(app)
    assert route.startswith("kendali/"), app.notice.value + local_notice(app)
    return int(route.split("/")[1])


def room(store, session_id: int) -> list[int]:
    """Three participants with names and NIPs, joined to the session."""
    ids = []
    for nip, name in PEOPLE:
        person = add_participant(store, nip=nip, name=name, unit="Bappeda")
        sessions.join(store, session_id, person.id)
        ids.append(person.id)
    return ids


def answer_all(store, catalog, session_id: int, people: list[int], good=(True, False, False)) -> None:
    state = live.get(store, session_id)
    scenario = catalog.module(state.module_id).scenario(state.scenario_id)
    best = list(best_options(scenario))
    wrong = [o.id for o in scenario.options if o.id not in best][:1]
    for person, right in zip(people, good, strict=True):
        live.answer(store, session_id, person, scenario.id, best if right else wrong, catalog=catalog)


def shown(app):
    """The scenario the page holds (the session's own state, read as the page reads it)."""
    page = app.router.page
    return page.scenario(page.session)


# Sign-in ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_every_staff_address_shows_the_sign_in_form_and_nothing_else(make_app, sqlite_store, journey_catalog,
                                                                     trainer, route):
    state = live.create_session(sqlite_store, journey_catalog, staff_id=trainer.id, title="Rahasia Dinas",
                                held_on=None, place="Aula", unit="Inspektorat", content="contoh", scenario_ids=None,
                                mode="dipandu", seconds=None, expected=None)
    app = make_app()
    browser_asks(app, route)
    assert find(app, "asn-staff-user") and find(app, "asn-staff-password") and find(app, "asn-staff-sign-in")
    assert len(app.router.body.children) == 1 and "asn-staff-signin" in app.router.body.children[0]._dom_classes
    everything = page_state(app)
    for secret in (state.code, "Rahasia Dinas", "Inspektorat", "asn-advance", "asn-create", NAME):
        assert secret not in everything
    assert current_staff(app) is None and not find(app, "asn-sign-out")


def test_a_wrong_password_is_refused_in_the_staff_members_language_and_logged(make_app, sqlite_store):
    app = make_app()
    sign_in(app, password="salah sekali")
    assert t("staff.bad_credentials", "id") in local_notice(app)
    assert find(app, "asn-staff-password")[0].value == ""  # typed again, not corrected
    assert current_staff(app) is None and find(app, "asn-staff-user")
    app.language.value = "en"
    sign_in(app, user="nobody", password="whatever it is")
    assert t("staff.bad_credentials", "en") in local_notice(app)  # the same words for an unknown name
    with sqlite_store.reading() as s:
        failures = s.scalars(select(AuditEntry.action).where(AuditEntry.action == "staff.sign_in_failed")).all()
    assert len(failures) == 2


def test_signing_in_opens_the_address_asked_for_and_signing_out_closes_it(make_app, sqlite_store, journey_catalog,
                                                                          trainer):
    state = live.create_session(sqlite_store, journey_catalog, staff_id=trainer.id, title="Diklat", held_on=None,
                                place="", unit="", content="contoh", scenario_ids=None, mode="dipandu", seconds=None,
                                expected=None)
    app = make_app()
    browser_asks(app, f"kendali/{state.id}")
    sign_in(app)
    assert location(app)[0] == f"kendali/{state.id}" and state.code in html(app, "asn-control-join")
    assert NAME in page_state(app) and find(app, "asn-sign-out")
    click(app, "asn-sign-out")
    assert find(app, "asn-staff-user") and state.code not in page_state(app)
    browser_asks(app, "sesi")
    assert find(app, "asn-staff-user") and not find(app, "asn-create")


def test_an_administrator_may_run_sessions_too(make_app, sqlite_store):
    staff.add_user(sqlite_store, "admin.bkd", "Admin BKD", "admin", "kata sandi admin", actor="test")
    app = make_app()
    sign_in(app, "admin.bkd", "kata sandi admin")
    session_id = create(app)
    assert location(app)[0] == f"kendali/{session_id}" and find(app, "asn-advance")


# Creating and running a session ------------------------------------------------------------------------


def test_a_bad_number_in_the_form_is_refused_beside_the_button(make_app):
    app = make_app()
    sign_in(app)
    find(app, "asn-session-title")[0].value = "Apel"
    find(app, "asn-session-seconds")[0].value = "satu menit"
    click(app, "asn-create")
    assert "bukan bilangan bulat" in local_notice(app) and location(app)[0] == "sesi"


def test_a_trainer_paced_session_is_created_moved_revealed_and_closed(make_app, sqlite_store, journey_catalog):
    app = make_app()
    sign_in(app)
    session_id = create(app)
    state = live.get(sqlite_store, session_id)
    assert state.mode == "dipandu" and len(state.scenario_ids) == 4
    assert state.code in html(app, "asn-control-join") and f"{BASE}?sesi={state.code}" in html(app, "asn-control-join")
    assert "Mulai" == find(app, "asn-advance")[0].description and not visible(app, "asn-reveal")
    people = room(sqlite_store, session_id)
    app.router.page.tick()
    assert "3 peserta bergabung" in html(app, "asn-counts")

    for position in range(3):
        click(app, "asn-advance")
        scenario = shown(app)
        assert scenario.id == state.scenario_ids[position]
        assert pick(scenario.question, "id") in html(app, "asn-control-scenario")
        assert t("staffui.position", "id", n=position + 1, total=4) in page_state(app)
        assert pick(scenario.trainer_notes.point, "id") in page_state(app)  # the trainer's notes, here only
        answer_all(sqlite_store, journey_catalog, session_id, people)
        app.router.page.tick()
        bars = html(app, "asn-control-bars")
        assert "3 sudah menjawab" in html(app, "asn-counts")
        assert "1 (33,3%)" in bars and "asn-best" not in bars  # the best answer is not marked before the reveal
        click(app, "asn-reveal")
        bars = html(app, "asn-control-bars")
        assert "asn-best" in bars and "✓ jawaban terbaik" in bars
        assert not visible(app, "asn-reveal")
    assert find(app, "asn-advance")[0].description == "Berikutnya"

    click(app, "asn-close")
    assert visible(app, "asn-close-yes") and live.get(sqlite_store, session_id).status == "open"
    click(app, "asn-close-no")
    assert not visible(app, "asn-close-yes")
    click(app, "asn-close")
    click(app, "asn-close-yes")
    assert live.get(sqlite_store, session_id).status == "closed"
    assert visible(app, "asn-summary") and not visible(app, "asn-advance") and not visible(app, "asn-close")
    click(app, "asn-summary")
    assert location(app)[0] == f"ringkasan/{session_id}"
    text = html(app, "asn-summary-text")
    assert "3 peserta bergabung" in text and "Jawaban keliru terbanyak" in text
    for _nip, name in PEOPLE:
        assert name not in text


def test_the_summary_downloads_hold_every_participants_answers(make_app, sqlite_store, journey_catalog):
    app = make_app()
    sign_in(app)
    session_id = create(app)
    people = room(sqlite_store, session_id)
    for _ in range(3):
        click(app, "asn-advance")
        answer_all(sqlite_store, journey_catalog, session_id, people)
        click(app, "asn-reveal")
    click(app, "asn-close")
    click(app, "asn-close-yes")
    click(app, "asn-summary")
    assert not html(app, "asn-downloads")  # made on request only: each export is an audit entry
    click(app, "asn-prepare-downloads")
    links = html(app, "asn-downloads")
    csv = download(links, ".csv").decode("utf-8-sig")
    for nip, name in PEOPLE:
        assert nip in csv and name in csv
    assert download(links, ".xlsx")[:2] == b"PK"
    with sqlite_store.reading() as s:
        exports = s.scalars(select(AuditEntry.actor).where(AuditEntry.action == "session.export")).all()
    assert exports == [f"staff:{USER}"] * 2


def download(links: str, suffix: str) -> bytes:
    found = re.search(rf"download='[^']*{re.escape(suffix)}' href='data:[^;]*;base64,([A-Za-z0-9+/=]+)'", links)
    assert found, links[:300]
    return base64.b64decode(found.group(1))


def visible(app, css: str) -> bool:
    """Whether a widget with this class is on screen: neither it nor a box around it is hidden."""
    def shown(widget):
        if getattr(getattr(widget, "layout", None), "display", None) == "none":
            return
        yield widget
        for child in getattr(widget, "children", ()):
            yield from shown(child)

    return any(css in getattr(w, "_dom_classes", ()) for w in shown(app.root))


def body_state(app) -> str:
    """The synced state of the page's own widgets (without the app's style sheet and header)."""
    return json.dumps([w.get_state() for w in walk(app.router.body)], ensure_ascii=False, default=str)


def test_a_move_from_another_tab_is_shown_not_overwritten(store, journey_catalog):
    """Two tabs of the trainer, on SQLite and on PostgreSQL (where the service locks the session's row)."""
    staff.add_user(store, USER, NAME, "pelatih", PASSWORD, actor="test")
    first, second = (StaffApp(store, journey_catalog, base=BASE, poll=False) for _ in range(2))
    sign_in(first)
    session_id = create(first)
    browser_asks(second, f"kendali/{session_id}")
    sign_in(second)
    click(first, "asn-advance")
    click(first, "asn-advance")  # the room is on the second scenario
    click(second, "asn-advance")  # this tab still shows the lobby
    state = live.get(store, session_id)
    assert state.position == 1  # nothing moved twice
    assert t("live.stale", "id", code=state.code) in local_notice(second)
    assert shown(second).id == state.scenario_ids[1]  # redrawn as the session now is
    assert t("staffui.position", "id", n=2, total=4) in page_state(second)


def test_the_language_switch_redraws_the_control_screen(make_app):
    app = make_app()
    sign_in(app)
    create(app)
    click(app, "asn-advance")
    app.language.value = "en"
    assert find(app, "asn-reveal")[0].description == "Show the answer"
    assert pick(shown(app).question, "en") in html(app, "asn-control-scenario")
    assert "Trainer-paced" in page_state(app)


# The projector ------------------------------------------------------------------------------------------


def test_the_projector_holds_no_personal_data_and_no_answer_before_the_reveal(make_app, sqlite_store,
                                                                             journey_catalog):
    control, projector = make_app(), make_app()
    sign_in(control)
    session_id = create(control)
    people = room(sqlite_store, session_id)
    browser_asks(projector, f"proyektor/{session_id}")
    sign_in(projector)
    state = live.get(sqlite_store, session_id)
    assert state.code in html(projector, "asn-projector-join")
    assert not projector.header.layout.display != "none"  # no header: no staff name on the hall's screen
    for _ in range(3):
        click(control, "asn-advance")
        projector.router.page.tick()
        scenario = shown(projector)
        answer_all(sqlite_store, journey_catalog, session_id, people)
        projector.router.page.tick()
        before = body_state(projector)
        assert pick(scenario.question, "id") in before and "3 sudah menjawab" in before
        assert "jawaban terbaik" not in before and "asn-best" not in before and "✓" not in before
        assert pick(scenario.explanation, "id")[:40] not in before
        for option in scenario.options:
            assert pick(option.feedback, "id")[:40] not in before
        click(control, "asn-reveal")
        projector.router.page.tick()
        after = body_state(projector)
        assert "asn-best" in after and pick(scenario.explanation, "id")[:40] in after
        assert "1 (33,3%)" in html(projector, "asn-projector-bars")
        assert pick(scenario.trainer_notes.point, "id") not in after  # the trainer's notes stay on the trainer's
    click(control, "asn-close")
    click(control, "asn-close-yes")
    projector.router.page.tick()
    assert "Sesi selesai" in page_state(projector)
    everything = page_state(projector)
    for nip, name in PEOPLE:
        assert nip not in everything and name not in everything and name.split()[0] not in everything
    assert NAME not in everything  # not even the trainer's own name


def test_a_self_paced_projector_shows_the_rooms_progress(make_app, sqlite_store, journey_catalog):
    control, projector = make_app(), make_app()
    sign_in(control)
    session_id = create(control, mode="mandiri")
    room(sqlite_store, session_id)
    browser_asks(projector, f"proyektor/{session_id}")
    sign_in(projector)
    text = page_state(projector)
    assert "0 peserta mulai, 0 selesai" in text and live.get(sqlite_store, session_id).code in text
    assert not find(control, "asn-advance") or not visible(control, "asn-advance")


# The QR code --------------------------------------------------------------------------------------------


def raster(svg: str, zoom: int = 8) -> Image.Image:
    """segno's SVG (one path of horizontal runs: M, m and h) drawn as an image, module by module."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    image = Image.new("L", (size, size), 255)
    x = y = 0.0
    for command, numbers in re.findall(r"([Mmh])([-\d. ]+)", path):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            for column in range(round(x), round(x + values[0])):
                image.putpixel((column, int(y)), 0)
            x += values[0]
    return image.resize((size * zoom, size * zoom), Image.NEAREST)


def test_the_qr_code_opens_the_join_address_with_the_code(make_app, sqlite_store):
    app = make_app()
    sign_in(app)
    session_id = create(app)
    code = live.get(sqlite_store, session_id).code
    for page in (app, make_app()):
        if page is not app:
            browser_asks(page, f"proyektor/{session_id}")
            sign_in(page)
        join = html(page, "asn-control-join") or html(page, "asn-projector-join")
        svg = re.search(r"<svg.*?</svg>", join, re.S).group(0)
        decoded = [found.text for found in zxingcpp.read_barcodes(raster(svg))]
        assert decoded == [f"{BASE}?sesi={code}"]
        assert f"Buka {BASE} dan masukkan kode {code}" in join


def test_the_join_address_falls_back_to_the_address_the_browser_used(monkeypatch, sqlite_store, journey_catalog):
    from asn_training.ui.staff.app import join_base

    monkeypatch.delenv("ASN_TRAINING_PUBLIC_URL", raising=False)
    monkeypatch.setenv("VOILA_REQUEST_URL", "http://10.0.0.5:8866/staf?lang=en")
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    assert join_base() == "http://10.0.0.5:8866/"
    monkeypatch.setenv("ASN_TRAINING_PUBLIC_URL", "https://pelatihan.example.go.id")
    assert join_base() == "https://pelatihan.example.go.id/"


def test_the_app_starts_from_the_environment_on_the_sign_in_form(monkeypatch, sqlite_store):
    monkeypatch.setenv("ASN_TRAINING_DB", sqlite_store.url)
    monkeypatch.setenv("QUERY_STRING", "lang=en")
    app = StaffApp.from_environment()
    assert app.lang == "en" and find(app, "asn-staff-user")
    assert find(app, "asn-staff-sign-in")[0].description == "Sign in"
    assert not [w for w in walk(app.root) if "asn-create" in getattr(w, "_dom_classes", ())]


def test_a_kernel_that_cannot_start_shows_a_notice(monkeypatch, tmp_path):
    monkeypatch.delenv("ASN_TRAINING_STRICT", raising=False)
    monkeypatch.setenv("ASN_TRAINING_DB", f"sqlite:///{tmp_path / 'empty.sqlite'}")  # no schema
    app = StaffApp.from_environment()
    assert t("app.unavailable", "id") in page_state(app) and not find(app, "asn-staff-user")


def test_current_staff_is_the_signed_in_member(make_app, trainer):
    app = make_app()
    assert current_staff(app) is None
    sign_in(app)
    assert current_staff(app) == trainer



def test_a_timed_scenario_counts_down_on_both_screens(make_app, sqlite_store):
    control, projector = make_app(), make_app()
    sign_in(control)
    session_id = create(control, seconds="30")
    browser_asks(projector, f"proyektor/{session_id}")
    sign_in(projector)
    assert "Sisa waktu" not in page_state(control)  # the lobby is not timed
    click(control, "asn-advance")
    projector.router.page.tick()
    for app in (control, projector):
        assert re.search(r"Sisa waktu (30|29) detik", page_state(app))
    click(control, "asn-reveal")
    projector.router.page.tick()
    for app in (control, projector):
        assert "Sisa waktu" not in page_state(app) and "Waktu habis" not in page_state(app)


@pytest.mark.parametrize(("seconds", "elapsed", "left"), [(30, 0, 30), (30, 10.2, 20), (30, 29.5, 1), (30, 31, 0),
                                                          (None, 5, None), (0, 5, None)])
def test_seconds_left(seconds, elapsed, left):
    from datetime import UTC, datetime, timedelta

    from asn_training.ui.staff.show import countdown_text, seconds_left

    started = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert seconds_left(seconds, started, started + timedelta(seconds=elapsed)) == left
    if left == 0:
        assert "Waktu habis" in countdown_text(left, "id") and "Time is up" in countdown_text(left, "en")
    if left == 1:
        assert "1 second left" in countdown_text(left, "en")


def test_a_self_paced_control_screen_shows_progress_not_buttons_to_move(make_app, sqlite_store, journey_catalog):
    app = make_app()
    sign_in(app)
    session_id = create(app, mode="mandiri")
    room(sqlite_store, session_id)
    app.router.page.tick()
    assert not visible(app, "asn-advance") and not visible(app, "asn-reveal") and visible(app, "asn-close")
    assert "0 peserta mulai, 0 selesai" in html(app, "asn-control-progress")
    assert "3 peserta bergabung" in html(app, "asn-counts")


def test_the_session_list_shows_a_trainers_own_sessions_newest_first(make_app, sqlite_store, journey_catalog,
                                                                     trainer):
    other = staff.add_user(sqlite_store, "budi.pelatih", "Budi", "pelatih", "kata sandi budi", actor="test")
    for owner, title in ((trainer, "Pertama"), (other, "Milik Budi"), (trainer, "Kedua")):
        live.create_session(sqlite_store, journey_catalog, staff_id=owner.id, title=title, held_on=None, place="",
                            unit="", content="post", scenario_ids=None, mode="mandiri", seconds=None, expected=None)
    app = make_app()
    sign_in(app)
    listing = html(app, "asn-session-list")
    assert listing.index("Kedua") < listing.index("Pertama") and "Milik Budi" not in listing
    assert "Post-test" in listing and "terbuka" in listing
    staff.add_user(sqlite_store, "admin.bkd", "Admin BKD", "admin", "kata sandi admin", actor="test")
    admin = make_app()
    sign_in(admin, "admin.bkd", "kata sandi admin")
    assert "Milik Budi" in html(admin, "asn-session-list")  # an administrator sees every trainer's sessions


def test_another_trainers_session_is_not_theirs_to_run(make_app, sqlite_store):
    app = make_app()
    sign_in(app)
    session_id = create(app)
    staff.add_user(sqlite_store, "pelatih.dua", "Pelatih Dua", "pelatih", "kata sandi kedua", actor="test")
    other = make_app()
    sign_in(other, "pelatih.dua", "kata sandi kedua")
    for route in (f"kendali/{session_id}", f"proyektor/{session_id}", f"ringkasan/{session_id}"):
        other.navigate(route)
        assert location(other)[0] == "sesi", route  # back to their own list, with the reason
        assert "milik pelatih lain" in page_state(other), route
    staff.add_user(sqlite_store, "admin.bkd", "Admin BKD", "admin", "kata sandi admin", actor="test")
    admin = make_app()
    sign_in(admin, "admin.bkd", "kata sandi admin")
    admin.navigate(f"kendali/{session_id}")
    assert location(admin)[0] == f"kendali/{session_id}" and find(admin, "asn-advance")


def test_a_trainer_disabled_mid_session_loses_the_controls_at_the_next_click(make_app, sqlite_store):
    app = make_app()
    sign_in(app)
    session_id = create(app)
    staff.set_active(sqlite_store, USER, False, actor="test")
    click(app, "asn-advance")
    assert "tidak aktif lagi" in page_state(app)
    with sqlite_store.reading() as s:
        assert s.get(LiveSession, session_id).revision == 0  # nothing moved
