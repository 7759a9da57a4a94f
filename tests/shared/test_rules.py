"""The rules catalogue's types: citations of the plan, and what a catalogue refuses to register."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from shared.rules import RuleCatalogue, RuleSpec, document, plan_item, plan_part

OTHER = document("A national notice", "《某通知》", "A ministry", "某部", "原文")


def spec(code: str = "funds.project.budget", **changes: object) -> RuleSpec:
    base = RuleSpec(code, "budget", "预算", "checks", "检查", ("project",),
                    (plan_item(20, "建立健全县级脱贫攻坚项目库"),), date(2018, 1, 1), "from 2018", "2018年起")
    return replace(base, **changes)


@pytest.mark.parametrize(("item", "part"), [(1, "二"), (4, "二"), (5, "三"), (13, "四"), (14, "五"),
                                            (19, "六"), (20, "七"), (24, "七"), (25, "八"), (32, "八")])
def test_an_item_lies_in_its_part(item, part):
    assert plan_item(item, "原文").part == part


def test_citations_in_both_languages():
    assert plan_item(24, "原文").citation_en() == "Guangdong plan 2018–2020, part 七, item 24"
    plan = "《关于打赢脱贫攻坚战三年行动方案（2018—2020年）》"
    assert plan_item(24, "原文").citation_zh() == f"{plan}第七部分第24条"
    assert plan_part("一", "原文").citation_zh() == f"{plan}第一部分"
    assert OTHER.citation_en() == "A national notice (A ministry)"
    assert OTHER.citation_zh() == "某部《某通知》"


def test_no_such_item_or_part():
    for bad in (0, 33):
        with pytest.raises(ValueError, match="no item"):
            plan_item(bad, "原文")
    with pytest.raises(ValueError, match="no part"):
        plan_part("九", "原文")


def test_a_service_registers_its_own_rules_once():
    catalogue = RuleCatalogue("funds")
    added = catalogue.add(spec())
    assert catalogue.get("funds.project.budget") is added
    assert (list(catalogue), len(catalogue), catalogue.get("funds.nothing")) == ([added], 1, None)
    with pytest.raises(ValueError, match="twice"):
        catalogue.add(spec())
    with pytest.raises(ValueError, match=r"starts with 'funds\.'"):
        catalogue.add(spec("identification.project.budget"))


@pytest.mark.parametrize(("changes", "message"), [
    ({"sources": ()}, "needs a source"),
    ({"applies_to": ()}, "needs a source"),
    ({"sources": (OTHER,)}, "not in the plan"),
    ({"switch": "share_max"}, "records its source"),
    ({"switch_source": "share_source"}, "records its source"),
])
def test_a_rule_without_source_or_outside_the_plan_and_on_is_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        RuleCatalogue("funds").add(spec(**changes))


def test_a_rule_outside_the_plan_is_off_by_default_or_says_why_it_changes_nothing():
    catalogue = RuleCatalogue("funds")
    off = catalogue.add(spec("funds.a.b", sources=(OTHER,), switch="share_max", switch_source="share_source"))
    neutral = catalogue.add(spec("funds.a.c", sources=(OTHER,), neutral_en="timing only",
                                 neutral_zh="仅时间"))
    assert (off.in_plan, off.on_by_default, neutral.on_by_default) == (False, False, True)
