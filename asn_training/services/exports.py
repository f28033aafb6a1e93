"""Exports for administrators: what the reports show, written to a file safe to open in Excel, audit-logged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..formats import tables
from ..i18n import t
from ..reports import labelled, results
from ..store import AuditEntry, Store


def export_results(store: Store, output: Path, fmt: str, *, module: str | None = None, unit: str | None = None,
                   since: date | None = None, until: date | None = None, actor: str = "cli") -> int:
    """Write one row per attempt, filtered as asked, to ``output``; return the number of rows."""
    frame = results(store, module=module, unit=unit, since=since, until=until)
    tables.write({t("export.sheet_results"): labelled(frame)}, output, fmt)
    with store.transaction() as s:
        s.add(AuditEntry.of(actor, "export.results", format=fmt, rows=len(frame), module=module, unit=unit))
    return len(frame)
