"""Event data contracts as JSON Schema: generated from the contract classes, published and served.

Each service's contracts live in `shared.events.<service>`; each contract (type and version)
has one JSON Schema, checked in under docs/events/<service>/ (a test fails when a file is
stale), served at `GET /api/v1/event-schemas/<type>/v<version>` and linked from every event's
CloudEvents `dataschema`.
"""

from __future__ import annotations

import importlib
import inspect
import json
from pathlib import Path
from typing import Any

from shared.events import EventData, dataschema

PUBLISHED = Path(__file__).resolve().parents[2] / "docs" / "events"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def contracts(service: str) -> list[type[EventData]]:
    """List the event contracts a service publishes (those declared in shared.events.<service>)."""
    try:
        module = importlib.import_module(f"shared.events.{service}")
    except ModuleNotFoundError:
        return []
    found = [c for _, c in inspect.getmembers(module, inspect.isclass)
             if issubclass(c, EventData) and c.__module__ == module.__name__ and "TYPE" in c.__dict__]
    return sorted(found, key=lambda c: (c.TYPE, c.VERSION))


def data_schema(contract: type[EventData]) -> dict[str, Any]:
    """Render a contract's event data as JSON Schema (2020-12), as it is serialised into events."""
    schema = contract.model_json_schema(mode="serialization")
    return {
        "$schema": DIALECT,
        "$id": dataschema("", contract.TYPE, contract.VERSION),  # the path every service serves it at
        "title": f"{contract.TYPE} v{contract.VERSION}",
        **{k: v for k, v in schema.items() if k != "title"},
        "x-event-type": contract.TYPE,
        "x-event-version": contract.VERSION,
        "x-subject": contract.SUBJECT,
    }


def published_file(service: str, contract: type[EventData]) -> Path:
    """Name the checked-in file of a contract's schema."""
    return PUBLISHED / service / f"{contract.TYPE}.v{contract.VERSION}.json"


def render(schema: dict[str, Any]) -> str:
    """Write a schema as the checked-in files hold it."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def publish(service: str) -> list[Path]:
    """Write the schema files of a service's contracts, removing files of contracts that are gone."""
    folder = PUBLISHED / service
    if contracts(service):
        folder.mkdir(parents=True, exist_ok=True)
    written = []
    for contract in contracts(service):
        path = published_file(service, contract)
        path.write_text(render(data_schema(contract)), encoding="utf-8")
        written.append(path)
    for stale in set(folder.glob("*.json")) - set(written):  # nothing when the folder does not exist
        stale.unlink()
    return written

