"""Metrics: every worker counted in one scrape, pools, outbox backlog, feed head and jobs."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from prometheus_client.mmap_dict import MmapedDict

from shared.migrations import upgrade
from tests.identification.register_data import create

# Generous: a worker still starting holds its accepted connections until it serves (no timing is asserted).
_PATIENCE = 120.0
CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _settled_counts(folder: Path, sent: int) -> dict[str, float]:
    """The per-worker counts once the last request is counted: a worker counts after it answers."""
    deadline = time.monotonic() + _PATIENCE
    while sum((counts := _healthz_counts_by_process(folder)).values()) < sent and time.monotonic() < deadline:
        time.sleep(0.05)
    return counts


def _healthz_counts_by_process(folder: Path) -> dict[str, float]:
    """Read each worker's own count of /healthz requests from the multiprocess folder."""
    counts = {}
    for path in folder.glob("counter_*.db"):
        total = 0.0
        for key, value, _, _ in MmapedDict.read_all_values_from_file(str(path)):
            _, name, labels, _ = json.loads(key)
            if name == "http_requests_total" and labels.get("route") == "/healthz":
                total += value
        counts[path.stem.removeprefix("counter_")] = total
    return counts


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(600):  # the shared machine may take a minute to start two workers
        assert server.poll() is None, "the server exited"
        try:
            if httpx.get(f"{url}/readyz", timeout=_PATIENCE).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail("the server did not become ready")


def test_a_scrape_counts_the_requests_of_every_worker(tmp_path):
    """Two uvicorn workers in multiprocess mode: one scrape holds both workers' counts."""
    database = f"sqlite:///{tmp_path / 'funds.db'}"
    upgrade("funds", database)
    folder = tmp_path / "prometheus"
    folder.mkdir()
    port = _free_port()
    env = {**os.environ, "FUNDS_DATABASE_URL": database, "PROMETHEUS_MULTIPROC_DIR": str(folder),
           "FUNDS_AUDIT_CHECKPOINT_DIR": str(tmp_path / "checkpoints")}
    log = (tmp_path / "stdout.log").open("w")  # a file, not a pipe nobody reads until the end
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "services.funds.main:create_app",
         "--host", "127.0.0.1", "--port", str(port), "--workers", "2", "--no-access-log"],
        env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server)
        sent = 0
        # Each request on a new connection; the kernel hands connections to either worker.
        while sent < 2000 and len([c for c in _healthz_counts_by_process(folder).values() if c]) < 2:
            for _ in range(20):
                headers = {"traceparent": CALLER} if sent == 0 else {}
                assert httpx.get(f"{url}/healthz", headers=headers, timeout=_PATIENCE).status_code == 200
                sent += 1
        per_worker = _settled_counts(folder, sent)
        assert len([c for c in per_worker.values() if c]) == 2, per_worker
        scrape = httpx.get(f"{url}/metrics", timeout=_PATIENCE).text
    finally:
        server.terminate()
        server.wait(timeout=_PATIENCE)
        log.close()
    out = (tmp_path / "stdout.log").read_text()
    counted = re.search(r'http_requests_total\{method="GET",route="/healthz",service="funds",status="200"\} '
                        r"([0-9.e+]+)", scrape)
    assert counted and float(counted.group(1)) == sent == sum(per_worker.values())
    assert "suite_db_pool_capacity" in scrape and "suite_outbox_backlog_events" in scrape
    # Every request left one JSON access line on stdout, with its id and trace.
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    healthz = [line for line in lines if line.get("route") == "/healthz"]
    assert len(healthz) == sent
    assert all(re.fullmatch(r"[0-9a-f]{32}", line["request_id"]) for line in healthz)
    assert [line["trace_id"] for line in healthz].count("4bf92f3577b34da6a3ce929d0e0e4736") == 1


def _sample(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"no sample {name} {labels}")


def test_the_outbox_backlog_and_feed_head_follow_the_journal(ident):
    before = ident.client.get("/metrics").text
    create(ident)
    after = ident.client.get("/metrics").text
    head = int(ident.client.get("/api/v1/events?limit=1", headers=ident.headers("province_official", "44"))
               .headers["X-Feed-Head-Position"])
    backlog = _sample(after, "suite_outbox_backlog_events", service="identification")
    assert backlog == _sample(before, "suite_outbox_backlog_events", service="identification") + 2  # no relay
    assert _sample(after, "suite_feed_head_position", service="identification") == head
    assert _sample(after, "suite_outbox_oldest_unpublished_seconds", service="identification") >= 0


def test_jobs_are_counted_by_state(ident):
    text = ident.client.get("/metrics").text
    for state in ("queued", "running", "succeeded", "failed", "cancelled"):
        assert _sample(text, "suite_jobs", service="identification", table="import_jobs", state=state) == 0
    sample = Path("docs/samples/county-households.csv").read_bytes()
    upload = ident.client.post("/api/v1/imports?mode=validate_only", headers=ident.headers(),
                               files={"file": ("f.csv", sample, "text/csv")})
    assert upload.status_code in (201, 202), upload.text
    text = ident.client.get("/metrics").text
    total = sum(_sample(text, "suite_jobs", service="identification", table="import_jobs", state=s)
                for s in ("queued", "running", "succeeded", "failed", "cancelled"))
    assert total == 1


def test_pool_connections_in_use_return_to_zero(ident):
    ident.client.get("/api/v1/households?region=441882", headers=ident.headers())
    text = ident.client.get("/metrics").text
    in_use = _sample(text, "suite_db_pool_connections_in_use", service="identification")
    assert in_use <= 1  # at most the scrape's own
    assert _sample(text, "suite_db_pool_capacity", service="identification") > 0
