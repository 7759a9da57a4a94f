"""Code tables of the funds service: English codes with Chinese labels."""

from __future__ import annotations

from shared.codes import Labeled


class ProjectType(Labeled):
    INDUSTRY = "industry", "产业发展"
    ASSET_INCOME = "asset_income", "资产收益"
    ROAD = "road", "道路"
    WATER = "water", "饮水"
    POWER = "power", "电力"
    NETWORK = "network", "网络"
    HOUSING_RENOVATION = "housing_renovation", "危房改造"
    EDUCATION = "education", "教育"
    HEALTH = "health", "健康"
    EMPLOYMENT = "employment", "就业"
    ECOLOGICAL = "ecological", "生态"


class FundingSource(Labeled):
    CENTRAL = "central", "中央财政"
    PROVINCIAL = "provincial", "省级财政"
    CITY = "city", "市级财政"
    COUNTY = "county", "县级财政"
    SOCIAL = "social", "社会资金"


class ProjectStatus(Labeled):
    PROPOSED = "proposed", "已申报"
    APPRAISED = "appraised", "已论证"
    IN_LIBRARY = "in_library", "已入库"
    IN_ANNUAL_PLAN = "in_annual_plan", "已纳入年度计划"
    IMPLEMENTING = "implementing", "实施中"
    COMPLETED = "completed", "已完工"
    ACCEPTED = "accepted", "已验收"
    EVALUATED = "evaluated", "已绩效评价"
    CANCELLED = "cancelled", "已取消"


class ProjectStep(Labeled):
    PROPOSE = "propose", "申报"
    APPRAISE = "appraise", "论证"
    ADMIT = "admit", "入库"
    PLAN = "plan", "纳入年度计划"
    START = "start", "开工实施"
    COMPLETE = "complete", "完工"
    ACCEPT = "accept", "验收"
    EVALUATE = "evaluate", "绩效评价"
    ADJUST = "adjust", "调整"
    CANCEL = "cancel", "取消"


class RiskLevel(Labeled):
    LOW = "low", "低"
    MEDIUM = "medium", "中"
    HIGH = "high", "高"


class LoanPurpose(Labeled):
    PLANTING = "planting", "种植业"
    BREEDING = "breeding", "养殖业"
    PROCESSING = "processing", "农产品加工"
    TOURISM = "tourism", "乡村旅游"
    COMMERCE = "commerce", "商贸流通"
    OTHER_PRODUCTION = "other_production", "其他生产经营"
    CONSUMPTION = "consumption", "生活消费"


class LoanStatus(Labeled):
    ACTIVE = "active", "在贷"
    REPAID = "repaid", "已结清"
    RENEWED = "renewed", "已无还本续贷"


class LoanFlag(Labeled):
    BORROWER_NOT_MEMBER = "borrower_not_member", "借款人不是该户成员（疑似冒名借款）"
    SEVERAL_HOUSEHOLDS = "several_households", "同一借款人为多户借款（疑似冒名借款）"
    USE_MISMATCH = "use_mismatch", "实际用途与约定用途不符（违规用款）"
    OVERDUE = "overdue", "逾期"


class Direction(Labeled):
    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"


class Grade(Labeled):
    EXCELLENT = "excellent", "优"
    GOOD = "good", "良"
    FAIR = "fair", "中"
    POOR = "poor", "差"


class AuditKind(Labeled):
    TRACKING_AUDIT = "tracking_audit", "跟踪审计"
    SPOT_CHECK = "spot_check", "专项抽查"


class AuditSubject(Labeled):
    PROJECTS = "projects", "项目"
    PAYMENTS = "payments", "拨付记录"


class RectificationStatus(Labeled):
    OPEN = "open", "整改中"
    REPORTED = "reported", "已报告整改"
    VERIFIED = "verified", "已核验"
    CLOSED = "closed", "已销号"
class NoticeKind(Labeled):
    PLAN = "plan", "项目计划公示"
    ALLOCATION = "allocation", "资金下达公告"
    COMPLETION = "completion", "项目完成公告"


class NoticeStatus(Labeled):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被更正公告取代"


class ObjectionStatus(Labeled):
    PENDING = "pending", "待答复"
    UPHELD = "upheld", "异议成立"
    REJECTED = "rejected", "异议不成立"


class ObjectionDecision(Labeled):
    UPHELD = "upheld", "异议成立"
    REJECTED = "rejected", "异议不成立"


class ObjectionChannel(Labeled):
    PUBLIC = "public", "群众在线提出"
    CADRE = "cadre", "干部登记"


CODE_TABLES: dict[str, type[Labeled]] = {
    "project_type": ProjectType,
    "funding_source": FundingSource,
    "project_status": ProjectStatus,
    "project_step": ProjectStep,
    "risk_level": RiskLevel,
    "loan_purpose": LoanPurpose,
    "loan_status": LoanStatus,
    "loan_flag": LoanFlag,
    "indicator_direction": Direction,
    "evaluation_grade": Grade,
    "audit_kind": AuditKind,
    "audit_subject": AuditSubject,
    "rectification_status": RectificationStatus,
    "notice_kind": NoticeKind,
    "notice_status": NoticeStatus,
    "objection_status": ObjectionStatus,
    "objection_channel": ObjectionChannel,
}
