"""The identification service's rules, each with its source in the plan or in the document that adds it.

Every line an evaluation emits names one of these rules (`CONDITION_RULES` maps the line's condition
code to it); tests hold the catalogue to the evaluations, so nothing applied is missing and nothing
listed is dead.
"""

from __future__ import annotations

from shared.rules import (
    PLAN_START,
    Parameter,
    RuleCatalogue,
    RuleSpec,
    Source,
    document,
    plan_item,
    plan_part,
)

RULES = RuleCatalogue("identification")

HOUSEHOLD_EXIT = "household_exit"
IDENTIFICATION = "identification"
VILLAGE_EXIT = "village_exit"

_PLAN_PERIOD = ("From the plan's period (2018—2020); each year's figures come from that year's standard "
                "version for the region.",
                "自方案实施期（2018—2020年）起适用；各年数值取该年度该区划的标准版本。")

GOAL_2020 = plan_part("一", "到2020年，稳定实现农村相对贫困人口不愁吃、不愁穿，"
                            "义务教育、基本医疗和住房安全有保障")
RURAL_INCOME = Parameter("rural_income_per_head",
                         "the year's provincial rural disposable income per head (yuan)",
                         "当年全省农村居民人均可支配收入（元）", None)


def exit_mechanism(quote_zh: str) -> Source:
    """Cite the national exit mechanism, source of the village 2% practice and of the exit notice."""
    return document("Opinions on establishing a poverty exit mechanism (April 2016)",
                    "《关于建立贫困退出机制的意见》（2016年4月）",
                    "General Offices of the CPC Central Committee and the State Council",
                    "中共中央办公厅、国务院办公厅", quote_zh)


def _rule(code: str, titles: tuple[str, str], checks: tuple[str, str], applies_to: tuple[str, ...],
          *sources: Source, parameters: tuple[Parameter, ...] = ()) -> RuleSpec:
    """Register a rule the suite applies from the plan's period on."""
    return RULES.add(RuleSpec(
        f"identification.{code}", titles[0], titles[1], checks[0], checks[1], applies_to,
        sources, PLAN_START, _PLAN_PERIOD[0], _PLAN_PERIOD[1], parameters))


HOUSEHOLD_INCOME = _rule(
    "household.exit_income", ("income per head reaches the exit line", "人均可支配收入达到退出标准"),
    ("A household with a member able to work exits only when its disposable income per head reaches the "
     "exit ratio (45%) of the year's provincial rural disposable income per head, rounded half-up to the "
     "fen.",
     "有劳动能力的贫困户，家庭年人均可支配收入达到当年全省农村居民人均可支配收入的退出比例（45%）方可退出。"),
    (HOUSEHOLD_EXIT,),
    plan_part("一", "有劳动能力相对贫困人口年人均可支配收入达到当年全省农民人均可支配收入的45%"),
    parameters=(Parameter("household_exit_ratio", "exit ratio", "退出比例", "0.4500"), RURAL_INCOME))

SAFETY_NET = _rule(
    "household.safety_net", ("covered by the safety net", "兜底保障"),
    ("A household without a member able to work is covered by the minimum living guarantee (低保) or "
     "extreme-poverty support (特困供养) instead of the income line.",
     "无劳动能力的贫困户不适用收入标准，须纳入低保或特困供养兜底保障。"),
    (HOUSEHOLD_EXIT,),
    plan_item(11, "将建档立卡贫困人口中完全或部分丧失劳动能力且无法依靠产业就业帮扶脱贫的"
                  "相对贫困人口纳入低保范围"),
    plan_item(12, "将符合条件的建档立卡贫困残疾人纳入农村低保和城乡医疗救助范围"))

FOOD_CLOTHING = _rule(
    "household.food_clothing", ("no worry about food and clothing", "不愁吃、不愁穿"),
    ("Food and clothing are secure: as the household survey found; without a survey, by the safety net "
     "or by income per head at or above the year's identification line.",
     "不愁吃、不愁穿：以入户调查为准；无调查结论时，兜底保障户视为达标，其余以人均可支配收入不低于当年识别标准判定。"),
    (HOUSEHOLD_EXIT, IDENTIFICATION), GOAL_2020,
    parameters=(Parameter("identification_line", "identification line at 2014 prices (yuan)",
                          "识别标准（2014年不变价，元）", "4000.00"),
                Parameter("price_index", "price index against 2014", "相对2014年价格指数", "1.0000")))

COMPULSORY_EDUCATION = _rule(
    "household.compulsory_education", ("compulsory education guaranteed", "义务教育有保障"),
    ("No member of compulsory-school age has dropped out of school.", "家庭中无义务教育阶段适龄儿童辍学。"),
    (HOUSEHOLD_EXIT, IDENTIFICATION), GOAL_2020,
    plan_item(8, "确保贫困家庭适龄学生不因贫失学辍学"))

BASIC_MEDICAL = _rule(
    "household.basic_medical", ("basic medical care guaranteed", "基本医疗有保障"),
    ("Every member is enrolled in basic medical insurance.", "家庭成员全部参加基本医疗保险。"),
    (HOUSEHOLD_EXIT, IDENTIFICATION), GOAL_2020,
    plan_item(9, "将相对贫困人口全部纳入城乡居民基本医疗保险、大病保险和医疗救助保障范围"))

SAFE_HOUSING = _rule(
    "household.safe_housing", ("safe housing guaranteed", "住房安全有保障"),
    ("The house is not a grade C or D dangerous house, unless its renovation is completed.",
     "住房不是C级、D级危房，或危房改造已完成。"),
    (HOUSEHOLD_EXIT, IDENTIFICATION), GOAL_2020,
    plan_item(10, "积极推进相对贫困户危房改造"))

SAFE_WATER = _rule(
    "household.safe_water", ("safe drinking water", "饮水安全"),
    ("The household has safe drinking water, while the standard requires it (safe_water_required).",
     "家庭饮水安全（标准要求饮水安全时）。"),
    (HOUSEHOLD_EXIT, IDENTIFICATION),
    plan_part("一", "全面解决相对贫困人口住房和饮水安全问题"),
    plan_item(15, "全面解决相对贫困人口饮水安全问题"),
    parameters=(Parameter("safe_water_required", "safe water is a condition", "饮水安全为退出条件", "true"),))

IDENTIFICATION_INCOME = _rule(
    "household.identification_income", ("income per head below the identification line",
                                         "人均可支配收入低于识别标准"),
    ("Income per head is compared with the identification line (4,000 yuan a head at 2014 prices × the "
     "year's price index); below it, the household qualifies as poor.",
     "家庭人均可支配收入与识别标准（2014年不变价4000元 × 当年价格指数）比较，"
     "低于识别标准即符合识别条件。"),
    (IDENTIFICATION,),
    plan_part("一", "坚持脱贫目标和现行扶贫标准"),
    plan_item(24, "提高精准识别质量"),
    document("Implementing opinions on the three-year campaign of targeted poverty alleviation in the new "
             "period (June 2016): Guangdong's identification line of 4,000 yuan at 2014 prices",
             "《关于新时期精准扶贫精准脱贫三年攻坚的实施意见》（2016年6月）",
             "Guangdong Provincial Party Committee and Provincial Government", "中共广东省委、广东省人民政府",
             "农村居民年人均可支配收入低于4000元（2014年不变价）"),
    parameters=(Parameter("identification_line", "identification line at 2014 prices (yuan)",
                          "识别标准（2014年不变价，元）", "4000.00"),
                Parameter("price_index", "price index against 2014", "相对2014年价格指数", "1.0000")))

VILLAGE_INCOME = _rule(
    "village.exit_income", ("village income per head reaches the exit line", "村人均可支配收入达到出列标准"),
    ("A relatively poor village exits only when its disposable income per head reaches the village exit "
     "ratio (60%) of the year's provincial rural disposable income per head.",
     "相对贫困村年人均可支配收入达到当年全省农村居民人均可支配收入的出列比例（60%）方可出列。"),
    (VILLAGE_EXIT,),
    plan_part("一", "相对贫困村年人均可支配收入达到当年全省农民人均可支配收入的60%"),
    parameters=(Parameter("village_exit_ratio", "village exit ratio", "出列比例", "0.6000"), RURAL_INCOME))

VILLAGE_ROADS = _rule(
    "village.roads", ("hardened roads to natural villages", "自然村路面硬化"),
    ("Every natural village (村民小组) of 20 or more households has a hardened road.",
     "20户以上自然村（村民小组）全部实现路面硬化。"),
    (VILLAGE_EXIT,),
    plan_part("一", "2277个相对贫困村20户以上自然村实现路面硬化"),
    plan_item(14, "2277个相对贫困村通20户以上自然村（村民小组）村道完成路面硬化任务"),
    parameters=(Parameter("road_min_households", "smallest natural village that needs a hardened road",
                          "须路面硬化的自然村最少户数", "20"),))

TIDY_VILLAGE = _rule(
    "village.tidy", ("tidy-village standard", "整洁村建设标准"),
    ("The village has reached the tidy-village standard, as recorded by its local officials.",
     "村已达到整洁村建设标准（由属地干部登记）。"),
    (VILLAGE_EXIT,),
    plan_part("一", "2277个相对贫困村20户以上自然村实现路面硬化、达到整洁村建设标准"))

REMAINING_POOR_SHARE = RULES.add(RuleSpec(
    "identification.village.remaining_poor_share", "households still poor at most a share",
    "未脱贫户占比不超过上限",
    "The share of the village's registered poor households still in poverty is at most the maximum. Not in "
    "the Guangdong plan: national practice for poor villages (poverty incidence below 2%), measured here "
    "over the village's registered poor households. Off unless a standard switches it on with its source.",
    "村内建档立卡贫困户中未脱贫户占比不超过上限。广东方案未规定此条件，系国家对贫困村退出的做法（贫困发生率降至2%以下），"
    "此处按本村建档立卡贫困户计算。仅在标准版本启用并记录依据时适用。",
    (VILLAGE_EXIT,),
    (exit_mechanism("原则上贫困村贫困发生率降至2%以下（西部地区降至3%以下）"),),
    None,
    "From the year and region of the standard version that switches it on; that version records its source.",
    "自启用该条件的标准版本所适用的年度和区划起适用，该版本记录其依据。",
    (Parameter("village_remaining_poor_share_max", "largest share of households still poor (0.0200 = 2%)",
               "未脱贫户占比上限（0.0200 = 2%）", None),),
    switch="village_remaining_poor_share_max", switch_source="village_remaining_poor_share_source"))

EXIT_MECHANISM = exit_mechanism(
    "贫困户退出，由村“两委”组织民主评议后提出，经村“两委”和驻村工作队核实、拟退出贫困户认可，"
    "在村内公示无异议后，公告退出，并在建档立卡贫困人口中销号")
EXIT_STANDARDS = plan_item(24, "健全贫困退出机制，严格执行贫困退出标准和程序，"
                               "规范相对贫困人口和相对贫困村退出组织实施工作")

IDENTIFICATION_PROCEDURE = _rule(
    "procedure.identification", ("identification procedure", "精准识别程序"),
    ("Application or nomination, household survey (the identification evaluation must find the household "
     "poor), democratic appraisal, village notice, town review, county approval; each step by its level.",
     "农户申请或村提名、入户调查（识别判定须符合识别标准）、民主评议、村公示、乡镇审核、县审批公告，逐级办理。"),
    ("procedure:identification",), plan_item(24, "提高精准识别质量，完善动态管理机制"))

EXIT_PROCEDURE = _rule(
    "procedure.exit", ("exit procedure", "贫困退出程序"),
    ("Nomination, verification (the household exit evaluation must pass), democratic appraisal, village "
     "notice, town review, county approval, the household's signature; each step by its level.",
     "提名、核实（脱贫退出判定须达标）、民主评议、村公示、乡镇审核、县审批公告、贫困户签字确认，逐级办理。"),
    ("procedure:exit",), EXIT_STANDARDS, EXIT_MECHANISM)

VILLAGE_EXIT_PROCEDURE = _rule(
    "procedure.village_exit", ("village exit procedure", "贫困村出列程序"),
    ("Application by the village, verification by the town (the village exit evaluation must pass), "
     "notice, town review, county approval; only a relatively poor village exits, once.",
     "村申请、乡镇核实（出列判定须达标）、公示、乡镇审核、县审批公告；仅相对贫困村可出列，且只出列一次。"),
    ("procedure:village_exit",), EXIT_STANDARDS,
    plan_part("一", "2277个相对贫困村全部出列"))

REMOVAL_PROCEDURE = _rule(
    "procedure.removal", ("removal of an ineligible household", "清退不符合条件的农户"),
    ("A household found ineligible is removed with its reason, after notice, town review and county "
     "approval; a department match only opens a case, never a removal by itself.",
     "经核实不符合条件的农户，注明清退原因，经公示、乡镇审核、县审批后清退；部门数据比对只立案核实，不直接清退。"),
    ("procedure:removal",), plan_item(24, "对不符合条件的农户及时清退"))

FAST_ENTRY_PROCEDURE = _rule(
    "procedure.fast_entry", ("fast entry after disaster or illness", "因灾因病快速纳入"),
    ("A household newly made poor by disaster or illness enters through a shorter procedure: application, "
     "survey, town review, county approval; other causes take the identification procedure.",
     "因灾因病新产生的贫困户经申请、入户核实、乡镇审核、县审批后纳入；其他致贫原因走精准识别程序。"),
    ("procedure:fast_entry",), plan_item(24, "对因灾因病新产生的贫困人口及时纳入帮扶范围"))

RETURN_PROCEDURE = _rule(
    "procedure.return", ("return to poverty", "返贫纳入"),
    ("An exited household that has fallen back into poverty is taken back into help, with its cause, after "
     "survey, town review and county approval.",
     "已脱贫户返贫的，注明返贫原因，经入户核实、乡镇审核、县审批后重新纳入帮扶。"),
    ("procedure:return",), plan_item(24, "将返贫人口纳入帮扶范围"),
    plan_item(11, "及时将符合条件的返贫人口纳入救助范围"))

PUBLICITY_PERIODS = RULES.add(RuleSpec(
    "identification.procedure.publicity_periods", "publicity and objection periods", "公示期和异议期",
    "After a notice is posted, the next step waits until both the notice period and the objection period "
    "have ended; objections are heard within them and suspend the procedure until resolved.",
    "公示后，公示期和异议期均届满方可办理下一步；期内受理异议，异议处理前程序中止。",
    ("procedure:identification", "procedure:exit", "procedure:removal", "procedure:village_exit"),
    (EXIT_MECHANISM,), PLAN_START, _PLAN_PERIOD[0], _PLAN_PERIOD[1],
    (Parameter("notice_days", "notice period (days)", "公示天数", "7"),
     Parameter("objection_days", "objection period (days)", "异议期天数", "7")),
    neutral_en="The notice is required by the exit mechanism; the plan sets no number of days. The 7 days "
               "preloaded only set when the next step may be taken and change no outcome.",
    neutral_zh="公示为退出机制所要求，方案未规定天数；预置的7天只决定下一步可办理的时间，不改变任何结论。"))

MONITORING = plan_item(24, "完善贫困人口统计监测体系，对贫困户实施跟踪和动态监测")

INCOME_NEAR_LINE = _rule(
    "monitoring.income_near_line", ("income near the exit line", "收入接近退出标准"),
    ("An exited household is flagged when its income per head is below the exit line × (1 + margin); the "
     "caller chooses the margin (10% unless asked). A flag asks for a visit; it decides nothing.",
     "已脱贫户人均可支配收入低于退出标准 ×（1 + 监测幅度）的，列为返贫风险（幅度由查询方指定，默认10%）；"
     "仅提示走访，不作决定。"),
    ("monitoring:at_risk",), MONITORING,
    parameters=(Parameter("household_exit_ratio", "exit ratio", "退出比例", "0.4500"), RURAL_INCOME))

ILLNESS_OR_DISABILITY = _rule(
    "monitoring.illness_or_disability", ("new serious illness or disability", "新增大病或残疾"),
    ("An exited household is flagged when a member became seriously ill or disabled after its exit.",
     "已脱贫户在脱贫后有成员新患大病或致残的，列为返贫风险。"),
    ("monitoring:at_risk",), MONITORING, plan_item(9, "降低因病致贫返贫风险"))

DISASTER = _rule(
    "monitoring.disaster", ("disaster in the village", "村遭受灾害"),
    ("An exited household is flagged when its village suffered a recorded disaster after its exit.",
     "已脱贫户所在村在其脱贫后遭受登记在案的灾害的，列为返贫风险。"),
    ("monitoring:at_risk",), MONITORING)

# The condition code each evaluation line carries, and the rule it applies.
CONDITION_RULES: dict[str, RuleSpec] = {
    "income": HOUSEHOLD_INCOME, "safety_net": SAFETY_NET, "food_clothing": FOOD_CLOTHING,
    "compulsory_education": COMPULSORY_EDUCATION, "basic_medical": BASIC_MEDICAL,
    "housing_safe": SAFE_HOUSING, "safe_water": SAFE_WATER, "income_line": IDENTIFICATION_INCOME,
    "village_income": VILLAGE_INCOME, "roads": VILLAGE_ROADS, "tidy_village": TIDY_VILLAGE,
    "remaining_poor_share": REMAINING_POOR_SHARE,
}
# The rules each procedure kind applies itself; its evaluation lines name theirs.
PROCEDURE_RULES: dict[str, tuple[RuleSpec, ...]] = {
    "identification": (IDENTIFICATION_PROCEDURE, PUBLICITY_PERIODS),
    "exit": (EXIT_PROCEDURE, PUBLICITY_PERIODS),
    "removal": (REMOVAL_PROCEDURE, PUBLICITY_PERIODS),
    "fast_entry": (FAST_ENTRY_PROCEDURE,),
    "return": (RETURN_PROCEDURE,),
    "village_exit": (VILLAGE_EXIT_PROCEDURE, PUBLICITY_PERIODS),
}
# The rule behind each risk the at-risk listing reports.
RISK_RULES: dict[str, RuleSpec] = {"income_near_line": INCOME_NEAR_LINE,
                                   "illness_or_disability": ILLNESS_OR_DISABILITY, "disaster": DISASTER}
