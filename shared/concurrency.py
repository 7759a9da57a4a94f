"""ETags and If-Match: a stale version never overwrites a newer one."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Header

from shared.errors import Problem

# A route taking this header is documented with 412 and 428 and must call check_if_match.
IfMatch = Annotated[str | None, Header(alias="If-Match", description="the ETag you last read (412 if "
                                       "stale, 428 if missing or *)", examples=['"3.5e0c2a441d3e4b8a"'])]


class IfMatchRequired(Problem):
    """The change needs If-Match with the ETag last read."""

    STATUS, CODE = 428, "if_match_required"


class VersionStale(Problem):
    """The resource changed since it was read; read it again."""

    STATUS, CODE = 412, "version_stale"


class IfMatchWildcard(Problem):
    """If-Match was `*`, which would match any version and skip the lost-update check."""

    STATUS, CODE = 428, "if_match_wildcard"


# What an answer's ETag looks like: the version, then the digest of the bytes sent (shared.conditional).
_ETAG_VERSION = re.compile(r'^"(\d{1,18})(?:\.[0-9a-f]{16})?"$')


def etag_for(version: int) -> str:
    """Render a resource version as a strong ETag; the answer's bytes add their digest on the way out."""
    return f'"{version}"'


def version_of(etag: str) -> int | None:
    """The resource version an ETag names, or None when it is not one of ours."""
    found = _ETAG_VERSION.match(etag.strip().removeprefix("W/"))
    return int(found.group(1)) if found else None


def check_if_match(if_match: str | None, current_version: int) -> None:
    """Refuse a change without If-Match or with `*` (428), or with a stale ETag (412)."""
    if not if_match:
        raise IfMatchRequired("Send If-Match with the ETag you last read",
                              "请在 If-Match 中提供最近读取的 ETag")
    tags = {t.strip().removeprefix("W/") for t in if_match.split(",")}
    if "*" in tags:
        raise IfMatchWildcard.on("If-Match", "If-Match must name the ETag you last read; * is not accepted",
                                 "If-Match 须为最近读取的 ETag，不接受 *")
    if any(version_of(tag) == current_version for tag in tags):
        return
    raise VersionStale("The resource changed since you read it; read it again",
                       "资源已被修改，请重新读取后再提交", extra={"current_etag": etag_for(current_version)})
