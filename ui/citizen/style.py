"""Look of the citizen kiosk: big type readable standing, touch targets of at least 12 mm, a
larger-text switch and a high-contrast switch (issue 13 §7)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QGuiApplication

MIN_TARGET_MM = 12.0


@dataclass
class Prefs:
    """What the citizen chose for this visit; reset by the idle wipe."""

    lang: str = "vi"
    large: bool = False
    contrast: bool = False


def mm_to_px(mm: float) -> int:
    """``mm`` in device-independent pixels on the kiosk's screen (96 dpi when unknown)."""
    screen = QGuiApplication.primaryScreen()
    dpi = screen.physicalDotsPerInch() if screen is not None else 96.0
    if not 50 <= dpi <= 600:  # offscreen and broken EDIDs report nonsense
        dpi = 96.0
    return round(mm / 25.4 * dpi)


def target_px() -> int:
    """The smallest touch target's side, with a margin over 12 mm."""
    return max(mm_to_px(MIN_TARGET_MM + 2), 64)


def style_sheet(prefs: Prefs) -> str:
    base = 28 if prefs.large else 22
    big = round(base * 1.6)
    target = target_px()
    if prefs.contrast:
        bg, fg, panel, accent, accent_fg, muted, border = (
            "#000000",
            "#ffffff",
            "#000000",
            "#ffff00",
            "#000000",
            "#ffffff",
            "#ffffff",
        )
    else:
        bg, fg, panel, accent, accent_fg, muted, border = (
            "#f3f6fa",
            "#10243e",
            "#ffffff",
            "#0b5cad",
            "#ffffff",
            "#44546a",
            "#c6d2e0",
        )
    return f"""
    QWidget#citizen {{ background: {bg}; }}
    QWidget {{ color: {fg}; font-size: {base}px; }}
    QLabel#title {{ font-size: {big}px; font-weight: bold; }}
    QLabel#huge {{ font-size: {big * 3}px; font-weight: bold; color: {
        accent if not prefs.contrast else fg
    }; }}
    QLabel#muted {{ color: {muted}; }}
    QLabel#message {{ font-size: {round(base * 1.2)}px; font-weight: bold; padding: 12px;
                      border: 3px solid {accent}; background: {panel}; }}
    QLabel#agency {{ font-size: {round(base * 1.1)}px; font-weight: bold; }}
    QPushButton {{ min-height: {target}px; min-width: {target}px; padding: 8px 18px;
                   border: 2px solid {border}; border-radius: 12px; background: {panel}; }}
    QPushButton:pressed {{ background: {accent}; color: {accent_fg}; }}
    QPushButton:disabled {{ color: {muted}; }}
    QPushButton#primary {{ background: {accent}; color: {accent_fg}; border-color: {accent};
                   font-weight: bold; }}
    QPushButton#choice:checked {{ background: {accent}; color: {accent_fg};
                   border: 4px solid {fg}; }}
    QPushButton#tile {{ min-height: {round(target * 1.8)}px; font-size: {round(base * 1.2)}px;
                        font-weight: bold; text-align: left; padding: 12px 24px; }}
    QPushButton#key {{ min-width: {target}px; padding: 4px; font-size: {round(base * 1.1)}px; }}
    QLineEdit {{ min-height: {target}px; font-size: {round(base * 1.2)}px; padding: 4px 12px;
                 border: 2px solid {border}; border-radius: 8px; background: {panel}; }}
    QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
    QFrame#panel {{ background: {panel}; border: 2px solid {border}; border-radius: 14px; }}
    QFrame#overlay {{ background: rgba(0, 0, 0, 170); }}
    QScrollBar:vertical {{ width: {mm_to_px(8)}px; }}
    """
