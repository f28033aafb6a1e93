"""The widgets of the Voila apps: the only subpackage that imports ipywidgets."""

from .participant import ParticipantApp

__all__ = ["ParticipantApp"]
