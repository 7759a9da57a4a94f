"""Examples in the OpenAPI document: each body's example is composed from its fields' own examples.

A field states its example where it is declared (`Field(examples=[...])`); a body whose every required
field has one (or is a code, a date, an id or a number whose bounds say what fits) gets a whole example
on its media type, so integrators and schemathesis's examples phase see a realistic request and answer.
"""

from __future__ import annotations

import re
from typing import Any

# Values for what a type and format say well enough: the same identifiers and dates the field examples use.
_BY_FORMAT = {
    "uuid": "0b6f1c2e-8a57-4e7e-9a55-1f0c8e3b9d21",
    "date": "2019-06-30",
    "date-time": "2019-06-30T08:30:00Z",
    "email": "fupin@lianzhou.gov.cn",
    "uri": "https://fp.gd.gov.cn/identification/api/v1/households",
}
# Text fields named alike across the services mean alike: a realistic value for each name, used where the
# field states no example of its own (a model-qualified name first, then the name, then its ending).
_BY_NAME = {
    "Region.name": "三古滩村", "RegionRead.name": "三古滩村", "NaturalVillage.name": "上坪自然村",
    "NaturalVillageWrite.name": "上坪自然村", "NaturalVillageRead.name": "上坪自然村",
    "ProjectWrite.name": "三古滩村危房改造", "ProjectRead.name": "三古滩村危房改造",
    "ProjectPatch.name": "三古滩村危房改造", "ProgrammeWrite.name": "连州市粤菜师傅培训班",
    "ProgrammeRead.name": "连州市粤菜师傅培训班", "EmployerWrite.name": "连州市东陂腊味有限公司",
    "EmployerRead.name": "连州市东陂腊味有限公司", "CampaignWrite.name": "2019年脱贫攻坚回头看",
    "CampaignRead.name": "2019年脱贫攻坚回头看", "StageWrite.name": "主体完工",
    "StageRead.name": "主体完工", "name": "黄志强", "member_name": "黄志强", "head_name": "黄志强",
    "helper_name": "李明", "cadre_name": "李明", "counsellor_name": "陈丽", "actor_name": "李明",
    "owner_name": "连州市扶贫办", "region_name": "三古滩村", "project_name": "三古滩村危房改造",
    "village_name": "三古滩村",
    "unit_name": "清远市财政局", "sending_unit": "清远市财政局", "employer_name": "连州市东陂腊味有限公司",
    "lender": "连州农商银行", "bank_name": "连州农商银行", "provider": "连州市技工学校",
    "department": "连州市民政局", "evaluator": "中山大学评估组", "assessor": "清远市扶贫开发领导小组",
    "interviewer": "连州市委书记", "secretary": "李明", "payee": "连州市建筑工程公司",
    "counsellor": "county_official-441882", "address": "三古滩村12号", "household_no": "4418821002010001",
    "illness": "高血压", "disability_card": "44188219780512341542", "title": "2019年脱贫攻坚督查巡查",
    "description": "三古滩村12户危房改造，每户补助4万元", "summary": "帮扶干部入户走访，核实收入",
    "report": "已完成3户危房改造并补齐台账", "content": "申请人对公示结果有异议",
    "findings": "住房安全，子女均在校就读", "resolution": "经核实，异议不成立",
    "measures": "落实产业奖补，跟踪回访", "issues": "台账与实际不一致", "action": "推荐到东陂腊味公司就业",
    "source": "《关于打赢脱贫攻坚战三年行动方案（2018—2020年）》", "reference": "连扶〔2019〕12号",
    "document_no": "连财农〔2019〕12号", "document": "连扶〔2019〕12号",
    "documents": "三古滩村提名〔2020〕3号", "filename": "county-households.csv", "file_format": "csv",
    "photos": "visits/2019/06/30/household-12.jpg",
    "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    "request_id": "a97ae74c590249659ff502bd8a932153",
    "hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "id_number_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "message": "The ID number's check digit is wrong", "message_zh": "身份证号码校验位错误",
    "error_message": "The ID number's check digit is wrong", "error_code": "id_number_checksum",
    "field": "members[0].id_number", "step": "verification", "outcome": "employed",
    "switch": "village_remaining_poor_share_max", "kind": "exit", "value": "12530.00",
    "threshold": "12085.80", "comparison": ">=", "entity_type": "household", "subject_type": "household",
    "credit_code": "91441882MA4W1XQ32D", "target_key": "441882100201",
    "file": "户编号,所在村代码,贫困户属性,身份证号码,与户主关系\n"
            "4418821002010001,441882100201,一般贫困户,441882197805123415,户主\n",
    "order": "1", "label": "已识别", "sex": "male", "labour_capacity": "normal",
    "report_to": "市委、市政府", "margin": "0.10", "id_number": "441882197805123415",
    "borrower_id_number": "441882197805123415", "phone": "13800138000", "account": "6217003320012345678",
    "bank_account": "6217003320012345678", "households_link": "/api/v1/households?region=441882100201",
    "error_report": "/api/v1/jobs/0b6f1c2e-8a57-4e7e-9a55-1f0c8e3b9d21/errors.csv",
}
_BY_ENDING = {
    "_by": "county_official-441882", "subject": "county_official-441882", "actor": "county_official-441882",
    "_role": "county_official", "_region": "441882", "_code": "441882100201", "_codes": "441882100201",
    "_regions": "441882", "region": "441882", "region_prefix": "441882", "_reason": "家庭收入稳定超过标准",
    "reason": "家庭收入稳定超过标准", "_note": "入户核实，情况属实", "note": "入户核实，情况属实",
    "comment": "入户核实，情况属实", "_zh": "人均可支配收入达到退出标准",
    "_en": "Income per head meets the exit line",
    "_reference": "连扶〔2019〕12号", "_source": "《关于建立贫困退出机制的意见》（2016年4月）", "_id": "7",
    "_status": "identified", "code": "identification.household.exit_income",
}
# Text a pattern may describe: money, region codes and prefixes, dates, ratios, numbers.
_BY_PATTERN = ("3000.00", "441882100201", "441882", "2019-06-30", "0.4500", "45.00", "1")
_MISSING = object()


class Composer:
    """Compose examples from the schemas of one document, noting each field that has none."""

    def __init__(self, schemas: dict[str, Any]) -> None:
        self.schemas = schemas
        self.gaps: list[str] = []

    def example(self, schema: dict[str, Any], where: str) -> Any:
        """Return an example of the schema, or _MISSING after noting where a required field has none."""
        return self._value(schema, where, ())

    def _by_name(self, node: dict[str, Any], where: str, seen: tuple[str, ...]) -> Any:
        """A realistic value for a text field by its name, when it fits the field's own constraints."""
        field = where.rsplit(".", 1)[-1].split("[", 1)[0]
        model = seen[-1] if seen else ""
        candidates = [_BY_NAME.get(f"{model}.{field}"), _BY_NAME.get(field)]
        candidates += [value for ending, value in _BY_ENDING.items() if field.endswith(ending)]
        if "pattern" in node:
            candidates += _BY_PATTERN
        for value in candidates:
            if value is not None and _fits(node, value):
                return value
        return _MISSING

    def _value(self, node: dict[str, Any], where: str, seen: tuple[str, ...]) -> Any:
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name in seen:  # a recursive schema: stop at the first repeat
                return _MISSING
            return self._value(self.schemas.get(name, {}), where, (*seen, name))
        for key in ("example", "const"):
            if key in node:
                return node[key]
        for key in ("examples", "enum"):
            if node.get(key):
                return node[key][0]
        if node.get("default") is not None:
            return node["default"]
        if "properties" in node and "oneOf" in node:
            return self._first_kind(node, where, seen)
        for key in ("anyOf", "oneOf", "allOf"):
            if key in node:
                return self._branches(node[key], where, seen)
        return self._typed(node, where, seen)

    def _first_kind(self, node: dict[str, Any], where: str, seen: tuple[str, ...]) -> Any:
        """An object of the first kind its `oneOf` allows: the fields that kind rules out are left out."""
        found = self._object(node, where, seen)
        if found is _MISSING:
            return found
        kind = node["oneOf"][0]
        for name, prop in kind.get("properties", {}).items():
            if prop.get("type") == "null":
                found.pop(name, None)
        return found

    def _branches(self, branches: list[dict[str, Any]], where: str, seen: tuple[str, ...]) -> Any:
        """The first branch that is not null and has an example; null when that is all there is."""
        before = len(self.gaps)
        for branch in branches:
            if branch.get("type") != "null":
                value = self._value(branch, where, seen)
                if value is not _MISSING:
                    return value
        if any(b.get("type") == "null" for b in branches):
            del self.gaps[before:]  # null is an example too
            return None
        return _MISSING

    def _typed(self, node: dict[str, Any], where: str, seen: tuple[str, ...]) -> Any:
        kind = node.get("type")
        if kind == "object" or "properties" in node:
            return self._object(node, where, seen)
        if kind == "array":
            before = len(self.gaps)
            item = self._value(node.get("items", {}), f"{where}[0]", seen)
            if item is _MISSING and not node.get("minItems"):
                del self.gaps[before:]  # an empty list is an example too
                return []
            return _MISSING if item is _MISSING else [item] * max(1, node.get("minItems", 1))
        if kind == "boolean":
            return True
        if kind in ("integer", "number"):
            low = node.get("minimum", node["exclusiveMinimum"] + 1 if "exclusiveMinimum" in node else 1)
            return min(low, node.get("maximum", low))
        if kind == "null":
            return None
        if kind == "string" and node.get("format") in _BY_FORMAT:
            return _BY_FORMAT[node["format"]]
        if kind == "string" and (named := self._by_name(node, where, seen)) is not _MISSING:
            return named
        self.gaps.append(where)
        return _MISSING

    def _object(self, node: dict[str, Any], where: str, seen: tuple[str, ...]) -> Any:
        required = set(node.get("required", []))
        found: dict[str, Any] = {}
        complete = True
        for name, prop in node.get("properties", {}).items():
            before = len(self.gaps)
            value = self._value(prop, f"{where}.{name}", seen)
            if value is not _MISSING:
                found[name] = value
            elif name in required:
                complete = False
            else:
                del self.gaps[before:]  # an optional field without an example is left out
        return found if complete else _MISSING


def _fits(node: dict[str, Any], value: str) -> bool:
    """Tell whether a text value meets a string schema's pattern and length bounds."""
    pattern = node.get("pattern")
    return (node.get("minLength", 0) <= len(value) <= node.get("maxLength", len(value))
            and (pattern is None or re.search(pattern, value) is not None))


def _nullable(node: dict[str, Any], schemas: dict[str, Any]) -> bool:
    if node.get("type") == "null" or node.get("default", ...) is None:
        return True
    return any(b.get("type") == "null" for b in node.get("anyOf", []) + node.get("oneOf", []))


def restore_nulls(example: Any, node: dict[str, Any], schemas: dict[str, Any], depth: int = 0) -> None:
    """Put back the nulls FastAPI drops from declared examples (it renders the document without None)."""
    if depth > 32:
        return
    ref = node.get("$ref")
    if isinstance(ref, str):
        restore_nulls(example, schemas.get(ref.rsplit("/", 1)[-1], {}), schemas, depth + 1)
        return
    for branch in node.get("anyOf", []) + node.get("oneOf", []) + node.get("allOf", []):
        restore_nulls(example, branch, schemas, depth + 1)
    if isinstance(example, list):
        for item in example:
            restore_nulls(item, node.get("items", {}), schemas, depth + 1)
    elif isinstance(example, dict) and "properties" in node:
        for name, prop in node["properties"].items():
            if name not in example and name in node.get("required", []) and _nullable(prop, schemas):
                example[name] = None
            elif name in example:
                restore_nulls(example[name], prop, schemas, depth + 1)


def add_examples(document: dict[str, Any]) -> list[str]:
    """Give every JSON body of the document an example where it has none; return the fields that lack one."""
    composer = Composer(document.get("components", {}).get("schemas", {}))
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            bodies = [("request", operation.get("requestBody", {}))]
            bodies += [(status, r) for status, r in operation.get("responses", {}).items()]
            for label, body in bodies:
                for media_type, media in body.get("content", {}).items():
                    if "example" in media:
                        restore_nulls(media["example"], media.get("schema", {}), composer.schemas)
                    if not {"json", "form"} & set(re.split(r"[/+-]", media_type)) or "example" in media \
                            or "examples" in media:
                        continue
                    value = composer.example(media.get("schema", {}), f"{method.upper()} {path} {label}")
                    if value is not _MISSING:
                        media["example"] = value
    return composer.gaps
