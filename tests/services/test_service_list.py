"""Adding a service means adding its package: every place that runs services must know it."""

from __future__ import annotations

import configparser
import importlib
import tomllib
from pathlib import Path

import pytest
import yaml

from services import local_port, service_names, settings_class
from services.cli import consuming_services, main
from shared.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
NAMES = service_names()


def test_every_package_under_services_is_a_service():
    packages = {p.parent.name for p in (ROOT / "services").glob("*/__init__.py")}
    assert packages == set(NAMES)
    assert "identification" in NAMES


def test_local_ports_are_distinct_and_identification_keeps_8001():
    ports = [local_port(name) for name in NAMES]
    assert len(set(ports)) == len(ports)
    assert local_port("identification") == 8001


@pytest.mark.parametrize("name", NAMES)
def test_a_service_package_has_the_template_files(name):
    package = ROOT / "services" / name
    assert (package / "main.py").is_file()
    assert (package / "settings.py").is_file()
    assert (package / "models.py").is_file() or (package / "models" / "__init__.py").is_file()
    assert (package / "migrations" / "env.py").is_file()
    assert any((package / "migrations" / "versions").glob("0001_*.py"))
    assert callable(importlib.import_module(f"services.{name}.main").create_app)


@pytest.mark.parametrize("name", NAMES)
def test_settings_read_the_service_prefix(name):
    cls = settings_class(name)
    assert issubclass(cls, ServiceSettings)
    assert cls.model_config["env_prefix"] == f"{name.upper()}_"
    assert cls().service_name == name


@pytest.mark.parametrize("name", NAMES)
def test_every_service_has_its_tests(name):
    # The harness (tests/conftest.py: any_service, harness_for) takes the list from service_names().
    assert (ROOT / "tests" / name / "conftest.py").is_file()


def test_the_cli_migrates_every_service(tmp_path, monkeypatch, capsys):
    for name in NAMES:
        monkeypatch.setenv(f"{name.upper()}_DATABASE_URL", f"sqlite:///{tmp_path / name}.db")
    main(["migrate"])
    assert capsys.readouterr().out.splitlines() == [f"{name}: migrated" for name in NAMES]


def test_the_import_contract_covers_every_service():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    independent = next(c for c in config["contracts"] if c["type"] == "independence")
    assert independent["modules"] == ["services.*"]


def test_alembic_ini_has_a_section_per_service():
    ini = configparser.ConfigParser()
    ini.read(ROOT / "alembic.ini")
    assert set(ini.sections()) == set(NAMES)
    for name in NAMES:
        assert ini[name]["script_location"] == f"services/{name}/migrations"


def test_compose_runs_every_service_its_relay_and_its_consumers():
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())["services"]
    for name in NAMES:
        assert compose[name]["environment"] == {"SERVICE": name}
        assert f"--service {name}" in " ".join(compose[f"relay-{name}"]["command"])
    served = {k for k, v in compose.items() if "SERVICE" in (v.get("environment") or {})}
    assert served == set(NAMES)
    consumers = {k: v["command"] for k, v in compose.items() if k.startswith("consumers-")}
    assert consumers == {f"consumers-{name}": ["python", "-m", "services", "consume", "--service", name]
                         for name in consuming_services()}


def test_kubernetes_has_a_manifest_per_service():
    manifests = {p.stem for p in (ROOT / "deploy" / "k8s").glob("*.yaml")}
    assert manifests == set(NAMES)
    for name in NAMES:
        documents = list(yaml.safe_load_all((ROOT / "deploy" / "k8s" / f"{name}.yaml").read_text()))
        deployment = next(d for d in documents if d["kind"] == "Deployment")
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert {"name": "SERVICE", "value": name} in container["env"]
        assert container["envFrom"] == [{"secretRef": {"name": f"{name}-secrets"}}]


def test_every_service_has_a_database_and_configuration_in_deploy():
    initdb = (ROOT / "deploy" / "initdb.sql").read_text()
    example = (ROOT / "deploy" / "suite.env.example").read_text()
    for name in NAMES:
        assert f"CREATE DATABASE {name};" in initdb
        assert f"{name.upper()}_DATABASE_URL=" in example
