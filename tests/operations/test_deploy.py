"""Kubernetes manifests: valid against the Kubernetes schema; every service migrated, relayed, served."""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from services import service_names
from services.cli import consuming_services

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
KUBERNETES_VERSION = "1.30"  # the oldest release the manifests are written for
DOCUMENTS = [(path.name, n, doc) for path in sorted(K8S.glob("*.yaml"))
             for n, doc in enumerate(yaml.safe_load_all(path.read_text())) if doc]


@pytest.mark.parametrize(("name", "number", "document"), DOCUMENTS,
                         ids=[f"{name}#{n}-{d['kind']}" for name, n, d in DOCUMENTS])
def test_every_manifest_is_valid_kubernetes(name, number, document):
    # strict: a misspelt or misplaced field fails, not only a missing one
    kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def _of(service: str) -> list[dict]:
    return [d for d in yaml.safe_load_all((K8S / f"{service}.yaml").read_text()) if d]


def _command(document: dict) -> str:
    return " ".join(document["spec"]["template"]["spec"]["containers"][0].get("command", []))


@pytest.mark.parametrize("service", service_names())
def test_each_service_has_its_migration_job_relay_and_consumers(service):
    documents = _of(service)
    jobs = [d for d in documents if d["kind"] == "Job"]
    assert [_command(j) for j in jobs] == [f"python -m services migrate --service {service}"]
    deployments = {d["metadata"]["name"]: d for d in documents if d["kind"] == "Deployment"}
    relay = deployments[f"{service}-relay"]
    assert f"shared.relay --service {service}" in _command(relay)
    assert relay["spec"]["replicas"] == 1  # one relay per database keeps feed order
    if service in consuming_services():
        assert f"consume --service {service}" in _command(deployments[f"{service}-consumers"])
    api = deployments[service]
    # old pods keep serving until new ones are ready (which waits for the migration job)
    assert api["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert api["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["path"] == "/readyz"
