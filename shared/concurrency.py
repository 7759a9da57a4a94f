"""ETags and If-Match: a stale version never overwrites a newer one."""

from __future__ import annotations

from shared.errors import Problem


class IfMatchRequired(Problem):
    """The change needs If-Match with the ETag last read."""

    STATUS, CODE = 428, "if_match_required"


class VersionStale(Problem):
    """The resource changed since it was read; read it again."""

    STATUS, CODE = 412, "version_stale"


def etag_for(version: int) -> str:
    """Render a resource version as a strong ETag."""
    return f'"{version}"'


def check_if_match(if_match: str | None, current_version: int) -> None:
    """Refuse a change without If-Match (428) or with a stale one (412)."""
    if not if_match:
        raise IfMatchRequired("Send If-Match with the ETag you last read",
                              "请在 If-Match 中提供最近读取的 ETag")
    tags = {t.strip().removeprefix("W/") for t in if_match.split(",")}
    if "*" in tags or etag_for(current_version) in tags:
        return
    raise VersionStale("The resource changed since you read it; read it again",
                       "资源已被修改，请重新读取后再提交", extra={"current_etag": etag_for(current_version)})
