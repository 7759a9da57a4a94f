"""Tracking audits and spot checks: a frozen population, a seeded draw anyone can redo, findings on the
sample and their rectification step by step to closure."""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy import insert

from services.funds import clock
from services.funds.audits import repository as repo
from services.funds.audits.errors import (
    DeadlinePassed,
    NotSampled,
    PopulationEmpty,
    SampleTooLarge,
    VerifierIsReporter,
)
from services.funds.audits.rules import ALGORITHM, draw, next_status, overdue, population_digest
from services.funds.audits.schemas import (
    AuditRead,
    AuditWrite,
    ClosureWrite,
    FindingRead,
    FindingWrite,
    RedrawRead,
    ReportWrite,
    SampleItemRead,
    VerificationWrite,
)
from services.funds.catalogue import AUDIT_SAMPLE, RECTIFICATION
from services.funds.codes import RectificationStatus
from services.funds.models import Audit, AuditPopulationItem, AuditSampleItem, Finding
from services.funds.paging import after_id, cut
from services.funds.projects.rules import check_taker
from shared.auth import Caller
from shared.db import ServiceSession
from shared.errors import not_found
from shared.events.funds import (
    AuditDrawn,
    FindingRecorded,
    RectificationClosed,
    RectificationReported,
    RectificationVerified,
)
from shared.types import utcnow

# Audits and spot checks are the superior level's look at the counties' money (§20).
AUDITING_LEVELS = ("city", "province")
COUNTY = ("county",)
R = RectificationStatus


def open_audit(session: ServiceSession, caller: Caller, data: AuditWrite) -> Audit:
    """Freeze the population, draw the sample from the seed (given or generated) and publish both."""
    check_taker(caller, AUDITING_LEVELS, data.region_code, "组织跟踪审计或专项抽查")
    found = repo.population(session, data.subject, data.region_code, data.year)
    if not found:
        raise PopulationEmpty.on(
            "region_code",
            f"The region holds no {data.subject} of {data.year}",
            "该区域该年度没有可抽样的对象",
        )
    if data.sample_size > len(found):
        raise SampleTooLarge.on(
            "sample_size", f"The population holds only {len(found)}", f"总体只有{len(found)}个"
        )
    seed = data.seed or secrets.token_hex(16)
    where = {item: (project, county) for item, project, county in found}
    audit = Audit(
        kind=data.kind,
        subject=data.subject,
        title=data.title,
        region_code=data.region_code,
        year=data.year,
        seed=seed,
        algorithm=ALGORITHM,
        sample_size=data.sample_size,
        population_size=len(found),
        population_digest=population_digest(where),
        drawn_by=caller.subject,
    )
    session.add(audit)
    session.flush()
    session.execute(insert(AuditPopulationItem), [{"audit_id": audit.id, "item_id": i} for i in where])
    drawn = draw(seed, where, data.sample_size)
    session.add_all(
        [
            AuditSampleItem(
                audit_id=audit.id,
                item_id=uuid.UUID(item),
                rank=rank,
                draw_key=key,
                project_id=where[uuid.UUID(item)][0],
                county_code=where[uuid.UUID(item)][1],
            )
            for rank, (item, key) in enumerate(drawn, start=1)
        ]
    )
    session.flush()
    session.journal.record(
        AuditDrawn(
            audit_id=str(audit.id),
            region_code=audit.region_code,
            kind=audit.kind,
            sampled=audit.subject,
            year=audit.year,
            seed=seed,
            algorithm=ALGORITHM,
            population_size=audit.population_size,
            population_digest=audit.population_digest,
            sample=[item for item, _ in drawn],
        ),
        actor=caller.subject,
        action="audit.draw",
        after={
            "kind": audit.kind,
            "subject": audit.subject,
            "seed": seed,
            "rule": AUDIT_SAMPLE.code,
            "population_size": audit.population_size,
            "population_digest": audit.population_digest,
            "sample": [item for item, _ in drawn],
        },
    )
    return audit


def _overlaps(caller: Caller, region: str) -> bool:
    return caller.can_see(region) or caller.region.startswith(region)


def load_audit(session: ServiceSession, caller: Caller, audit_id: uuid.UUID) -> Audit:
    """Load an audit whose region overlaps the caller's scope."""
    audit = repo.audit(session, audit_id)
    if audit is None or not _overlaps(caller, audit.region_code):
        raise not_found("Audit", "审计", audit_id)
    return audit


def render_audit(session: ServiceSession, audit: Audit) -> AuditRead:
    """Render an audit with its sample."""
    return AuditRead(
        id=audit.id,
        kind=audit.kind,
        subject=audit.subject,
        title=audit.title,
        region_code=audit.region_code,
        year=audit.year,
        seed=audit.seed,
        algorithm=audit.algorithm,
        population_size=audit.population_size,
        population_digest=audit.population_digest,
        sample=[
            SampleItemRead.model_validate(s, from_attributes=True) for s in repo.sample(session, audit.id)
        ],
        drawn_by=audit.drawn_by,
        drawn_at=audit.drawn_at,
    )


def audit_page(
    session: ServiceSession, caller: Caller, cursor: str | None, limit: int
) -> tuple[list[AuditRead], str | None]:
    """A page of the audits overlapping the caller's scope."""
    rows, next_cursor = cut(
        repo.audits(session, caller.region, after_id(cursor), limit), limit, lambda a: a.id
    )
    return [render_audit(session, a) for a in rows], next_cursor


def population_page(
    session: ServiceSession, caller: Caller, audit_id: uuid.UUID, cursor: str | None, limit: int
) -> tuple[list[uuid.UUID], str | None]:
    """A page of an audit's frozen population, by id."""
    audit = load_audit(session, caller, audit_id)
    return cut(repo.population_ids(session, audit.id, after_id(cursor), limit), limit, lambda i: i)


def redraw(session: ServiceSession, caller: Caller, audit_id: uuid.UUID) -> RedrawRead:
    """Draw the sample again from the stored seed and population, and say whether all agrees."""
    audit = load_audit(session, caller, audit_id)
    ids = repo.population_ids(session, audit.id)
    again = [uuid.UUID(item) for item, _ in draw(audit.seed, ids, audit.sample_size)]
    digest = population_digest(ids)
    return RedrawRead(
        audit_id=audit.id,
        seed=audit.seed,
        algorithm=audit.algorithm,
        population_digest=digest,
        digest_matches=digest == audit.population_digest,
        sample=again,
        sample_matches=again == [s.item_id for s in repo.sample(session, audit.id)],
    )


def record_finding(
    session: ServiceSession, caller: Caller, audit_id: uuid.UUID, data: FindingWrite
) -> Finding:
    """Record a finding on a sampled item, with the owner and deadline of its rectification."""
    audit = load_audit(session, caller, audit_id)
    check_taker(caller, AUDITING_LEVELS, audit.region_code, "登记审计发现问题")
    item = repo.sample_item(session, audit.id, data.item_id)
    if item is None:
        raise NotSampled.on("item_id", "The item is not in this audit's sample", "该对象不在本次抽样样本中")
    if data.deadline < clock.today():
        raise DeadlinePassed.on("deadline", "The deadline has passed already", "整改期限早于今天")
    finding = Finding(
        audit_id=audit.id,
        item_id=item.item_id,
        county_code=item.county_code,
        description=data.description,
        owner=data.owner,
        deadline=data.deadline,
        status=R.OPEN,
        recorded_by=caller.subject,
    )
    session.add(finding)
    session.flush()
    session.journal.record(
        FindingRecorded(
            finding_id=str(finding.id),
            audit_id=str(audit.id),
            item_id=str(item.item_id),
            region_code=item.county_code,
            owner=data.owner,
            deadline=data.deadline.isoformat(),
        ),
        actor=caller.subject,
        action="finding.record",
        after={"description": data.description, "owner": data.owner, "deadline": data.deadline},
    )
    return finding


def _finding(session: ServiceSession, caller: Caller, finding_id: uuid.UUID) -> tuple[Finding, Audit]:
    finding = repo.finding(session, finding_id)
    if finding is None:
        raise not_found("Finding", "审计发现问题", finding_id)
    audit = repo.audit(session, finding.audit_id)
    assert audit is not None  # the foreign key holds it
    if not (caller.can_see(finding.county_code) or caller.can_see(audit.region_code)):
        raise not_found("Finding", "审计发现问题", finding_id)
    return finding, audit


def _move(session: ServiceSession, finding: Finding, step: str, values: dict[str, object]) -> None:
    """Take a step only from the state it starts from, even when another request takes it at once."""
    expected = finding.status
    target = next_status(expected, step)
    if not repo.move(session, finding.id, expected, {"status": target, **values}):
        session.refresh(finding)
        next_status(finding.status, step)  # refuses: the state moved under us
    session.refresh(finding)


def report(session: ServiceSession, caller: Caller, finding_id: uuid.UUID, data: ReportWrite) -> Finding:
    """The audited county reports the rectification done."""
    finding, audit = _finding(session, caller, finding_id)
    check_taker(caller, COUNTY, finding.county_code, "报告整改情况")
    _move(
        session,
        finding,
        "report",
        {"report": data.report, "reported_by": caller.subject, "reported_at": utcnow()},
    )
    session.journal.record(
        RectificationReported(
            finding_id=str(finding.id), audit_id=str(audit.id), region_code=finding.county_code
        ),
        actor=caller.subject,
        action="rectification.report",
        before={"status": R.OPEN},
        after={"status": finding.status, "report": data.report},
    )
    return finding


def verify(
    session: ServiceSession, caller: Caller, finding_id: uuid.UUID, data: VerificationWrite
) -> Finding:
    """The auditors verify a reported rectification; a rejection returns it to rectification."""
    finding, audit = _finding(session, caller, finding_id)
    check_taker(caller, AUDITING_LEVELS, audit.region_code, "核验整改情况")
    if finding.reported_by == caller.subject:
        raise VerifierIsReporter(
            "A rectification is verified by another official than its reporter",
            "整改情况须由报告人以外的人员核验",
            extra={"rule": RECTIFICATION.code},
        )
    values: dict[str, object] = {"verification_note": data.note}
    if data.accepted:
        values |= {"verified_by": caller.subject, "verified_at": utcnow()}
    _move(session, finding, "accept" if data.accepted else "reject", values)
    session.journal.record(
        RectificationVerified(
            finding_id=str(finding.id),
            audit_id=str(audit.id),
            region_code=finding.county_code,
            accepted=data.accepted,
            status=finding.status,
        ),
        actor=caller.subject,
        action="rectification.verify",
        before={"status": R.REPORTED},
        after={"status": finding.status, "accepted": data.accepted, "note": data.note},
    )
    return finding


def close(session: ServiceSession, caller: Caller, finding_id: uuid.UUID, data: ClosureWrite) -> Finding:
    """The auditors close a verified rectification (销号)."""
    finding, audit = _finding(session, caller, finding_id)
    check_taker(caller, AUDITING_LEVELS, audit.region_code, "整改销号")
    _move(
        session,
        finding,
        "close",
        {"closed_by": caller.subject, "closed_at": utcnow(), "closure_note": data.note},
    )
    session.journal.record(
        RectificationClosed(
            finding_id=str(finding.id), audit_id=str(audit.id), region_code=finding.county_code
        ),
        actor=caller.subject,
        action="rectification.close",
        before={"status": R.VERIFIED},
        after={"status": finding.status, "note": data.note},
    )
    return finding


def render_finding(finding: Finding) -> FindingRead:
    """Render a finding, flagged overdue by China's date."""
    return FindingRead.model_validate(
        {c: getattr(finding, c) for c in FindingRead.model_fields if c != "overdue"}
        | {"overdue": overdue(finding.status, finding.deadline, clock.today())}
    )


def read_finding(session: ServiceSession, caller: Caller, finding_id: uuid.UUID) -> FindingRead:
    """Read a finding in scope."""
    return render_finding(_finding(session, caller, finding_id)[0])


def finding_page(
    session: ServiceSession,
    caller: Caller,
    region: str | None,
    audit_id: uuid.UUID | None,
    status: str | None,
    only_overdue: bool,
    cursor: str | None,
    limit: int,
) -> tuple[list[FindingRead], str | None]:
    """A page of findings on counties in scope; overdue ones only when asked."""
    prefix = caller.narrow(region)
    if prefix is None:
        return [], None
    rows = repo.findings(
        session, prefix, audit_id, status, clock.today() if only_overdue else None, after_id(cursor), limit
    )
    rows, next_cursor = cut(rows, limit, lambda f: f.id)
    return [render_finding(f) for f in rows], next_cursor
