"""A client generated from each service's OpenAPI document installs and works against the running service.

This is what an integrator does first: openapi-python-client makes a package from `/openapi.json`,
pip installs it, and the package's typed calls must reach the real service over HTTP.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import uvicorn

from tests.consumers.support import free_port
from tests.identification.register_data import household, member

_GENERATOR = Path(sys.executable).with_name("openapi-python-client")


def _install_client(spec: dict[str, Any], where: Path) -> ModuleType:
    """Generate the client package, pip install it into a folder of its own, and import it."""
    spec_file = where / "openapi.json"
    spec_file.write_text(json.dumps(spec))
    generated = subprocess.run([str(_GENERATOR), "generate", "--path", str(spec_file), "--meta", "setup",
                                "--output-path", str(where / "client")], capture_output=True, text=True)
    report = generated.stdout + generated.stderr
    assert generated.returncode == 0, report
    assert "will not be generated" not in report, report  # every operation has its function
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation"]
    installed = subprocess.run([*pip, "--target", str(where / "site"), str(where / "client")],
                               capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    sys.path.insert(0, str(where / "site"))
    package = f"{spec['info']['title'].lower().replace(' ', '_')}_client"
    return importlib.import_module(package)


@contextmanager
def _serving(app: Any) -> Iterator[str]:
    """Serve the harness's app (its database already migrated) with uvicorn on a free loopback port."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off",
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise AssertionError("uvicorn stopped before it served")
        thread.join(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


def _module(client: ModuleType, name: str) -> Any:
    return importlib.import_module(f"{client.__name__}.{name}")


def _walk(list_call: Callable[..., Any]) -> list[Any]:
    """Follow next_cursor while has_more, one item a page, through a generated list call."""
    items: list[Any] = []
    cursor: dict[str, str] = {}
    for _ in range(50):
        page = list_call(limit=1, **cursor)
        assert page.status_code == 200, page.content
        items += page.parsed.items
        if not page.parsed.has_more:
            return items
        cursor = {"cursor": page.parsed.next_cursor}
    raise AssertionError("the list never ended")


def _use_identification(client: ModuleType, api: Any) -> None:
    """A create, a read, a list with pagination and a conditional update, as an integrator writes them."""
    households = "api.households"
    create = _module(client, f"{households}.create_household")
    read = _module(client, f"{households}.get_household")
    listing = _module(client, f"{households}.list_households")
    update = _module(client, f"{households}.update_household")
    models = _module(client, "models")
    bodies = [household([member(11)]), household([member(13, name="王小花")]), household([member(15)])]
    created = [create.sync_detailed(client=api, body=models.HouseholdCreate.from_dict(b)) for b in bodies]
    assert [c.status_code for c in created] == [201, 201, 201], [c.content for c in created]
    first = created[0].parsed
    assert created[0].headers["location"] == f"/api/v1/households/{first.id}"

    got = read.sync_detailed(client=api, household_id=first.id)
    assert (got.status_code, got.parsed.household_no) == (200, first.household_no)
    etag = got.headers["etag"]

    listed = _walk(lambda **p: listing.sync_detailed(client=api, **p))
    assert sorted(str(h.id) for h in listed) == sorted(str(c.parsed.id) for c in created)

    change = models.HouseholdUpdate.from_dict({"address": "三古滩村8号"})
    updated = update.sync_detailed(client=api, household_id=first.id, body=change, if_match=etag)
    assert (updated.status_code, updated.parsed.address) == (200, "三古滩村8号"), updated.content
    assert updated.headers["etag"] != etag
    stale = update.sync_detailed(client=api, household_id=first.id, body=change, if_match=etag)
    assert (stale.status_code, stale.parsed.code) == (412, "version_stale")


def _use_feed(client: ModuleType, api: Any) -> None:
    """Every service's change feed pages through the generated client and says where to continue."""
    events = _module(client, "api.events.list_events")
    page = events.sync_detailed(client=api, limit=1)
    assert page.status_code == 200, page.content
    assert page.parsed.next_cursor is not None  # a log's tail page still says where to continue
    _walk(lambda **p: events.sync_detailed(client=api, **p))


def _token(harness: Any, *caller: str) -> str:
    return harness.headers(*caller)["Authorization"].removeprefix("Bearer ")


def test_a_generated_client_installs_and_works(any_service, tmp_path):
    spec = any_service.client.get("/openapi.json").json()
    client = _install_client(spec, tmp_path)
    with _serving(any_service.app) as url:
        # raise_on_unexpected_status: an answer the document does not list fails the test.
        def connect(*caller: str) -> Any:
            return client.AuthenticatedClient(base_url=url, token=_token(any_service, *caller),
                                              raise_on_unexpected_status=True)

        if any_service.service == "identification":
            _use_identification(client, connect("county_official", "441882"))
        _use_feed(client, connect("province_official", "44"))
