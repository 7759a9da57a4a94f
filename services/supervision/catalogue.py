"""The supervision service's rules, each with its source in the plan (§18, §25–31) or why it is neutral."""

from __future__ import annotations

from shared.rules import PLAN_START, Parameter, RuleCatalogue, RuleSpec, Source, document, plan_item

RULES = RuleCatalogue("supervision")

VISITS = "visits"
COVERAGE = "coverage"
WORK_TEAMS = "work_teams"
RESERVE = "reserve"

_PLAN_PERIOD = ("From the plan's period (2018—2020).", "自方案实施期（2018—2020年）起适用。")
FIVE_LEVELS = plan_item(
    25,
    "建立五级书记遍访贫困户机制，省委书记遍访贫困任务重的县（市、区），市委书记遍访脱贫攻坚"
    "任务重的乡镇，县委书记遍访贫困村或脱贫任务重的非贫困村，乡镇党委书记和村党组织书记"
    "遍访贫困户",
)


def _rule(
    code: str,
    titles: tuple[str, str],
    checks: tuple[str, str],
    applies_to: tuple[str, ...],
    *sources: Source,
    parameters: tuple[Parameter, ...] = (),
    neutral: tuple[str, str] | None = None,
) -> RuleSpec:
    """Register a rule the service applies from the plan's period on."""
    return RULES.add(
        RuleSpec(
            f"supervision.{code}",
            titles[0],
            titles[1],
            checks[0],
            checks[1],
            applies_to,
            sources,
            PLAN_START,
            _PLAN_PERIOD[0],
            _PLAN_PERIOD[1],
            parameters,
            neutral_en=neutral[0] if neutral else None,
            neutral_zh=neutral[1] if neutral else None,
        )
    )


VISIT_TARGETS = _rule(
    "visit.targets",
    ("five-level secretaries visit their targets", "五级书记遍访对象"),
    (
        "Each level's party secretary visits the plan's targets in the period: the province secretary every "
        "county with a relatively poor village (the counties with heavy tasks), a city secretary every town "
        "with one, a county secretary every relatively poor village, town and village secretaries every poor "
        "household (identified or returned) of their town or village. Only the secretary's own visits count.",
        "各级党组织书记在期内遍访方案规定的对象：省委书记遍访有相对贫困村的县（贫困任务重的县），市委书记遍访有相对"
        "贫困村的乡镇，县委书记遍访相对贫困村，乡镇党委书记和村党组织书记遍访本镇、本村在册及返贫的贫困户；只计书记本人的遍访。",
    ),
    (VISITS, COVERAGE),
    FIVE_LEVELS,
)

VISIT_TARGET_IN_AREA = _rule(
    "visit.target_in_area",
    ("a visit's target lies in the official's area", "遍访对象在本人辖区内"),
    (
        "A visit names a target the register knows (a household, or a county, town or village of that level) "
        "inside the region the official serves.",
        "遍访记录的对象须为建档立卡数据中存在的户或相应层级的区划，且在该干部所辖区域内。",
    ),
    (VISITS,),
    FIVE_LEVELS,
)

VISIT_PLAUSIBLE = _rule(
    "visit.plausible",
    ("a visit happened in China, not in the future", "遍访时间、地点真实可能"),
    (
        "A visit's GPS position lies inside China's land territory (latitude 18.0–53.6, "
        "longitude 73.4–135.1) and its time is not later than its arrival, nor before the plan's period.",
        "遍访定位须在我国陆地范围内（北纬18.0—53.6度、东经73.4—135.1度），"
        "时间不得晚于提交时间，也不得早于方案实施期。",
    ),
    (VISITS,),
    FIVE_LEVELS,
    neutral=(
        "It refuses only records no visit in Guangdong can produce; every real visit passes.",
        "只拒绝广东境内任何真实遍访都不可能产生的记录，真实遍访均可通过。",
    ),
)

TEAM_HANDOVER = _rule(
    "team.handover",
    ("old and new resident cadres hand over", "新老驻村干部调整对接"),
    (
        "A hand-over ends the outgoing term and starts the incoming one on the same day, in the same role, "
        "so the village is never left without its first secretary; the hand-over day is not before the "
        "outgoing term began, and the incoming official serves in no other team.",
        "交接当日结束原任期并开始新任期，岗位不变，村里不出现第一书记空档；交接日不早于原任期开始，接任者不在其他工作队任职。",
    ),
    (WORK_TEAMS,),
    plan_item(
        18,
        "原帮扶单位与相对贫困村的定点帮扶关系不变、驻村工作队不撤、工作力度不减，2018年度考核结束前完成"
        "新老驻村干部调整对接工作",
    ),
)

RESERVE_PER_SECRETARY = 2  # the plan's 1:2, stated as RESERVE_RATIO's parameter

RESERVE_RATIO = _rule(
    "reserve.ratio",
    ("reserve village secretaries at least 1:2", "村党组织书记后备队伍不低于1∶2"),
    (
        "Each relatively poor village keeps at least two reserve candidates for its party secretary post.",
        "每个相对贫困村按不低于1∶2的比例储备村党组织书记后备人选。",
    ),
    (RESERVE,),
    plan_item(28, "贫困村按不低于1∶2的比例储备党组织书记后备队伍"),
    parameters=(
        Parameter(
            "reserve_per_secretary",
            "reserve candidates per secretary post",
            "每个书记岗位的后备人数",
            str(RESERVE_PER_SECRETARY),
        ),
    ),
)

RED_FLAGS = "red_flags"
# How far a visit's position may lie from its target before it is flagged, by target kind (km): a
# household or village lies within a few km of its village committee; towns and counties are wider.
FAR_FROM_TARGET_KM = {"household": 3.0, "village": 3.0, "town": 10.0, "county": 30.0}
MAX_SPEED_KMH = 120.0  # the highest speed the law allows on any road (expressways)
GPS_NOISE_KM = 1.0  # two positions closer than this are one place as phones measure it

FLAG_FAR = _rule(
    "flag.far_from_target",
    ("a visit far from its target is flagged", "遍访定位偏离对象的预警"),
    (
        "A visit whose GPS position lies farther from its target's recorded position (a household's own, "
        "else its village's) than the distance for the target's kind (household or village 3 km, town "
        "10 km, county 30 km) raises a red flag for a person to check.",
        "遍访定位与对象登记位置（户自身位置，无则所在村位置）的距离超过该类对象的限值（户、村3公里，镇10公里，"
        "县30公里）时生成预警，由人工核查。",
    ),
    (RED_FLAGS,),
    plan_item(31, "严肃查处贯彻中央脱贫攻坚部署不坚决不到位、弄虚作假问题"),
    parameters=tuple(
        Parameter(f"far_km_{kind}", f"flag distance for a {kind} (km)", "预警距离（公里）", f"{km:.1f}")
        for kind, km in FAR_FROM_TARGET_KM.items()
    ),
    neutral=(
        "A flag only asks a person to look; it refuses and changes nothing.",
        "预警只提示人工核查，不拒绝、不改变任何记录。",
    ),
)

FLAG_TRAVEL = _rule(
    "flag.impossible_travel",
    ("two visits too far apart for the time between them", "两次遍访间距离与时间不符的预警"),
    (
        "Two consecutive visits by one official whose great-circle distance (more than 1 km, beyond GPS "
        "noise) divided by the time between them exceeds 120 km/h, the highest speed allowed on any road, "
        "raise a red flag.",
        "同一干部相邻两次遍访的球面距离（超过1公里定位误差）除以间隔时间超过每小时120公里（道路最高限速）时生成预警。",
    ),
    (RED_FLAGS,),
    plan_item(31, "严肃查处贯彻中央脱贫攻坚部署不坚决不到位、弄虚作假问题"),
    document(
        "Regulations for the implementation of the Road Traffic Safety Law, art. 78",
        "《中华人民共和国道路交通安全法实施条例》第七十八条",
        "State Council of the PRC",
        "国务院",
        "高速公路应当标明车道的行驶速度，最高车速不得超过每小时120公里",
    ),
    parameters=(
        Parameter(
            "max_speed_kmh",
            "highest plausible speed (km/h)",
            "最高合理速度（公里/小时）",
            f"{MAX_SPEED_KMH:.0f}",
        ),
    ),
    neutral=(
        "A flag only asks a person to look; it refuses and changes nothing.",
        "预警只提示人工核查，不拒绝、不改变任何记录。",
    ),
)

FLAG_NOT_VISITED = _rule(
    "flag.household_not_visited",
    ("a poor household without its required visit", "贫困户未按要求遍访的预警"),
    (
        "A scan of a period raises a red flag for each poor household its town's (or village's) party "
        "secretary has not visited in that period.",
        "按期间扫描，对乡镇（或村）党组织书记期内未遍访的每户贫困户生成预警。",
    ),
    (RED_FLAGS,),
    FIVE_LEVELS,
)

RECTIFICATION = "rectification"
_INTERVIEW_SOURCE = plan_item(
    27,
    "改进约谈方式，开展常态化约谈，随时发现问题随时约谈。完善监督机制，省扶贫开发领导小组每年"
    "组织脱贫攻坚督查巡查",
)

INTERVIEW_CAUSE = _rule(
    "interview.cause",
    ("an interview names its subject, cause and issues", "约谈须有对象、缘由和问题"),
    (
        "An interview may be held on any day a problem is found; it names an official or a unit, its reason "
        "and source (inspection, assessment, complaint, data red flag), the issues and a rectification list.",
        "随时发现问题随时约谈；约谈须写明对象（干部或单位）、缘由及来源（督查巡查、考核、投诉、数据预警）、问题和整改清单。",
    ),
    (RECTIFICATION,),
    _INTERVIEW_SOURCE,
)

ITEM_DEADLINE = _rule(
    "rectification.deadline",
    ("a rectification deadline follows its cause", "整改期限晚于约谈或督查"),
    (
        "Each rectification item has an owner and a deadline later than the day of the interview or "
        "inspection that raised it; an item not closed by its deadline is overdue and flagged once.",
        "每项整改须明确责任人和期限，期限晚于约谈或督查当日；逾期未销号的整改事项标记为逾期并预警一次。",
    ),
    (RECTIFICATION,),
    _INTERVIEW_SOURCE,
    plan_item(25, "建立落实台账，压实脱贫责任，加大问责问效力度"),
)

ITEM_VERIFIED_BY_OTHER = _rule(
    "rectification.verified_by_other",
    ("a report is verified by someone else", "整改报告由他人核验"),
    (
        "The interviewed side reports an item done; someone other than the reporter (and the item's owner) "
        "verifies it: accepted, the item closes; not accepted, it is open again.",
        "被约谈方报告整改完成，由报告人和责任人以外的人员核验：通过即销号，不通过则退回重新整改。",
    ),
    (RECTIFICATION,),
    _INTERVIEW_SOURCE,
)

RESEARCH = "research"
_RESPONSIBILITY = plan_item(
    25,
    "市级党政一把手每年不少于24天开展专题调研，每季度至少一次专题研究脱贫攻坚工作，每年向省委和省政府"
    "报告脱贫进展情况；县级党政一把手每年不少于48天开展专题调研，每月至少一次专题研究脱贫攻坚工作，"
    "每年向市委、市政府报告脱贫攻坚进展情况",
)

RESEARCH_DAYS = _rule(
    "research.days",
    ("leaders' field research days a year", "党政一把手年度专题调研天数"),
    (
        "A city's party and government heads spend at least the year's quota of days on field research "
        "(24 in the plan), a county's at least theirs (48); each day counts once. The quota is data per "
        "year and level.",
        "市级党政一把手每年专题调研不少于当年定额（方案为24天），县级不少于当年定额（48天）；同一天只计一次。"
        "定额按年度、层级存为数据。",
    ),
    (RESEARCH,),
    _RESPONSIBILITY,
    parameters=(Parameter("min_days", "research days a year (city 24, county 48)", "年度调研天数", None),),
)

RESEARCH_STUDIES = _rule(
    "research.studies",
    ("a topical study each quarter or month", "每季度或每月专题研究"),
    (
        "A city's heads hold at least one topical study of poverty alleviation each quarter, a county's each "
        "month; each period of the year is checked on its own.",
        "市级党政一把手每季度、县级每月至少一次专题研究脱贫攻坚工作；逐期检查。",
    ),
    (RESEARCH,),
    _RESPONSIBILITY,
    parameters=(Parameter("study_period", "quarter (city) or month (county)", "专题研究周期", None),),
)

RESEARCH_REPORT = _rule(
    "research.yearly_report",
    ("a yearly progress report to the level above", "每年报告脱贫进展"),
    (
        "Each year a city's heads report progress to the provincial committee and government, a county's to "
        "the city's; the report owed for a year is shown as submitted or not.",
        "市级党政一把手每年向省委和省政府、县级向市委和市政府报告脱贫攻坚进展情况；逐年显示是否已报告。",
    ),
    (RESEARCH,),
    _RESPONSIBILITY,
)

ASSESSMENT = "assessment"
EVALUATION = "evaluation"
_ASSESS = plan_item(
    27,
    "强化考核的导向作用，坚持现行脱贫标准，突出脱贫实效，完善考核办法，重点考核帮扶工作和脱贫成效的真实性，"
    "加强对党政一把手的工作考核",
)

ASSESSMENT_SCORE = _rule(
    "assessment.score",
    ("an assessment's total is its indicators' weighted mean", "考核总分为指标加权平均"),
    (
        "A region or leader is assessed once a year on scored indicators (0–100, weights 1–100); the "
        "total is the weighted mean, rounded half-up to 0.01.",
        "地区或党政一把手每年考核一次，各指标得分0—100、权重1—100，总分为加权平均，四舍五入到0.01。",
    ),
    (ASSESSMENT,),
    _ASSESS,
)

EVALUATION_SAMPLE = _rule(
    "evaluation.two_guarantees",
    ("third-party evaluation of 两不愁三保障 on a seeded sample", "第三方评估两不愁三保障"),
    (
        "A county's households in the register (poor, returned or exited) are sampled with a recorded "
        "seed, so anyone can draw the same sample again; evaluators record food and clothing, "
        "compulsory education, basic medical care, safe housing and safe drinking water, and the result "
        "is compared with the register: an exited household with an unmet guarantee, a poor one with "
        "all met.",
        "按记录的随机种子从县内建档立卡户（在册、返贫、已脱贫）中抽样，任何人可重现同一样本；评估不愁吃穿、义务教育、基本医疗、"
        "住房安全和饮水安全，并与建档立卡数据比对：已脱贫户有未保障项、在册户各项均已保障。",
    ),
    (EVALUATION,),
    plan_item(27, "改进第三方评估方式，重点评估“两不愁三保障一相当”实现情况"),
)

MISCONDUCT = "misconduct"
BLACKLIST = "blacklist"
_CREDIT = plan_item(
    13,
    "将扶贫领域诚信纳入国家信用监管体系，将不履行赡养义务、虚报冒领扶贫资金、严重违反公序良俗等行为人列入失信人员名单",
)

LEAD_HANDLING = _rule(
    "misconduct.handling",
    ("misconduct leads are handled to a conclusion", "扶贫领域问题线索办理"),
    (
        "A lead names its kind (embezzlement, withholding, false claims, seizure, formalism) and moves from "
        "received to investigating, then to substantiated, dismissed or transferred to the discipline "
        "authorities; no step is skipped or taken back.",
        "问题线索须写明类型（贪污挪用、截留私分、虚报冒领、强占掠夺、形式主义官僚主义），由受理到核查，再到查实、查否了结或移送纪检监察"
        "机关，不得跳过或回退。",
    ),
    (MISCONDUCT,),
    plan_item(
        31,
        "严肃查处……贪污挪用、截留私分、虚报冒领、强占掠夺等行为，坚决纠正脱贫攻坚工作中的形式主义、官僚主义",
    ),
)

BLACKLIST_DECISION = _rule(
    "blacklist.decision",
    ("a blacklist entry rests on a decision", "列入失信名单须有决定"),
    (
        "A person is listed only for a reason the plan names (false claims of poverty funds, refusing to "
        "support elderly parents, grave breaches of public order) and with the reference of the decision "
        "that lists them, for a term; once at a time for each reason.",
        "只能因方案所列行为（虚报冒领扶贫资金、不履行赡养义务、严重违反公序良俗）并凭列入决定文号列入失信人员名单，且有期限；同一事由同时只列一次。",
    ),
    (BLACKLIST,),
    _CREDIT,
)

BLACKLIST_REMOVAL = _rule(
    "blacklist.removal",
    ("appeal and removal after the term", "申诉与期满移出"),
    (
        "A listed person may appeal; an appeal upheld lifts the entry at once, one refused leaves it "
        "standing. An entry is lifted when its term has ended, not before.",
        "被列入者可以申诉：申诉成立即移出，不成立则维持；期满方可移出，不得提前。",
    ),
    (BLACKLIST,),
    _CREDIT,
    neutral=(
        "It only applies the listing decision's own term and the appeal's outcome.",
        "只执行列入决定的期限和申诉结论。",
    ),
)
