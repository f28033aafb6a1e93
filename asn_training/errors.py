"""The one error hierarchy. Every expected failure is an :class:`AsnTrainingError` with a translated message
that says what failed, where, and how to fix it. The CLI prints it as ``Error: ...`` and exits with the class's
``exit_code`` (docs/admin.md lists them); the UI shows it as a notice in the participant's language. Nobody sees a
traceback for these."""

from __future__ import annotations

from dataclasses import dataclass, field

from .i18n import t


class AsnTrainingError(Exception):
    """An expected failure, described by a catalogue key and its parameters."""

    exit_code = 1  # a failure of its own kind, e.g. an output file that cannot be written

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.params)


class ConfigError(AsnTrainingError):
    """The kit is set up wrongly (database URL, unreachable or not upgraded database, missing privileges)."""

    exit_code = 3


class NotFound(AsnTrainingError):
    """Something asked for by id does not exist."""

    exit_code = 4


class InvalidInput(AsnTrainingError):
    """A value typed by a person or read from a file (NIP, name, PIN, code) is not acceptable."""

    exit_code = 5


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file, located by file, line and item (scenario id or roster row)."""

    file: str
    line: int | None
    item: str | None
    key: str
    params: dict = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        params = {k: v.message(lang) if isinstance(v, AsnTrainingError) else v for k, v in self.params.items()}
        what = t(self.key, lang, **params)
        return f"{where}: [{self.item}] {what}" if self.item else f"{where}: {what}"


class ProblemsError(AsnTrainingError):
    """A file has problems; all of them are reported at once and nothing from it is used."""

    exit_code = 5

    def __init__(self, key: str, problems: list[Problem], /, **params: object) -> None:
        self.problems = problems
        super().__init__(key, count=len(problems), **params)

    def message(self, lang: str | None = None) -> str:
        lines = [t(self.key, lang, **self.params)]
        lines += [f"  {p.message(lang)}" for p in self.problems]
        return "\n".join(lines)


class BankError(ProblemsError):
    """One or more scenario banks are invalid."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("bank.invalid", problems)


class ContentError(ProblemsError):
    """A content file other than a bank (registry, pledge texts, self-assessment) is invalid."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("content.invalid", problems)


class RosterError(ProblemsError):
    """A roster file has rejected rows; nothing was imported."""

    def __init__(self, problems: list[Problem], file: str) -> None:
        super().__init__("roster.invalid", problems, file=file)
