"""The hall's light participant (bench/widgetclient.py) does what a browser page does: against a real, short-lived
``asn-training serve`` it loads the page, receives the widget states, signs a participant up into a led session,
follows the trainer's advance and answers, and the answer is in the database."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import hall  # noqa: E402
from hallservers import Server  # noqa: E402
from widgetclient import Hung, WidgetClient, answer, configure, encode, on_live_page, shows, sign_up  # noqa: E402

from tests.browser.conftest import free_port  # noqa: E402
from tests.conftest import run_async  # noqa: E402


def test_messages_are_framed_as_jupyter_servers_v1_websocket_protocol():
    frame = encode("shell", {"msg_type": "comm_msg"}, {"comm_id": "abc"}, buffers=(b"\x00\x01",))
    channel, parts = deserialize_msg_from_ws_v1(frame)
    assert channel == "shell"
    assert parts == [b'{"msg_type": "comm_msg"}', b"{}", b"{}", b'{"comm_id": "abc"}', b"\x00\x01"]


@pytest.mark.parametrize(("index", "expected"), [(0, "196501012000011001"), (5000, "196501012000011002")])
def test_every_simulated_participant_has_a_distinct_valid_nip(index, expected):
    from asn_training.core.identity import normalise_id

    assert hall.nip(index, 0) == expected
    numbers = {normalise_id(hall.nip(i, 123), "pns") for i in range(0, 20_000, 7)}
    assert len(numbers) == len(range(0, 20_000, 7))


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    server = Server("kit", tmp_path_factory.mktemp("hall"), free_port())
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.mark.slow
def test_a_light_participant_signs_up_follows_the_trainer_and_its_answer_is_stored(kit, monkeypatch):
    monkeypatch.setenv("ASN_TRAINING_CACHE", str(kit.folder / "cache"))  # restored after: the Trainer sets it
    trainer = hall.Trainer(kit.database, expected=1, cache=kit.folder / "cache")

    async def participant() -> WidgetClient:
        configure()
        page = WidgetClient(kit.url, timeout=60)
        await page.open(f"sesi={trainer.state.code}&lang=id")
        assert page.first("asn-nip", "TextModel"), "the sign-in form is usable once the widget states arrived"
        assert page.messages and page.received > 10_000
        await sign_up(page, hall.nip(0, 42), name="Rina Wulandari")
        await page.until(lambda: on_live_page(page), "session page")
        question = trainer.advance()
        await page.until(lambda: shows(page, question), "scenario 1")
        await answer(page)
        with pytest.raises(Hung) as hung:
            await page.until(lambda: False, "a step that never ends", timeout=0.2)
        assert hung.value.step == "a step that never ends"
        await page.close()
        return page

    try:
        page = run_async(participant())
        assert trainer.stored() == (1, 1, 1)  # one answer, one participant, one attempt
    finally:
        trainer.close()
    assert list(page.marks)[:5] == ["first byte", "page", "kernel model", "websocket", "widget states"]
