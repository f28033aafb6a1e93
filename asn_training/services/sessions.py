"""Trainers' live sessions, as a participant meets them: a code that joins the session and tags attempts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..core.codes import normalise_session_code
from ..errors import InvalidInput
from ..store import LiveSession, SessionMember, Store


def open_session(store: Store, code: object) -> LiveSession | None:
    """The open session with this code (as typed: spaces and case do not matter); ``None`` for an empty code."""
    code = normalise_session_code(code)
    if not code:
        return None
    with store.reading() as s:
        session = s.scalars(select(LiveSession).where(LiveSession.code == code)).one_or_none()
    if session is None or session.status != "open":
        raise InvalidInput("session.unknown", code=code)
    return session


def join(store: Store, session_id: int, participant_id: int) -> None:
    """Record that a participant joined a session; joining twice (two tabs signing in at once) changes nothing."""
    try:
        with store.transaction() as s:
            if s.get(SessionMember, (session_id, participant_id)) is None:
                s.add(SessionMember(session_id=session_id, participant_id=participant_id))
    except IntegrityError:
        pass  # the other tab's row is the same membership
