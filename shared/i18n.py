"""Language choice and Chinese texts for pydantic's validation errors."""

from __future__ import annotations

from typing import Any

_PYDANTIC_ZH = {
    "missing": "缺少必填字段",
    "string_type": "必须是字符串",
    "string_too_short": "长度不能少于 {min_length}",
    "string_too_long": "长度不能超过 {max_length}",
    "string_pattern_mismatch": "格式不正确",
    "int_type": "必须是整数",
    "int_parsing": "必须是整数",
    "bool_type": "必须是布尔值",
    "bool_parsing": "必须是布尔值",
    "decimal_type": "必须是数字",
    "decimal_parsing": "必须是数字",
    "decimal_max_places": "小数位数不能超过 {decimal_places}",
    "decimal_max_digits": "数字位数不能超过 {max_digits}",
    "decimal_whole_digits": "整数位数过多",
    "float_parsing": "必须是数字",
    "greater_than": "必须大于 {gt}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than": "必须小于 {lt}",
    "less_than_equal": "不能大于 {le}",
    "enum": "必须是以下之一：{expected}",
    "literal_error": "必须是以下之一：{expected}",
    "date_parsing": "日期格式不正确，应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式不正确，应为 YYYY-MM-DD",
    "date_type": "必须是日期",
    "datetime_parsing": "时间格式不正确",
    "list_type": "必须是列表",
    "too_short": "至少需要 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "dict_type": "必须是对象",
    "model_attributes_type": "必须是对象",
    "json_invalid": "JSON 格式错误",
    "extra_forbidden": "不允许的字段",
    "uuid_parsing": "必须是 UUID",
    "uuid_type": "必须是 UUID",
    "value_error": "值无效：{error}",
}


def wants_chinese(accept_language: str | None) -> bool:
    """Tell whether the caller's most preferred language is Chinese."""
    if not accept_language:
        return False
    best, best_q = "", -1.0
    for part in accept_language.split(","):
        pieces = part.strip().split(";")
        lang = pieces[0].strip().lower()
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > best_q:
            best, best_q = lang, q
    return best.startswith("zh")


def pydantic_message_zh(err: dict[str, Any]) -> str:
    """Return the Chinese text of one pydantic error."""
    ctx = err.get("ctx") or {}
    if "zh" in ctx:
        return str(ctx["zh"])
    template = _PYDANTIC_ZH.get(err.get("type", ""))
    if template is None:
        return f"值无效：{err.get('msg', '')}"
    try:
        return template.format(**{k: v for k, v in ctx.items()})
    except (KeyError, IndexError):
        return template
