"""The widgets of the Voila apps: the only subpackage that imports ipywidgets. ``kit/`` holds what every app
shares; ``participant/`` is the participant's app, one module per page; trainers' and administrators' apps go
beside it."""

from .participant import ParticipantApp

__all__ = ["ParticipantApp"]
