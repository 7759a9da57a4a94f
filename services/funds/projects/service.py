"""The rules of changing the project library: entry, steps, adjustments; each change journaled."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm.attributes import flag_modified

from services.funds.catalogue import BENEFICIARY_REGISTERED
from services.funds.codes import FundingSource, ProjectStatus, ProjectStep
from services.funds.models import (
    BENEFICIARY_ACCOUNT,
    Project,
    ProjectBeneficiary,
    ProjectFund,
    ProjectStepRecord,
    ProjectVillage,
)
from services.funds.projects import repository as repo
from services.funds.projects.errors import BeneficiaryRefused, BudgetBelowAllocated
from services.funds.projects.rules import (
    PROPOSE_LEVELS,
    STEPS,
    beneficiary_problems,
    check_risk_assessed,
    check_taker,
    next_status,
    village_problems,
)
from services.funds.projects.schemas import (
    BeneficiaryRead,
    BeneficiaryWrite,
    FundRead,
    ProjectAdjust,
    ProjectCreate,
    ProjectRead,
    RiskRead,
    dates_out_of_order,
)
from shared.auth import PII_READ, Caller
from shared.concurrency import check_if_match
from shared.db import ServiceSession
from shared.errors import FieldError, invalid, not_found
from shared.events.funds import ProjectProposed, ProjectStepTaken
from shared.personal import PersonalView
from shared.types import from_fen, to_fen

SOURCE_ORDER = {s.value: i for i, s in enumerate(FundingSource)}  # central first, social last


def load_visible(session: ServiceSession, caller: Caller, project_id: uuid.UUID,
                 for_update: bool = False) -> Project:
    """Load a project the caller may see; another county's project answers 404."""
    project = repo.project(session, project_id, for_update=for_update)
    if project is None or not visible(caller, project):
        raise not_found("Project", "项目", project_id)
    return project


def visible(caller: Caller, project: Project) -> bool:
    """Tell whether a project lies in the caller's scope or benefits a village there."""
    return caller.can_see(project.county_code) or \
        any(caller.can_see(v.village_code) for v in project.villages)


def check_beneficiaries(session: ServiceSession, county_code: str, field: str,
                        rows: list[BeneficiaryWrite]) -> None:
    """Refuse households the register replica does not show as registered in the county (422)."""
    ids = [r.household_id for r in rows]
    problems = beneficiary_problems(field, county_code, ids, repo.registered_households(session, ids))
    _refuse(problems)


def _refuse(problems: list[FieldError]) -> None:
    if problems:
        raise BeneficiaryRefused(
            f"{len(problems)} beneficiaries are refused: {', '.join(p.field for p in problems[:5])}",
            f"{len(problems)} 个受益对象不符合条件：{'，'.join(p.message_zh for p in problems[:5])}",
            errors=problems, extra={"rule": BENEFICIARY_REGISTERED.code})


def create_project(session: ServiceSession, caller: Caller, data: ProjectCreate) -> Project:
    """Enter a proposed project into its county's library, checking every beneficiary."""
    check_taker(caller, PROPOSE_LEVELS, data.county_code, "项目申报")
    if repo.region_levels(session, [data.county_code]).get(data.county_code) != "county":
        raise invalid("county_code", "county_unknown", "The register has no such county", "区划中没有该县")
    problems = village_problems("village_codes", data.county_code, data.village_codes,
                                repo.region_levels(session, data.village_codes))
    _refuse(problems)
    check_beneficiaries(session, data.county_code, "beneficiaries", data.beneficiaries)
    known = repo.registered_households(session, [b.household_id for b in data.beneficiaries])
    risk = data.risk
    project = Project(
        name=data.name, project_type=data.project_type, county_code=data.county_code, year=data.year,
        description=data.description, planned_start=data.planned_start, planned_end=data.planned_end,
        technical_risk=risk and risk.technical, market_risk=risk and risk.market,
        risk_measures=risk and risk.measures, status=ProjectStatus.PROPOSED, created_by=caller.subject,
        funds=[ProjectFund(source=b.source, budget_fen=to_fen(b.amount), allocated_fen=0, disbursed_fen=0)
               for b in data.budget],
        villages=[ProjectVillage(village_code=c) for c in data.village_codes],
        beneficiaries=[ProjectBeneficiary(
            household_id=b.household_id, region_code=known[b.household_id].region_code,
            subsidy_fen=None if b.subsidy is None else to_fen(b.subsidy),
            account_enc=session.seal(BENEFICIARY_ACCOUNT, b.account)) for b in data.beneficiaries])
    session.add(project)
    session.flush()
    _step_record(session, caller, project, ProjectStep.PROPOSE, None, "申报入库")
    session.journal.record(
        ProjectProposed(project_id=str(project.id), region_code=project.county_code,
                        project_type=project.project_type, year=project.year,
                        budget={f.source: str(from_fen(f.budget_fen)) for f in project.funds},
                        village_codes=list(data.village_codes),
                        household_ids=[str(b.household_id) for b in data.beneficiaries]),
        actor=caller.subject, action="project.propose", after=snapshot(project))
    return project


def _step_record(session: ServiceSession, caller: Caller, project: Project, step: str,
                 from_status: str | None, reason: str) -> None:
    session.add(ProjectStepRecord(project_id=project.id, step=step, from_status=from_status,
                                  to_status=project.status, actor=caller.subject,
                                  actor_name=caller.name or caller.subject, reason=reason))


def snapshot(project: Project) -> dict[str, Any]:
    """What the audit trail keeps of a project before and after a change (no personal data)."""
    return {"name": project.name, "status": project.status, "description": project.description,
            "planned_start": project.planned_start, "planned_end": project.planned_end,
            "risk": [project.technical_risk, project.market_risk, project.risk_measures],
            "budget_fen": {f.source: f.budget_fen for f in project.funds},
            "village_codes": [v.village_code for v in project.villages],
            "household_ids": [str(b.household_id) for b in project.beneficiaries]}


def take_step(session: ServiceSession, caller: Caller, project_id: uuid.UUID, if_match: str | None,
              step_code: str, reason: str) -> Project:
    """Move a project one step along its lifecycle, by the level and region entitled to the step."""
    step = STEPS.get(step_code)
    if step is None or step.leads_to is None:
        raise invalid("step", "step_not_here", f"{step_code} is not taken here: a project is proposed by "
                      "POST /projects and adjusted by PATCH", "申报和调整不在此办理")
    project = load_visible(session, caller, project_id)
    check_if_match(if_match, project.version)
    check_taker(caller, step.levels, project.county_code, step.code.label_zh)
    to_status = next_status(project.status, step)
    if step.code == ProjectStep.APPRAISE:
        check_risk_assessed(project.project_type, project.technical_risk, project.market_risk,
                            project.risk_measures)
    before, from_status = snapshot(project), project.status
    project.status = to_status
    session.flush()
    _step_record(session, caller, project, step.code, from_status, reason)
    session.journal.record(
        ProjectStepTaken(project_id=str(project.id), region_code=project.county_code, step=step.code,
                         from_status=from_status, to_status=to_status, reason=reason),
        actor=caller.subject, action=f"project.{step.code}", before=before, after=snapshot(project))
    return project


def adjust_project(session: ServiceSession, caller: Caller, project_id: uuid.UUID, if_match: str | None,
                   data: ProjectAdjust) -> Project:
    """Adjust a project's plan or budget with a reason; a budget line never falls below its allocation."""
    project = load_visible(session, caller, project_id)
    check_if_match(if_match, project.version)
    step = STEPS[ProjectStep.ADJUST]
    check_taker(caller, step.levels, project.county_code, step.code.label_zh)
    next_status(project.status, step)
    changes = data.model_dump(exclude_unset=True, exclude={"reason", "budget", "risk"})
    start = changes.get("planned_start", project.planned_start)
    if changes.get("planned_end", project.planned_end) < start:
        error = dates_out_of_order()
        raise invalid("planned_end", error.type, error.message(), "计划完工日期早于计划开工日期")
    before = snapshot(project)
    for name, value in changes.items():
        setattr(project, name, value)
    if data.risk is not None:
        project.technical_risk, project.market_risk = data.risk.technical, data.risk.market
        project.risk_measures = data.risk.measures
    if data.budget is not None:
        _adjust_budget(session, project, data)
    flag_modified(project, "status")  # an adjustment is a new version even when only money lines change
    session.flush()
    changed = sorted(set(changes) | {k for k in ("budget", "risk") if getattr(data, k) is not None})
    _step_record(session, caller, project, step.code, project.status, data.reason)
    session.journal.record(
        ProjectStepTaken(project_id=str(project.id), region_code=project.county_code, step=step.code,
                         from_status=project.status, to_status=project.status, reason=data.reason,
                         changed=changed),
        actor=caller.subject, action="project.adjust", before=before, after=snapshot(project))
    return project


def _adjust_budget(session: ServiceSession, project: Project, data: ProjectAdjust) -> None:
    """Set each given budget line; a line never drops below its allocation (guarded in the database)."""
    lines = {f.source: f for f in project.funds}
    for i, line in enumerate(data.budget or []):
        fen = to_fen(line.amount)
        if line.source not in lines:
            project.funds.append(ProjectFund(source=line.source, budget_fen=fen, allocated_fen=0,
                                             disbursed_fen=0))
        elif not repo.set_budget(session, project.id, line.source, fen):
            raise BudgetBelowAllocated(
                f"The {line.source} budget cannot fall below what is allocated",
                "调整后的预算不能低于已下达资金",
                errors=[FieldError(f"budget[{i}].amount", BudgetBelowAllocated.CODE,
                                   "below the allocated amount", "低于已下达金额")])
        else:
            session.expire(lines[line.source])  # the guarded UPDATE bypassed the ORM: read it again


def list_projects(session: ServiceSession, caller: Caller, region: str | None, filters: dict[str, Any],
                  after: str | None, limit: int) -> list[Project]:
    """List the projects in the caller's scope (narrowed to a region prefix), by id."""
    prefix = caller.narrow(region)
    if prefix is None:
        return []
    return repo.list_projects(session, prefix, filters, after, limit)


def project_steps(session: ServiceSession, caller: Caller,
                  project_id: uuid.UUID) -> tuple[Project, list[ProjectStepRecord]]:
    """Return a visible project and its recorded steps."""
    project = load_visible(session, caller, project_id)
    return project, repo.steps(session, project_id)


def show_project(session: ServiceSession, caller: Caller, project: Project) -> ProjectRead:
    """Render a project for the caller; an unmasked rendering of accounts is audited as a read."""
    view = session.personal_view(caller.has(PII_READ))
    if view.unmasked and any(b.account_enc for b in project.beneficiaries):
        session.journal.audit(actor=caller.subject, action="pii.read", entity_type="project",
                              entity_id=project.id, region_code=project.county_code)
    return render_project(view, project)


def render_beneficiary(view: PersonalView, b: ProjectBeneficiary) -> BeneficiaryRead:
    """Render a beneficiary with its account as the view shows it."""
    return BeneficiaryRead(household_id=b.household_id, region_code=b.region_code,
                           subsidy=None if b.subsidy_fen is None else from_fen(b.subsidy_fen),
                           account=view.show(BENEFICIARY_ACCOUNT, b.account_enc))


def render_project(view: PersonalView, project: Project) -> ProjectRead:
    """Render a project with its money in yuan and accounts as the view shows them."""
    funds = sorted(project.funds, key=lambda f: SOURCE_ORDER[f.source])
    return ProjectRead(
        id=project.id, name=project.name, project_type=project.project_type,
        county_code=project.county_code, year=project.year, description=project.description,
        planned_start=project.planned_start, planned_end=project.planned_end, status=project.status,
        risk=RiskRead(technical=project.technical_risk, market=project.market_risk,
                      measures=project.risk_measures),
        funds=[FundRead(source=f.source, budget=from_fen(f.budget_fen), allocated=from_fen(f.allocated_fen),
                        disbursed=from_fen(f.disbursed_fen)) for f in funds],
        budget_total=from_fen(sum(f.budget_fen for f in funds)),
        allocated_total=from_fen(sum(f.allocated_fen for f in funds)),
        disbursed_total=from_fen(sum(f.disbursed_fen for f in funds)),
        village_codes=[v.village_code for v in project.villages],
        beneficiaries=[render_beneficiary(view, b) for b in project.beneficiaries],
        created_by=project.created_by, created_at=project.created_at, version=project.version)
