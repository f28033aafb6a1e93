"""Set-based queries that return pandas DataFrames, for staff pages and exports (never a participant's kernel)."""

from .results import RESULT_COLUMNS, labelled, results, zone_name

__all__ = ["RESULT_COLUMNS", "labelled", "results", "zone_name"]
