"""What the calculator returns for each indicator row: final, rounded figures ready to state.

Every Decimal here is already rounded once by the declared rule (formulas.rounding); the generator
formats them and never does arithmetic. None means "not applicable / not computable".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from formulas.model import IndicatorRow

# Evaluations (the "Đánh giá" column and the summary counts).
VUOT, DAT, KHONG_DAT, CUOI_NAM = "Vượt", "Đạt", "Không đạt", "Đánh giá cuối năm"
# Key-task statuses counted in the summary.
HOAN_THANH, CHUA_HOAN_THANH = "Hoàn thành", "Chưa hoàn thành"


@dataclass(slots=True)
class ComputedIndicator:
    row: IndicatorRow
    actual: Decimal | None  # the period estimate (uoc_ky), else the value to the cut-off date
    actual_is_estimate: bool  # True when actual came from uoc_ky ("ước đạt")
    to_date: Decimal | None  # den_ngay, as entered (rounded to the indicator's decimals)
    plans: dict[str, Decimal | None]  # basis key -> plan value
    pct_plan: dict[str, Decimal | None]  # basis key -> actual / plan × 100
    pct_plan_to_date: dict[str, Decimal | None]  # basis key -> to_date / plan × 100
    same_period: Decimal | None
    pct_same_period: Decimal | None  # actual / same period × 100
    change: Decimal | None  # pct_same_period − 100, or actual − same period for rates
    change_unit: str | None  # "%" or "điểm %"
    share: Decimal | None  # tỷ trọng in the parent, %
    remaining: dict[str, Decimal | None]  # basis key -> plan − actual (≥ 0 means still to do)
    evaluation: str | None  # VUOT | DAT | KHONG_DAT | CUOI_NAM | None

    @property
    def code(self) -> str | None:
        return self.row.code


@dataclass(slots=True)
class SummaryCounts:
    """"15 chỉ tiêu: 01 vượt, 12 đạt, 02 đánh giá cuối năm"; "12 nhiệm vụ: 11 hoàn thành, 01 chưa"."""

    targets_total: int = 0
    targets: dict[str, int] = field(default_factory=dict)  # evaluation -> count
    task_groups: int = 0
    tasks_total: int = 0
    tasks: dict[str, int] = field(default_factory=dict)  # status -> count


@dataclass(slots=True)
class ComputeResult:
    indicators: list[ComputedIndicator]  # in workbook order (sheet order, then row)
    summary: SummaryCounts

    def by_code(self) -> dict[str, ComputedIndicator]:
        out: dict[str, ComputedIndicator] = {}
        for item in self.indicators:
            if item.code and item.code not in out:
                out[item.code] = item
        return out
