"""Code tables of the employment service: English codes with Chinese labels."""

from __future__ import annotations

from shared.codes import Labeled


class Skill(Labeled):
    """A skill a labourer brings or a position asks for (at most 63: matching keeps them as bits)."""

    DOMESTIC_SERVICE = "domestic_service", "家政服务"
    ELDERLY_CARE = "elderly_care", "养老护理"
    NURSING_AIDE = "nursing_aide", "医疗护工"
    COOKING = "cooking", "中式烹调"
    PASTRY = "pastry", "中式面点"
    E_COMMERCE = "e_commerce", "电子商务"
    LIVESTREAM_SALES = "livestream_sales", "直播销售"
    CROP_FARMING = "crop_farming", "种植"
    LIVESTOCK = "livestock", "畜禽养殖"
    AQUACULTURE = "aquaculture", "水产养殖"
    FORESTRY = "forestry", "林业"
    TEA_PROCESSING = "tea_processing", "茶叶加工"
    FOOD_PROCESSING = "food_processing", "农产品加工"
    SEWING = "sewing", "缝纫"
    HANDICRAFT = "handicraft", "传统手工艺"
    ELECTRONICS_ASSEMBLY = "electronics_assembly", "电子装配"
    MACHINE_OPERATION = "machine_operation", "机床操作"
    WELDING = "welding", "焊工"
    ELECTRICIAN = "electrician", "电工"
    CONSTRUCTION = "construction", "建筑施工"
    MASONRY = "masonry", "砌筑"
    DRIVING = "driving", "驾驶"
    LOGISTICS = "logistics", "仓储物流"
    SECURITY = "security", "保安"
    CLEANING = "cleaning", "保洁"
    ROAD_MAINTENANCE = "road_maintenance", "道路养护"
    GREENING = "greening", "绿化管护"
    HAIRDRESSING = "hairdressing", "美发"
    RETAIL = "retail", "营销员"
    COMPUTER = "computer", "计算机操作"


class Place(Labeled):
    """Where a labourer accepts to work, relative to home (就业意向地)."""

    HOME_COUNTY = "home_county", "本县"
    HOME_CITY = "home_city", "本市"
    PEARL_RIVER_DELTA = "pearl_river_delta", "珠三角"
    ANYWHERE = "anywhere", "不限"


class Education(Labeled):
    """Schooling completed, lowest first (文化程度)."""

    NONE = "none", "文盲或半文盲"
    PRIMARY = "primary", "小学"
    JUNIOR_SECONDARY = "junior_secondary", "初中"
    SENIOR_SECONDARY = "senior_secondary", "高中"
    VOCATIONAL = "vocational", "中职/技校"
    COLLEGE = "college", "大专及以上"


class EmploymentState(Labeled):
    """What a labourer does now (就业状态)."""

    UNEMPLOYED = "unemployed", "未就业"
    FARMING = "farming", "在家务农"
    LOCAL_JOB = "local_job", "就近就业"
    MIGRANT = "migrant", "外出务工"
    SELF_EMPLOYED = "self_employed", "自主创业"
    PUBLIC_WELFARE_POST = "public_welfare_post", "公益性岗位"


class CertificateLevel(Labeled):
    """Level of a vocational skill certificate (职业资格/技能等级)."""

    SPECIAL = "special", "专项职业能力"
    LEVEL_5 = "level_5", "初级工（五级）"
    LEVEL_4 = "level_4", "中级工（四级）"
    LEVEL_3 = "level_3", "高级工（三级）"
    LEVEL_2 = "level_2", "技师（二级）"
    LEVEL_1 = "level_1", "高级技师（一级）"


class EmployerKind(Labeled):
    """What an employer is (用人单位类型)."""

    ENTERPRISE = "enterprise", "企业"
    COOPERATIVE = "cooperative", "农民专业合作社"
    PUBLIC_INSTITUTION = "public_institution", "机关事业单位"
    SOCIAL_ORGANISATION = "social_organisation", "社会组织"
    HR_AGENCY = "hr_agency", "人力资源服务机构"


class PositionKind(Labeled):
    """The kind of a position (岗位类型)."""

    ORDINARY = "ordinary", "普通岗位"
    WORKSHOP = "workshop", "扶贫车间"
    EMPLOYMENT_BASE = "employment_base", "就业扶贫基地"
    PUBLIC_WELFARE = "public_welfare", "公益性岗位"
    HOME_BASED = "home_based", "居家灵活就业"


class PublicWelfareKind(Labeled):
    """The work of a public-welfare post (公益性岗位类别, §4–5)."""

    ROAD_UPKEEP = "road_upkeep", "养路"
    FOREST_RANGER = "forest_ranger", "护林"
    GRASSLAND_RANGER = "grassland_ranger", "护草"
    ECOLOGICAL_CARE = "ecological_care", "生态管护"
    CLEANING = "cleaning", "卫生保洁"


class HealthRequirement(Labeled):
    """The health a position needs (健康要求)."""

    ANY = "any", "不限"
    NO_SERIOUS_ILLNESS = "no_serious_illness", "无大病"
    HEALTHY = "healthy", "身体健康"


class PositionState(Labeled):
    """Whether a position takes hires (岗位状态)."""

    OPEN = "open", "招聘中"
    CLOSED = "closed", "已关闭"


class PlacementState(Labeled):
    """Where a placement stands (就业推荐状态)."""

    RECOMMENDED = "recommended", "已推荐"
    APPLIED = "applied", "已报名"
    HIRED = "hired", "已录用"
    EMPLOYED = "employed", "已上岗"
    LEFT = "left", "已离岗"
    CLOSED = "closed", "未成功"


class CloseReason(Labeled):
    """Why a placement ended before work began (未成功原因)."""

    DECLINED = "declined", "本人放弃"
    NOT_SELECTED = "not_selected", "单位未录用"
    WITHDRAWN = "withdrawn", "单位撤回"
    NO_SHOW = "no_show", "未按时报到"


class LeaveReason(Labeled):
    """Why a person left a job (离岗原因)."""

    BETTER_JOB = "better_job", "另谋他职"
    CONTRACT_ENDED = "contract_ended", "合同期满"
    DISMISSED = "dismissed", "被辞退"
    HEALTH = "health", "健康原因"
    FAMILY = "family", "家庭原因"
    WAGE = "wage", "工资待遇"
    OTHER = "other", "其他"


class PlanStepKind(Labeled):
    """A kind of step in a personal employment plan (方案步骤类型)."""

    GUIDANCE = "guidance", "职业指导"
    TRAINING = "training", "技能培训"
    JOB_RECOMMENDATION = "job_recommendation", "岗位推荐"
    INTERVIEW = "interview", "面试"
    START_WORK = "start_work", "上岗"
    FOLLOW_UP = "follow_up", "跟踪回访"
    OTHER = "other", "其他"


class ContactChannel(Labeled):
    """How a counsellor reached the labourer (联系方式)."""

    VISIT = "visit", "入户走访"
    PHONE = "phone", "电话"
    MESSAGE = "message", "短信或微信"
    OFFICE = "office", "来访"


class ProgrammeKind(Labeled):
    """A kind of skills training for poor labourers (培训类别, §7)."""

    DOMESTIC_SERVICE = "domestic_service", "家庭服务业培训"
    RURAL_E_COMMERCE = "rural_e_commerce", "农村电子商务培训"
    PRACTICAL_FARMING = "practical_farming", "农村实用技术培训"
    NEW_PROFESSIONAL_FARMER = "new_professional_farmer", "新型职业农民培训"
    LABOUR_TRANSFER = "labour_transfer", "农村劳动力转移培训"


class EnrolmentState(Labeled):
    """Where a trainee stands (参训状态)."""

    ENROLLED = "enrolled", "在训"
    COMPLETED = "completed", "已结业"


class Appraisal(Labeled):
    """The result of the free skill appraisal (职业技能鉴定结果)."""

    PASSED = "passed", "合格"
    FAILED = "failed", "不合格"


class SubsidyKind(Labeled):
    """A subsidy paid for training (补贴类别)."""

    TRAINING = "training", "职业培训补贴"
    APPRAISAL = "appraisal", "技能鉴定补贴"


class ContactPurpose(Labeled):
    """Why a counsellor reads a labourer's contact details; identification records it (查询用途)."""

    EMPLOYMENT_COUNSELLING = "employment_counselling", "就业一对一帮扶联系"
    PLACEMENT_FOLLOW_UP = "placement_follow_up", "就业跟踪回访"
    TRAINING_NOTICE = "training_notice", "培训通知"


CODE_TABLES: dict[str, type[Labeled]] = {
    "skill": Skill, "place": Place, "education": Education, "employment_state": EmploymentState,
    "certificate_level": CertificateLevel, "employer_kind": EmployerKind, "position_kind": PositionKind,
    "public_welfare_kind": PublicWelfareKind, "health_requirement": HealthRequirement,
    "position_state": PositionState, "placement_state": PlacementState, "close_reason": CloseReason,
    "leave_reason": LeaveReason, "plan_step_kind": PlanStepKind, "contact_channel": ContactChannel,
    "programme_kind": ProgrammeKind, "enrolment_state": EnrolmentState, "appraisal": Appraisal,
    "subsidy_kind": SubsidyKind, "contact_purpose": ContactPurpose,
}
