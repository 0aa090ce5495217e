"""The plan-achievement chart: a PNG, drawn in a child process or, failing that, in process."""
from generator import chart
from generator.chart import ChartWorker, achievement_chart

DATA = [("Nông nghiệp", {"Vượt": 3, "Đạt": 4, "Không đạt": 2}), ("Ngân sách", {"Vượt": 1, "Đạt": 1, "Không đạt": 0})]


def test_png_in_process():
    png = achievement_chart(DATA)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    assert achievement_chart([]) is None


def test_worker_child_process():
    worker = ChartWorker()
    assert worker.proc is not None
    png = worker.render(DATA)
    assert png[:4] == b"\x89PNG" and worker.proc is None


def test_worker_falls_back_without_subprocess(monkeypatch):
    def no_subprocess(*a, **k):
        raise OSError("no subprocess in this host")
    monkeypatch.setattr(chart.subprocess, "Popen", no_subprocess)
    worker = ChartWorker()
    assert worker.proc is None
    assert worker.render(DATA)[:4] == b"\x89PNG"
