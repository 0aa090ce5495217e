"""Benchmark of `ktxh soat` (issue #11): a ~40-page report — the seed report typed into Word three
times over, each copy followed by a 60-row biểu table — read, audited (text and tables) and written
back with comments, end to end. Target: < 3 s.  Run: .venv/bin/python tests/benchmarks/bench_soat.py"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SEED = ROOT / "tests" / "formulas" / "audit" / "data" / "bao_cao_617_bc_ubnd_cao_loc_2023.txt"
HEAD = ["STT", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "Tỷ lệ %", "Cùng kỳ", "So sánh cùng kỳ", "Đánh giá"]


def make_report(path: Path, copies: int = 3, rows: int = 60) -> int:
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    document = docx.Document()
    for _ in range(copies):
        for line in lines:
            document.add_paragraph(line)
        table = document.add_table(rows=rows + 1, cols=len(HEAD))
        for c, h in enumerate(HEAD):
            table.cell(0, c).text = h
        for r in range(1, rows + 1):
            plan, done, same = 1000 + 7 * r, 950 + 9 * r, 900 + 5 * r
            for c, text in enumerate([str(r), f"Chỉ tiêu {r}", "ha", f"{plan}", f"{done}",
                                      f"{100 * done / plan:.2f}".replace(".", ","), f"{same}",
                                      f"{100 * done / same:.2f}".replace(".", ","),
                                      "Đạt" if done >= plan else "Không đạt"]):
                table.cell(r, c).text = text
    document.save(str(path))
    return sum(len(line) for line in lines) * copies


def main() -> None:
    from addin.commands.soat import audit_report, read_report, write_commented

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "bao_cao_40_trang.docx")
        chars = make_report(src)
        start = time.perf_counter()
        paragraphs, document, anchors = read_report(src)
        audit = audit_report(paragraphs)
        write_commented(Path(tmp, "soat.docx"), audit, paragraphs, document, anchors)
        seconds = time.perf_counter() - start
    pages = chars / 2800  # about 2 800 characters of text on an A4 page of a report
    c = audit.counts()
    print(f"{len(paragraphs)} đoạn/ô, ~{pages:.0f} trang chữ + 3 biểu 60 dòng; {c['claims']} số liệu, "
          f"{c['recomputed']} + {c['table_recomputed']} (biểu) tính lại; {len(audit.findings)} phát hiện; {seconds:.2f} s (mục tiêu < 3 s)")


if __name__ == "__main__":
    main()
