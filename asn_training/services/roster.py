"""Importing a roster: every row checked first, then added or updated in one transaction; never half-imported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ..formats.roster import RosterRow, read_roster
from ..store import AuditEntry, Participant, Store


@dataclass(frozen=True)
class ImportReport:
    added: int
    updated: int


def import_rows(store: Store, rows: list[RosterRow], *, actor: str = "cli", file: str = "-") -> ImportReport:
    """Add or update every row in one transaction; participants not in the file are kept."""
    added = updated = 0
    with store.transaction() as s:
        nips = [r.nip for r in rows]
        existing: dict[str, Participant] = {}
        for start in range(0, len(nips), 1000):  # bounded IN lists
            query = select(Participant).where(Participant.nip.in_(nips[start:start + 1000]))
            existing.update((p.nip, p) for p in s.scalars(query))
        for row in rows:
            participant = existing.get(row.nip)
            if participant is None:
                s.add(Participant(nip=row.nip, id_kind=row.kind, name=row.name, unit=row.unit,
                                  position=row.position, listed=True))
                added += 1
            else:
                participant.id_kind, participant.name, participant.unit = row.kind, row.name, row.unit
                participant.position, participant.listed = row.position, True
                updated += 1
        s.add(AuditEntry.of(actor, "roster.import", file=file, added=added, updated=updated))
    return ImportReport(added, updated)


def import_roster(store: Store, path: Path, actor: str = "cli") -> ImportReport:
    """Read and check the file (CSV/TSV/TXT or XLSX), then add or update every row, all or nothing, with its audit
    entry."""
    rows = read_roster(path)
    return import_rows(store, rows, actor=actor, file=Path(path).name)
