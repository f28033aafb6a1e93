"""The participant's app."""

from .app import ParticipantApp

__all__ = ["ParticipantApp"]
