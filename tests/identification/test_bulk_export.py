"""Streamed exports: formats, filters, masking, the XLSX limit, and a round trip through import."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook

from services.identification.bulk import service as bulk_service
from services.identification.bulk.columns import neutralise, unquote
from services.identification.bulk.export import TABLE_HEADER
from tests.identification.bulk_support import (
    csv_bytes,
    csv_row,
    household_json,
    ndjson_bytes,
    person,
    run_import,
)

HH1, HH2, HH3 = "441882100201001", "441882100201002", "441882101201001"
PII = ["pii:read"]


def load(ident) -> None:
    rows = [csv_row(HH1, "李大山", person(11)), csv_row(HH1, "王小花", person(12), "配偶"),
            csv_row(HH2, "张三", person(13), 状态="已脱贫", 脱贫时间="2019-12-20"),
            csv_row(HH3, "赵四", person(15), village="441882101201")]
    job = run_import(ident, csv_bytes(rows))
    assert job["households_created"] == 3, job


def export(ident, fmt: str = "ndjson", scopes: list[str] | None = None, region: str = "441882",
           **params: str):
    return ident.client.get("/api/v1/households/export", params={"format": fmt, **params},
                            headers=ident.headers("county_official", region, scopes))


def test_ndjson_export_streams_one_household_per_line_masked(ident):
    load(ident)
    r = export(ident)
    assert (r.status_code, r.headers["content-type"]) == (200, "application/x-ndjson")
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert [h["household_no"] for h in lines] == [HH1, HH2, HH3]
    assert [len(h["members"]) for h in lines] == [2, 1, 1]
    assert lines[0]["members"][0]["id_number"] == person(11)[:2] + "*" * 16
    assert lines[0]["members"][0]["birth_date"] is None
    assert (lines[1]["status"], lines[1]["exited_on"]) == ("exited", "2019-12-20")


def test_unmasked_export_needs_pii_read_and_is_audited(ident):
    load(ident)
    r = export(ident, scopes=PII)
    assert json.loads(r.text.splitlines()[0])["members"][0]["id_number"] == person(11)
    audit = ident.client.get("/api/v1/audit", params={"limit": 500},
                             headers=ident.headers("province_official", "44")).json()["items"]
    exports = [a for a in audit if a["action"] == "pii.export"]
    assert [(a["entity_id"], a["actor"], a["after"]["region"]) for a in exports] == [
        ("households.ndjson", "county_official-441882", "441882")]


def test_export_filters_like_the_list_and_stays_in_scope(ident):
    load(ident)
    r = export(ident, status="exited")
    assert [json.loads(x)["household_no"] for x in r.text.splitlines()] == [HH2]
    r = export(ident, region="441882101")
    assert [json.loads(x)["household_no"] for x in r.text.splitlines()] == [HH3]
    r = export(ident, region="441882101", **{"q": "李"})
    assert r.text == ""
    r = ident.client.get("/api/v1/households/export", params={"region": "441882100"},
                         headers=ident.headers("county_official", "441802"))
    assert (r.status_code, r.text) == (200, "")


def test_csv_export_is_the_import_layout_and_reimports_unchanged(ident):
    load(ident)
    r = export(ident, "csv", scopes=PII)
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    table = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert table[0] == TABLE_HEADER
    assert [(row[0], row[TABLE_HEADER.index("id_number")]) for row in table[1:]] == [
        (HH1, person(11)), (HH1, person(12)), (HH2, person(13)), (HH3, person(15))]
    job = run_import(ident, r.content, filename="export.csv")
    assert (job["state"], job["households_unchanged"], job["rows_rejected"]) == ("succeeded", 3, 0)


def test_xlsx_export_opens_as_a_workbook(ident):
    load(ident)
    r = export(ident, "xlsx")
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content), read_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == TABLE_HEADER
    assert [v[0] for v in values[1:]] == [HH1, HH1, HH2, HH3]


def test_xlsx_refuses_more_rows_than_a_sheet_holds(ident, monkeypatch):
    load(ident)
    monkeypatch.setattr(bulk_service, "XLSX_MAX_ROWS", 3)
    r = export(ident, "xlsx")
    assert (r.status_code, r.json()["code"], r.json()["errors"][0]["field"]) == (
        422, "export_too_large_for_xlsx", "format")
    assert export(ident, "csv").status_code == 200


def test_export_needs_read_permission(ident):
    r = ident.client.get("/api/v1/households/export", headers=ident.headers("service", "441882"))
    assert r.status_code == 403


FORMULAS = ["=HYPERLINK(\"http://x\")", "+1+2", "-3+4", "@SUM(A1)"]


def test_exports_neutralise_formulas_and_csv_reimports_them_unchanged(ident):
    rows = [csv_row(HH1, FORMULAS[0], person(11), 住址=FORMULAS[3]),
            csv_row(HH1, FORMULAS[1], person(12), "配偶", 住址=FORMULAS[3]),
            csv_row(HH2, FORMULAS[2], person(13))]
    assert run_import(ident, csv_bytes(rows))["households_created"] == 2
    lines = [json.loads(x) for x in export(ident).text.splitlines()]
    assert [m["name"] for h in lines for m in h["members"]] == FORMULAS[:3]  # stored as given
    r = export(ident, "csv", scopes=PII)
    table = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    name, address = TABLE_HEADER.index("name"), TABLE_HEADER.index("address")
    assert [(row[name], row[address]) for row in table[1:]] == [
        ("'" + FORMULAS[0], "'" + FORMULAS[3]), ("'" + FORMULAS[1], "'" + FORMULAS[3]),
        ("'" + FORMULAS[2], "三古滩村1号")]
    job = run_import(ident, r.content, filename="export.csv")
    assert (job["state"], job["households_unchanged"], job["rows_rejected"]) == ("succeeded", 2, 0)
    sheet = load_workbook(io.BytesIO(export(ident, "xlsx").content)).worksheets[0]
    cells = [sheet.cell(row=i, column=name + 1) for i in (2, 3, 4)]
    assert [(c.value, c.data_type) for c in cells] == [("'" + f, "s") for f in FORMULAS[:3]]


def test_a_value_that_itself_starts_with_a_quote_survives_the_round_trip(ident):
    quoted = household_json(HH1, [("'=已有引号", person(11), "head")], address="''-村1号")
    assert run_import(ident, ndjson_bytes([quoted]), filename="h.ndjson")["households_created"] == 1
    r = export(ident, "csv", scopes=PII)
    row = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))[1]
    assert (row[TABLE_HEADER.index("name")], row[TABLE_HEADER.index("address")]) == (
        "''=已有引号", "'''-村1号")
    job = run_import(ident, r.content, filename="export.csv")
    assert (job["households_unchanged"], job["rows_rejected"]) == (1, 0)
    assert [m["name"] for m in json.loads(export(ident).text)["members"]] == ["'=已有引号"]


def test_neutralise_and_unquote_are_inverse_and_leave_plain_text_alone():
    for value in [*FORMULAS, "'=x", "''+y", "'abc", "abc", "a=b", "'", "", "张三"]:
        assert unquote(neutralise(value)) == value
    assert [neutralise(v) for v in ("abc", "'abc", "a-b", 3)] == ["abc", "'abc", "a-b", 3]
    assert unquote("'abc") == "'abc"  # a quote export did not add stays
