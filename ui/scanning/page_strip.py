"""The strip of page thumbnails of one paper: drag to reorder, select to rotate, delete, rescan.

It only shows: the thumbnails arrive as bytes read on a worker (``DigitiseStep.refresh``), and a
drag emits the new order for the step to save through the page store.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QTransform
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem

from kiosk.scanning.pages import PageInfo
from ui.style import DANGER, PRIMARY, WARNING

THUMB = QSize(112, 150)
PAGE_ID = Qt.ItemDataRole.UserRole


def page_icon(png: bytes | None, rotation: int, marks: list[tuple[str, str]]) -> QIcon:
    """The thumbnail turned as the page will be sealed, on a fixed-size card, with its marks
    (short texts and their colours) along the bottom."""
    card = QPixmap(THUMB)
    card.fill(QColor("#f2f4f7"))
    painter = QPainter(card)
    thumb = QPixmap()
    if png and thumb.loadFromData(png):
        if rotation:
            thumb = thumb.transformed(QTransform().rotate(rotation))
        thumb = thumb.scaled(
            THUMB.width() - 8,
            THUMB.height() - 8,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        painter.drawPixmap(
            (THUMB.width() - thumb.width()) // 2, (THUMB.height() - thumb.height()) // 2, thumb
        )
    y = THUMB.height() - 4
    for text, colour in reversed(marks):
        metrics = painter.fontMetrics()
        width = metrics.horizontalAdvance(text) + 8
        painter.fillRect(2, y - metrics.height(), width, metrics.height(), QColor(colour))
        painter.setPen(QColor("white"))
        painter.drawText(6, y - metrics.descent(), text)
        y -= metrics.height() + 2
    painter.end()
    return QIcon(card)


class PageStrip(QListWidget):
    sig_reordered = Signal(list)
    """The page ids in their new order, after a drag."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("pageStrip")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Snap)
        self.setIconSize(THUMB)
        self.setGridSize(QSize(THUMB.width() + 16, THUMB.height() + 34))
        self.setSpacing(4)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMinimumHeight(THUMB.height() + 44)
        self.model().rowsMoved.connect(lambda *_: self.sig_reordered.emit(self.page_ids()))

    def show_pages(self, pages: tuple[PageInfo, ...], thumbs: dict[str, bytes]) -> None:
        keep = self.current_page_id()
        self.blockSignals(True)
        self.clear()
        number = 0
        for page in pages:
            marks = []
            if page.second_scan_of is None:
                number += 1
                label = self.tr("Page %1").replace("%1", str(number))
            else:
                label = self.tr("Page %1 (2nd scan)").replace("%1", str(number))
                marks.append((self.tr("2nd scan"), PRIMARY))
            if page.handwritten:
                marks.append((self.tr("handwritten"), WARNING))
            if page.blank:
                marks.append((self.tr("blank?"), DANGER))
            item = QListWidgetItem(
                page_icon(thumbs.get(page.thumbnail_sha256 or ""), page.rotation, marks), label
            )
            item.setData(PAGE_ID, page.id)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            item.setToolTip(
                f"{label} · {page.width}×{page.height} px · {page.dpi} dpi"
                + (f" · {page.rotation}°" if page.rotation else "")
            )
            self.addItem(item)
            if page.id == keep:
                self.setCurrentItem(item)
        self.blockSignals(False)
        if self.currentItem() is None and self.count():
            self.setCurrentRow(self.count() - 1)

    def page_ids(self) -> list[int]:
        return [self.item(i).data(PAGE_ID) for i in range(self.count())]

    def current_page_id(self) -> int | None:
        item = self.currentItem()
        return item.data(PAGE_ID) if item is not None else None

    def select_page(self, page_id: int) -> None:
        for i in range(self.count()):
            if self.item(i).data(PAGE_ID) == page_id:
                self.setCurrentRow(i)
                return
