"""ETags and If-Match: a stale version never overwrites a newer one."""

from __future__ import annotations

from shared.errors import AppError


def etag_for(version: int) -> str:
    """Render a resource version as a strong ETag."""
    return f'"{version}"'


def check_if_match(if_match: str | None, current_version: int) -> None:
    """Refuse a change without If-Match (428) or with a stale one (412)."""
    if not if_match:
        raise AppError(428, "if_match_required",
                       "Send If-Match with the ETag you last read", "请在 If-Match 中提供最近读取的 ETag")
    tags = {t.strip().removeprefix("W/") for t in if_match.split(",")}
    if "*" in tags or etag_for(current_version) in tags:
        return
    raise AppError(412, "version_stale",
                   "The resource changed since you read it; read it again",
                   "资源已被修改，请重新读取后再提交",
                   extra={"current_etag": etag_for(current_version)})
