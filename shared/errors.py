"""The one error type of the suite, rendered as RFC 9457 problem+json in English or Chinese."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import NoneType
from typing import Any, ClassVar, Union, get_args, get_origin

from fastapi import FastAPI, Request, params, routing
from fastapi.dependencies.utils import get_flat_params
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from shared.i18n import pydantic_message_zh, wants_chinese
from shared.types import ascii_digits

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("suite.errors")


@dataclass(frozen=True)
class FieldError:
    """One bad field: where it is, a machine code, and the reason in both languages."""

    field: str
    code: str
    message: str
    message_zh: str

    def render(self, zh: bool) -> dict[str, str]:
        """Return the JSON form in the caller's language."""
        return {"field": self.field, "code": self.code, "message": self.message_zh if zh else self.message}


@dataclass
class AppError(Exception):
    """A failure the caller can act on; its status, code and texts reach the caller."""

    status: int
    code: str
    message: str
    message_zh: str
    errors: Sequence[FieldError] = ()
    headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"


TITLES = {
    400: ("Bad request", "请求错误"),
    401: ("Not authenticated", "未认证"),
    403: ("Forbidden", "无权操作"),
    404: ("Not found", "未找到"),
    405: ("Method not allowed", "不支持该请求方法"),
    409: ("Conflict", "冲突"),
    412: ("Precondition failed", "前置条件不满足"),
    413: ("Payload too large", "请求内容过大"),
    415: ("Unsupported media type", "不支持的媒体类型"),
    422: ("Invalid input", "输入无效"),
    428: ("Precondition required", "缺少前置条件"),
    429: ("Too many requests", "请求过于频繁"),
    500: ("Internal error", "内部错误"),
    503: ("Service unavailable", "服务不可用"),
}


def log_failure(logger: logging.Logger, message: str, *args: object, exc: BaseException) -> None:
    """Log a failure by its types and code locations, never its messages (they may quote input)."""
    kinds = []
    cause: BaseException | None = exc
    while cause is not None and len(kinds) < 5:
        kinds.append(type(cause).__name__)
        cause = cause.__cause__ or cause.__context__
    frames = traceback.extract_tb(exc.__traceback__)[-6:]
    where = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
    logger.error(message + ": %s at %s", *args, " from ".join(kinds), where or "?")


def not_found(entity: str, entity_zh: str, key: object) -> AppError:
    """Build the 404 for a missing (or out-of-scope) resource."""
    return AppError(404, "not_found", f"{entity} {key} was not found", f"未找到{entity_zh} {key}")


def invalid(field_name: str, code: str, message: str, message_zh: str, status: int = 422, *,
            rule: str | None = None) -> AppError:
    """Build a 4xx naming one bad field, and the catalogue rule it applies if any."""
    return AppError(
        status,
        code,
        message,
        message_zh,
        errors=[FieldError(field_name, code, message, message_zh)],
        extra={"rule": rule} if rule else {},
    )


class Problem(AppError):
    """A typed error: a subclass declares its status and code once; its docstring documents it."""

    STATUS: ClassVar[int]
    CODE: ClassVar[str]

    def __init__(self, message: str, message_zh: str, *, errors: Sequence[FieldError] = (),
                 extra: dict[str, Any] | None = None) -> None:
        super().__init__(self.STATUS, self.CODE, message, message_zh, errors=errors, extra=extra or {})

    @classmethod
    def on(cls, field_name: str, message: str, message_zh: str, *, rule: str | None = None) -> Problem:
        """Build the error naming the one field it is about, and the catalogue rule it applies if any."""
        return cls(message, message_zh, errors=[FieldError(field_name, cls.CODE, message, message_zh)],
                   extra={"rule": rule} if rule else None)


class RegionOutOfScope(Problem):
    """The region named in the request is outside the caller's scope."""

    STATUS, CODE = 403, "region_out_of_scope"

    def __init__(self, field_name: str, region: str) -> None:
        super().__init__(f"Region {region} is outside your scope", f"区划 {region} 不在您的管辖范围内",
                         errors=[FieldError(field_name, self.CODE, "outside your scope", "不在管辖范围内")])


class Forbidden(Problem):
    """The caller lacks the permission this needs."""

    STATUS, CODE = 403, "forbidden"


class Duplicate(Problem):
    """A list names the same item twice (a household, a stage, a source); `errors` names the list."""

    STATUS, CODE = 422, "duplicate"


class Conflict(Problem):
    """A concurrent change won the race; read again and retry."""

    STATUS, CODE = 409, "conflict"

    def __init__(self, message: str = "A concurrent change won the race; read again and retry",
                 message_zh: str = "并发修改冲突，请重新读取后重试") -> None:
        super().__init__(message, message_zh)


def responses(*problems: type[Problem]) -> dict[int | str, dict[str, Any]]:
    """Declare a route's typed errors; the OpenAPI document lists each status with its codes and meanings."""
    documented: dict[int | str, dict[str, Any]] = {}
    for problem in problems:
        meaning = (problem.__doc__ or problem.CODE).strip().splitlines()[0]
        documented.setdefault(problem.STATUS, {"x-problems": []})["x-problems"].append(
            {"code": problem.CODE, "meaning": meaning})
    return documented


async def refuse_nul_input(request: Request) -> None:
    """Refuse NUL in a parameter or a JSON body's text, naming where; PostgreSQL text cannot hold it."""
    for name, value in [*request.path_params.items(), *request.query_params.multi_items()]:
        if "\x00" in str(value):
            raise _nul(name)
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = await request.json()
        except ValueError:  # malformed JSON: the body's own validation names it
            return
        where = _nul_path(body, "")
        if where is not None:
            raise _nul(where or "body")


async def refuse_unknown_parameters(request: Request) -> None:
    """Refuse a query parameter the operation does not take, naming it, rather than ignore it."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not route.include_in_schema:
        return
    known = request.app.state._query_parameters = getattr(request.app.state, "_query_parameters", {})
    if id(route) not in known:
        known[id(route)] = query_parameters(route)
    for name in request.query_params:
        if not name:  # `?=x`: there is no name to point at, so the query string is named
            raise invalid("query", "unknown_parameter", "A query parameter has no name", "查询参数缺少名称")
        if name not in known[id(route)]:
            raise invalid(name, "unknown_parameter", f"This operation takes no query parameter {name}",
                          f"此操作没有查询参数 {name}")


def query_parameters(route: APIRoute) -> frozenset[str]:
    """Name every query parameter a route (its dependencies too) takes."""
    flat = get_flat_params(route.dependant)
    return frozenset(p.alias for p in flat if isinstance(p.field_info, params.Query))


async def refuse_loose_integers(request: Request) -> None:
    """Refuse an integer parameter that is not plain ASCII digits (no sign, space, `_`, `²` or `１`)."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = request.app.state._integer_parameters = getattr(request.app.state, "_integer_parameters", {})
    if id(route) not in known:  # routes live as long as their app, so their ids stay theirs
        known[id(route)] = integer_parameters(route)
    for name, source in known[id(route)]:
        values = request.path_params.get(name) if source == "path" else request.query_params.getlist(name)
        for value in [values] if isinstance(values, str) else values or []:
            if not ascii_digits(value):
                raise invalid(name, "int_parsing", "Input should be a whole number in ASCII digits",
                              "必须是整数")


def integer_parameters(route: APIRoute) -> tuple[tuple[str, str], ...]:
    """Name each path or query parameter of a route (its dependencies too) declared as an integer."""
    found = []
    for param in get_flat_params(route.dependant):
        annotation = param.field_info.annotation
        if get_origin(annotation) in (Union, type(int | None)):
            annotation = next((a for a in get_args(annotation) if a is not NoneType), None)
        if annotation is int and isinstance(param.field_info, params.Path | params.Query):
            found.append((param.alias, "path" if isinstance(param.field_info, params.Path) else "query"))
    return tuple(found)


def _nul_path(value: Any, path: str) -> str | None:
    """Return the path of the first text in a JSON value that holds NUL (keys count too)."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, list):
        items = ((f"{path}[{i}]", v) for i, v in enumerate(value))
    elif isinstance(value, dict):
        items = ((f"{path}.{k}" if path else str(k), v) for k, v in value.items())
    else:
        return None
    for where, item in items:
        if "\x00" in where:
            return path or "body"
        found = _nul_path(item, where)
        if found is not None:
            return found
    return None


def _nul(field_name: str) -> AppError:
    return invalid(field_name, "string_nul", "Text cannot contain NUL characters", "文本不能包含空字符")


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """Every method the resource at this path answers (HEAD with GET), in a stable order.

    A literal path (`/households/export`) is a resource of its own: only its own routes count, never a
    templated sibling (`/households/{household_id}`) whose pattern its text happens to match.
    """
    table, literal = _route_methods(app)
    allowed = literal.get(path) or set().union(*(methods for pattern, methods in table
                                                 if pattern.match(path)))
    return sorted(allowed, key=_METHOD_ORDER.index)


def _route_methods(app: FastAPI) -> tuple[list[tuple[Any, frozenset[str]]], dict[str, frozenset[str]]]:
    """The app's path patterns with their methods, and the methods of each literal path."""
    cached = getattr(app.state, "_route_methods", None)
    if cached is None:
        table = [(compile_path(context.path_format)[0], frozenset(context.methods), context.path_format)
                 for context in routing.iter_route_contexts(app.routes)
                 if context.path_format and context.methods]
        literal: dict[str, frozenset[str]] = {}
        for _pattern, methods, path in table:
            if "{" not in path:
                literal[path] = literal.get(path, frozenset()) | methods
        cached = app.state._route_methods = ([(p, m) for p, m, _ in table], literal)
    return cached


async def refuse_shadowed_methods(request: Request) -> None:
    """Answer 405 for a method a literal path lacks, though a templated sibling's pattern matches it.

    Without this, `PATCH /households/export` would reach `PATCH /households/{household_id}` and be a 422
    about the id, while `Allow` on that path rightly names only GET.
    """
    own = _route_methods(request.app)[1].get(request.url.path)
    if own is not None and request.method not in own:
        raise StarletteHTTPException(405)


_METHOD_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]


def problem_body(error: AppError, zh: bool, instance: str) -> dict[str, Any]:
    """Render an AppError as a problem+json document."""
    title_en, title_zh = TITLES.get(error.status, ("Error", "错误"))
    body: dict[str, Any] = {
        "type": f"/problems/{error.code}",
        "title": title_zh if zh else title_en,
        "status": error.status,
        "detail": error.message_zh if zh else error.message,
        "code": error.code,
        "instance": instance,
        "errors": [e.render(zh) for e in error.errors],
    }
    body.update(error.extra)
    return body


def problem_response(request: Request, error: AppError) -> JSONResponse:
    """Render the error for this request's language."""
    zh = wants_chinese(request.headers.get("accept-language"))
    return JSONResponse(
        problem_body(error, zh, request.url.path),
        status_code=error.status,
        media_type=PROBLEM_JSON,
        headers={**error.headers, "Content-Language": "zh-CN" if zh else "en"},
    )


def _field_path(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    out = ""
    for part in parts:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out or "body"


def validation_error(exc: RequestValidationError) -> AppError:
    """Translate pydantic's errors into field errors in both languages."""
    errors = []
    for err in exc.errors():
        loc = err.get("loc", ())
        where = loc[0] if loc else "body"
        path = _field_path(loc if where == "body" else loc[1:])
        code = err.get("type", "invalid")
        message = err.get("msg", "invalid value")
        errors.append(FieldError(path, code, message, pydantic_message_zh(err)))
    names = ", ".join(e.field for e in errors[:5])
    return AppError(
        422,
        "validation_failed",
        f"The request has invalid fields: {names}",
        f"请求中有无效字段：{names}",
        errors=errors,
    )


def install_error_handlers(app: FastAPI) -> None:
    """Render every failure, expected or not, as problem+json."""

    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        return problem_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(request, validation_error(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        en, zh = TITLES.get(exc.status_code, ("Error", "错误"))
        code = {400: "body_unparseable", 404: "not_found", 405: "method_not_allowed"}.get(exc.status_code,
                                                                                         "http_error")
        detail = exc.detail if isinstance(exc.detail, str) else en
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # Starlette names only the first route's methods of the path
            headers["Allow"] = ", ".join(allowed_methods(request.app, request.url.path))
        error = AppError(exc.status_code, code, detail, zh, headers=headers)
        return problem_response(request, error)

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("integrity error reached the handler: %s", type(exc.orig).__name__)
        error = Conflict("The change conflicts with data written at the same time; retry",
                         "该修改与同时写入的数据冲突，请重试")
        return problem_response(request, error)

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: DataError) -> JSONResponse:
        # Input the schemas let through but the database cannot store (e.g. NUL in text).
        log.warning("data error reached the handler: %s", type(exc.orig).__name__)
        error = AppError(422, "value_not_storable", "A value cannot be stored; check the text fields",
                         "有字段的值无法保存，请检查文本字段")
        return problem_response(request, error)

    @app.exception_handler(OperationalError)
    async def _operational(request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database unavailable: %s", type(exc.orig).__name__)
        error = AppError(
            503,
            "database_unavailable",
            "The database is busy or unreachable; retry later",
            "数据库繁忙或不可用，请稍后重试",
            headers={"Retry-After": "2"},
        )
        return problem_response(request, error)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log_failure(log, "unexpected error on %s %s", request.method, request.url.path, exc=exc)
        error = AppError(500, "internal_error", "An unexpected error occurred", "发生意外错误")
        return problem_response(request, error)
