"""Kit Pelatihan Netralitas ASN: scenario banks, scoring, store, reports and the Voila apps' widgets.

The public surface is small and light to import: a participant's kernel imports only what it needs.
"""

from .errors import AsnTrainingError, BankError, ConfigError, ContentError, InvalidInput, NotFound, RosterError

__version__ = "0.1.0"
__all__ = ["AsnTrainingError", "BankError", "ConfigError", "ContentError", "InvalidInput", "NotFound", "RosterError",
           "__version__"]
