"""Code tables of the identification service: English codes with Chinese labels."""

from __future__ import annotations

from shared.codes import Labeled


class RegionLevel(Labeled):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县（市、区）"
    TOWN = "town", "乡镇"
    VILLAGE = "village", "行政村"


class HouseholdStatus(Labeled):
    CANDIDATE = "candidate", "待识别"
    IDENTIFIED = "identified", "在册贫困户"
    EXITED = "exited", "已脱贫"
    RETURNED = "returned", "返贫"
    REMOVED = "removed", "已清退"
    REJECTED = "rejected", "未通过识别"


class HouseholdCategory(Labeled):
    GENERAL = "general", "一般贫困户"
    MINIMUM_LIVING_GUARANTEE = "minimum_living_guarantee", "低保贫困户"
    EXTREME_POVERTY_SUPPORT = "extreme_poverty_support", "特困供养户"


class PovertyCause(Labeled):
    ILLNESS = "illness", "因病"
    DISABILITY = "disability", "因残"
    SCHOOLING = "schooling", "因学"
    DISASTER = "disaster", "因灾"
    LACK_OF_LAND = "lack_of_land", "缺土地"
    LACK_OF_WATER = "lack_of_water", "缺水"
    LACK_OF_SKILLS = "lack_of_skills", "缺技术"
    LACK_OF_LABOUR = "lack_of_labour", "缺劳力"
    LACK_OF_CAPITAL = "lack_of_capital", "缺资金"
    POOR_TRANSPORT = "poor_transport", "交通条件落后"
    LACK_OF_MOTIVATION = "lack_of_motivation", "自身发展动力不足"


class HousingGrade(Labeled):
    UNASSESSED = "unassessed", "未鉴定"
    GRADE_A = "grade_a", "A级（安全）"
    GRADE_B = "grade_b", "B级（基本安全）"
    GRADE_C = "grade_c", "C级危房"
    GRADE_D = "grade_d", "D级危房"


class RenovationState(Labeled):
    NOT_NEEDED = "not_needed", "无需改造"
    PLANNED = "planned", "计划改造"
    IN_PROGRESS = "in_progress", "改造中"
    COMPLETED = "completed", "已完成改造"


class ExitPathway(Labeled):
    INDUSTRY = "industry", "产业扶贫"
    EMPLOYMENT = "employment", "就业扶贫"
    ASSET_INCOME = "asset_income", "资产收益扶贫"
    SAFETY_NET = "safety_net", "社会保障兜底"
    EDUCATION = "education", "教育扶贫"
    HEALTH = "health", "健康扶贫"
    RELOCATION = "relocation", "易地扶贫搬迁"
    ECOLOGICAL = "ecological", "生态补偿"


class Sex(Labeled):
    MALE = "male", "男"
    FEMALE = "female", "女"


class Relation(Labeled):
    HEAD = "head", "户主"
    SPOUSE = "spouse", "配偶"
    SON = "son", "之子"
    DAUGHTER = "daughter", "之女"
    SON_IN_LAW = "son_in_law", "之女婿"
    DAUGHTER_IN_LAW = "daughter_in_law", "之儿媳"
    GRANDCHILD = "grandchild", "之孙子女"
    PARENT = "parent", "之父母"
    GRANDPARENT = "grandparent", "之祖父母"
    SIBLING = "sibling", "之兄弟姐妹"
    OTHER = "other", "其他"


class Education(Labeled):
    NONE = "none", "文盲或半文盲"
    PRESCHOOL = "preschool", "学前"
    PRIMARY = "primary", "小学"
    JUNIOR_SECONDARY = "junior_secondary", "初中"
    SENIOR_SECONDARY = "senior_secondary", "高中"
    VOCATIONAL = "vocational", "中职/技校"
    COLLEGE = "college", "大专及以上"


class Schooling(Labeled):
    NOT_SCHOOL_AGE = "not_school_age", "非在校年龄"
    ENROLLED = "enrolled", "在校"
    DROPPED_OUT = "dropped_out", "辍学"
    SUSPENDED = "suspended", "休学"
    HOME_TUITION = "home_tuition", "送教上门"
    GRADUATED = "graduated", "已毕业"


class HealthStatus(Labeled):
    HEALTHY = "healthy", "健康"
    CHRONIC_ILLNESS = "chronic_illness", "长期慢性病"
    SERIOUS_ILLNESS = "serious_illness", "患有大病"
    DISABLED = "disabled", "残疾"


class LabourCapacity(Labeled):
    NORMAL = "normal", "普通劳动力"
    WEAK = "weak", "弱劳动力或半劳动力"
    LOST = "lost", "丧失劳动力"
    NONE = "none", "无劳动力"


class Employment(Labeled):
    LOCAL_FARMING = "local_farming", "在家务农"
    LOCAL_JOB = "local_job", "就近务工"
    MIGRANT = "migrant", "外出务工"
    SELF_EMPLOYED = "self_employed", "自主创业"
    PUBLIC_WELFARE_POST = "public_welfare_post", "公益性岗位"
    UNEMPLOYED = "unemployed", "未就业"
    NOT_APPLICABLE = "not_applicable", "不适用"


class LeaveReason(Labeled):
    DEATH = "death", "死亡"
    MARRIAGE = "marriage", "婚出"
    MOVED_OUT = "moved_out", "迁出"
    SPLIT_HOUSEHOLD = "split_household", "分户"
    MILITARY = "military", "服兵役"
    OTHER = "other", "其他"


class ProcedureKind(Labeled):
    IDENTIFICATION = "identification", "精准识别"
    EXIT = "exit", "贫困退出"
    REMOVAL = "removal", "清退"
    FAST_ENTRY = "fast_entry", "因灾因病快速纳入"
    RETURN = "return", "返贫纳入"
    VILLAGE_EXIT = "village_exit", "贫困村出列"


class ProcedureState(Labeled):
    OPEN = "open", "办理中"
    SUSPENDED_BY_OBJECTION = "suspended_by_objection", "因异议暂停"
    COMPLETED = "completed", "已办结"
    REFUSED = "refused", "未通过"
    CANCELLED = "cancelled", "已撤销"


class StepOutcome(Labeled):
    DONE = "done", "已完成"
    REFUSED = "refused", "未通过核验"
    REJECTED = "rejected", "不予通过"
    CANCELLED = "cancelled", "撤销"


class RemovalReason(Labeled):
    INCOME_ABOVE_LINE = "income_above_line", "收入超过识别标准"
    PUBLIC_PAYROLL = "public_payroll", "有财政供养人员"
    VEHICLE_OWNED = "vehicle_owned", "拥有非生产经营性车辆"
    COMMERCIAL_PROPERTY = "commercial_property", "拥有商品房或商铺"
    COMPANY_REGISTERED = "company_registered", "注册有企业"
    DUPLICATE_ENTRY = "duplicate_entry", "重复建档"
    WHOLE_HOUSEHOLD_DECEASED = "whole_household_deceased", "整户死亡"
    FALSE_INFORMATION = "false_information", "提供虚假信息"
    OTHER = "other", "其他"


class ObjectionOutcome(Labeled):
    UPHELD = "upheld", "异议成立"
    DISMISSED = "dismissed", "异议不成立"


ACTIVE_STATUSES = frozenset({HouseholdStatus.CANDIDATE, HouseholdStatus.IDENTIFIED,
                             HouseholdStatus.EXITED, HouseholdStatus.RETURNED})

UNSAFE_HOUSING = frozenset({HousingGrade.GRADE_C, HousingGrade.GRADE_D})

CODE_TABLES: dict[str, type[Labeled]] = {
    "region_level": RegionLevel,
    "household_status": HouseholdStatus,
    "household_category": HouseholdCategory,
    "poverty_cause": PovertyCause,
    "housing_grade": HousingGrade,
    "renovation_state": RenovationState,
    "exit_pathway": ExitPathway,
    "sex": Sex,
    "relation": Relation,
    "education": Education,
    "schooling": Schooling,
    "health_status": HealthStatus,
    "labour_capacity": LabourCapacity,
    "employment": Employment,
    "leave_reason": LeaveReason,
    "procedure_kind": ProcedureKind,
    "procedure_state": ProcedureState,
    "step_outcome": StepOutcome,
    "removal_reason": RemovalReason,
    "objection_outcome": ObjectionOutcome,
}


# Re-verification campaigns, department cross-checks and monitoring (回头看、部门数据比对、动态监测).
class SelectionMode(Labeled):
    RULE = "rule", "按条件选取"
    SAMPLE = "sample", "随机抽样"


class CampaignHouseholdState(Labeled):
    UNASSIGNED = "unassigned", "未分派"
    ASSIGNED = "assigned", "待核实"
    CONFIRMED = "confirmed", "核实无误"
    FAILED = "failed", "核实有问题"


class VerificationOutcome(Labeled):
    CONFIRMED = "confirmed", "核实无误"
    FAILED = "failed", "核实有问题"


class VerificationCondition(Labeled):
    INCOME = "income", "收入"
    FOOD_CLOTHING = "food_clothing", "不愁吃不愁穿"
    EDUCATION = "education", "义务教育有保障"
    MEDICAL = "medical", "基本医疗有保障"
    HOUSING = "housing", "住房安全有保障"
    DRINKING_WATER = "drinking_water", "饮水安全"
    MEMBERS = "members", "家庭成员信息"
    OTHER = "other", "其他"


class CaseKind(Labeled):
    REMOVAL = "removal", "清退"
    CORRECTION = "correction", "信息更正"


class CaseSource(Labeled):
    CAMPAIGN = "campaign", "回头看核实"
    CROSSCHECK = "crosscheck", "部门数据比对"


class CaseState(Labeled):
    OPEN = "open", "待处理"
    CLOSED = "closed", "已办结"


class CaseResolution(Labeled):
    ACTED = "acted", "已按程序处理"
    DISMISSED = "dismissed", "经核实无问题"


class CrossCheckKind(Labeled):
    DEATH = "death", "死亡人员"
    PUBLIC_PAYROLL = "public_payroll", "财政供养人员"
    VEHICLE = "vehicle", "车辆登记"
    PROPERTY = "property", "商品房登记"
    COMPANY = "company", "工商注册"
    INSURANCE_MISSING = "insurance_missing", "未参保人员"


class DisasterKind(Labeled):
    FLOOD = "flood", "洪涝"
    TYPHOON = "typhoon", "台风"
    DROUGHT = "drought", "干旱"
    LANDSLIDE = "landslide", "山体滑坡等地质灾害"
    FREEZE = "freeze", "低温冰冻"
    FIRE = "fire", "火灾"
    OTHER = "other", "其他"


class RiskKind(Labeled):
    INCOME_NEAR_LINE = "income_near_line", "收入接近脱贫标准"
    ILLNESS_OR_DISABILITY = "illness_or_disability", "新增大病或残疾"
    DISASTER = "disaster", "所在村遭受灾害"


CODE_TABLES.update({
    "selection_mode": SelectionMode,
    "campaign_household_state": CampaignHouseholdState,
    "verification_outcome": VerificationOutcome,
    "verification_condition": VerificationCondition,
    "case_kind": CaseKind,
    "case_source": CaseSource,
    "case_state": CaseState,
    "case_resolution": CaseResolution,
    "crosscheck_kind": CrossCheckKind,
    "disaster_kind": DisasterKind,
    "risk_kind": RiskKind,
})


class ContactPurpose(Labeled):
    """Why a member's contact details are read (查询联系方式的用途)."""

    EMPLOYMENT_COUNSELLING = "employment_counselling", "就业一对一帮扶联系"
    PLACEMENT_FOLLOW_UP = "placement_follow_up", "就业跟踪回访"
    TRAINING_NOTICE = "training_notice", "培训通知"
    ASSISTANCE_VISIT = "assistance_visit", "帮扶走访"


CODE_TABLES["contact_purpose"] = ContactPurpose
