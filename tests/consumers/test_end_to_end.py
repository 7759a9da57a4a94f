"""identification and funds as two real processes: a removal reaches funds' replica."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from datetime import date

import pytest
from sqlalchemy import select

from services.funds.models import replica
from tests.consumers.support import ROOT, Server, wait_for
from tests.identification.procedure_flow import identify, start, walk


def _url(harness) -> str:
    return harness.db.engine.url.render_as_string(hide_password=False)


def _status(funds, household_id: str) -> str | None:
    t = replica.households
    with funds.db.transaction(write=False) as session:
        return session.execute(select(t.c.status).where(t.c.id == uuid.UUID(household_id))).scalar()


def _consumer(funds) -> dict:
    admin = funds.headers(role="admin", region="44")
    [status] = funds.client.get("/api/v1/consumers", headers=admin).json()["items"]
    return status


@pytest.fixture
def two_processes(ident, funds):
    """identification served by uvicorn, funds' consumers run by `python -m services consume`."""
    server = Server("identification", {"IDENTIFICATION_DATABASE_URL": _url(ident),
                                       "IDENTIFICATION_ENVIRONMENT": "test"}).start()
    env = os.environ | {"FUNDS_DATABASE_URL": _url(funds), "FUNDS_ENVIRONMENT": "test",
                        "FUNDS_IDENTIFICATION_URL": server.url}
    consumer = subprocess.Popen([sys.executable, "-m", "services", "consume", "--service", "funds"],
                                cwd=ROOT, env=env)
    yield consumer
    consumer.send_signal(signal.SIGTERM)
    assert consumer.wait(timeout=30) == 0
    server.stop()


def test_a_household_removed_in_identification_is_removed_in_funds_replica(ident, funds, two_processes):
    household = identify(ident)
    wait_for(lambda: _status(funds, household["id"]) == "identified", "funds to see the household",
             proc=two_processes)
    proc = start(ident, household["id"], "removal", date(2018, 9, 1), removal_reason="vehicle_owned",
                 documents=["部门比对：车辆登记"])
    walk(ident, proc["id"], [("notice", date(2018, 9, 2)), ("town_review", date(2018, 9, 9)),
                             ("county_approval", date(2018, 9, 10))])
    wait_for(lambda: _status(funds, household["id"]) == "removed", "the removal to reach funds",
             proc=two_processes)
    wait_for(lambda: _consumer(funds)["lag_events"] == 0, "funds to report no lag", proc=two_processes)
    status = _consumer(funds)
    assert (status["source"], status["transport"], status["dead_lettered"]) == ("identification", "http", 0)
    metrics = funds.client.get("/metrics").text
    labels = 'consumer="register",service="funds",source="identification"'
    assert f"suite_consumer_lag_events{{{labels}}} 0.0" in metrics
