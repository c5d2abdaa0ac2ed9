"""Step 3: the papers — exactly the procedure version's checklist, with the counts received.

The officer cannot add a required document; a paper the applicant gives of their own accord is
recorded as "nộp thêm (tự nguyện)" and never counts as required.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.dossier_types import DossierItemState, ItemCounts
from ui.reception.common import Banner, step_title

KINDS = ("originals", "certified_copies", "photocopies")


def _centred(widget: QWidget) -> QWidget:
    """A cell holder that keeps a spin box its natural height in a tall (wrapped) row."""
    holder = QWidget()
    box = QVBoxLayout(holder)
    box.setContentsMargins(4, 0, 4, 0)
    box.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)
    return holder


class ChecklistStep(QWidget):
    def __init__(self, page) -> None:
        super().__init__()
        self.page = page
        self.items: list[DossierItemState] = []
        self.spins: dict[int, tuple[QSpinBox, QSpinBox, QSpinBox]] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(step_title(self.tr("Which papers were handed in?")))
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Paper (published checklist)"),
                self.tr("Required"),
                self.tr("Originals"),
                self.tr("Certified\ncopies"),
                self.tr("Photocopies"),
                self.tr("State"),
            ]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 300), (2, 90), (3, 120), (4, 90), (5, 110)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(col, width)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.fill = QPushButton(self.tr("All required papers received (F6)"), shortcut="F6")
        self.fill.clicked.connect(self.fill_required)
        self.extra = QPushButton(self.tr("+ Paper given voluntarily…"))
        self.extra.clicked.connect(self._add_voluntary)
        buttons.addWidget(self.fill)
        buttons.addWidget(self.extra)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.banner = Banner()
        layout.addWidget(self.banner)

    def enter(self) -> None:
        self.show_items(self.page.dossier.items)

    def wanted_text(self, item: DossierItemState) -> str:
        """What the published checklist asks for this item, and its condition if it has one."""
        if item.voluntary:
            return self.tr("given voluntarily")
        w = item.wanted
        parts = [
            f"{n} {label}"
            for n, label in (
                (w.originals, self.tr("original")),
                (w.certified_copies, self.tr("certified copy")),
                (w.photocopies, self.tr("photocopy")),
            )
            if n
        ]
        text = ", ".join(parts) or self.tr("1 paper")
        if not item.required:
            text += "\n" + self.tr("Only if: %1").replace("%1", item.condition or "")
        return text

    def show_items(self, items) -> None:
        self.items = list(items)
        self.spins.clear()
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            name = QTableWidgetItem(
                item.name + (" — " + self.tr("voluntary") if item.voluntary else "")
            )
            if item.voluntary:
                name.setForeground(Qt.GlobalColor.darkGray)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(self.wanted_text(item)))
            boxes = []
            for col, kind in enumerate(KINDS, start=2):
                spin = QSpinBox(maximum=99, value=getattr(item.received, kind))
                spin.setObjectName(f"{kind}_{item.id}")
                spin.valueChanged.connect(self.update_state)
                self.table.setCellWidget(row, col, _centred(spin))
                boxes.append(spin)
            self.spins[item.id] = tuple(boxes)
            self.table.setItem(row, 5, QTableWidgetItem())
        self.table.resizeRowsToContents()
        self.update_state()

    def counts(self) -> dict[int, ItemCounts]:
        return {
            item_id: ItemCounts(*(s.value() for s in boxes))
            for item_id, boxes in self.spins.items()
        }

    def missing(self) -> list[DossierItemState]:
        counts = self.counts()
        return [
            i for i in self.items if i.required and not replace(i, received=counts[i.id]).complete
        ]

    def update_state(self) -> None:
        counts = self.counts()
        for row, item in enumerate(self.items):
            state = self.table.item(row, 5)
            current = replace(item, received=counts[item.id])
            if item.voluntary:
                state.setText(self.tr("voluntary"))
            elif current.complete:
                state.setText("✓ " + self.tr("received"))
                state.setForeground(Qt.GlobalColor.darkGreen)
            elif item.required:
                state.setText("✗ " + self.tr("missing"))
                state.setForeground(Qt.GlobalColor.red)
            else:
                state.setText(self.tr("if applicable"))
                state.setForeground(Qt.GlobalColor.darkGray)
        missing = self.missing()
        if missing:
            self.banner.show_message(
                self.tr("%n required paper(s) missing.", "", len(missing)), "warning"
            )
        else:
            self.banner.show_message(self.tr("All required papers are here."), "ok")

    def fill_required(self) -> None:
        for item in self.items:
            if item.required:
                wanted = (
                    item.wanted.originals,
                    item.wanted.certified_copies,
                    item.wanted.photocopies,
                )
                if not any(wanted):
                    wanted = (1, 0, 0)
                for spin, n in zip(self.spins[item.id], wanted):
                    spin.setValue(max(spin.value(), n))

    def _add_voluntary(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            self.tr("Paper given voluntarily"),
            self.tr(
                "Name of the paper (it will be recorded and printed as voluntary, "
                "never as required):"
            ),
        )
        if not ok or not name.strip():
            return
        counts = self.counts()
        self.page.save(
            lambda r, d: (
                r.set_counts(d, counts),
                r.add_voluntary(d, name, ItemCounts(photocopies=1)),
            )[1],
            lambda: self.show_items(self.page.dossier.items),
        )

    def commit(self, done) -> None:
        counts = self.counts()
        self.page.save(lambda r, d: r.set_counts(d, counts), done)
