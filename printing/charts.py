"""Charts of a period's statistics, as PNG bytes (matplotlib, Agg backend, no pyplot).

The same pictures go into the monthly report's PDF and onto the supervisor's screen (rendered on
a worker, shown as an image): one drawing of each chart. Text is in Vietnamese with the shipped
Noto Sans (every Vietnamese letter), so the charts look the same on every machine. Figures are
made with the object API, never ``pyplot``, so rendering on a worker thread is safe.
"""

from __future__ import annotations

import io
import threading
from functools import cache

from kiosk.paths import resource
from kiosk.statistics import PeriodStatistics

RECEIVED = "#1f5fa8"
ON_TIME = "#2e7d32"
LATE = "#c62828"
LATE_OPEN = "#ef9a9a"
_lock = threading.Lock()  # matplotlib's font cache and rcParams are shared by every thread


@cache
def _font():
    from matplotlib import font_manager

    regular, bold = (str(resource("fonts", f"NotoSans-{w}.ttf")) for w in ("Regular", "Bold"))
    for path in (regular, bold):
        font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=regular).get_name()


def _figure(width_in: float, height_in: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _png(fig, dpi: int) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def _style():
    from matplotlib import rc_context

    return rc_context(
        {
            "font.family": _font(),
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titleweight": "bold",
            "axes.titlesize": 10,
            "axes.unicode_minus": False,  # Noto Sans has no U+2212
        }
    )


def daily_chart(stats: PeriodStatistics, *, width_in=7.0, height_in=2.6, dpi=150) -> bytes:
    """Dossiers received per day (bars) and results per day, on time and late (stacked)."""
    with _lock, _style():
        _font()
        fig = _figure(width_in, height_in)
        ax = fig.add_subplot()
        days = stats.days
        x = list(range(len(days)))
        on_time = [d.finished - d.late_finished for d in days]
        late = [d.late_finished for d in days]
        ax.bar(
            [i - 0.2 for i in x], [d.received for d in days], 0.4, color=RECEIVED, label="Tiếp nhận"
        )
        ax.bar([i + 0.2 for i in x], on_time, 0.4, color=ON_TIME, label="Có kết quả đúng hạn")
        ax.bar(
            [i + 0.2 for i in x], late, 0.4, bottom=on_time, color=LATE, label="Có kết quả trễ hạn"
        )
        step = -(-len(days) // 12)  # at most a dozen dates under the axis
        ax.set_xticks(x[::step], [f"{d.day:%d/%m}" for d in days][::step], fontsize=7)
        ax.set_ylabel("Số hồ sơ")
        ax.set_title("Hồ sơ tiếp nhận và có kết quả theo ngày")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylim(0, max(1, ax.get_ylim()[1]))  # counts: never below 0, even for an empty month
        fig.legend(fontsize=7, frameon=False, loc="outside lower center", ncols=3)
        ax.margins(x=0.01)
        return _png(fig, dpi)


def officers_chart(
    stats: PeriodStatistics, *, width_in=7.0, height_in: float | None = None, dpi=150
) -> bytes:
    """Per officer: results on time, late, and late still in progress (stacked bars)."""
    rows = [r for r in stats.officers if r.indicators.finished or r.indicators.late_open]
    height_in = height_in or min(5.0, max(2.0, 1.0 + 0.2 * len(rows)))
    with _lock, _style():
        _font()
        fig = _figure(width_in, height_in)
        ax = fig.add_subplot()
        names = [r.name or "Không ghi cán bộ" for r in rows]
        y = list(range(len(rows)))
        on_time = [r.indicators.on_time for r in rows]
        late = [r.indicators.late_finished for r in rows]
        late_open = [r.indicators.late_open for r in rows]
        ax.barh(y, on_time, color=ON_TIME, label="Đúng hạn")
        ax.barh(y, late, left=on_time, color=LATE, label="Trễ hạn")
        ax.barh(
            y,
            late_open,
            left=[a + b for a, b in zip(on_time, late)],
            color=LATE_OPEN,
            label="Quá hạn, đang giải quyết",
        )
        ax.set_yticks(y, names, fontsize=8 if len(rows) <= 12 else 6.5)
        ax.invert_yaxis()
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("Số hồ sơ")
        ax.set_title("Kết quả giải quyết theo cán bộ")
        if rows:
            fig.legend(fontsize=7, frameon=False, loc="outside lower center", ncols=3)
        else:
            ax.text(
                0.5, 0.5, "Chưa có hồ sơ có kết quả trong kỳ", ha="center", transform=ax.transAxes
            )
            ax.set_yticks([])
        ax.set_xlim(0, max(1, ax.get_xlim()[1]))  # counts: never below 0
        return _png(fig, dpi)
