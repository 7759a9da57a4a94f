"""Code tables of the supervision service: English codes with Chinese labels."""

from __future__ import annotations

from shared.codes import Labeled


class OfficialLevel(Labeled):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWN = "town", "乡镇级"
    VILLAGE = "village", "村级"


class Post(Labeled):
    PARTY_SECRETARY = "party_secretary", "党委（党组织）书记"
    GOVERNMENT_HEAD = "government_head", "政府主要负责人"
    LEADER = "leader", "其他领导班子成员"
    CADRE = "cadre", "扶贫干部"
    RESERVE_SECRETARY = "reserve_secretary", "村党组织书记后备人选"


class TeamRole(Labeled):
    FIRST_SECRETARY = "first_secretary", "第一书记"
    LEADER = "leader", "驻村工作队队长"
    MEMBER = "member", "驻村工作队员"


class TargetKind(Labeled):
    COUNTY = "county", "县（市、区）"
    TOWN = "town", "乡镇"
    VILLAGE = "village", "行政村"
    HOUSEHOLD = "household", "贫困户"


class VisitOutcome(Labeled):
    CREATED = "created", "已保存"
    DUPLICATE = "duplicate", "重复提交，已保存过"
    REJECTED = "rejected", "未保存"


class FlagKind(Labeled):
    FAR_FROM_TARGET = "far_from_target", "定位偏离遍访对象"
    IMPOSSIBLE_TRAVEL = "impossible_travel", "两次遍访间距离与时间不符"
    HOUSEHOLD_NOT_VISITED = "household_not_visited", "贫困户未按要求遍访"


class InterviewSource(Labeled):
    INSPECTION = "inspection", "督查巡查"
    ASSESSMENT = "assessment", "考核评估"
    COMPLAINT = "complaint", "群众举报投诉"
    RED_FLAG = "red_flag", "数据预警"


class InterviewState(Labeled):
    OPEN = "open", "整改中"
    CLOSED = "closed", "已办结"


class ItemState(Labeled):
    OPEN = "open", "待整改"
    REPORTED = "reported", "已报告待核验"
    CLOSED = "closed", "已核验销号"


class QuotaLevel(Labeled):
    CITY = "city", "市级"
    COUNTY = "county", "县级"


class PeriodState(Labeled):
    MET = "met", "已完成"
    MISSED = "missed", "未完成"
    OPEN = "open", "期间未结束"


class ResearchRecordKind(Labeled):
    RESEARCH_DAY = "research_day", "专题调研"
    TOPICAL_STUDY = "topical_study", "专题研究"
    YEARLY_REPORT = "yearly_report", "年度报告"


class StudyPeriod(Labeled):
    QUARTER = "quarter", "每季度"
    MONTH = "month", "每月"


class LeadKind(Labeled):
    EMBEZZLEMENT = "embezzlement", "贪污挪用"
    WITHHOLDING = "withholding", "截留私分"
    FALSE_CLAIMS = "false_claims", "虚报冒领"
    SEIZURE = "seizure", "强占掠夺"
    FORMALISM = "formalism", "形式主义、官僚主义"


class LeadSource(Labeled):
    COMPLAINT = "complaint", "群众举报"
    RED_FLAG = "red_flag", "数据预警"
    INSPECTION = "inspection", "督查巡查"
    AUDIT = "audit", "审计"


class LeadState(Labeled):
    RECEIVED = "received", "已受理"
    INVESTIGATING = "investigating", "核查中"
    SUBSTANTIATED = "substantiated", "查实"
    DISMISSED = "dismissed", "查否了结"
    TRANSFERRED = "transferred", "移送纪检监察机关"


class BlacklistReason(Labeled):
    FALSE_CLAIMS = "false_claims", "虚报冒领扶贫资金"
    ELDER_SUPPORT_REFUSAL = "elder_support_refusal", "不履行赡养义务"
    PUBLIC_ORDER = "public_order", "严重违反公序良俗"


class BlacklistState(Labeled):
    LISTED = "listed", "在列"
    APPEALED = "appealed", "申诉中"
    LIFTED = "lifted", "已移出"


CODE_TABLES: dict[str, type[Labeled]] = {
    "official_level": OfficialLevel,
    "post": Post,
    "team_role": TeamRole,
    "target_kind": TargetKind,
    "visit_outcome": VisitOutcome,
    "flag_kind": FlagKind,
    "interview_source": InterviewSource,
    "interview_state": InterviewState,
    "rectification_state": ItemState,
    "study_period": StudyPeriod,
    "quota_level": QuotaLevel,
    "period_state": PeriodState,
    "research_record_kind": ResearchRecordKind,
    "lead_kind": LeadKind,
    "lead_source": LeadSource,
    "lead_state": LeadState,
    "blacklist_reason": BlacklistReason,
    "blacklist_state": BlacklistState,
}
