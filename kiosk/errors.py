"""Errors whose messages are safe to show to a user.

Every message is Vietnamese first (``str(exc)``); ``exc.english`` carries the English text for the
second UI language. Messages never contain personal data beyond what the user just typed.
"""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the app expects and can explain to a user."""

    def __init__(self, message: str, *, english: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.english = english or message


class InvalidInput(KioskError):
    """Input from a person, a scanner or a file is malformed; nothing was changed."""


class ConfigError(KioskError):
    """The configuration file is missing a value or holds a bad one."""


class StoreError(KioskError):
    """The local store cannot be opened, migrated or written (full disk, permissions...)."""


class CodeAllocationError(KioskError):
    """No dossier sequence number can be allocated without risking a duplicate."""
