"""The rules catalogue's types: every condition a service applies, with the source it rests on.

A service declares its rules once in a `RuleCatalogue`; its evaluations name the rule on each line
they emit, and its API serves the catalogue (`shared.rules_api`). A rule the Guangdong plan does not
contain must either be off by default (switched on by a versioned standard that records its source)
or say why its default changes no outcome the plan would allow.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

PLAN_TITLE_EN = "Guangdong three-year action plan to win the fight against poverty (2018–2020)"
PLAN_TITLE_ZH = "《关于打赢脱贫攻坚战三年行动方案（2018—2020年）》"
PLAN_ISSUER_EN = "General Offices of the Guangdong Provincial Party Committee and Provincial Government"
PLAN_ISSUER_ZH = "省委办公厅、省政府办公厅"
PLAN_START = date(2018, 1, 1)  # the plan's period, 2018—2020, as its title gives it
# Part 一 (总体要求) has no numbered items; items 1–32 run on through parts 二 to 八.
PLAN_PARTS: dict[str, range] = {
    "一": range(0), "二": range(1, 5), "三": range(5, 8), "四": range(8, 14), "五": range(14, 17),
    "六": range(17, 20), "七": range(20, 25), "八": range(25, 33),
}


@dataclass(frozen=True)
class Source:
    """Where a rule comes from: the plan's part and item, or another named document, with its words."""

    document_en: str
    document_zh: str
    issuer_en: str
    issuer_zh: str
    quote_zh: str
    in_plan: bool
    part: str | None = None
    item: int | None = None

    def citation_en(self) -> str:
        """Cite the source in English: the plan's part and item, or the document."""
        if not self.in_plan:
            return f"{self.document_en} ({self.issuer_en})"
        where = f"part {self.part}" + (f", item {self.item}" if self.item else "")
        return f"Guangdong plan 2018–2020, {where}"

    def citation_zh(self) -> str:
        """Cite the source in Chinese."""
        if not self.in_plan:
            return f"{self.issuer_zh}{self.document_zh}"
        where = f"第{self.part}部分" + (f"第{self.item}条" if self.item else "")
        return f"{PLAN_TITLE_ZH}{where}"


def plan_part(part: str, quote_zh: str) -> Source:
    """Cite an unnumbered passage of one of the plan's parts (part 一 holds the 2020 goals)."""
    if part not in PLAN_PARTS:
        raise ValueError(f"the plan has no part {part}")
    return Source(PLAN_TITLE_EN, PLAN_TITLE_ZH, PLAN_ISSUER_EN, PLAN_ISSUER_ZH, quote_zh, True, part)


def plan_item(item: int, quote_zh: str) -> Source:
    """Cite one of the plan's numbered items; its part follows from the number."""
    part = next((p for p, items in PLAN_PARTS.items() if item in items), None)
    if part is None:
        raise ValueError(f"the plan has no item {item}")
    return Source(PLAN_TITLE_EN, PLAN_TITLE_ZH, PLAN_ISSUER_EN, PLAN_ISSUER_ZH, quote_zh, True, part, item)


def document(title_en: str, title_zh: str, issuer_en: str, issuer_zh: str, quote_zh: str) -> Source:
    """Cite a document other than the plan."""
    return Source(title_en, title_zh, issuer_en, issuer_zh, quote_zh, False)


@dataclass(frozen=True)
class Parameter:
    """A figure a rule takes from the policy standard in force, with the value preloaded."""

    name: str
    description_en: str
    description_zh: str
    default: str | None


@dataclass(frozen=True)
class RuleSpec:
    """One rule: what it checks, where it applies, its parameters and its sources.

    `switch` names the standard's field that turns an off-by-default rule on (None: the rule always
    applies) and `switch_source` the field in which the standard records the switch's source.
    `neutral_en`/`neutral_zh` say why a rule the plan does not contain may apply by default.
    """

    code: str
    title_en: str
    title_zh: str
    checks_en: str
    checks_zh: str
    applies_to: tuple[str, ...]
    sources: tuple[Source, ...]
    effective_from: date | None
    effective_en: str
    effective_zh: str
    parameters: tuple[Parameter, ...] = ()
    switch: str | None = None
    switch_source: str | None = None
    neutral_en: str | None = None
    neutral_zh: str | None = None

    @property
    def in_plan(self) -> bool:
        """Tell whether the plan itself contains the rule."""
        return any(s.in_plan for s in self.sources)

    @property
    def on_by_default(self) -> bool:
        """Tell whether the rule applies without a standard switching it on."""
        return self.switch is None


class RuleCatalogue:
    """One service's rules, each registered once with a source, looked up by code."""

    def __init__(self, service: str) -> None:
        self.service = service
        self._rules: dict[str, RuleSpec] = {}

    def add(self, spec: RuleSpec) -> RuleSpec:
        """Register a rule; refuse a foreign or repeated code, a rule without source or applying nowhere."""
        if not spec.code.startswith(f"{self.service}."):
            raise ValueError(f"{spec.code}: a {self.service} rule's code starts with '{self.service}.'")
        if spec.code in self._rules:
            raise ValueError(f"{spec.code} is registered twice")
        if not spec.sources or not spec.applies_to:
            raise ValueError(f"{spec.code} needs a source and a place where it applies")
        if (spec.switch is None) != (spec.switch_source is None):
            raise ValueError(f"{spec.code}: a switch records its source, and only a switch does")
        if not spec.in_plan and spec.switch is None and spec.neutral_en is None:
            raise ValueError(f"{spec.code} is not in the plan: off by default, or say why it changes "
                             "no outcome the plan allows")
        self._rules[spec.code] = spec
        return spec

    def get(self, code: str) -> RuleSpec | None:
        """Return the rule with this code, if registered."""
        return self._rules.get(code)

    def __iter__(self) -> Iterator[RuleSpec]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)
