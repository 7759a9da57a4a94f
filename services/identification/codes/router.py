"""The code tables: each enum with its Chinese label, for apps to display."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from services.identification.codes import CODE_TABLES
from services.identification.deps import Reader

router = APIRouter(prefix="/api/v1/codes", tags=["code tables (代码表)"])


class CodeRead(BaseModel):
    """One code of a table."""

    code: str = Field(description="代码")
    label_zh: str = Field(description="中文名称")
    label_en: str = Field(description="英文名称")


@router.get("", operation_id="list_code_tables", summary="Every code table with Chinese labels",
            response_model=dict[str, list[CodeRead]])
def list_code_tables(caller: Reader) -> dict[str, list[CodeRead]]:
    """Return each code table: the codes the API takes, with their labels."""
    return {
        name: [CodeRead(code=c.value, label_zh=c.label_zh, label_en=c.value.replace("_", " "))
               for c in table]
        for name, table in CODE_TABLES.items()
    }
