"""The employment service's rules, each with its source in the plan or in the document that adds it.

Matching names one of these rules on every reason and exclusion it gives; the labour force, placements,
training subsidies and coverage cite theirs. `GET /api/v1/policy/rules` serves the catalogue.
"""

from __future__ import annotations

from shared.rules import PLAN_START, Parameter, RuleCatalogue, RuleSpec, Source, document, plan_item

RULES = RuleCatalogue("employment")

LABOUR_FORCE = "labour_force"
MATCHING = "matching"
PLACEMENT = "placement"
TRAINING = "training"
COVERAGE = "coverage"
EMPLOYER = "employer"

_PERIOD = ("From the plan's period (2018—2020).", "自方案实施期（2018—2020年）起适用。")

PRECISE_MATCHING = plan_item(6, "确定专人“一对一”帮扶，制定有针对性的个性化求职就业方案，"
                                "引导贫困劳动力与用人单位精准对接")
SKILLS_ACTION = plan_item(7, "按规定对所有参加培训的贫困人员给予职业培训补贴和技能鉴定补贴")


def _rule(code: str, titles: tuple[str, str], checks: tuple[str, str], applies_to: tuple[str, ...],
          *sources: Source, parameters: tuple[Parameter, ...] = (),
          neutral: tuple[str, str] | None = None) -> RuleSpec:
    """Register a rule the service applies from the plan's period on."""
    return RULES.add(RuleSpec(
        f"employment.{code}", titles[0], titles[1], checks[0], checks[1], applies_to, sources,
        PLAN_START, _PERIOD[0], _PERIOD[1], parameters,
        neutral_en=neutral[0] if neutral else None, neutral_zh=neutral[1] if neutral else None))


LABOUR_CAPACITY = _rule(
    "labour.capacity", ("poor labourer with labour capacity", "有劳动能力的贫困劳动力"),
    ("The labour force is every active member of a household in the register (identified or returned to "
     "poverty) whose labour capacity is normal or weak; members who lost or never had labour capacity, "
     "and households exited, removed or not (yet) identified, are outside it.",
     "劳动力为在册（已识别或返贫）贫困户中劳动能力为普通或弱劳动力的在户成员；丧失或无劳动能力者，"
     "以及已脱贫、已清退、未识别的户不在其内。"),
    (LABOUR_FORCE, MATCHING, PLACEMENT, COVERAGE),
    plan_item(7, "有就业创业意愿和劳动能力的100%享受到精细化就业创业服务"),
    plan_item(5, "对符合条件的就业困难贫困劳动力予以托底安置"))

WORKING_AGE = _rule(
    "labour.working_age", ("working age", "劳动年龄"),
    ("A member belongs to the labour force from the day of turning 16 (min_age) until the day before "
     "turning 60 (max_age 59 inclusive), counted on the day of the question.",
     "劳动年龄为年满16周岁（min_age）至未满60周岁（max_age 为59周岁），按查询当日计算。"),
    (LABOUR_FORCE, MATCHING, COVERAGE),
    document("Labour Law of the People's Republic of China, article 15", "《中华人民共和国劳动法》第十五条",
             "Standing Committee of the National People's Congress", "全国人民代表大会常务委员会",
             "禁止用人单位招用未满十六周岁的未成年人"),
    document("Statistical communiqué on national economic and social development (2018)",
             "《中华人民共和国2018年国民经济和社会发展统计公报》", "National Bureau of Statistics",
             "国家统计局", "16周岁以上至60周岁以下（不含60周岁）的劳动年龄人口"),
    parameters=(Parameter("min_age", "youngest working age (years)", "劳动年龄下限（周岁）", "16"),
                Parameter("max_age", "oldest working age (years, inclusive)", "劳动年龄上限（周岁，含）",
                          "59")),
    neutral=("The plan's labour force (有劳动能力) presupposes working age: nobody under 16 may be hired "
             "by law, "
             "and 16–59 is the national statistical band the register's labour counts use.",
             "方案所称有劳动能力以劳动年龄为前提：法律禁止招用未满16周岁者，16至59周岁为国家统计口径。"))

EMPLOYER_CODE = _rule(
    "employer.credit_code", ("unified social credit code", "统一社会信用代码"),
    ("An employer is identified by its 18-character unified social credit code with a valid check "
     "character (GB 32100-2015); one employer per code.",
     "用人单位以18位统一社会信用代码标识，校验码须正确（GB 32100-2015），一码一单位。"),
    (EMPLOYER,),
    document("Coding rule of the unified social credit identifier for legal entities and other "
             "organizations (GB 32100-2015)", "《法人和其他组织统一社会信用代码编码规则》（GB 32100-2015）",
             "Standardization Administration of China", "国家标准化管理委员会",
             "统一社会信用代码由十八位的阿拉伯数字或大写英文字母组成，第18位为校验码"),
    neutral=("The code only identifies the employer; it decides nothing the plan leaves open.",
             "代码仅用于标识用人单位，不改变方案规定的任何结论。"))

MATCH_WILLINGNESS = _rule(
    "match.willingness", ("willing to work", "有就业意愿"),
    ("Hard: only a labourer who says they want work is matched.", "硬性条件：仅匹配有就业意愿的劳动力。"),
    (MATCHING,), plan_item(7, "有就业创业意愿和劳动能力的100%享受到精细化就业创业服务"), PRECISE_MATCHING)

MATCH_AGE = _rule(
    "match.age", ("position's age limits", "岗位年龄要求"),
    ("Hard: the labourer's age on the day of matching lies within the position's age limits.",
     "硬性条件：匹配当日年龄须在岗位年龄要求范围内。"),
    (MATCHING,), PRECISE_MATCHING)

MATCH_HEALTH = _rule(
    "match.health", ("position's health requirement", "岗位健康要求"),
    ("Hard: 'healthy' takes only healthy people; 'no serious illness' excludes serious illness; 'any' "
     "takes everyone.", "硬性条件：要求身体健康的仅匹配健康者；要求无大病的排除患大病者；不限则不排除。"),
    (MATCHING,), PRECISE_MATCHING)

MATCH_EDUCATION = _rule(
    "match.education", ("position's education requirement", "岗位文化程度要求"),
    ("Hard: the labourer's schooling reaches the position's minimum; unrecorded schooling meets no minimum.",
     "硬性条件：文化程度须达到岗位最低要求；未登记文化程度的不满足任何最低要求。"),
    (MATCHING,), PRECISE_MATCHING)

MATCH_OPENINGS = _rule(
    "match.openings", ("openings left", "岗位尚有空缺"),
    ("Hard: an open position within its period with openings left; a hire never exceeds the openings.",
     "硬性条件：岗位处于招聘期且尚有空缺；录用人数不得超过岗位数。"),
    (MATCHING, PLACEMENT), PRECISE_MATCHING)

MATCH_TARGETING = _rule(
    "match.targeting", ("posting targeted at regions", "定向发布"),
    ("Hard: a position posted for named regions takes labourers from those regions only; an untargeted "
     "position takes anyone.", "硬性条件：定向发布的岗位仅匹配定向地区的劳动力；未定向的不限。"),
    (MATCHING,), plan_item(6, "定期向贫困地区定向发布劳务输出岗位信息"))

MATCH_SKILLS = _rule(
    "match.skills", ("skill overlap", "技能匹配"),
    ("Soft, up to 40 points: 40 × the share of the position's required skills the labourer has (by "
     "declared skill or certificate), rounded down; a position requiring none gives 40.",
     "排序因素，最高40分：40 × 具备的岗位所需技能比例（向下取整）；岗位无技能要求的得40分。"),
    (MATCHING,), PRECISE_MATCHING,
    parameters=(Parameter("skills_points", "points for full skill overlap", "技能满分", "40"),))

MATCH_PLACE = _rule(
    "match.place", ("place fit", "就业地匹配"),
    ("Soft, up to 30 points, when the workplace is among the places the labourer accepts: 30 in the home "
     "county, 24 elsewhere in the home city, 18 in the Pearl River Delta, 12 anywhere else; 0 when the "
     "place is not accepted.",
     "排序因素，最高30分：就业地在本人可接受范围内时，本县30分、本市其他县24分、珠三角18分、其他地区12分；"
     "不在可接受范围内0分。"),
    (MATCHING,), plan_item(5, "多渠道开发就地就近就业岗位"),
    plan_item(6, "积极帮扶贫困人员到珠三角发达地区就业"))

MATCH_WAGE = _rule(
    "match.wage", ("wage fit", "薪酬匹配"),
    ("Soft, up to 30 points: 30 when the monthly wage reaches the labourer's expectation, else 30 × wage / "
     "expectation rounded down; 30 when no expectation is recorded.",
     "排序因素，最高30分：月工资达到期望时30分，否则按 30 × 工资 / 期望 向下取整；未登记期望的得30分。"),
    (MATCHING,), PRECISE_MATCHING)

MATCH_ORDER = _rule(
    "match.order", ("ranking and tie-break", "排序与并列规则"),
    ("Results rank by score, highest first. Jobs for a person tie-break by higher wage, then position id; "
     "people for a job by earlier registration, then member id.",
     "按得分从高到低排序。为劳动力推荐岗位时得分相同按工资高者优先，再按岗位标识；"
     "为岗位推荐人员时得分相同按登记早者优先，再按成员标识。"),
    (MATCHING,), PRECISE_MATCHING,
    neutral=("A fixed order only makes the same data give the same list; it changes no one's eligibility.",
             "固定的并列规则只保证同样数据得到同样结果，不改变任何人的资格。"))

PLACEMENT_STEPS = _rule(
    "placement.steps", ("placement steps in order", "就业推荐流程"),
    ("A placement goes recommended → applied → hired → employed → left, or is closed before work begins; "
     "each step's date is on or after the one before and not in the future. Only a pair that meets every "
     "hard constraint of matching is recommended.",
     "就业推荐按 推荐 → 报名 → 录用 → 上岗 → 离岗 顺序进行，上岗前可终止；各步日期不早于上一步且不晚于当日。"
     "只有满足全部硬性条件的人岗才可推荐。"),
    (PLACEMENT,), PRECISE_MATCHING,
    plan_item(6, "引导贫困劳动力与用人单位精准对接"))

FOLLOW_UP = _rule(
    "placement.follow_up", ("follow-up at 3 and 6 months", "上岗后3个月、6个月跟踪回访"),
    ("A person who started work is followed up 3 and then 6 months later (follow_up_months), not before "
     "each date: still employed or not, and why; not employed ends the placement.",
     "上岗后第3个月、第6个月分别跟踪回访（不早于到期日），记录是否仍在岗及原因；不在岗的结束推荐。"),
    (PLACEMENT,), plan_item(6, "提供全方位、精准化、精细化就业服务"),
    parameters=(Parameter("follow_up_months", "months after starting work", "上岗后回访月数", "3,6"),),
    neutral=("The plan asks for fine-grained follow-through; fixing the months only schedules the visits.",
             "方案要求精细化服务；固定回访月数只安排回访时间，不改变任何结论。"))

ONE_TO_ONE = _rule(
    "counselling.one_to_one", ("one counsellor and a personal plan", "一对一帮扶与个性化方案"),
    ("A labourer who wants work has one counsellor at a time, a personal plan of dated steps, and every "
     "contact logged.",
     "有就业意愿的劳动力同一时间有一名专人帮扶，制定有日期的个性化方案步骤，每次联系均有记录。"),
    (PLACEMENT, COVERAGE), PRECISE_MATCHING)

TRAINING_WILLING = _rule(
    "training.willing", ("training by the trainee's wish", "根据意愿分类培训"),
    ("A labourer is enrolled in free training when they said they want training, within the programme's "
     "capacity.", "有培训意愿的劳动力方可报名免费培训，且不超过项目名额。"),
    (TRAINING, COVERAGE),
    plan_item(7, "根据相对贫困户意愿，有针对性地分类实施家庭服务业培训、农村电子商务培训、农村实用技术培训、"
                 "新型职业农民培训、农村劳动力转移培训等"))

TRAINING_COMPLETION = _rule(
    "training.completion", ("completion by attendance", "按考勤结业"),
    ("A trainee completes when they attended at least the programme's sessions_to_complete, each session "
     "counted once.", "参训者出勤课次达到项目规定的结业课次方可结业，每一课次只计一次。"),
    (TRAINING,), SKILLS_ACTION,
    neutral=("The plan pays subsidies for training taken; counting attendance is how taking it is shown.",
             "方案按参加培训给予补贴，考勤是参加培训的证明。"))

FREE_APPRAISAL = _rule(
    "training.free_appraisal", ("free skill appraisal and certificate", "免费职业技能鉴定"),
    ("A trainee who completed is appraised free of charge; passing adds the programme's skill certificate "
     "to the labourer's record, which matching then counts.",
     "结业者免费参加职业技能鉴定；合格的取得证书并记入本人档案，匹配时计入技能。"),
    (TRAINING, MATCHING), plan_item(7, "开展免费职业技能鉴定"))

SUBSIDY_ONCE = _rule(
    "training.subsidy", ("training and appraisal subsidies, paid once", "培训补贴与鉴定补贴（每项一次）"),
    ("The training subsidy is paid once for a completed enrolment, the appraisal subsidy once for an "
     "appraisal passed, each at the amount the programme set for it; a second claim is refused.",
     "结业的给予一次职业培训补贴，鉴定合格的给予一次技能鉴定补贴，金额按项目规定；重复申领不予受理。"),
    (TRAINING,), SKILLS_ACTION)

AFTER_TRAINING = _rule(
    "training.recommendation", ("jobs recommended after training", "培训后推荐就业岗位"),
    ("After completing, the trainee is offered the positions matching ranks for them, those needing the "
     "skill trained first among equals.", "结业后按匹配结果推荐岗位。"),
    (TRAINING, MATCHING), plan_item(7, "加强培训后的跟踪服务，及时推荐就业岗位"))

COVERAGE_TARGETS = _rule(
    "coverage.targets", ("100% trained and 100% served", "培训与就业服务两个100%"),
    ("Of the registered labourers in the labour force, every one who wants training has completed a "
     "programme, and every one who wants work has a counsellor and at least one contact or placement "
     "recorded; the shares are measured against 100% (target_share).",
     "劳动力中有培训意愿的100%完成培训；有就业意愿的100%有帮扶专人并至少有一次联系或推荐记录。"),
    (COVERAGE,),
    plan_item(7, "确保有职业技能提升意愿并符合条件的贫困人员100%享受免费技工教育或技能晋升培训，"
                 "有就业创业意愿和劳动能力的100%享受到精细化就业创业服务"),
    parameters=(Parameter("target_share", "share to reach", "目标比例", "1.0000"),))
