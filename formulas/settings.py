"""The catalog's settings (catalog/_settings.yaml) as a typed evaluation and rounding policy.

Read once per run; every rule that depends on an office's practice lives in the YAML, not here.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from formulas.period import Period, share_table, try_parse
from formulas.rounding import HALF_UP, MODES

# Plan bases that cover the period itself (a season or the reporting period), compared at 100%.
# Every other basis (KH năm, dự toán tỉnh/huyện giao…) is a year target.
DEFAULT_PERIOD_BASES = ("kh_ky", "kh_vu")


@dataclass(frozen=True, slots=True)
class Policy:
    rounding: str = HALF_UP
    percent_decimals: int = 2
    # ((kind, index), % of the year plan that counts as "đạt"), every period (formulas.period.share_table)
    period_share: tuple[tuple[tuple[str, int], Decimal], ...] = tuple(share_table(None).items())
    default_share: Decimal = Decimal(100)  # a period text that formulas.period cannot read
    plausible_percent_max: Decimal = Decimal(300)
    pad_counts_below_10: bool = True
    period_bases: tuple[str, ...] = DEFAULT_PERIOD_BASES

    def share_of_year(self, ky_bao_cao: object) -> Decimal:
        """% of the year plan a period's result must reach ("6 tháng đầu năm", "Quý II năm 2026" -> 50;
        a Period too); default_share for a text formulas.period cannot read."""
        period = ky_bao_cao if isinstance(ky_bao_cao, Period) else try_parse(ky_bao_cao)
        if period is None:
            return self.default_share
        return dict(self.period_share).get((period.kind, period.index), period.default_share)

    def knows_period(self, ky_bao_cao: object) -> bool:
        """Can the period be read (and so judged at its own share)?"""
        return isinstance(ky_bao_cao, Period) or try_parse(ky_bao_cao) is not None

    def is_period_basis(self, basis: str) -> bool:
        return basis in self.period_bases


def policy_from(settings: dict | None) -> Policy:
    """Build the policy from the settings dict; a bad value raises ValueError naming the key."""
    settings = settings or {}
    rounding = str(settings.get("rounding", HALF_UP)).strip()
    if rounding not in MODES:
        raise ValueError(f"_settings.yaml: rounding phải là half_up hoặc truncate, không phải '{rounding}'")
    shares = dict(settings.get("period_share_of_year") or {})
    default = Decimal(str(shares.pop("default", 100)))
    table = share_table(shares)  # ValueError naming the key
    return Policy(
        rounding=rounding,
        percent_decimals=int(settings.get("percent_decimals", 2)),
        period_share=tuple(table.items()),
        default_share=default,
        plausible_percent_max=Decimal(str(settings.get("plausible_percent_max", 300))),
        pad_counts_below_10=bool(settings.get("pad_counts_below_10", True)),
        period_bases=tuple(settings.get("period_bases") or DEFAULT_PERIOD_BASES),
    )
