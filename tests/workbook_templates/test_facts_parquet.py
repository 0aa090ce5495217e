"""`ktxh tong-hop --parquet`: the units' facts as hive-partitioned Parquet — exact round trip with
provenance, the README's DuckDB query giving back the consolidated workbook's summed figures, one
period replaced on rewrite, and a Vietnamese error for a file given as the folder."""
from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import duckdb
import openpyxl
import pyarrow.parquet as pq
import pytest

from addin.cli import main
from formulas.catalog import TARGETS_SECTION, load_catalog
from formulas.consolidate import COMBINED_COLUMNS
from formulas.errors import KtxhError
from formulas.facts import COLUMNS, Fact, FactTable, Provenance
from tests.addin.test_tong_hop import xa_file
from workbook_templates.builder import code_rows, column_keys
from workbook_templates.facts_parquet import PART_FILE, RATE_SQL, SUM_SQL, period_slug, write_facts

README = Path(__file__).resolve().parents[2] / "README.md"
NAM, CHIN_THANG = "năm 2026", "9 tháng đầu năm 2026"


def table(rows) -> FactTable:
    t = FactTable()
    for unit, period, code, column, value, *where in rows:
        t.add(Fact(unit, period, code, column, D(value)), Provenance(*where) if where else None)
    return t


SAMPLE = [  # awkward decimals on purpose: a float would not keep them
    ("ỦY BAN NHÂN DÂN XÃ AN BÌNH", NAM, "NN.LUONG_THUC", "uoc_ky", "0.1", "An Bình.xlsx", "Nông nghiệp", "F7"),
    ("ỦY BAN NHÂN DÂN XÃ AN BÌNH", NAM, "NS.THU", "uoc_ky", "123456789012345678.0123456789", "An Bình.xlsx",
     "Ngân sách", "F6"),
    ("ỦY BAN NHÂN DÂN XÃ BÌNH MINH", NAM, "NN.LUONG_THUC", "uoc_ky", "-2.5"),  # no provenance: empty strings
    ("ỦY BAN NHÂN DÂN XÃ BÌNH MINH", CHIN_THANG, "NN.LUONG_THUC", "cung_ky", "1990.48", "Bình Minh.xlsx",
     "Nông nghiệp", "E7"),
]


def read_rows(path: Path) -> list[tuple]:
    return [tuple(r[c] for c in COLUMNS) for r in pq.read_table(path).to_pylist()]


def test_period_slugs_are_ascii_folder_names():
    assert period_slug(NAM) == "nam_2026"
    assert period_slug(CHIN_THANG) == "9_thang_dau_nam_2026"
    assert period_slug("quý II năm 2026") == "quy_ii_nam_2026"
    assert period_slug("Đợt  1 / 2026") == "dot_1_2026" and period_slug("") == "khong_ro_ky"


def test_round_trip_keeps_rows_exact_values_and_provenance(tmp_path):
    facts = table(SAMPLE)
    written = write_facts(facts, tmp_path / "pq")
    assert written == [tmp_path / "pq" / "ky=nam_2026" / PART_FILE, tmp_path / "pq" / "ky=9_thang_dau_nam_2026" / PART_FILE]
    assert read_rows(written[0]) == facts.filter(period=NAM).tuples()  # value: Decimal, equal digit for digit
    assert read_rows(written[1]) == facts.filter(period=CHIN_THANG).tuples()
    assert str(read_rows(written[0])[0][4].normalize()) == "0.1"
    assert str(pq.read_schema(written[0]).field("value").type) == "decimal128(38, 10)"
    # the whole folder as one hive dataset: the Vietnamese period in the data, the slug as `ky`
    whole = pq.read_table(tmp_path / "pq", partitioning="hive").to_pylist()
    assert sorted((r["period"], str(r["ky"])) for r in whole) == [(CHIN_THANG, "9_thang_dau_nam_2026")] + [(NAM, "nam_2026")] * 3


def test_a_value_that_would_be_rounded_is_refused_before_anything_is_written(tmp_path):
    facts = table([("XA A", NAM, "NN.LUONG_THUC", "uoc_ky", "0.00000000001", "A.xlsx", "Nông nghiệp", "F7")])
    with pytest.raises(KtxhError, match="A.xlsx: Nông nghiệp!F7.*làm tròn"):
        write_facts(facts, tmp_path / "pq")
    assert not list((tmp_path / "pq").rglob("*"))


def test_rewriting_a_period_replaces_that_period_only(tmp_path):
    out = tmp_path / "pq"
    write_facts(table(SAMPLE), out)
    kept = (out / "ky=9_thang_dau_nam_2026" / PART_FILE).read_bytes()
    (out / "ky=nam_2026" / "part-1.parquet").write_bytes(kept)  # a stray file of the old period
    again = table([("ỦY BAN NHÂN DÂN XÃ CAO SƠN", NAM, "NS.THU", "uoc_ky", "7", "Cao Sơn.xlsx", "Ngân sách", "F6")])
    assert write_facts(again, out) == [out / "ky=nam_2026" / PART_FILE]
    assert read_rows(out / "ky=nam_2026" / PART_FILE) == again.tuples()
    assert (out / "ky=9_thang_dau_nam_2026" / PART_FILE).read_bytes() == kept
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "ky=9_thang_dau_nam_2026/part-0.parquet", "ky=nam_2026/part-0.parquet"]  # no temp file left


def test_a_file_given_as_the_folder_is_a_vietnamese_error(tmp_path, capsys):
    not_a_dir = tmp_path / "so_lieu.parquet"
    not_a_dir.write_text("x")
    with pytest.raises(KtxhError, match="là một tệp, không phải thư mục"):
        write_facts(table(SAMPLE), not_a_dir)
    xa_file(tmp_path, "An Bình", {})
    out = tmp_path / "th.xlsx"
    assert main(["tong-hop", str(tmp_path), "-o", str(out), "--parquet", str(not_a_dir)]) == 2
    assert "là một tệp, không phải thư mục" in capsys.readouterr().err
    assert not out.exists()  # refused before the consolidation


# -- through the command: the README's query against the consolidated workbook ---------------------

@pytest.fixture(scope="module")
def run(tmp_path_factory):
    xa = tmp_path_factory.mktemp("xa")
    xa_file(xa, "An Bình", {"NN.LUONG_THUC": {"uoc_ky": 100, "cung_ky": 90}, "YT.BHYT_THAM_GIA": {"uoc_ky": 900},
                            "YT.DAN_SO": {"uoc_ky": 1000}, "NS.THU": {"uoc_ky": 512.25}})
    xa_file(xa, "Bình Minh", {"NN.LUONG_THUC": {"uoc_ky": 250.5}, "YT.BHYT_THAM_GIA": {"uoc_ky": 50},
                              "YT.DAN_SO": {"uoc_ky": 100}})
    xa_file(xa, "Cao Sơn", {})
    tinh = tmp_path_factory.mktemp("tinh")
    out = tinh / "tong_hop.xlsx"
    code = main(["tong-hop", str(xa), "-o", str(out), "--parquet", str(tinh / "tong_hop_parquet")])
    return code, xa, tinh, out


def summed_codes() -> dict:
    """The tỉnh indicators consolidated by `sum` (formulas.consolidate's own exclusions)."""
    catalog = load_catalog("tinh")
    targets = {s.sheet for s in catalog.sheets if s.section == TARGETS_SECTION}
    return {code: ind for code, ind in catalog.by_code.items()
            if ind.aggregate == "sum" and not (ind.is_text or ind.source or ind.sheet in targets)}


def summed_cells(path: Path) -> dict:
    """(code, column) -> value of every summed indicator's combined column in the consolidated workbook."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for code, ind in summed_codes().items():
        ws = wb[ind.sheet]
        rows, keys = code_rows(ws), column_keys(ws)
        for column in COMBINED_COLUMNS:
            if code in rows and column in keys:
                value = ws.cell(rows[code], keys[column]).value
                if value is not None:
                    out[code, column] = D(repr(value)) if isinstance(value, float) else D(value)
    return out


def test_the_readme_shows_the_very_queries_the_tests_run():
    text = README.read_text(encoding="utf-8")
    assert f"```sql\n{SUM_SQL}\n```" in text and f"```sql\n{RATE_SQL}\n```" in text


def test_the_command_writes_the_facts_and_says_where(run, capsys):
    code, xa, tinh, _ = run
    assert code == 0
    part = tinh / "tong_hop_parquet" / "ky=nam_2026" / PART_FILE
    rows = pq.read_table(part).to_pylist()
    assert {r["unit"] for r in rows} == {"ỦY BAN NHÂN DÂN XÃ AN BÌNH", "ỦY BAN NHÂN DÂN XÃ BÌNH MINH",
                                         "ỦY BAN NHÂN DÂN XÃ CAO SƠN"}
    assert {r["period"] for r in rows} == {NAM}
    # provenance names the xã's own cell, which holds the number
    fact = next(r for r in rows if r["code"] == "NN.LUONG_THUC" and r["column"] == "uoc_ky" and "BÌNH MINH" in r["unit"])
    assert fact["file"] == "Bình Minh.xlsx" and fact["value"] == D("250.5")
    assert openpyxl.load_workbook(xa / fact["file"])[fact["sheet"]][fact["cell"]].value == 250.5


def test_the_readme_query_gives_the_consolidated_workbooks_sums(run, monkeypatch):
    _, _, tinh, out = run
    monkeypatch.chdir(tinh)  # the README's query reads tong_hop_parquet/ from where it is run
    want = summed_cells(out)
    summed = summed_codes()
    got = {(code, column): total for period, code, column, total, _ in duckdb.sql(SUM_SQL).fetchall()
           if code in summed}
    assert want[("NN.LUONG_THUC", "uoc_ky")] == D("350.5") and want[("NN.LUONG_THUC", "cung_ky")] == 90
    assert want[("NS.THU", "uoc_ky")] == D("1512.25")
    assert got == want  # every summed figure, and none the workbook does not hold
    rate = dict(((p, c), r) for p, c, r in duckdb.sql(RATE_SQL).fetchall())
    wb = openpyxl.load_workbook(out)
    ind = load_catalog("tinh").by_code["YT.BHYT_TY_LE"]
    ws = wb[ind.sheet]
    in_workbook = ws.cell(code_rows(ws)["YT.BHYT_TY_LE"], column_keys(ws)["uoc_ky"]).value
    assert rate[NAM, "uoc_ky"] == pytest.approx(in_workbook) == pytest.approx(950 / 1100 * 100)
