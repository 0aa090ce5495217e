"""Shared fixtures for the template tests: a small catalog with every kind of column and indicator."""
from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from formulas.catalog import CATALOG_DIR, load_catalog

# A sector sheet exercising what the real catalog may not yet have: two budget estimates labelled by
# level, a level-2 child, a negative-allowed figure, a text indicator, a rate with help text.
TEST_SHEET = textwrap.dedent("""\
    sheet: Thử nghiệm
    title: Biểu thu ngân sách thử nghiệm
    section: ngan_sach
    order: 10
    plan_bases:
      dt_tren: Dự toán {cap_tren} giao
      dt_cap: Dự toán {cap} giao
    value_columns: [cung_ky, uoc_ky]
    indicators:
      - {code: TN.THU, name: Tổng thu ngân sách nhà nước trên địa bàn, unit: triệu đồng, decimals: 1,
         plans: [dt_tren, dt_cap], sentence: ngan_sach}
      - {code: TN.THU_THUE, parent: TN.THU, name: Thu thuế, unit: triệu đồng, plans: [dt_tren],
         help: Số thu thuế theo sổ Kho bạc}
      - {code: TN.THU_THUE_DN, parent: TN.THU_THUE, name: Thu từ doanh nghiệp, unit: triệu đồng, same_period: false}
      - {code: TN.CHENH_LECH, name: Chênh lệch thu chi, unit: triệu đồng, allow_negative: true}
      - {code: TN.TINH_HINH, name: Tình hình chung, unit: "-", kind: text, sentence: khong}
      - {code: TN.HO_NGHEO, name: Tỷ lệ hộ nghèo, unit: "%", kind: rate, better: lower, plans: [dt_cap],
         aggregate: none, sentence: ty_le}
    """)


@pytest.fixture(scope="session")
def small_catalog_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("catalog")
    for name in ("_outline.yaml", "_settings.yaml"):
        shutil.copyfile(CATALOG_DIR / name, d / name)
    (d / "thu_nghiem.yaml").write_text(TEST_SHEET, encoding="utf-8")
    return d


@pytest.fixture(scope="session")
def small_catalog(small_catalog_dir):
    return load_catalog(small_catalog_dir)


def pdf_pages(pdf: Path) -> int:
    """Number of pages of a PDF, from poppler's pdfinfo (installed with the test dependencies)."""
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def lo_profile(tmp_path: Path) -> Path:
    """A LibreOffice profile of this test only, so parallel runs never share one."""
    return tmp_path / "lo-profile"
