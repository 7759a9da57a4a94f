"""Import rules without HTTP: ID numbers at bulk speed, row schemas, histories, the county layout."""

from __future__ import annotations

import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from stdnum.cn import ric

from services.identification.bulk.columns import converter, header_map
from services.identification.bulk.parsers import ImportFileError, detect_format, read_groups
from services.identification.bulk.rules import (
    Step,
    history_problem,
    steps_after,
    steps_from_fields,
)
from services.identification.bulk.schemas import NUL_FREE_HOUSEHOLD
from services.identification.households.schemas import MemberCreate
from shared.id_numbers import IdNumberError, check_with_stdnum, parse_id_number
from tests.identification.bulk_support import person

AREAS = ["441882", "440103", "110101", "999999", "441800", "441881", "130100", "445381"]


def outcome(parse, raw: str):
    try:
        facts = parse(raw)
    except IdNumberError as exc:
        return ("error", exc.code, exc.message, exc.message_zh)
    return ("ok", facts.number, facts.birth_date, facts.sex)


@st.composite
def id_numbers(draw) -> str:
    body = (draw(st.sampled_from(AREAS)) + f"{draw(st.integers(1890, 2035)):04d}"
            + f"{draw(st.integers(0, 13)):02d}{draw(st.integers(0, 32)):02d}"
            + f"{draw(st.integers(0, 999)):03d}")
    right = ric.calc_check_digit(body + "0")
    last = draw(st.sampled_from([right, right, right.lower(), "0", "5", "X"]))
    return draw(st.sampled_from([body + last, body[:-1] + last, " " + body + last]))


@settings(max_examples=600, deadline=None)
@given(id_numbers())
def test_the_cached_id_check_gives_exactly_python_stdnums_verdict(raw):
    assert outcome(parse_id_number, raw) == outcome(check_with_stdnum, raw)


GOOD = person(11)
BAD_CHECK = GOOD[:-1] + ("1" if GOOD[-1] == "0" else "0")
MEMBERS = [
    {"name": "李大山", "id_number": GOOD, "relation": "head", "labour_capacity": "normal"},
    {"name": "李大山", "id_number": GOOD, "relation": "head", "labour_capacity": "normal",
     "sex": "female"},
    {"name": "李大山", "id_number": GOOD, "relation": "head", "labour_capacity": "normal",
     "birth_date": "1970-03-02"},
    {"name": "李大山", "id_number": BAD_CHECK, "relation": "head", "labour_capacity": "normal"},
    {"name": "", "id_number": "4418821970030101", "relation": "boss", "labour_capacity": "normal",
     "disability_grade": 2},
    {"name": "李大山", "id_number": GOOD, "relation": "head",
     "labour_capacity": "normal", "health_status": "disabled", "disability_grade": 2,
     "phone": "0763-1234567"},
]


NUL_FREE_MEMBER = NUL_FREE_HOUSEHOLD.model_fields["members"].annotation.__args__[0]


@pytest.mark.parametrize("body", MEMBERS)
def test_the_nul_free_member_schema_validates_exactly_like_the_api(body):
    def result(model):
        try:
            return ("ok", model.model_validate(body).model_dump())
        except ValidationError as exc:
            return ("error", [(e["type"], e["loc"], e["msg"]) for e in exc.errors()])

    assert result(NUL_FREE_MEMBER) == result(MemberCreate)


def test_the_nul_free_schemas_really_skip_the_nul_check():
    # If _Strict's validator were renamed, the twins' override would silently stop working.
    body = {**MEMBERS[0], "name": "李\x00大山"}
    with pytest.raises(ValidationError, match="string_nul"):
        MemberCreate.model_validate(body)
    assert NUL_FREE_MEMBER.model_validate(body).name == "李\x00大山"
    household = {"household_no": "4418820001", "region_code": "441882100001", "address": "x\x00",
                 "category": "general", "primary_cause": "illness", "safe_drinking_water": True,
                 "members": [MEMBERS[0]]}
    assert NUL_FREE_HOUSEHOLD.model_validate(household).address == "x\x00"


def test_a_valid_member_reads_birth_date_and_sex_from_the_id_number():
    member = NUL_FREE_MEMBER.model_validate(MEMBERS[0])
    assert (member.birth_date, member.sex) == (date(1970, 3, 1), "male")


def test_history_must_follow_the_lifecycle():
    d1, d2 = date(2016, 6, 30), date(2019, 12, 20)
    assert history_problem(None, [Step("identified", d1), Step("exited", d2)]) is None
    assert history_problem(None, [Step("exited", d2)]) == "new -> exited"
    assert history_problem(None, [Step("identified", d2), Step("exited", d1)]) == (
        "2016-06-30 is before 2019-12-20")
    assert history_problem("exited", [Step("returned", d2), Step("exited", d2)]) is None
    assert history_problem("removed", [Step("identified", d2)]) == "removed -> identified"


def test_spreadsheet_status_and_dates_become_a_history():
    today = date(2020, 1, 1)
    assert steps_from_fields(None, None, None, today) == [Step("identified", today)]
    assert steps_from_fields("exited", date(2016, 6, 30), date(2019, 12, 20), today) == [
        Step("identified", date(2016, 6, 30)), Step("exited", date(2019, 12, 20))]
    assert steps_from_fields("candidate", None, None, today) == [Step("candidate", today)]
    assert steps_from_fields("removed", date(2016, 6, 30), None, today) == [
        Step("identified", date(2016, 6, 30)), Step("removed", today)]


def test_only_the_part_after_the_registers_status_is_appended():
    steps = [Step("identified", date(2016, 6, 30)), Step("exited", date(2019, 12, 20))]
    assert steps_after("exited", steps) == []
    assert steps_after("identified", steps) == [steps[1]]
    assert steps_after("candidate", steps) is None


def test_chinese_headers_with_notes_map_to_api_fields():
    columns = header_map(["序号", "户编号(必填)", "所在村代码", "*姓名", "证件号码", "Relation", "备注"])
    assert columns == {1: "household_no", 2: "region_code", 3: "name", 4: "id_number",
                       5: "relation"}


def test_cells_accept_chinese_labels_and_codes():
    assert converter("category")("低保贫困户") == "minimum_living_guarantee"
    assert converter("category")("general") == "general"
    assert converter("category")("贫困") == "贫困"  # left for the schema to refuse by name
    assert converter("other_causes")("因病、缺技术；lack_of_land") == [
        "illness", "lack_of_skills", "lack_of_land"]
    assert [converter("safe_drinking_water")(v) for v in ("是", "否", "TRUE", "也许")] == [
        True, False, True, "也许"]
    assert [converter("birth_date")(v) for v in ("1970/3/1", "19700301", "1970年3月1日")] == [
        "1970-03-01"] * 3
    assert converter("disability_grade")("二级") == 2


def test_member_rows_must_repeat_their_households_values_not_its_spelling():
    text = ("户编号,所在村代码,住址,饮水安全,联系电话,姓名,身份证号码\n"
            "H0001,441882100201,保安村1号,是,,甲,1\n"
            "H0001,441882100201, 保安村1号 ,yes,13800138000,乙,2\n"  # same after trimming
            "H0001,441882100201,保安村2号,是,,丙,3\n"  # a different address
            "H0001,441882100201,保安村1号,否,13900139000,丁,4\n"  # differs again, twice
            "H0002,441882100201,保安村9号,是,,戊,5\n")
    first, second = read_groups(io.BytesIO(text.encode()), "csv", "utf-8")
    assert first.household["phone"] == "13800138000"  # the first row left it empty
    assert first.household["safe_drinking_water"] is True
    assert [m["name"] for m in first.members] == ["甲", "乙", "丙", "丁"]
    assert first.member_rows == [2, 3, 4, 5]
    assert [(e.row, e.field, e.code) for e in first.errors] == [
        (4, "address", "household_fields_differ"), (5, "safe_drinking_water",
                                                    "household_fields_differ"),
        (5, "phone", "household_fields_differ")]
    assert (second.row, second.household["address"], second.errors) == (6, "保安村9号", [])


def test_file_format_comes_from_the_name_or_the_content():
    assert detect_format("a.CSV", b"x") == "csv"
    assert detect_format("upload", b"PK\x03\x04rest") == "xlsx"
    assert detect_format("upload", b' {"household_no": 1}') == "ndjson"
    assert detect_format("a.jsonl", b"") == "ndjson"


def test_empty_and_headerless_files_are_refused():
    with pytest.raises(ImportFileError) as empty:
        list(read_groups(io.BytesIO(b"  \n"), "csv", "utf-8"))
    assert empty.value.code == "file_empty"
    with pytest.raises(ImportFileError) as bytes_only:
        list(read_groups(io.BytesIO(b"\xff\xfe\x00garbage"), "csv", "utf-8"))
    assert bytes_only.value.code == "encoding_invalid"

