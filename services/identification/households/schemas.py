"""Request and response bodies of households, members and income records."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from services.identification.codes import (
    Education,
    Employment,
    ExitPathway,
    HealthStatus,
    HouseholdCategory,
    HouseholdStatus,
    HousingGrade,
    LabourCapacity,
    LeaveReason,
    PovertyCause,
    Relation,
    RenovationState,
    Schooling,
    Sex,
)
from shared.id_numbers import parse_id_number
from shared.schemas import (
    BankAccount,
    IdNumber,
    MoneyStr,
    PastDate,
    PastYear,
    Phone,
    RegionCode,
    SignedMoney,
    StrictModel,
    not_null,
    relation,
    relations,
)

# The Chinese term of each field, added to its OpenAPI description where the field has none.
TERMS = {
    "id": "标识", "household_no": "户编号", "region_code": "所在村区划代码", "region_name": "所在村",
    "address": "住址", "status": "状态", "category": "贫困户属性", "primary_cause": "主要致贫原因",
    "other_causes": "其他致贫原因", "housing_grade": "住房危房等级", "renovation_state": "危房改造状态",
    "safe_drinking_water": "饮水安全", "helper_name": "帮扶责任人", "helper_subject": "帮扶责任人账号",
    "phone": "联系电话", "bank_name": "开户银行", "bank_account": "一卡通账号", "exit_pathway": "脱贫路径",
    "identified_on": "识别日期", "exited_on": "脱贫日期", "member_count": "在册人口",
    "members": "家庭成员", "created_at": "创建时间", "updated_at": "更新时间", "version": "版本号 (ETag)",
    "name": "姓名", "id_number": "公民身份号码", "sex": "性别", "birth_date": "出生日期", "age": "年龄",
    "relation": "与户主关系", "education": "文化程度", "schooling": "在校生状况", "health_status": "健康状况",
    "illness": "所患疾病", "disability_grade": "残疾等级", "disability_card": "残疾证号",
    "labour_capacity": "劳动能力", "pension_insured": "参加城乡居民基本养老保险",
    "medical_insured": "参加基本医疗保险", "critical_illness_insured": "参加大病保险",
    "employment": "务工状况", "active": "是否在册成员", "left_on": "减员日期", "left_reason": "减员原因",
    "head_name": "户主姓名", "from_status": "原状态", "to_status": "新状态", "effective_on": "生效日期",
    "at": "记录时间", "actor": "操作人", "reason": "原因", "reference": "依据文号", "year": "年度",
    "revision": "修订次数", "wages": "工资性收入", "production_business": "生产经营性收入",
    "property_income": "财产性收入", "transfer_income": "转移性收入", "production_costs": "生产经营性支出",
    "household_size": "家庭人口", "net_income": "家庭纯收入", "income_per_head": "人均可支配收入",
    "note": "说明", "recorded_at": "记录时间", "recorded_by": "记录人",
}


def _chinese_terms(schema: dict[str, Any], _model: type) -> None:
    """Give every property of a schema its Chinese term (API promise: every field names it)."""
    for name, prop in schema.get("properties", {}).items():
        text = prop.get("description", "")
        if name in TERMS and not any("\u4e00" <= ch <= "\u9fff" for ch in text):
            prop["description"] = f"{TERMS[name]}; {text}" if text else TERMS[name]


class _Read(BaseModel):
    model_config = ConfigDict(json_schema_extra=_chinese_terms)


class _Strict(StrictModel):
    model_config = ConfigDict(json_schema_extra=_chinese_terms)


_FOR_DISABLED = relation("health_status", "given only when disabled is the", "disability_grade_unexpected")


class MemberCreate(_Strict):
    """A person to add to a household (家庭成员)."""

    name: str = Field(min_length=1, max_length=64, description="姓名")
    id_number: IdNumber
    sex: Sex | None = Field(None, description="性别; derived from the ID number when omitted",
                            json_schema_extra=relation("id_number", "as encoded in", "sex_mismatch"))
    birth_date: date | None = Field(None, description="出生日期; derived from the ID number",
                                    json_schema_extra=relation("id_number", "as encoded in",
                                                               "birth_date_mismatch"))
    relation: Relation = Field(description="与户主关系")
    education: Education = Field(Education.PRIMARY, description="文化程度")
    schooling: Schooling = Field(Schooling.NOT_SCHOOL_AGE, description="在校生状况 (控辍保学)")
    health_status: HealthStatus = Field(HealthStatus.HEALTHY, description="健康状况")
    illness: str | None = Field(None, max_length=200, description="所患疾病 (personal data)")
    disability_grade: int | None = Field(None, ge=1, le=4, description="残疾等级",
                                         json_schema_extra=_FOR_DISABLED)
    disability_card: str | None = Field(None, max_length=32, description="残疾证号 (personal data)")
    labour_capacity: LabourCapacity = Field(description="劳动能力")
    pension_insured: bool = Field(False, description="参加城乡居民基本养老保险")
    medical_insured: bool = Field(False, description="参加基本医疗保险")
    critical_illness_insured: bool = Field(False, description="参加大病保险")
    employment: Employment = Field(Employment.NOT_APPLICABLE, description="务工状况")
    phone: Phone | None = None

    # Field validators (not the model validator) check these, so the error names the field.
    @field_validator("sex")
    @classmethod
    def _sex_matches(cls, value: Sex | None, info: ValidationInfo) -> Sex | None:
        number = info.data.get("id_number")
        if value is not None and number and value != parse_id_number(number).sex:
            raise PydanticCustomError("sex_mismatch", "sex differs from the ID number",
                                      {"zh": "性别与身份证号码不一致"})
        return value

    @field_validator("birth_date")
    @classmethod
    def _birth_date_matches(cls, value: date | None, info: ValidationInfo) -> date | None:
        number = info.data.get("id_number")
        if value is not None and number and value != parse_id_number(number).birth_date:
            raise PydanticCustomError("birth_date_mismatch",
                                      "birth_date differs from the ID number's birth date",
                                      {"zh": "出生日期与身份证号码不一致"})
        return value

    @model_validator(mode="after")
    def _consistent(self) -> MemberCreate:
        facts = parse_id_number(self.id_number)
        # Derived, not given: set past pydantic's __setattr__, so they stay out of
        # model_fields_set (and a bulk import skips its ~5 µs a member).
        self.__dict__["birth_date"] = facts.birth_date
        self.__dict__["sex"] = Sex.MALE if facts.sex == "male" else Sex.FEMALE
        return self

    @field_validator("disability_grade")
    @classmethod
    def _grade_for_disabled(cls, grade: int | None, info: ValidationInfo) -> int | None:
        health = info.data.get("health_status", HealthStatus.DISABLED)
        if grade is not None and health != HealthStatus.DISABLED:
            raise PydanticCustomError("disability_grade_unexpected",
                                      "disability_grade is only for health_status disabled",
                                      {"zh": "只有残疾人员才能填写残疾等级"})
        return grade


class MemberUpdate(_Strict):
    """Fields of a member that may change; ID number, sex and birth date never do."""

    name: str | None = Field(None, min_length=1, max_length=64)
    relation: Relation | None = None
    education: Education | None = None
    schooling: Schooling | None = None
    health_status: HealthStatus | None = None
    illness: str | None = Field(None, max_length=200)
    disability_grade: int | None = Field(None, ge=1, le=4, json_schema_extra=_FOR_DISABLED)
    disability_card: str | None = Field(None, max_length=32)
    labour_capacity: LabourCapacity | None = None
    pension_insured: bool | None = None
    medical_insured: bool | None = None
    critical_illness_insured: bool | None = None
    employment: Employment | None = None
    phone: Phone | None = None

    _not_null = not_null("name", "relation", "education", "schooling", "health_status", "labour_capacity",
                         "pension_insured", "medical_insured", "critical_illness_insured", "employment")


class MemberLeave(_Strict):
    """A member leaving the household (减员)."""

    reason: LeaveReason = Field(description="减员原因")
    left_on: PastDate = Field(description="减员日期")


# Rules among a household's members: about the items' own fields, so each names the field compared.
_ONE_HEAD_EACH_ONCE = relations(relation("relation", "exactly one member is head by", "head_count"),
                                relation("id_number", "each member once by", "member_duplicate"))


class HouseholdCreate(_Strict):
    """A household entering the register as a candidate (申请或提名)."""

    household_no: str | None = Field(None, pattern=r"^[0-9A-Za-z-]{6,32}$",
                                     description="户编号; assigned from the village code when omitted")
    region_code: RegionCode
    address: str = Field(min_length=2, max_length=200, description="住址")
    category: HouseholdCategory = Field(description="贫困户属性")
    primary_cause: PovertyCause = Field(description="主要致贫原因")
    other_causes: list[PovertyCause] = Field(default_factory=list, max_length=10, description="其他致贫原因")
    housing_grade: HousingGrade = Field(HousingGrade.UNASSESSED, description="住房危房等级")
    renovation_state: RenovationState = Field(RenovationState.NOT_NEEDED, description="危房改造状态")
    safe_drinking_water: bool = Field(description="饮水安全")
    helper_name: str | None = Field(None, max_length=64, description="帮扶责任人")
    helper_subject: str | None = Field(None, max_length=128, description="帮扶责任人账号")
    phone: Phone | None = None
    bank_name: str | None = Field(None, max_length=64, description="开户银行")
    bank_account: BankAccount | None = None
    members: list[MemberCreate] = Field(min_length=1, max_length=30, description="家庭成员",
                                        json_schema_extra=_ONE_HEAD_EACH_ONCE)

    @field_validator("members")
    @classmethod
    def _one_head(cls, members: list[MemberCreate]) -> list[MemberCreate]:
        heads = [m for m in members if m.relation == Relation.HEAD]
        if len(heads) != 1:
            raise PydanticCustomError("head_count", "A household has exactly one head",
                                      {"zh": "每户必须有且只有一名户主"})
        numbers = [m.id_number for m in members]
        if len(set(numbers)) != len(numbers):
            raise PydanticCustomError("member_duplicate", "A person is listed twice in the household",
                                      {"zh": "同一人在本户中重复出现"})
        return members


class HouseholdUpdate(_Strict):
    """Register fields that may change; status only changes through procedures."""

    address: str | None = Field(None, min_length=2, max_length=200)
    category: HouseholdCategory | None = None
    primary_cause: PovertyCause | None = None
    other_causes: list[PovertyCause] | None = Field(None, max_length=10)
    housing_grade: HousingGrade | None = None
    renovation_state: RenovationState | None = None
    safe_drinking_water: bool | None = None
    helper_name: str | None = Field(None, max_length=64)
    helper_subject: str | None = Field(None, max_length=128)
    phone: Phone | None = None
    bank_name: str | None = Field(None, max_length=64)
    bank_account: BankAccount | None = None

    _not_null = not_null("address", "category", "primary_cause", "other_causes", "housing_grade",
                         "renovation_state", "safe_drinking_water")


class MemberRead(_Read):
    """A member as returned; personal data masked unless the caller holds pii:read."""

    id: uuid.UUID
    name: str = Field(description="姓名")
    id_number: str = Field(description="公民身份号码 (masked: 44****************, province only)")
    sex: Sex
    birth_date: date | None = Field(description="出生日期; null unless pii:read (the age is shown)")
    age: int = Field(description="年龄")
    relation: Relation
    education: Education
    schooling: Schooling
    health_status: HealthStatus
    illness: str | None = Field(description="所患疾病; null unless pii:read")
    disability_grade: int | None
    disability_card: str | None = Field(description="残疾证号; null unless pii:read")
    labour_capacity: LabourCapacity
    pension_insured: bool
    medical_insured: bool
    critical_illness_insured: bool
    employment: Employment
    phone: str | None
    active: bool
    left_on: date | None
    left_reason: LeaveReason | None


class HouseholdRead(_Read):
    """A household as returned (建档立卡户)."""

    id: uuid.UUID
    household_no: str = Field(description="户编号")
    region_code: str = Field(description="所在村区划代码")
    region_name: str = Field(description="所在村")
    address: str
    status: HouseholdStatus = Field(description="状态")
    category: HouseholdCategory
    primary_cause: PovertyCause
    other_causes: list[PovertyCause]
    housing_grade: HousingGrade
    renovation_state: RenovationState
    safe_drinking_water: bool
    helper_name: str | None
    helper_subject: str | None
    phone: str | None
    bank_name: str | None
    bank_account: str | None
    exit_pathway: ExitPathway | None = Field(description="脱贫路径")
    identified_on: date | None
    exited_on: date | None
    member_count: int = Field(description="在册人口")
    members: list[MemberRead]
    created_at: datetime
    updated_at: datetime
    version: int


class HouseholdSummary(_Read):
    """A household in a list."""

    id: uuid.UUID
    household_no: str
    region_code: str
    head_name: str = Field(description="户主姓名")
    status: HouseholdStatus
    category: HouseholdCategory
    primary_cause: PovertyCause
    member_count: int
    version: int


class StatusChangeRead(_Read):
    """One recorded lifecycle transition."""

    model_config = ConfigDict(from_attributes=True)

    from_status: HouseholdStatus | None
    to_status: HouseholdStatus
    effective_on: date
    at: datetime
    actor: str
    reason: str | None
    reference: str | None


class IncomeCreate(_Strict):
    """A household's income for a year (年度收入); a new revision for a year already recorded."""

    year: PastYear = Field(ge=2014, le=2100, description="年度")
    wages: MoneyStr = Field(description="工资性收入")
    production_business: MoneyStr = Field(description="生产经营性收入")
    property_income: MoneyStr = Field(description="财产性收入")
    transfer_income: MoneyStr = Field(description="转移性收入")
    production_costs: MoneyStr = Field(description="生产经营性支出")
    household_size: int | None = Field(None, ge=1, le=30, description="家庭人口; defaults to active members")
    note: str | None = Field(None, max_length=500, description="说明")


class IncomeRead(_Read):
    """An income record with its net income per head (人均纯收入)."""

    model_config = ConfigDict(from_attributes=True)

    year: int
    revision: int
    wages: MoneyStr
    production_business: MoneyStr
    property_income: MoneyStr
    transfer_income: MoneyStr
    production_costs: MoneyStr
    household_size: int
    net_income: SignedMoney = Field(description="家庭纯收入")
    income_per_head: SignedMoney = Field(description="人均可支配收入")
    note: str | None
    recorded_at: datetime
    recorded_by: str
