"""Documents the counter hands out: official forms, checklist handouts, queue tickets.

Everything here is Qt-free and ORM-free: callers pass the frozen dataclasses of
:mod:`printing.data` and get PDF bytes (or a raster image for thermal printers) back, then hand them
to :mod:`printing.queue`, which prints through one of :mod:`printing.backends`.

The usual path for an officer workflow::

    from printing import render, QrSigner, load_or_create_signing_key
    signer = QrSigner(load_or_create_signing_key(), issuing_system="HTTT TTHC tỉnh Thanh Hóa")
    doc = render("receipt", receipt_data, signer=signer)          # RenderedDocument (.pdf bytes)
    PrintQueue(sessions).enqueue(doc.pdf, "cups:Counter1", kind=doc.form_key, ...)
"""

from __future__ import annotations

from kiosk.receipt_qr import QrSigner, load_or_create_signing_key, verify
from printing.render import RenderedDocument, render

__all__ = ["QrSigner", "RenderedDocument", "load_or_create_signing_key", "render", "verify"]
