"""Exports: DataFrames written by real writers (pandas + openpyxl, the csv module), safe to open in Excel."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import AsnTrainingError

FORMATS = ("csv", "xlsx")
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header row
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV/formula injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe, so it stays text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].map(defuse, na_action="ignore")
    frame.columns = [defuse(str(c)) for c in frame.columns]
    return frame


def write(sheets: dict[str, pd.DataFrame], path: Path, fmt: str) -> Path:
    """Write ``sheets`` to ``path``: every sheet of a workbook for XLSX, the first sheet for CSV."""
    path = Path(path)
    if fmt not in FORMATS:
        raise AsnTrainingError("export.bad_format", format=fmt, formats=", ".join(FORMATS))
    if fmt == "xlsx":
        for name, frame in sheets.items():
            if len(frame) > XLSX_MAX_ROWS:
                raise AsnTrainingError("export.too_many_rows", sheet=name, rows=len(frame), limit=XLSX_MAX_ROWS)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "csv":
            # UTF-8 with BOM so that Excel shows Indonesian names correctly.
            safe(next(iter(sheets.values()))).to_csv(path, index=False, encoding="utf-8-sig")
        else:
            with pd.ExcelWriter(path, engine="openpyxl") as writer:
                for name, frame in sheets.items():
                    safe(frame).to_excel(writer, sheet_name=name[:31], index=False)
    except OSError as exc:
        raise AsnTrainingError("export.cannot_write", path=str(path), detail=exc.strerror or str(exc)) from exc
    return path
