"""The funds service's rules, each with its source in the plan; refusals name the rule they apply."""

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

RULES = RuleCatalogue("funds")

PROJECT_STEP = "project_step"
PROJECT_ENTRY = "project_entry"
ALLOCATION = "allocation"
PAYMENT = "payment"

_PLAN_PERIOD = ("From the plan's period (2018—2020).", "自方案实施期（2018—2020年）起适用。")


def _rule(code: str, titles: tuple[str, str], checks: tuple[str, str], applies_to: tuple[str, ...],
          *sources: Source, parameters: tuple[Parameter, ...] = ()) -> RuleSpec:
    """Register a rule the service applies from the plan's period on."""
    return RULES.add(RuleSpec(f"funds.{code}", titles[0], titles[1], checks[0], checks[1], applies_to,
                              sources, PLAN_START, _PLAN_PERIOD[0], _PLAN_PERIOD[1], parameters))


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

WITHIN_LIMITS = _rule(
    "money.within_limits", ("disbursed within allocated within budget", "拨付不超下达、下达不超预算"),
    ("Per project and per funding source, the money allocated never exceeds the budget and the money paid "
     "never exceeds the money allocated; money is allocated from the annual plan on and paid while the "
     "project is implemented, completed or accepted.",
     "每个项目、每个资金来源：下达资金不超过预算，拨付资金不超过已下达资金；纳入年度计划后方可下达，"
     "实施、完工或验收阶段方可拨付。"),
    (ALLOCATION, PAYMENT),
    plan_item(20, "加强扶贫资金使用和监管"))

STAGED_BY_PROGRESS = _rule(
    "money.staged_by_progress", ("housing money paid in stages by progress into the one-card account",
                                 "按工程进度分期拨付到一卡通"),
    ("A household's subsidy is paid by the project's payment plan (stages adding up to at most 100%), each "
     "stage only after its construction progress is recorded and verified, into the household's one-card "
     "account; each stage pays its cumulative share less the shares before it, rounded down to the fen, so "
     "a plan of 100% pays the subsidy exactly.",
     "补助按项目的分期拨付计划（各阶段合计不超过100%）拨付，每一阶段须在工程进度登记并核验后方可拨付，"
     "拨付到农户“一卡通”账户；各阶段金额按累计比例计算并舍至分，计划合计100%时各阶段之和恰为补助总额。"),
    (PAYMENT,),
    plan_item(10, "优化资金拨付方式，根据工程进度分期分批拨付到农户“一卡通”账户"))

PROGRESS_VERIFIED = _rule(
    "money.progress_verified", ("progress verified by a second official", "工程进度由他人核验"),
    ("Recorded construction progress counts only when an official of the household's town or county other "
     "than the recorder has verified it.",
     "登记的工程进度须经登记人以外的乡镇或县级人员核验后方为有效。"),
    (PAYMENT,),
    plan_item(10, "根据工程进度分期分批拨付"),
    plan_item(20, "健全扶贫资金项目常态化监管机制"))

NO_PAYMENT_TO_REMOVED = _rule(
    "money.no_payment_to_removed", ("nothing paid to a removed household", "不向已清退户拨付"),
    ("No stage is paid to a household the register replica shows as removed (清退) or no longer holds.",
     "登记信息显示已清退（或已不在册）的农户，不予拨付。"),
    (PAYMENT,),
    plan_item(24, "对不符合条件的农户及时清退"),
    plan_item(31, "严肃查处……贪污挪用、截留私分、虚报冒领"))

ONCE_PER_STAGE = _rule(
    "money.once_per_stage", ("each stage paid once", "每一阶段只拨付一次"),
    ("A household's stage is paid at most once, and a payment request retried under the same "
     "Idempotency-Key is made once.",
     "每户每一阶段最多拨付一次；以同一 Idempotency-Key 重试的拨付请求只执行一次。"),
    (PAYMENT,),
    plan_item(31, "严肃查处……虚报冒领"))

ASSET_DIVIDEND = _rule(
    "asset.dividend", ("guaranteed minimum plus dividend by shares, disabled first",
                       "保底收益+按股分红，优先安排残疾人家庭"),
    ("A year's income of an asset-income project is distributed once: each registered holder receives the "
     "guaranteed minimum, and what is left is split by shares with the largest-remainder method, so the "
     "parts add up to the income to the fen. When the income does not cover every guarantee, households "
     "with a disabled member are served first and no dividend is paid. Holders the register shows removed "
     "receive nothing.",
     "资产收益项目每年度收益分配一次：每户在册持股农户先得保底收益，余额按股数以最大余数法分配到分，"
     "各户之和恰等于收益总额；收益不足以支付全部保底时，优先保障有残疾成员的家庭，不再分红；已清退户不参与分配。"),
    ("distribution",),
    plan_item(3, "推广“保底收益+按股分红”分配方式……资产收益项目优先安排贫困残疾人家庭"))

LOAN = "loan"

CREDIT_REGISTERED = _rule(
    "credit.registered_households", ("micro-credit to registered households, renewals included",
                                     "扶贫小额信贷限建档立卡户，含无还本续贷"),
    ("A micro-credit loan is recorded only for a household the register holds (identified, exited or "
     "returned); it may be renewed without repaying principal while it is active and the household is still "
     "registered.",
     "扶贫小额信贷仅登记给在册的建档立卡户（在册、已脱贫或返贫）；贷款在贷且该户仍在册时，可办理无还本续贷。"),
    (LOAN,),
    plan_item(21, "规范扶贫小额信贷发放，在风险可控的前提下稳妥办理无还本续贷业务"))

CREDIT_FLAGS = _rule(
    "credit.risk_flags", ("borrowing in another's name, misuse and overdue loans are flagged",
                          "冒名借款、违规用款和逾期提示"),
    ("A loan is flagged when its borrower is not an active member of the household, when one borrower holds "
     "active loans for several households (both: borrowing in another's name), when the recorded use differs "
     "from the agreed purpose (misuse), and when it is active past its due date.",
     "借款人不是该户在册成员、同一借款人为多户借款（均为疑似冒名借款），实际用途与约定用途不符（违规用款），"
     "或在贷超过到期日（逾期）时予以提示。"),
    (LOAN,),
    plan_item(32, "防范扶贫小额信贷还贷风险，纠正冒名借款、违规用款等问题"))

PERFORMANCE = "performance"
AUDIT = "audit"

PERFORMANCE_SCORE = _rule(
    "performance.score", ("an evaluation scores each indicator's progress from baseline to target",
                          "绩效评价按指标从基期值到目标值的完成程度计分"),
    ("Each indicator period in the evaluated window scores 100 × (actual − baseline) ÷ (target − baseline) "
     "(reversed for an indicator where lower is better), held between 0 and 100 and rounded half up "
     "to 0.01; a target no better than its baseline scores 100 when the actual reaches it, else 0. "
     "The evaluation's score is the mean of the periods' scores, rounded half up to 0.01, graded 优 "
     "from 90, 良 from 80, 中 from 60, else 差; every period in the window needs its actual, and the "
     "inputs are stored with the score.",
     "评价期内每个指标期次得分 = 100 ×（实际值 − 基期值）÷（目标值 − 基期值）（越低越好的指标取反），"
     "限定在0—100分之间并四舍五入到0.01分；目标值不优于基期值时，实际值达到目标得100分，否则0分。"
     "评价得分为各期次得分的算术平均，四舍五入到0.01分；90分及以上为优，80分及以上为良，60分及以上为中，"
     "其余为差。评价期内每个期次须有实际值，计分所用数据随得分一并保存。"),
    (PERFORMANCE,),
    plan_item(20, "全面实施扶贫资金绩效管理"),
    document("Common indicator framework of budget performance evaluation (Cai Yu [2013] No. 53)",
             "《预算绩效评价共性指标体系框架》（财预〔2013〕53号）", "Ministry of Finance", "财政部",
             "评价等级划分为优、良、中、差四个等级"))

AUDIT_SAMPLE = _rule(
    "audit.reproducible_sample", ("audits and spot checks draw a sample anyone can redraw",
                                  "跟踪审计和专项抽查的样本可复现"),
    ("The population (projects, or payments of projects, of a region and year) is frozen when the audit "
     "is opened: its ids are stored with the SHA-256 digest of their sorted list. The sample is the n ids "
     "with the smallest SHA-256 of “seed:id” (ids in lower-case hyphenated form; ties by id), so anyone "
     "holding the published seed and population draws the same sample.",
     "审计或抽查立项时固定总体（某区域、某年度的项目或项目拨付记录），保存其标识清单及排序后清单的 "
     "SHA-256 摘要；样本为“种子:标识”的 SHA-256 值最小的 n 个标识（标识为小写带连字符格式，相同时按标识），"
     "任何人凭公开的种子和总体清单均可重新抽出同一样本。"),
    (AUDIT,),
    plan_item(20, "对脱贫攻坚政策落实和资金重点项目进行跟踪审计，开展扶贫资金管理使用情况专项抽查"))

RECTIFICATION = _rule(
    "audit.rectification", ("each finding is rectified to closure, verified by another",
                            "问题整改闭环，由他人核验后销号"),
    ("A finding on a sampled item names the owner and deadline of its rectification; the audited county "
     "reports it done, the auditing city or province verifies it (never the reporter; a rejected report "
     "returns it to rectification) and then closes it, in that order. A finding still in rectification "
     "after its deadline is overdue.",
     "对抽中对象发现的问题须明确整改责任人和整改期限；由被审计县报告整改情况，由组织审计的市或省核验"
     "（核验人不得为报告人，核验不通过的退回整改），核验通过后销号，依序办理。超过整改期限仍未报告整改的为逾期。"),
    (AUDIT,),
    plan_item(20, "健全扶贫资金项目常态化监管机制"),
    plan_item(31, "严肃查处……贪污挪用、截留私分、虚报冒领"))
NOTICE = "notice"
OBJECTION = "objection"

# The plan asks for the publicity system (§20) but names no period; the State Council's poverty office
# and the Ministry of Finance set it for the notices posted in towns, villages and at projects.
_PUBLICITY_PLAN = plan_item(20, "健全扶贫项目资金公告公示制度")
_PUBLICITY_GUIDANCE = document(
    "Guiding opinions on improving the publicity of poverty-alleviation funds and projects (Guokaibanfa "
    "[2017] No. 50)", "《关于完善扶贫资金项目公告公示制度的指导意见》（国开办发〔2017〕50号）",
    "State Council Leading Group Office of Poverty Alleviation and Development; Ministry of Finance",
    "国务院扶贫开发领导小组办公室、财政部", "原则上公告公示时间不少于10天")

NOTICE_PERIOD = _rule(
    "notice.publicity_period", ("notices are posted for at least the minimum period of their kind",
                                "公告公示期不少于规定天数"),
    ("A notice of a project's plan, allocation or completion states its publicity period, first and last "
     "day counted, of at least the minimum days of its kind (the parameters), last day not before the first.",
     "项目计划、资金下达和项目完成公告须载明公示期（含首尾两日），不少于该类公告的最短天数（见参数），"
     "结束日期不得早于开始日期。"),
    (NOTICE,), _PUBLICITY_PLAN, _PUBLICITY_GUIDANCE,
    parameters=tuple(Parameter(f"min_days_{kind}", f"fewest days a {kind} notice is posted",
                               f"{label}最短公示天数", "10")
                     for kind, label in (("plan", "项目计划公示"), ("allocation", "资金下达公告"),
                                         ("completion", "项目完成公告"))))

NOTICE_IMMUTABLE = _rule(
    "notice.immutable", ("a published notice is never edited; a correction supersedes it",
                         "公告发布后不得修改，更正须另发公告"),
    ("A notice is edited only as a draft. Once published it never changes: a correction is a new notice "
     "that names the one it supersedes, with a reason, and both stay readable, the old one marked with the "
     "notice that superseded it. A project has at most one current notice of each kind.",
     "公告仅在草稿状态下可修改；发布后不得更改，更正须另发公告并注明所更正的公告及理由，新旧公告均可查阅，"
     "原公告标明被哪一公告更正。每个项目每类公告同时只有一份现行公告。"),
    (NOTICE,), _PUBLICITY_PLAN, _PUBLICITY_GUIDANCE)

OBJECTIONS = _rule(
    "notice.objections", ("objections during the period, answered by the county with a reason",
                          "公示期内受理异议，由县级答复并说明理由"),
    ("Anyone may object to a published, current notice from its first to its last day, on the public "
     "endpoint or through a town or county official; the objector's name and contact are kept encrypted and "
     "never shown publicly. The project's county answers each objection, upheld or rejected, with a reason.",
     "公示期内（首日至末日）任何人可通过公开接口或乡镇、县级工作人员对现行公告提出异议；异议人姓名和联系方式"
     "加密保存、不公开。异议由项目所属县答复（成立或不成立）并说明理由。"),
    (NOTICE, OBJECTION), _PUBLICITY_PLAN, _PUBLICITY_GUIDANCE)

PUBLICITY_CLOSED = _rule(
    "money.publicity_closed", ("money waits for the project's notice to close without an upheld objection",
                               "项目计划公示期满且无成立异议后方可下达和拨付资金"),
    ("Money is allocated or paid only when the project's current plan notice is published, its period has "
     "ended (the allocation or payment dated after its last day and requested after it), no objection to it "
     "or to a notice it corrected is unanswered, and none to it is upheld: an upheld objection holds the "
     "money until a correcting notice has run its own period.",
     "项目现行计划公示已发布、公示期已满（下达或拨付日期及办理时间均在公示期末日之后）、对其及其所更正公告的"
     "异议均已答复且对其异议无一成立，方可下达和拨付资金；异议成立的，须发布更正公告并待其公示期满。"),
    (ALLOCATION, PAYMENT), _PUBLICITY_PLAN, _PUBLICITY_GUIDANCE)
