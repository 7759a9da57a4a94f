"""The funds service's rules, each with its source in the plan; refusals name the rule they apply."""

from __future__ import annotations

from shared.rules import PLAN_START, RuleCatalogue, RuleSpec, Source, plan_item, plan_part

RULES = RuleCatalogue("funds")

PROJECT_STEP = "project_step"
PROJECT_ENTRY = "project_entry"
ALLOCATION = "allocation"
PAYMENT = "payment"

_PLAN_PERIOD = ("From the plan's period (2018—2020).", "自方案实施期（2018—2020年）起适用。")


def _rule(code: str, titles: tuple[str, str], checks: tuple[str, str], applies_to: tuple[str, ...],
          *sources: Source) -> RuleSpec:
    """Register a rule the service applies from the plan's period on."""
    return RULES.add(RuleSpec(f"funds.{code}", titles[0], titles[1], checks[0], checks[1], applies_to,
                              sources, PLAN_START, _PLAN_PERIOD[0], _PLAN_PERIOD[1]))


PROJECT_LIFECYCLE = _rule(
    "project.lifecycle", ("the county project library's steps in order", "县级项目库按环节办理"),
    ("A project is proposed, appraised, admitted to the library, put in the annual plan, implemented, "
     "completed, accepted and evaluated, in that order; each step by the county (evaluation by the city or "
     "province) that owns the project, recorded with who, when and why; it may be adjusted or cancelled "
     "with a reason until it is completed.",
     "项目按申报、论证、入库、纳入年度计划、实施、完工、验收、绩效评价的顺序办理，各环节由项目所属县办理"
     "（绩效评价由市或省办理），记录办理人、时间和理由；完工前可说明理由调整或取消。"),
    (PROJECT_ENTRY, PROJECT_STEP),
    plan_item(20, "建立健全县级脱贫攻坚项目库"),
    plan_item(1, "健全县级产业扶贫规划和项目储备库"))

RISK_ASSESSMENT = _rule(
    "project.risk_assessment", ("industry projects assess technical and market risk",
                                "产业项目评估技术和市场风险"),
    ("An industry or asset-income project is appraised only when its technical and market risks are "
     "assessed and measures against them recorded.",
     "产业项目和资产收益项目须评估技术风险和市场风险并制定防范应对措施，方可论证。"),
    (PROJECT_STEP,),
    plan_item(32, "各地要做好扶贫产业面临的技术和市场风险评估，制定风险防范应对措施，防止产业项目盲目跟风"))

BENEFICIARY_REGISTERED = _rule(
    "project.beneficiary_registered", ("beneficiaries are registered households of the county",
                                       "受益户须为本县建档立卡户"),
    ("A beneficiary household must be in the register (identified, exited or returned, not a candidate, "
     "rejected or removed) and live in the project's county; a beneficiary village must be a village of "
     "the county.",
     "受益户须为建档立卡户（在册、已脱贫或返贫，不含待识别、未通过识别和已清退户）且居住在项目所属县；"
     "受益村须为本县行政村。"),
    (PROJECT_ENTRY,),
    plan_part("一", "瞄准相对贫困村和相对贫困人口"),
    plan_item(24, "对不符合条件的农户及时清退"))
