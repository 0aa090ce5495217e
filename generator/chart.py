"""The chart of the report: plan achievement by sector (matplotlib, Agg backend, PNG in memory).

Importing matplotlib costs most of an export's time, so export starts a ChartWorker first: a
child process (`python -m generator.chart`) imports matplotlib while the parent reads, checks and
computes, then receives the chart data as JSON on stdin and answers with the PNG on stdout. When
a child cannot run (no subprocess in the host, or it fails) the chart is drawn in process.
"""
from __future__ import annotations

import io
import json
import subprocess
import sys

from formulas.results import DAT, KHONG_DAT, VUOT

SERIES = ((VUOT, "Vượt kế hoạch", "#1f4e79"), (DAT, "Đạt kế hoạch", "#5b9bd5"),
          (KHONG_DAT, "Chưa đạt kế hoạch", "#c55a11"))
DPI = 130


def _font_family(font_manager) -> list[str]:
    # Times New Roman where installed, else its metric twin Liberation Serif; DejaVu has every
    # Vietnamese glyph as the last resort.
    names = {f.name for f in font_manager.fontManager.ttflist}
    return [n for n in ("Times New Roman", "Liberation Serif", "DejaVu Serif", "DejaVu Sans") if n in names] \
        or ["DejaVu Sans"]


def achievement_chart(data: list[tuple[str, dict[str, int]]], width_in: float = 9.0) -> bytes | None:
    """A horizontal stacked bar per sector: how many indicators were vượt / đạt / chưa đạt."""
    if not data:
        return None
    import matplotlib

    matplotlib.use("Agg")  # no display: the export runs headless and inside Excel's Python
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    labels = [name for name, _ in data][::-1]
    counts = [c for _, c in data][::-1]
    height = 1.1 + 0.36 * len(labels)
    fig = Figure(figsize=(width_in, height), dpi=DPI)
    # fixed margins instead of tight_layout (which draws the figure an extra time)
    left = min(0.05 + 0.0105 * max(len(s) for s in labels), 0.4)
    fig.subplots_adjust(left=left, right=0.98, top=1 - 0.45 / height, bottom=0.55 / height)
    ax = fig.add_subplot()
    family = _font_family(font_manager)
    start = [0] * len(labels)
    for key, label, colour in SERIES:
        values = [c.get(key, 0) for c in counts]
        bars = ax.barh(labels, values, left=start, color=colour, label=label, height=0.6)
        for bar, v in zip(bars, values):
            if v:
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2,
                        f"{v:02d}" if v < 10 else str(v), ha="center", va="center", color="white",
                        fontsize=8.5, family=family, fontweight="bold")
        start = [a + b for a, b in zip(start, values)]
    ax.set_xlabel("Số chỉ tiêu", family=family, fontsize=10)
    ax.xaxis.get_major_locator().set_params(integer=True)
    for tick in ax.get_yticklabels() + ax.get_xticklabels():
        tick.set_family(family)
        tick.set_fontsize(10)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(prop={"family": family, "size": 9}, ncols=3, loc="lower center",
              bbox_to_anchor=(0.5, 1.0), frameon=False)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


class ChartWorker:
    """Draws the chart in a child process that imports matplotlib while the caller works."""

    def __init__(self):
        self.proc = None
        self.data = None
        try:
            self.proc = subprocess.Popen([sys.executable, "-m", "generator.chart"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                         creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        except (OSError, ValueError):  # a host without subprocesses: draw in process later
            self.proc = None

    def send(self, data: list[tuple[str, dict[str, int]]]) -> None:
        """Hand the data over; the child draws while the caller goes on (receive() collects)."""
        self.data = data
        if self.proc is not None:
            try:
                self.proc.stdin.write(json.dumps(data).encode("utf-8"))
                self.proc.stdin.close()
            except OSError:
                self.close()

    def receive(self, timeout: float = 60) -> bytes | None:
        data = getattr(self, "data", None)
        if not data:
            self.close()
            return None
        if self.proc is not None:
            try:
                out = self.proc.stdout.read()
                self.proc.wait(timeout=timeout)
                self.proc = None
                if out.startswith(b"\x89PNG"):
                    return out
            except (OSError, subprocess.SubprocessError):
                self.close()
        return achievement_chart(data)

    def render(self, data: list[tuple[str, dict[str, int]]], timeout: float = 60) -> bytes | None:
        self.send(data)
        return self.receive(timeout)

    def close(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


def _child() -> int:
    import warnings

    # A bar chart needs no 3-D axes; matplotlib imports them eagerly (~15% of its import time).
    # Only this throwaway child skips them; an in-process fallback imports matplotlib normally.
    sys.modules.setdefault("mpl_toolkits.mplot3d", None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import matplotlib  # noqa: F401 (the slow part, done before the data arrives)
        from matplotlib.figure import Figure  # noqa: F401

    data = json.loads(sys.stdin.buffer.read().decode("utf-8") or "[]")
    png = achievement_chart([(name, counts) for name, counts in data])
    sys.stdout.buffer.write(png or b"")
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child())
