"""The identification service's rules, each with its source in the plan or in the document that adds it.

Every line an evaluation emits names one of these rules (`CONDITION_RULES` maps the line's condition
code to it); tests hold the catalogue to the evaluations, so nothing applied is missing and nothing
listed is dead.
"""

from __future__ import annotations

from shared.rules import PLAN_START, Parameter, RuleCatalogue, RuleSpec, document, plan_item, plan_part

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


def _rule(code: str, titles: tuple[str, str], checks: tuple[str, str], applies_to: tuple[str, ...],
          *sources: object, parameters: tuple[Parameter, ...] = ()) -> RuleSpec:
    return RULES.add(RuleSpec(
        f"identification.{code}", titles[0], titles[1], checks[0], checks[1], applies_to,
        tuple(sources), PLAN_START, _PLAN_PERIOD[0], _PLAN_PERIOD[1], parameters))  # type: ignore[arg-type]


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
    document("Implementing opinions on targeted poverty alleviation in the new period (2016), Guangdong's "
             "identification line of 4,000 yuan at 2014 prices",
             "《关于新时期精准扶贫精准脱贫三年攻坚的实施意见》（2016年）",
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
    (document("Opinions on establishing a poverty exit mechanism (April 2016)",
              "《关于建立贫困退出机制的意见》（2016年4月）",
              "General Offices of the CPC Central Committee and the State Council",
              "中共中央办公厅、国务院办公厅", "原则上贫困村贫困发生率降至2%以下（西部地区降至3%以下）"),),
    None,
    "From the year and region of the standard version that switches it on; that version records its source.",
    "自启用该条件的标准版本所适用的年度和区划起适用，该版本记录其依据。",
    (Parameter("village_remaining_poor_share_max", "largest share of households still poor (0.0200 = 2%)",
               "未脱贫户占比上限（0.0200 = 2%）", None),),
    switch="village_remaining_poor_share_max", switch_source="village_remaining_poor_share_source"))

# The condition code each evaluation line carries, and the rule it applies.
CONDITION_RULES: dict[str, RuleSpec] = {
    "income": HOUSEHOLD_INCOME, "safety_net": SAFETY_NET, "food_clothing": FOOD_CLOTHING,
    "compulsory_education": COMPULSORY_EDUCATION, "basic_medical": BASIC_MEDICAL,
    "housing_safe": SAFE_HOUSING, "safe_water": SAFE_WATER, "income_line": IDENTIFICATION_INCOME,
    "village_income": VILLAGE_INCOME, "roads": VILLAGE_ROADS, "tidy_village": TIDY_VILLAGE,
    "remaining_poor_share": REMAINING_POOR_SHARE,
}
