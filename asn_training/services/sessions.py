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


def join(store: Store, session_id: int, participant_id: int) -> bool:
    """Record that a participant joined a session, if it is still open (checked under a shared lock on its row in
    the same transaction, so a close cannot slip in between); ``False`` once it is closed. Joining twice (two tabs
    signing in at once) changes nothing."""
    try:
        with store.transaction() as s:
            status = s.scalar(select(LiveSession.status).where(LiveSession.id == session_id)
                              .with_for_update(read=True))
            if status != "open":
                return False
            if s.get(SessionMember, (session_id, participant_id)) is None:
                s.add(SessionMember(session_id=session_id, participant_id=participant_id))
    except IntegrityError:
        pass  # the other tab's row is the same membership
    return True
