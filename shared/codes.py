"""Code tables: English codes with Chinese labels, and the route that lists them for apps."""

from enum import StrEnum
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field, GetJsonSchemaHandler, WithJsonSchema
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema


class Labeled(StrEnum):
    """A code with a Chinese label; the label is the second item of each value."""

    def __new__(cls, code: str, label_zh: str) -> "Labeled":
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.label_zh = label_zh  # type: ignore[attr-defined]
        return obj

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """Document each code with its label, in the description and as `x-enum-labels`."""
        schema: dict[str, Any] = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        labels = {member.value: member.label_zh for member in cls}
        intro = (cls.__doc__ or "").strip() if cls.__doc__ != Labeled.__doc__ else ""
        lines = [f"- `{code}`: {label}" for code, label in labels.items()]
        target["description"] = "\n".join([intro, *lines]).strip()
        target["x-enum-labels"] = labels
        return schema


class CodeRead(BaseModel):
    """One code of a table."""

    code: str = Field(description="代码")
    label_zh: str = Field(description="中文名称")
    label_en: str = Field(description="英文名称")


# No `from __future__ import annotations` here: FastAPI must see the caller dependency itself.
def codes_router(tables: dict[str, type[Labeled]], reader: Any) -> APIRouter:
    """Build `GET /api/v1/codes`: each of a service's code tables with its labels, for callers in `reader`."""
    router = APIRouter(prefix="/api/v1/codes", tags=["codes"])

    @router.get(
        "",
        operation_id="list_code_tables",
        summary="Every code table with Chinese labels",
        response_model=dict[str, list[CodeRead]],
    )
    def list_code_tables(caller: reader) -> dict[str, list[CodeRead]]:  # type: ignore[valid-type]
        """Return each code table: the codes the API takes, with their labels."""
        return {
            name: [
                CodeRead(code=c.value, label_zh=c.label_zh, label_en=c.value.replace("_", " ")) for c in table
            ]
            for name, table in tables.items()
        }

    return router


def only(*members: Labeled) -> WithJsonSchema:
    """State that a field takes only some codes of its table (a step one route does not take, refused)."""
    labels = {member.value: member.label_zh for member in members}  # type: ignore[attr-defined]
    return WithJsonSchema({"type": "string", "enum": list(labels), "x-enum-labels": labels,
                           "description": "\n".join(f"- `{c}`: {label}" for c, label in labels.items())},
                          mode="validation")
