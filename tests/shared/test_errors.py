"""RFC 9457 problem+json in English and Chinese; never a bare 500 or a leaked detail."""

from __future__ import annotations

import uuid

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from shared.errors import AppError, install_error_handlers, invalid, not_found
from shared.i18n import pydantic_message_zh, wants_chinese
from tests.identification.register_data import household, member

ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_not_found_is_problem_json_in_english(ident):
    missing = uuid.uuid4()
    r = ident.client.get(f"/api/v1/households/{missing}", headers=ident.headers())
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["content-language"] == "en"
    body = r.json()
    assert body == {"type": "/problems/not_found", "title": "Not found", "status": 404,
                    "detail": f"Household {missing} was not found", "code": "not_found",
                    "instance": f"/api/v1/households/{missing}", "errors": []}


def test_not_found_in_chinese(ident):
    missing = uuid.uuid4()
    r = ident.client.get(f"/api/v1/households/{missing}", headers=ident.headers(**ZH))
    assert r.headers["content-language"] == "zh-CN"
    assert r.json()["title"] == "未找到"
    assert r.json()["detail"] == f"未找到贫困户 {missing}"


def test_validation_errors_name_each_field_in_chinese(ident):
    body = household([member(11), {"name": "", "relation": "spouse", "labour_capacity": "normal"}])
    r = ident.client.post("/api/v1/households", json=body, headers=ident.headers(**ZH))
    assert r.status_code == 422
    problem = r.json()
    assert problem["title"] == "输入无效"
    assert _has_chinese(problem["detail"])
    by_field = {e["field"]: e for e in problem["errors"]}
    assert by_field["members[1].id_number"]["code"] == "missing"
    assert by_field["members[1].id_number"]["message"] == "缺少必填字段"
    assert by_field["members[1].name"]["code"] == "string_too_short"
    assert all(_has_chinese(e["message"]) for e in problem["errors"])


def test_validation_errors_in_english(ident):
    body = household([member(11)])
    body["members"][0]["id_number"] = body["members"][0]["id_number"][:-1] + (
        "0" if body["members"][0]["id_number"][-1] != "0" else "1")
    r = ident.client.post("/api/v1/households", json=body, headers=ident.headers())
    problem = r.json()
    assert (r.status_code, problem["title"], problem["code"]) == (422, "Invalid input", "validation_failed")
    assert problem["errors"] == [{"field": "members[0].id_number", "code": "id_number_checksum",
                                  "message": "The ID number's check digit is wrong"}]


def test_custom_validator_message_in_chinese(ident):
    body = household([member(11)])
    body["members"][0]["id_number"] = "44188219700501011X"
    r = ident.client.post("/api/v1/households", json=body, headers=ident.headers(**ZH))
    assert r.json()["errors"][0]["message"] == "身份证号码校验位错误"


def test_malformed_json_is_422_not_500(ident):
    r = ident.client.post("/api/v1/households", content=b"{not json",
                          headers=ident.headers(**{"Content-Type": "application/json"}))
    assert r.status_code == 422
    assert r.json()["errors"][0]["code"] == "json_invalid"


def test_query_errors_name_the_parameter(ident):
    r = ident.client.get("/api/v1/households", params={"limit": "many"}, headers=ident.headers(**ZH))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "limit"
    assert r.json()["errors"][0]["message"] == "必须是整数"


def test_unknown_route_and_method_are_problem_json(ident):
    r = ident.client.get("/api/v1/nothing-here", headers=ident.headers(**ZH))
    assert (r.status_code, r.json()["code"], r.json()["title"]) == (404, "not_found", "未找到")
    r = ident.client.delete("/api/v1/codes", headers=ident.headers())
    assert (r.status_code, r.json()["code"]) == (405, "method_not_allowed")
    assert r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(("header", "chinese"), [
    (None, False), ("", False), ("zh-CN", True), ("zh", True), ("ZH-cn", True), ("zh-TW", True),
    ("en-US,en;q=0.9", False), ("en-US,zh;q=0.5", False), ("zh;q=0.9,en;q=0.8", True),
    ("en;q=0.1, zh-CN", True), ("en, zh", False), ("fr;q=bad, zh;q=0.2", True), ("*", False),
])
def test_language_choice(header, chinese):
    assert wants_chinese(header) is chinese


def test_pydantic_message_zh_formats_its_context():
    assert pydantic_message_zh({"type": "string_too_long", "ctx": {"max_length": 64}}) == "长度不能超过 64"
    assert pydantic_message_zh({"type": "x", "ctx": {"zh": "自定义"}}) == "自定义"
    assert pydantic_message_zh({"type": "never-heard-of", "msg": "odd"}) == "值无效：odd"
    assert pydantic_message_zh({"type": "string_too_long", "ctx": {}}) == "长度不能超过 {max_length}"


def _app() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret 441882197005010113")

    @app.get("/integrity")
    def integrity() -> None:
        raise IntegrityError("INSERT ...", {"id_number": "441882197005010113"}, Exception("dup"))

    @app.get("/data")
    def data() -> None:
        raise DataError("SELECT '\x00'", {"q": "441882197005010113"}, Exception("nul"))

    @app.get("/operational")
    def operational() -> None:
        raise OperationalError("SELECT 1", {}, Exception("gone"))

    @app.get("/field")
    def field() -> None:
        raise invalid("members[0].birth_date", "birth_date_mismatch", "differs", "不一致")

    return TestClient(app, raise_server_exceptions=False)


def test_unexpected_error_is_a_500_problem_without_details():
    r = _app().get("/boom", headers=ZH)
    assert r.status_code == 500
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "internal_error"
    assert r.json()["detail"] == "发生意外错误"
    assert "441882" not in r.text


def test_integrity_error_is_a_409_without_the_statement():
    r = _app().get("/integrity")
    assert (r.status_code, r.json()["code"]) == (409, "conflict")
    assert "441882" not in r.text


def test_data_error_is_422_without_the_statement():
    r = _app().get("/data", headers=ZH)
    assert (r.status_code, r.json()["code"]) == (422, "value_not_storable")
    assert "441882" not in r.text


def test_operational_error_is_503_with_retry_after():
    r = _app().get("/operational")
    assert (r.status_code, r.json()["code"]) == (503, "database_unavailable")
    assert r.headers["retry-after"] == "2"


def test_invalid_names_its_field():
    r = _app().get("/field")
    assert r.status_code == 422
    assert r.json()["errors"] == [{"field": "members[0].birth_date", "code": "birth_date_mismatch",
                                   "message": "differs"}]


def test_app_error_helpers():
    error = not_found("Region", "区划", "441882999999")
    assert (error.status, error.code) == (404, "not_found")
    assert str(error) == "404 not_found: Region 441882999999 was not found"
    conflict = invalid("household_no", "taken", "taken", "已占用", status=409)
    assert conflict.status == 409
    assert isinstance(conflict, AppError)
