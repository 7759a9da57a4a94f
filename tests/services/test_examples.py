"""Every request body and every documented response body has an example, and it is valid by its own schema."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema

from shared.examples import Composer, add_examples
from shared.schemas import REGION_CODE_PATTERN

# Bodies no JSON document can hold an example of: spreadsheets are bytes.
_BINARY = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _bodies(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Each (operation, media type, media object) of a request body or a documented response."""
    found = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            parts = [("request", operation.get("requestBody", {})), *operation["responses"].items()]
            for label, part in parts:
                for media_type, media in part.get("content", {}).items():
                    found.append((f"{method.upper()} {path} {label}", media_type, media))
    return found


def _examples(media: dict[str, Any]) -> list[Any]:
    """The media type's examples, or its inline schema's own."""
    if "example" in media:
        return [media["example"]]
    if media.get("examples"):
        return [e["value"] for e in media["examples"].values()]
    return list(media.get("schema", {}).get("examples", []))


def _validator(spec: dict[str, Any], schema: dict[str, Any]) -> jsonschema.Validator:
    """A 2020-12 validator of one body's schema, its references resolved in the document, formats checked."""
    root = {**schema, "components": spec.get("components", {})}
    return jsonschema.Draft202012Validator(root, format_checker=jsonschema.FormatChecker())


def test_every_body_has_an_example_valid_by_its_schema(any_service):
    spec = any_service.client.get("/openapi.json").json()
    missing, invalid = [], []
    for where, media_type, media in _bodies(spec):
        if media_type in _BINARY:
            continue
        examples = _examples(media)
        if not examples:
            missing.append(f"{where} {media_type}")
        for example in examples:
            invalid += [f"{where} {media_type}: {e.message} at {list(e.absolute_path)}"
                        for e in _validator(spec, media.get("schema", {})).iter_errors(example)]
    assert not missing, "bodies without an example:\n" + "\n".join(missing)
    assert not invalid, "examples their own schema refuses:\n" + "\n".join(invalid)


def test_a_field_without_an_example_is_named():
    schemas = {"Thing": {"type": "object", "required": ["colour", "size"], "properties": {
        "colour": {"type": "string"}, "size": {"type": "integer", "minimum": 3}, "note": {"type": "string"}}}}
    composer = Composer(schemas)
    assert composer.example({"$ref": "#/components/schemas/Thing"}, "POST /things request") is not None
    assert composer.gaps == ["POST /things request.colour"]


def test_examples_come_from_the_fields_and_their_types():
    document = {"paths": {"/things": {"post": {"requestBody": {"content": {"application/json": {"schema": {
        "type": "object", "required": ["region_code", "on", "count", "id"], "properties": {
            "region_code": {"type": "string", "pattern": REGION_CODE_PATTERN},
            "on": {"type": "string", "format": "date"}, "count": {"type": "integer", "minimum": 2},
            "id": {"type": "string", "format": "uuid"}, "kind": {"enum": ["exit", "entry"]},
            "note": {"anyOf": [{"type": "string", "examples": ["入户核实"]}, {"type": "null"}]}}}}}},
        "responses": {}}}}}
    assert add_examples(copy.deepcopy(document)) == []
    add_examples(document)
    example = document["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"]["example"]
    assert example == {"region_code": "441882100201", "on": "2019-06-30", "count": 2,
                       "id": "0b6f1c2e-8a57-4e7e-9a55-1f0c8e3b9d21", "kind": "exit", "note": "入户核实"}
