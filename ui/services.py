"""What a page is given: a small frozen dataclass per page listing the services it uses.

The services themselves are built once, at start-up, by the composition root (``app/services.py``)
into one typed object; ``ui`` never imports it. The window narrows it for each page with
:func:`narrow`, so a page's constructor says exactly what it depends on, and tests build the same
small object from real services.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

T = TypeVar("T")


def narrow(cls: type[T], services: Any) -> T:
    """``cls`` (a dataclass of services) filled from the same-named attributes of ``services``."""
    return cls(**{f.name: getattr(services, f.name) for f in fields(cls)})
