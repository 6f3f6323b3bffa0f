"""One exception root for the project, and a few kinds that callers tell apart.

A message says what went wrong, where (file, line, measure) and, where it
helps, what to do about it; the CLI prints it as one line.
"""

from __future__ import annotations

__all__ = ["KgError", "ModelError", "LoadError", "StoreError", "QueryError", "ConfigError"]


class KgError(Exception):
    """Root of every error the project raises on purpose."""


class ModelError(KgError, ValueError):
    """A value does not fit the data model (raised at construction)."""


class LoadError(KgError):
    """A file could not be read or understood; names the file and the reason."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


class StoreError(KgError):
    """A graph store refused or failed an operation."""


class QueryError(KgError):
    """A query is malformed, not read-only, or failed to run."""


class ConfigError(KgError):
    """Missing or inconsistent configuration (environment, secrets, options)."""
