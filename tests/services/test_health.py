"""Every service: liveness, readiness (database reachable, migrations at head), metrics, OpenAPI."""

from __future__ import annotations

import re

import schemathesis
from fastapi.testclient import TestClient
from sqlalchemy import String, column, delete, insert, select, table

from services import service_names

SERVICES = list(service_names())
_VERSIONS = table("alembic_version", column("version_num", String))


def test_healthz(any_service):
    r = any_service.client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "service": any_service.service}


def test_readyz_when_ready(any_service):
    r = any_service.client.get("/readyz")
    assert r.status_code == 200
    assert r.json() == {"status": "ready", "service": any_service.service,
                        "database": any_service.db.dialect, "schema": "current"}


def test_readyz_is_503_when_migrations_are_behind(any_service):
    engine = any_service.db.engine
    with engine.begin() as conn:
        heads = [r[0] for r in conn.execute(select(_VERSIONS.c.version_num))]
        conn.execute(delete(_VERSIONS))
        if len(heads) > 1:  # behind on one branch only
            conn.execute(insert(_VERSIONS), [{"version_num": v} for v in heads[1:]])
    try:
        r = any_service.client.get("/readyz")
        assert r.status_code == 503
        assert r.json()["code"] == "migrations_pending"
        assert r.headers["content-type"] == "application/problem+json"
        assert any_service.client.get("/healthz").status_code == 200
    finally:
        with engine.begin() as conn:
            conn.execute(delete(_VERSIONS))
            conn.execute(insert(_VERSIONS), [{"version_num": v} for v in heads])
    assert any_service.client.get("/readyz").status_code == 200


def test_readyz_is_503_on_an_empty_database(any_service, tmp_path):
    settings = any_service.settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'empty.db'}"})
    service_app = _build(any_service.service, settings)
    with TestClient(service_app, raise_server_exceptions=False) as client:
        r = client.get("/readyz")
        assert (r.status_code, r.json()["code"]) == (503, "migrations_pending")


def test_readyz_is_503_when_the_database_is_unreachable(any_service):
    url = "postgresql+psycopg://postgres@127.0.0.1:9/nowhere?connect_timeout=2"
    service_app = _build(any_service.service, any_service.settings.model_copy(update={"database_url": url}))
    with TestClient(service_app, raise_server_exceptions=False) as client:
        r = client.get("/readyz")
        assert (r.status_code, r.json()["code"]) == (503, "database_unreachable")
        assert client.get("/healthz").status_code == 200


def _build(service: str, settings):
    module = __import__(f"services.{service}.main", fromlist=["create_app"])
    return module.create_app(settings)


def test_metrics_count_requests_by_route_template(any_service):
    client = any_service.client
    client.get("/healthz")
    client.get("/api/v1/events", headers=any_service.headers("province_official", "44"))
    client.get("/no/such/path/4418821970")
    r = client.get("/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    text = r.text
    service = any_service.service
    assert re.search(rf'http_requests_total\{{method="GET",route="/healthz",service="{service}",'
                     r'status="200"\} [1-9]', text)
    assert f'route="/api/v1/events",service="{service}",status="200"' in text
    assert 'route="unmatched"' in text
    assert "4418821970" not in text
    assert "http_request_duration_seconds_bucket" in text


def test_metrics_never_label_ids(ident):
    created = ident.client.post("/api/v1/households", json={}, headers=ident.headers())
    assert created.status_code == 422
    ident.client.get("/api/v1/households/8e34985d-fbe4-4d31-8573-e4c72ded45ee", headers=ident.headers())
    text = ident.client.get("/metrics").text
    assert 'route="/api/v1/households/{household_id}"' in text
    assert "8e34985d" not in text


def test_request_id_is_echoed(any_service):
    r = any_service.client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    generated = any_service.client.get("/healthz").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)


def _operations(spec: dict):
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, op


def test_openapi_document(any_service):
    r = any_service.client.get("/openapi.json")
    assert r.status_code == 200
    spec = r.json()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"]
    ops = list(_operations(spec))
    assert ops
    ids = [op.get("operationId") for _, _, op in ops]
    assert all(ids), [p for p, _, op in ops if not op.get("operationId")]
    assert len(ids) == len(set(ids))
    for path, method, op in ops:
        assert op.get("summary"), (method, path)
        for status, response in op["responses"].items():
            if status[0] in "45":
                assert "application/problem+json" in response["content"], (method, path, status)
        if op.get("x-public"):  # funds' public notices: no token, under their own prefixes
            assert "security" not in op and path.startswith(("/api/v1/public/", "/notice-board")), path
        elif path not in ("/healthz", "/readyz", "/metrics"):
            assert op["security"] == [{"bearer": []}], (method, path)
            assert path.startswith("/api/v1/"), path
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_openapi_document_is_valid_against_the_openapi_schema(any_service):
    spec = any_service.client.get("/openapi.json").json()
    schemathesis.openapi.from_dict(spec).validate()


def test_openapi_fields_carry_chinese_terms(ident):
    spec = ident.client.get("/openapi.json").json()
    household = spec["components"]["schemas"]["HouseholdCreate"]["properties"]
    assert household["category"].get("description") == "贫困户属性"
    member = spec["components"]["schemas"]["MemberCreate"]["properties"]
    assert "公民身份号码" in member["id_number"]["description"]


_REGISTER_SCHEMAS = ("Household", "Member", "Income", "StatusChange", "Person", "Region", "NaturalVillage",
                     "CodeRead", "CloudEvent", "AuditEntry", "ChainReport", "Page_Household",
                     "Page_CloudEvent", "Page_AuditEntry")


def test_every_register_field_names_its_chinese_term(ident):
    schemas = ident.client.get("/openapi.json").json()["components"]["schemas"]
    checked = [n for n in schemas if n.startswith(_REGISTER_SCHEMAS)]
    assert len(checked) >= 20
    missing = [f"{n}.{p}" for n in checked for p, d in schemas[n].get("properties", {}).items()
               if not any("\u4e00" <= ch <= "\u9fff" for ch in d.get("description", ""))]
    assert missing == []
