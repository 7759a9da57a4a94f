"""Bodies of import jobs and exports, and the row schemas an import validates against."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field, field_validator

from services.identification.codes import ExitPathway, HouseholdStatus
from services.identification.households.schemas import HouseholdCreate, MemberCreate
from shared.codes import Labeled
from shared.jobs.model import JobState
from shared.schemas import PastDate, StrictModel


class ImportMode(Labeled):
    """How an import treats bad rows (导入模式)."""

    VALIDATE_ONLY = "validate_only", "仅校验，不写入"
    ALL_OR_NOTHING = "all_or_nothing", "全部有效才写入"
    ACCEPT_VALID = "accept_valid", "写入有效行，报告无效行"


class ExportFormat(Labeled):
    """The file format of an export (导出格式)."""

    NDJSON = "ndjson", "每行一个 JSON 对象"
    CSV = "csv", "CSV 表格"
    XLSX = "xlsx", "Excel 表格"


class ImportStep(StrictModel):
    """One transition of an imported household's history (状态变更记录)."""

    to_status: HouseholdStatus = Field(description="变更后状态")
    effective_on: PastDate = Field(description="生效日期")
    reason: str | None = Field(None, max_length=500, description="原因")
    reference: str | None = Field(None, max_length=128, description="文号")


class ImportHousehold(HouseholdCreate):
    """A household row group: HouseholdCreate's rules plus the number and history it carries."""

    household_no: str = Field(pattern=r"^[0-9A-Za-z-]{6,32}$", description="户编号")
    status: HouseholdStatus | None = Field(None, description="状态; identified when omitted")
    identified_on: PastDate | None = Field(None, description="识别时间")
    exited_on: PastDate | None = Field(None, description="脱贫时间")
    exit_pathway: ExitPathway | None = Field(None, description="脱贫路径")
    history: list[ImportStep] | None = Field(None, max_length=20, description="状态变更历史")


class JobRead(BaseModel):
    """An import job and its progress (导入任务)."""

    id: uuid.UUID
    state: JobState = Field(description="任务状态")
    mode: ImportMode = Field(description="导入模式")
    file_format: str = Field(description="文件格式")
    filename: str = Field(description="文件名")
    submitted_by: str = Field(description="提交人")
    rows_total: int | None = Field(description="总行数 (estimate for CSV and NDJSON; null for XLSX)")
    rows_done: int = Field(description="已处理行数")
    rows_rejected: int = Field(description="被拒绝行数")
    progress: float = Field(description="进度 0..1")
    households_created: int = Field(description="新增户数")
    households_updated: int = Field(description="更新户数")
    households_unchanged: int = Field(description="未变化户数")
    households_rejected: int = Field(description="被拒绝户数")
    members_added: int = Field(description="新增人数")
    members_changed: int = Field(description="更新人数")
    errors_recorded: int = Field(description="错误报告条数")
    error_code: str | None = Field(description="失败原因代码")
    error_message: str | None = Field(description="失败原因")
    attempts: int = Field(description="执行次数")
    cancel_requested_at: datetime | None = Field(
        description="取消请求时间: a running job stops within seconds, keeping the chunks an "
        "accept_valid import committed before")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error_report: str = Field(description="错误报告下载地址")


class RowErrorRead(BaseModel):
    """One line of the error report (错误报告)."""

    row: int = Field(description="行号")
    household_no: str | None = Field(description="户编号")
    field: str = Field(description="字段")
    code: str = Field(description="错误代码")
    message: str = Field(description="原因 (English)")
    message_zh: str = Field(description="原因（中文）")


class _NulFree:
    """The row schemas for text already known to hold no NUL character anywhere.

    _Strict's `_no_nul` runs once per field, ~80 Python calls per household; a file without
    a single NUL byte cannot fail it, so these variants switch it off for such files and are
    otherwise the same models (same names, so messages naming a model read the same).
    """

    class MemberCreate(MemberCreate):
        """MemberCreate without the per-field NUL check."""

        @field_validator("_unused", check_fields=False)
        @classmethod
        def _no_nul(cls, value: object) -> object:
            return value

    class ImportHousehold(ImportHousehold):
        """ImportHousehold without the per-field NUL check."""

        members: list[_NulFree.MemberCreate] = Field(  # type: ignore[assignment]
            min_length=1, max_length=30, description="家庭成员")

        @field_validator("_unused", check_fields=False)
        @classmethod
        def _no_nul(cls, value: object) -> object:
            return value


_NulFree.ImportHousehold.model_rebuild()  # resolve the nested name now, not in a worker thread
NUL_FREE_HOUSEHOLD: type[ImportHousehold] = _NulFree.ImportHousehold
