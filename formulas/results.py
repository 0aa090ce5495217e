"""What the calculator returns for each indicator row: final, rounded figures ready to state.

Every Decimal here is already rounded once by the declared rule (formulas.rounding); the generator
formats them and never does arithmetic. None means "not applicable / not computable".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from formulas.model import IndicatorRow
from formulas.ratios import CHANGE_PERCENT
from formulas.rounding import stated

# Evaluations (the "Đánh giá" column and the summary counts).
VUOT, DAT, KHONG_DAT, CUOI_NAM = "Vượt", "Đạt", "Không đạt", "Đánh giá cuối năm"
# A verdict an office states for a target that is not numeric, or a group of targets where only
# some members are met (formulas.targets).
DAT_MOT_PHAN = "Đạt một phần"
# Key-task statuses counted in the summary.
HOAN_THANH, CHUA_HOAN_THANH = "Hoàn thành", "Chưa hoàn thành"


HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Stating:
    """How one indicator's figures are stated, shared by every row of the same shape: the quantum of
    its declared decimals (None: as typed, for a custom row), the quantum of percentages, the
    rounding mode (a decimal-module constant, formulas.rounding.MODES), its plan bases and the unit
    of its change against the same period (points for a rate)."""

    quantum: Decimal | None
    percent_quantum: Decimal
    rounding: str
    bases: tuple[str, ...]
    change_unit: str = CHANGE_PERCENT

    def figure(self, value: Decimal | None) -> Decimal | None:
        return value if self.quantum is None else stated(value, self.quantum, self.rounding)

    def percent(self, value: Decimal) -> Decimal:
        return stated(value, self.percent_quantum, self.rounding)


@dataclass(slots=True)
class ComputedIndicator:
    """One row's results. What the patch, the checks and the counts need is computed by
    formulas.compute for every row; the figures only a report sentence states (the stated inputs,
    remaining to plan, % of plan to the cut-off date) are properties worked out on demand from the
    same numbers by the same rule, so a province's 100,000 rows do not pay for them."""

    row: IndicatorRow
    values: dict[str, Decimal | None]  # the numbers computed from (typed or derived; formulas.aggregate)
    stating: Stating
    pct_plan: dict[str, Decimal | None]  # basis key -> actual / plan × 100
    pct_same_period: Decimal | None  # actual / same period × 100
    change: Decimal | None  # pct_same_period − 100, or actual − same period for rates
    share: Decimal | None  # tỷ trọng in the parent, %
    evaluation: str | None  # VUOT | DAT | KHONG_DAT | CUOI_NAM | None
    inherited_targets: dict | None = None  # a main target's plan stated on its source row ("8,5 - 9")

    @property
    def code(self) -> str | None:
        return self.row.code

    @property
    def targets(self) -> dict:
        """Basis key -> formulas.targets.Target, for the plan cells that state a range, an
        inequality or a verdict rather than a number (their % of plan is None); a main target with
        an empty plan cell shows the one its source row states."""
        return self.row.targets or self.inherited_targets or {}

    @property
    def actual_is_estimate(self) -> bool:
        """True when actual came from uoc_ky ("ước đạt")."""
        return self.values.get("uoc_ky") is not None

    @property
    def change_unit(self) -> str | None:
        """"%" or "điểm %" (None without a change)."""
        return None if self.change is None else self.stating.change_unit

    @property
    def actual(self) -> Decimal | None:
        """The period estimate (uoc_ky), else the value to the cut-off date."""
        get = self.values.get
        value = get("uoc_ky")
        return self.stating.figure(get("den_ngay") if value is None else value)

    @property
    def to_date(self) -> Decimal | None:
        """den_ngay, as entered (rounded to the indicator's decimals)."""
        return self.stating.figure(self.values.get("den_ngay"))

    @property
    def same_period(self) -> Decimal | None:
        return self.stating.figure(self.values.get("cung_ky"))

    @property
    def plans(self) -> dict[str, Decimal | None]:
        """Basis key -> stated plan value."""
        get, figure = self.values.get, self.stating.figure
        return {b: figure(get(b)) for b in self.stating.bases}

    @property
    def remaining(self) -> dict[str, Decimal | None]:
        """Basis key -> stated plan − stated actual (≥ 0 means still to do), so the report's own
        numbers always subtract exactly."""
        actual = self.actual
        return {b: None if plan is None or actual is None else plan - actual for b, plan in self.plans.items()}

    @property
    def pct_plan_to_date(self) -> dict[str, Decimal | None]:
        """Basis key -> to_date / plan × 100 (the same as pct_plan when there is no estimate)."""
        if not self.actual_is_estimate:
            return dict(self.pct_plan)
        get, percent = self.values.get, self.stating.percent
        to_date = get("den_ngay")
        out = {}
        for b in self.stating.bases:
            plan = get(b)
            out[b] = None if to_date is None or not plan else percent(to_date * HUNDRED / plan)
        return out


@dataclass(slots=True)
class SummaryCounts:
    """"15 chỉ tiêu: 01 vượt, 12 đạt, 02 đánh giá cuối năm"; "12 nhiệm vụ: 11 hoàn thành, 01 chưa"."""

    targets_total: int = 0
    targets: dict[str, int] = field(default_factory=dict)  # evaluation -> count
    targets_without_plan: int = 0  # not judged although the result is there: no plan to judge it by
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
