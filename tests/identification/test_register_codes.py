"""The code tables: every enum the API takes, with Chinese labels."""

from __future__ import annotations

from services.identification.codes import CODE_TABLES, HouseholdCategory


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_every_table_with_chinese_labels(ident):
    r = ident.client.get("/api/v1/codes", headers=ident.headers())
    assert r.status_code == 200
    tables = r.json()
    assert set(tables) == set(CODE_TABLES)
    for name, enum in CODE_TABLES.items():
        assert [c["code"] for c in tables[name]] == [e.value for e in enum]
        assert all(_has_chinese(c["label_zh"]) for c in tables[name]), name


def test_the_issue_names(ident):
    tables = ident.client.get("/api/v1/codes", headers=ident.headers()).json()
    category = {c["code"]: c["label_zh"] for c in tables["household_category"]}
    assert category == {"general": "一般贫困户", "minimum_living_guarantee": "低保贫困户",
                        "extreme_poverty_support": "特困供养户"}
    assert {c["code"] for c in tables["labour_capacity"]} == {"normal", "weak", "lost", "none"}
    causes = {c["code"] for c in tables["poverty_cause"]}
    assert {"illness", "disability", "schooling", "disaster", "lack_of_land", "lack_of_water",
            "lack_of_skills", "lack_of_labour", "lack_of_capital", "poor_transport",
            "lack_of_motivation"} <= causes
    statuses = {c["code"]: c["label_zh"] for c in tables["household_status"]}
    assert statuses["candidate"] == "待识别"
    assert tables["household_category"][1] == {"code": "minimum_living_guarantee",
                                               "label_zh": "低保贫困户",
                                               "label_en": "minimum living guarantee"}


def test_labels_are_unique_within_a_table():
    for name, enum in CODE_TABLES.items():
        labels = [e.label_zh for e in enum]
        assert len(labels) == len(set(labels)), name
    assert HouseholdCategory("general").label_zh == "一般贫困户"


def test_codes_need_a_token(ident):
    assert ident.client.get("/api/v1/codes").status_code == 401
