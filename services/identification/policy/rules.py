"""Exit and identification standards as pure functions; every condition explained in two languages.

The figures come from the plan's part 一 (到2020年 …): a household with labour capacity exits at
45% of the year's provincial rural disposable income per head, a village at 60% with hardened
roads to every natural village of 20+ households and the tidy-village standard; 两不愁三保障
(food and clothing; compulsory education §8, basic medical care §9, safe housing §10) and safe
drinking water (§15) are checked for every household; those without labour capacity are covered
by the safety net (§11, §12) instead of the income line; §24 asks for exit by strict standards.
Each line names its rule in the catalogue (policy/catalogue.py), which cites the part and item; a
condition the plan does not contain (the village's share of households still poor) applies only
where a standard version switches it on with its source.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from services.identification.codes import (
    UNSAFE_HOUSING,
    HouseholdCategory,
    HousingGrade,
    RenovationState,
)
from services.identification.policy.catalogue import CONDITION_RULES

FEN = Decimal("0.01")
LABOUR_CAPABLE = frozenset({"normal", "weak"})
SAFETY_NET = frozenset({HouseholdCategory.MINIMUM_LIVING_GUARANTEE,
                        HouseholdCategory.EXTREME_POVERTY_SUPPORT})


@dataclass(frozen=True)
class Standard:
    """One version of a year's policy standards for a region prefix (plan part 一, §24)."""

    year: int
    region_prefix: str
    version: int
    rural_income_per_head: Decimal
    household_exit_ratio: Decimal
    village_exit_ratio: Decimal
    identification_line: Decimal
    village_remaining_poor_share_max: Decimal | None  # None: the condition is off (not in the plan)
    notice_days: int
    objection_days: int
    announcement_days: int = 7
    price_index: Decimal = Decimal("1")
    road_min_households: int = 20
    safe_water_required: bool = True
    village_remaining_poor_share_source: str | None = None
    id: int | None = None

    def household_exit_threshold(self) -> Decimal:
        """Return the household exit line: ratio × rural income per head, half-up to the fen."""
        return fen(self.household_exit_ratio * self.rural_income_per_head)

    def village_exit_threshold(self) -> Decimal:
        """Return the village exit line: ratio × rural income per head, half-up to the fen."""
        return fen(self.village_exit_ratio * self.rural_income_per_head)

    def identification_threshold(self) -> Decimal:
        """Return the identification line in the year's prices (2014 line × price index)."""
        return fen(self.identification_line * self.price_index)

    def label_en(self) -> str:
        """Name the standard version as explanations cite it."""
        where = "" if self.region_prefix == "44" else f" {self.region_prefix}"
        return f"{self.year} standard{where} v{self.version}"

    def label_zh(self) -> str:
        """Name the standard version in Chinese."""
        where = "" if self.region_prefix == "44" else self.region_prefix
        return f"{self.year}年{where}标准 第{self.version}版"


@dataclass(frozen=True)
class ConditionResult:
    """One checked condition: its value, the threshold, the verdict explained, and the rule applied."""

    code: str
    label_en: str
    label_zh: str
    value: str
    threshold: str
    passed: bool
    explanation_en: str
    explanation_zh: str
    rule: str


@dataclass(frozen=True)
class Evaluation:
    """The outcome of a rule evaluation with one line per condition."""

    subject_type: str
    subject_id: str
    year: int
    standard_version: int
    verdict: bool
    conditions: list[ConditionResult]
    kind: str = ""
    region_code: str = ""
    standard_year: int = 0
    standard_region: str = ""
    standard_id: int | None = None
    summary_en: str = ""
    summary_zh: str = ""
    facts: dict[str, Any] = field(default_factory=dict)

    def failed(self) -> list[ConditionResult]:
        """Return the conditions that did not pass."""
        return [c for c in self.conditions if not c.passed]


@dataclass(frozen=True)
class HouseholdFacts:
    """What the household rules need, as of one year."""

    household_id: str
    region_code: str
    year: int
    income_per_head: Decimal | None
    labour_capacity: bool
    category: str
    members: int
    medical_insured: int
    dropped_out_children: int
    housing_grade: str
    renovation_state: str
    safe_drinking_water: bool
    food_clothing_secure: bool | None = None
    income_revision: int | None = None

    def snapshot(self) -> dict[str, Any]:
        """Describe the facts as JSON values, kept with a stored evaluation."""
        data = asdict(self)
        data["income_per_head"] = None if self.income_per_head is None else f"{self.income_per_head:.2f}"
        return data


@dataclass(frozen=True)
class NaturalVillageFact:
    """A natural village's size and road."""

    name: str
    households: int
    hardened_road: bool


@dataclass(frozen=True)
class VillageFacts:
    """What the village exit rule needs, as of one year."""

    village_code: str
    year: int
    income_per_head: Decimal | None
    natural_villages: tuple[NaturalVillageFact, ...]
    tidy_village: bool
    poor_households_total: int
    poor_households_still_poor: int
    income_revision: int | None = None

    def snapshot(self) -> dict[str, Any]:
        """Describe the facts as JSON values, kept with a stored evaluation."""
        data = asdict(self)
        data["income_per_head"] = None if self.income_per_head is None else f"{self.income_per_head:.2f}"
        return data


def fen(amount: Decimal) -> Decimal:
    """Round yuan half-up to the fen."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def money(amount: Decimal) -> str:
    """Show yuan with thousands separators and two places (7,725.60)."""
    return f"{amount:,.2f}"


def figure(amount: Decimal) -> str:
    """Show a published figure as published: whole yuan without places (17,168)."""
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else money(amount)


def percent(ratio: Decimal) -> str:
    """Show a ratio as a percentage without trailing zeros (0.4500 -> 45%)."""
    return format((ratio * 100).normalize(), "f") + "%"


def _yes(flag: bool) -> tuple[str, str]:
    return ("yes", "是") if flag else ("no", "否")


def _condition(code: str, labels: tuple[str, str], value: str, threshold: str, passed: bool,
               body: tuple[str, str], std: Standard,
               words: tuple[tuple[str, str], tuple[str, str]] = (("met", "达标"), ("not met", "未达标"))
               ) -> ConditionResult:
    en, zh = words[0] if passed else words[1]
    return ConditionResult(code, labels[0], labels[1], value, threshold, passed,
                           f"{body[0]} ({std.label_en()}): {en}", f"{body[1]}（{std.label_zh()}）：{zh}",
                           CONDITION_RULES[code].code)


def at_least(value: Decimal, threshold: Decimal) -> bool:
    """Tell whether a value reaches a threshold; exactly at the threshold passes."""
    return value >= threshold


def income_condition(income: Decimal | None, ratio: Decimal, std: Standard, village: bool = False
                     ) -> ConditionResult:
    """Check income per head against ratio × the year's provincial rural income per head."""
    threshold = fen(ratio * std.rural_income_per_head)
    line = f"{percent(ratio)} × {figure(std.rural_income_per_head)} = {money(threshold)}"
    code, labels = (("village_income", ("village income per head", "村人均可支配收入")) if village
                    else ("income", ("income per head", "人均可支配收入")))
    if income is None:
        body = (f"{labels[0]}: no income record for {std.year}, required ≥ {line}",
                f"{labels[1]}：无{std.year}年收入记录，标准 ≥ {line}")
        return _condition(code, labels, "", f"{threshold:.2f}", False, body, std)
    passed = at_least(income, threshold)
    sign = "≥" if passed else "<"
    body = (f"{labels[0]} {money(income)} {sign} {line}", f"{labels[1]} {money(income)} {sign} {line}")
    return _condition(code, labels, f"{income:.2f}", f"{threshold:.2f}", passed, body, std)


def safety_net_condition(facts: HouseholdFacts, std: Standard) -> ConditionResult:
    """Check that a household without labour capacity is covered by 低保 or 特困供养 (§11, §12)."""
    passed = facts.category in SAFETY_NET
    label = HouseholdCategory(facts.category).label_zh  # type: ignore[attr-defined]
    body = (f"no member with labour capacity; category {facts.category}, required "
            "minimum_living_guarantee or extreme_poverty_support",
            f"无劳动能力成员；贫困户属性 {label}，标准 低保贫困户或特困供养户")
    return _condition("safety_net", ("safety-net coverage", "兜底保障"), facts.category,
                      "minimum_living_guarantee|extreme_poverty_support", passed, body, std)


def food_clothing_condition(facts: HouseholdFacts, std: Standard) -> ConditionResult:
    """Check 不愁吃、不愁穿: as surveyed, else by the safety net or the identification line."""
    labels = ("food and clothing", "不愁吃、不愁穿")
    line = std.identification_threshold()
    if facts.food_clothing_secure is not None:
        yes = _yes(facts.food_clothing_secure)
        body = (f"food and clothing secure by survey: {yes[0]}, required yes",
                f"入户调查不愁吃穿：{yes[1]}，标准 是")
        return _condition("food_clothing", labels, yes[0], "yes", facts.food_clothing_secure, body, std)
    if facts.category in SAFETY_NET:
        body = (f"food and clothing covered by the safety net ({facts.category})",
                f"吃穿由兜底保障（{HouseholdCategory(facts.category).label_zh}）")  # type: ignore[attr-defined]
        return _condition("food_clothing", labels, facts.category, f"{line:.2f}", True, body, std)
    if facts.income_per_head is None:
        body = (f"food and clothing: no income record for {std.year}, required ≥ {money(line)}",
                f"不愁吃穿：无{std.year}年收入记录，标准 ≥ {money(line)}")
        return _condition("food_clothing", labels, "", f"{line:.2f}", False, body, std)
    passed = at_least(facts.income_per_head, line)
    sign = "≥" if passed else "<"
    body = (f"food and clothing: income per head {money(facts.income_per_head)} {sign} "
            f"identification line {money(line)}",
            f"不愁吃穿：人均可支配收入 {money(facts.income_per_head)} {sign} 识别标准 {money(line)}")
    return _condition("food_clothing", labels, f"{facts.income_per_head:.2f}", f"{line:.2f}", passed,
                      body, std)


def guarantee_conditions(facts: HouseholdFacts, std: Standard) -> list[ConditionResult]:
    """Check 三保障 (§8 education, §9 medical, §10 housing) and safe water (§15)."""
    n = facts.dropped_out_children
    results = [_condition(
        "compulsory_education", ("compulsory education", "义务教育有保障"), str(n), "0", n == 0,
        (f"school-age children dropped out of compulsory education {n}, allowed 0",
         f"义务教育阶段适龄儿童辍学 {n} 人，标准 0 人"), std)]
    ins, total = facts.medical_insured, facts.members
    results.append(_condition(
        "basic_medical", ("basic medical care", "基本医疗有保障"), f"{ins}/{total}", f"{total}/{total}",
        ins >= total, (f"members with basic medical insurance {ins}/{total}, required all",
                       f"参加基本医疗保险 {ins}/{total} 人，标准 全部参保"), std))
    results.append(housing_condition(facts, std))
    if std.safe_water_required:
        yes = _yes(facts.safe_drinking_water)
        results.append(_condition(
            "safe_water", ("safe drinking water", "饮水安全"), yes[0], "yes", facts.safe_drinking_water,
            (f"safe drinking water: {yes[0]}, required yes", f"饮水安全：{yes[1]}，标准 是"), std))
    return results


def housing_condition(facts: HouseholdFacts, std: Standard) -> ConditionResult:
    """Check safe housing: not a grade C/D dangerous house, unless its renovation is completed (§10)."""
    unsafe = facts.housing_grade in UNSAFE_HOUSING
    passed = not unsafe or facts.renovation_state == RenovationState.COMPLETED
    grade_zh = HousingGrade(facts.housing_grade).label_zh  # type: ignore[attr-defined]
    state_zh = RenovationState(facts.renovation_state).label_zh  # type: ignore[attr-defined]
    body = (f"housing {facts.housing_grade}, renovation {facts.renovation_state}, required not grade C/D "
            "or renovation completed", f"住房 {grade_zh}，{state_zh}，标准 非C/D级危房或已完成改造")
    return _condition("housing_safe", ("safe housing", "住房安全有保障"),
                      f"{facts.housing_grade}/{facts.renovation_state}", "not grade_c/grade_d|completed",
                      passed, body, std)


def _identity(kind: str, subject_type: str, subject_id: str, region: str, year: int, std: Standard,
              verdict: bool, conditions: list[ConditionResult], summary: tuple[str, str],
              facts: dict[str, Any]) -> Evaluation:
    return Evaluation(subject_type, subject_id, year, std.version, verdict, conditions, kind=kind,
                      region_code=region, standard_year=std.year, standard_region=std.region_prefix,
                      standard_id=std.id, summary_en=summary[0], summary_zh=summary[1], facts=facts)


def _refusal_summary(verdict: bool, failed: list[ConditionResult], ok: tuple[str, str],
                     refused: tuple[str, str]) -> tuple[str, str]:
    if verdict:
        return ok
    return (f"{refused[0]}: {', '.join(c.label_en for c in failed)}",
            f"{refused[1]}：{'、'.join(c.label_zh for c in failed)}")


def evaluate_household_exit(facts: HouseholdFacts, standard: Standard) -> Evaluation:
    """Check every exit standard for a household: income (or safety net), 两不愁三保障, water."""
    first = (income_condition(facts.income_per_head, standard.household_exit_ratio, standard)
             if facts.labour_capacity else safety_net_condition(facts, standard))
    conditions = [first, food_clothing_condition(facts, standard), *guarantee_conditions(facts, standard)]
    verdict = all(c.passed for c in conditions)
    summary = _refusal_summary(verdict, [c for c in conditions if not c.passed],
                               ("meets every exit standard", "达到全部退出标准"),
                               ("exit refused, not met", "不予退出，未达标"))
    return _identity("household_exit", "household", facts.household_id, facts.region_code, facts.year,
                     standard, verdict, conditions, summary, facts.snapshot())


def identification_income_condition(facts: HouseholdFacts, std: Standard) -> ConditionResult:
    """Check income per head against the identification line (4,000 yuan at 2014 prices × index)."""
    line = std.identification_threshold()
    rule = f"{figure(std.identification_line)} × {std.price_index:.4f} = {money(line)}"
    labels = ("income per head", "人均可支配收入")
    words = (("not below the identification line", "不低于识别标准"),
             ("below the identification line", "低于识别标准"))
    if facts.income_per_head is None:
        body = (f"income per head: no income record for {std.year}, identification line {rule}",
                f"人均可支配收入：无{std.year}年收入记录，识别标准 {rule}")
        return _condition("income_line", labels, "", f"{line:.2f}", False, body, std, words)
    passed = at_least(facts.income_per_head, line)
    sign = "≥" if passed else "<"
    body = (f"income per head {money(facts.income_per_head)} {sign} identification line {rule}",
            f"人均可支配收入 {money(facts.income_per_head)} {sign} 识别标准 {rule}")
    return _condition("income_line", labels, f"{facts.income_per_head:.2f}", f"{line:.2f}", passed, body,
                      std, words)


def evaluate_identification(facts: HouseholdFacts, standard: Standard) -> Evaluation:
    """Tell whether a household is poor: below the identification line or a guarantee failing.

    A passed condition means the household is not deprived on it; the verdict is True (poor,
    to be identified) when any condition fails.
    """
    conditions = [identification_income_condition(facts, standard),
                  food_clothing_condition(facts, standard), *guarantee_conditions(facts, standard)]
    failed = [c for c in conditions if not c.passed]
    verdict = bool(failed)
    summary = ((f"qualifies as poor: {', '.join(c.label_en for c in failed)}",
                f"符合识别标准：{'、'.join(c.label_zh for c in failed)}") if verdict else
               ("does not qualify: above the identification line and every guarantee met",
                "不符合识别标准：收入不低于识别标准且各项保障均达标"))
    return _identity("identification", "household", facts.household_id, facts.region_code, facts.year,
                     standard, verdict, conditions, summary, facts.snapshot())


def roads_condition(facts: VillageFacts, std: Standard) -> ConditionResult:
    """Check hardened roads to every natural village of 20+ households (plan part 一, §14)."""
    n = std.road_min_households
    due = [v for v in facts.natural_villages if v.households >= n]
    missing = [v.name for v in due if not v.hardened_road]
    done = len(due) - len(missing)
    tail_en = f" (not hardened: {', '.join(missing)})" if missing else ""
    tail_zh = f"（未硬化：{'、'.join(missing)}）" if missing else ""
    body = (f"natural villages of {n}+ households with hardened roads {done}/{len(due)}{tail_en}",
            f"{n}户以上自然村路面硬化 {done}/{len(due)} 个{tail_zh}")
    return _condition("roads", ("hardened roads", "自然村路面硬化"), f"{done}/{len(due)}",
                      f"{len(due)}/{len(due)}", not missing, body, std)


def remaining_poor_condition(facts: VillageFacts, std: Standard, most: Decimal) -> ConditionResult:
    """Check the share of the village's registered poor households still in poverty (not in the plan)."""
    still, total = facts.poor_households_still_poor, facts.poor_households_total
    passed = total == 0 or Decimal(still) <= most * total  # exactly at the maximum passes
    share = fen(Decimal(still) * 100 / total) if total else Decimal("0.00")
    sign = "≤" if passed else ">"
    body = (f"poor households still in poverty {still}/{total} = {share}% {sign} {percent(most)}",
            f"未脱贫户占比 {still}/{total} = {share}% {sign} {percent(most)}")
    return _condition("remaining_poor_share", ("households still poor", "未脱贫户占比"), f"{share}%",
                      percent(most), passed, body, std)


def evaluate_village_exit(facts: VillageFacts, standard: Standard) -> Evaluation:
    """Check a relatively poor village's exit (出列) criteria: income 60%, roads, tidiness (plan part 一).

    The share of households still poor is checked only where the standard switches it on.
    """
    tidy = _yes(facts.tidy_village)
    conditions = [
        income_condition(facts.income_per_head, standard.village_exit_ratio, standard, village=True),
        roads_condition(facts, standard),
        _condition("tidy_village", ("tidy village", "干净整洁村"), tidy[0], "yes", facts.tidy_village,
                   (f"tidy-village standard reached: {tidy[0]}, required yes",
                    f"达到干净整洁村标准：{tidy[1]}，标准 是"), standard),
    ]
    most = standard.village_remaining_poor_share_max
    if most is not None:
        conditions.append(remaining_poor_condition(facts, standard, most))
    verdict = all(c.passed for c in conditions)
    summary = _refusal_summary(verdict, [c for c in conditions if not c.passed],
                               ("meets every village exit criterion", "达到全部出列标准"),
                               ("village exit refused, not met", "不予出列，未达标"))
    return _identity("village_exit", "village", facts.village_code, facts.village_code, facts.year,
                     standard, verdict, conditions, summary, facts.snapshot())
