"""Bodies of matching results: ranked jobs for a person, ranked people for a job, with reasons."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field

from services.employment.catalogue import MATCH_ORDER
from services.employment.codes import PositionKind
from shared.schemas import MoneyStr


class ReasonRead(BaseModel):
    """One line of a verdict: a hard constraint met or failed, or the points a soft one gave (理由)."""

    rule: str = Field(description="规则代码 (GET /api/v1/policy/rules/{code})",
                      examples=["employment.match.skills"])
    code: str = Field(description="结论代码", examples=["skills_overlap"])
    met: bool = Field(description="满足")
    points: int | None = Field(description="得分; null for a hard constraint")
    max_points: int | None = Field(description="满分; null for a hard constraint")
    detail_en: str = Field(examples=["has 1 of 2 skills required; lacks sewing"])
    detail_zh: str = Field(description="说明", examples=["具备所需2项技能中的1项，缺sewing"])


class JobMatch(BaseModel):
    """A position ranked for a person (推荐岗位)."""

    rank: int = Field(description="名次 (1 = best)")
    position_id: uuid.UUID = Field(description="岗位标识")
    title: str = Field(description="岗位名称")
    kind: PositionKind = Field(description="岗位类型")
    region_code: str = Field(description="工作地区划代码")
    monthly_wage: MoneyStr = Field(description="月工资（元）")
    score: int = Field(description="得分 0–100")
    reasons: list[ReasonRead] = Field(description="理由")


class PersonMatch(BaseModel):
    """A person ranked for a position (推荐人选): no name or ID number, age instead of birth date."""

    rank: int = Field(description="名次 (1 = best)")
    member_id: uuid.UUID = Field(description="成员标识")
    household_no: str = Field(description="户编号")
    region_code: str = Field(description="所在村代码")
    age: int = Field(description="年龄")
    score: int = Field(description="得分 0–100")
    reasons: list[ReasonRead] = Field(description="理由")


class Excluded(BaseModel):
    """A pair a hard constraint excludes, with the constraints it fails (不符合条件)."""

    id: uuid.UUID = Field(description="岗位或成员标识")
    reasons: list[ReasonRead] = Field(description="未满足的硬性条件")


class _Matches(BaseModel):
    """The counts, the first excluded pairs with why, and the order's rule."""

    eligible: int = Field(description="符合硬性条件的数量")
    excluded: list[Excluded] = Field(description="被排除的前若干项及原因 (up to `limit`, in tie-break order)")
    excluded_total: int = Field(description="被排除的总数")
    order: str = Field(description=f"排序规则 (rule {MATCH_ORDER.code})")


class JobMatches(_Matches):
    """The best positions for a person (岗位推荐)."""

    items: list[JobMatch] = Field(description="按得分排序的岗位")


class PersonMatches(_Matches):
    """The best people for a position, in the caller's region (人选推荐)."""

    items: list[PersonMatch] = Field(description="按得分排序的人选")


class PairRead(BaseModel):
    """One person and one position: the score, or why the pair is excluded (匹配说明)."""

    member_id: uuid.UUID = Field(description="成员标识")
    position_id: uuid.UUID = Field(description="岗位标识")
    eligible: bool = Field(description="符合全部硬性条件")
    score: int | None = Field(description="得分 0–100; null when excluded")
    reasons: list[ReasonRead] = Field(description="理由")
