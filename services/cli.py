"""The suite's command line: migrate, load the demo, run all services, mint local tokens.

It names no service: the list comes from `services.service_names()`, and a service with a
`demo` module has its `load_demo(settings, households)` called by `demo` and `run`. A service
with consumers builds its demo on its replica of the register, so under `run` its demo loads
once its consumers have caught up; `demo` alone loads only the services that follow no feed.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import httpx

from services import local_port, service_names, settings_class
from shared.auth import KNOWN_SCOPES, LEVEL_CODE_LENGTH, ROLE_PERMISSIONS, mint_token
from shared.migrations import upgrade
from shared.settings import ServiceSettings
from shared.types import ascii_digits

DEFAULT_PORT_BASE = 8001  # the first service's local port; SUITE_PORT_BASE moves them all


def consuming_services() -> tuple[str, ...]:
    """Name the services with a `consumers` module: they follow other services' feeds."""
    return tuple(s for s in service_names() if importlib.util.find_spec(f"services.{s}.consumers"))


def migrate(args: argparse.Namespace) -> None:
    """Bring every service database, or the one named, to its newest migration."""
    named = getattr(args, "service", None)
    if named and named not in service_names():
        sys.exit(f"unknown service {named}; one of {', '.join(service_names())}")
    for service in (named,) if named else service_names():
        upgrade(service, settings_class(service)().resolved_database_url())
        print(f"{service}: migrated")


def load_demo(args: argparse.Namespace, services: tuple[str, ...] | None = None) -> None:
    """Load the demo data of the named services (by default those that follow no feed)."""
    if services is None:
        services = tuple(s for s in service_names() if s not in consuming_services())
    for service in services:
        if importlib.util.find_spec(f"services.{service}.demo") is None:
            continue
        demo = importlib.import_module(f"services.{service}.demo")
        print(f"{service}: {demo.load_demo(settings_class(service)(), args.households)}", flush=True)


def consume(args: argparse.Namespace) -> None:
    """Run a service's consumers until SIGINT or SIGTERM."""
    import asyncio

    from shared.consumers.app import build_transport, run_consumers
    from shared.db import Database
    from shared.logs import configure_logging

    consuming = consuming_services()
    if args.service not in consuming:
        sys.exit(f"{args.service} has no consumers; one of {', '.join(consuming)}")
    configure_logging()  # JSON lines; httpx's own (one per poll) kept quiet
    module = importlib.import_module(f"services.{args.service}.consumers")
    settings = settings_class(args.service)()
    db = Database(settings.resolved_database_url())  # consumers write replicas, never the journal
    token = settings.consumer_tokens()
    pairs = [(h, build_transport(settings, token, h, args.service, settings.identification_url))
             for h in module.handlers(settings)]

    async def _main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await run_consumers(db, module.consumers, pairs, settings, stop)

    try:
        asyncio.run(_main())
    finally:
        db.dispose()


def event_schemas(_args: argparse.Namespace) -> None:
    """Write every service's event data schemas to docs/events/ (CI fails when they are stale)."""
    from shared.events.schemas import PUBLISHED, publish

    for service in service_names():
        for path in publish(service):
            print(path.relative_to(PUBLISHED.parent.parent))


def token(args: argparse.Namespace) -> None:
    """Print a signed local token for a role and region scope."""
    if args.role not in ROLE_PERMISSIONS:
        sys.exit(f"unknown role {args.role}; one of {', '.join(sorted(ROLE_PERMISSIONS))}")
    if not ascii_digits(args.region) or len(args.region) not in LEVEL_CODE_LENGTH.values():
        sys.exit("region must be a region code prefix of 2, 4, 6, 9 or 12 digits")
    unknown = set(args.scope) - KNOWN_SCOPES
    if unknown:
        sys.exit(f"unknown scopes {sorted(unknown)}; known: {', '.join(sorted(KNOWN_SCOPES))}")
    settings = ServiceSettings()
    if settings.environment == "production":
        sys.exit("tokens are issued by the identity provider in production, not by this command")
    if not 0 < args.hours * 3600 <= settings.jwt_max_lifetime.total_seconds():
        sys.exit(f"--hours must be above 0 and at most {settings.jwt_max_lifetime} (jwt_max_lifetime)")
    print(mint_token(settings, subject=args.subject or f"{args.role}-{args.region}", roles=[args.role],
                     region=args.region, scopes=args.scope, ttl=timedelta(hours=args.hours),
                     audience=_audiences()))


def _audiences() -> list[str]:
    """Name every service's audience, so that one local token works against all of them."""
    return [settings_class(service)().jwt_audience for service in service_names()]


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], seconds: float = 180) -> None:
    """Wait for a service to answer /healthz; a crash ends the wait at once, a slow machine does not."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{url} exited with code {proc.returncode}; see the log above")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer /healthz within {seconds:.0f}s")


def _wait_caught_up(url: str, token: str, seconds: float = 900) -> None:
    """Wait until every consumer of a service has loaded its snapshot and has no lag."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            items = httpx.get(f"{url}/api/v1/consumers", headers={"Authorization": f"Bearer {token}"},
                              timeout=5).json().get("items", [])
        except (httpx.HTTPError, ValueError):
            items = []
        if items and all(c["bootstrapped_at"] and c["lag_events"] == 0 for c in items):
            return
        time.sleep(0.5)
    raise SystemExit(f"{url}: its consumers did not catch up within {seconds:.0f}s")


def run(args: argparse.Namespace) -> None:
    """Migrate, load the demo and serve every service until interrupted."""
    migrate(args)
    load_demo(args)
    procs: list[subprocess.Popen[bytes]] = []
    ports = {s: args.port_base + local_port(s) - DEFAULT_PORT_BASE for s in service_names()}
    urls = {s: f"http://{args.host}:{port}" for s, port in ports.items()}
    consuming = consuming_services()
    # Consumers follow identification there, and services read contact details from it there too.
    env = os.environ | {f"{s.upper()}_IDENTIFICATION_URL": urls["identification"] for s in consuming}
    for service, port in ports.items():
        cmd = [sys.executable, "-m", "uvicorn", "--factory", f"services.{service}.main:create_app",
               "--host", args.host, "--port", str(port), "--no-access-log", "--log-level", "warning"]
        procs.append(subprocess.Popen(cmd, env={"SUITE_ACCESS_LOG": "warning"} | env))
    try:
        for proc, url in zip(procs, urls.values(), strict=True):
            _wait_healthy(url, proc)
        # Each consuming service follows identification's feed and catches up by itself.
        procs += [subprocess.Popen([sys.executable, "-m", "services", "consume", "--service", service],
                                   env=env) for service in consuming]
        admin = _local_admin_token()
        for service in consuming:
            _wait_caught_up(urls[service], admin)
        load_demo(args, consuming)  # their demo data refers to the households they now know
        _print_banner(urls, admin)
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGINT)
        for proc in procs:
            proc.wait(timeout=15)


def _local_admin_token() -> str:
    """Mint a token for the whole province, with pii:read, valid 12 hours, for every service."""
    return mint_token(ServiceSettings(), subject="local-admin", roles=["admin"], region="44",
                      scopes=["pii:read"], ttl=timedelta(hours=12), audience=_audiences())


def _print_banner(urls: dict[str, str], local: str) -> None:
    print("\nThe suite is running (Ctrl-C stops it):")
    for service, url in urls.items():
        print(f"  {service:15} {url}   ({url}/healthz  {url}/openapi.json  {url}/docs)")
    print("\nA local admin token for the whole province, with pii:read, valid 12 hours:")
    print(f"  export TOKEN={local}")
    print("Others: .venv/bin/python -m services token --role county_official --region 441882\n",
          flush=True)


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run a command."""
    parser = argparse.ArgumentParser(prog="python -m services", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    mig = sub.add_parser("migrate", help="migrate every service database (or one: a deployment's job)")
    mig.add_argument("--service", help="only this service's database, e.g. funds")
    mig.set_defaults(func=migrate)
    demo = sub.add_parser("demo", help="load the demo county")
    demo.add_argument("--households", type=int, default=2000)
    demo.set_defaults(func=load_demo)
    serve = sub.add_parser("run", help="migrate, load the demo, serve all services")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port-base", type=int,
                       default=int(os.environ.get("SUITE_PORT_BASE", DEFAULT_PORT_BASE)))
    serve.add_argument("--households", type=int, default=2000)
    serve.set_defaults(func=run)
    cons = sub.add_parser("consume", help="run a service's consumers (for deployments)")
    cons.add_argument("--service", required=True, help="a service with consumers, e.g. funds")
    cons.set_defaults(func=consume)
    sub.add_parser("event-schemas", help="write the event data schemas to docs/events/"
                   ).set_defaults(func=event_schemas)
    tok = sub.add_parser("token", help="mint a local token")
    tok.add_argument("--role", required=True, help=", ".join(sorted(ROLE_PERMISSIONS)))
    tok.add_argument("--region", required=True, help="region scope: 44, 4418, 441882 …")
    tok.add_argument("--scope", action="append", default=[], help="extra scope, e.g. pii:read")
    tok.add_argument("--subject", default="")
    tok.add_argument("--hours", type=float, default=12)
    tok.set_defaults(func=token)
    args = parser.parse_args(argv)
    args.func(args)
