"""Small generated page images and a draft to scan into (shared by the page-store tests)."""

from __future__ import annotations

import io

from kiosk.blobs import BlobStore
from kiosk.dossier_types import ItemCounts
from kiosk.scanning.pages import PageStore
from tests.factories import complete_draft, make_reception


def page_png(n: int, size: tuple[int, int] = (120, 170)) -> bytes:
    """A page image unlike any other ``n``: a dark band at a height that depends on ``n``."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    y = 10 + (n * 7) % (size[1] - 20)
    draw.rectangle((10, y, size[0] - 10 - n % 30, y + 6), fill="black")
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(200, 200))
    return out.getvalue()


def draft_with_papers(store, tmp_path, version_id):
    """A draft (PERSON, every required paper received once) and its page store."""
    reception = make_reception(store, tmp_path)
    snap = complete_draft(reception, version_id)
    pages = PageStore(store.sessions, BlobStore(tmp_path / "blobs"))
    return reception, snap, pages


def received(reception, snap, item_id, originals=1):
    return reception.set_counts(snap.id, {item_id: ItemCounts(originals=originals)})
