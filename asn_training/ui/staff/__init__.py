"""The staff app (``/staf``): trainers and administrators sign in with a username and a password, create live
sessions, run them from a control screen, show them on a projector and read their summary. One module per page,
on the kit's router, as the participant's app."""

from .app import StaffApp, current_staff

__all__ = ["StaffApp", "current_staff"]
