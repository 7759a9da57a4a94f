"""The demo county's funds: projects at several stages, notices, staged payments, dividends, an audit.

Built on the register replica (the demo households funds' consumers loaded) and through the services'
own rules, so every row is journaled as a real request's would be. Loading twice adds nothing.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, or_, select

from services.funds import clock
from services.funds.assets import service as assets
from services.funds.assets.schemas import DistributionWrite, HoldingWrite, SharesWrite
from services.funds.audits import service as audits
from services.funds.audits.schemas import AuditWrite, FindingWrite
from services.funds.models import Project, infra, replica
from services.funds.money import service as money
from services.funds.money.schemas import (
    AllocationWrite,
    BeneficiaryPaymentWrite,
    PaymentPlanWrite,
    PaymentWrite,
    ProgressWrite,
    StageWrite,
)
from services.funds.performance import service as performance
from services.funds.performance.schemas import ActualWrite, EvaluationWrite, IndicatorWrite, PeriodWrite
from services.funds.projects import service as projects
from services.funds.projects.schemas import BeneficiaryWrite, BudgetLine, ProjectCreate, RiskAssessment
from services.funds.publicity import service as publicity
from services.funds.publicity.schemas import NoticeWrite
from services.funds.settings import FundsSettings
from shared.auth import Caller, permissions_for
from shared.db import Database, ServiceSession, service_context

COUNTY = "441882000000"
DEMO_PREFIX = "【演示】"


def _caller(subject: str, role: str, region: str) -> Caller:
    """An official of the demo county or city acting through the services' own rules."""
    return Caller(subject=subject, roles=frozenset({role}), region=region,
                  permissions=permissions_for({role}, set()))


OFFICE = _caller("demo-county-office", "county_official", "441882")
AUDITOR = _caller("demo-county-auditor", "county_official", "441882")
CITY = _caller("demo-city-office", "city_official", "4418")


def _households(session: ServiceSession, count: int) -> list[tuple[uuid.UUID, str, bool]]:
    """Registered demo households (id, village, has a disabled member), those with one first."""
    h, m = replica.households, replica.members
    disabled = select(m.c.household_id).where(m.c.active.is_(True), or_(
        m.c.health_status == "disabled", m.c.disability_grade.is_not(None)))
    rows = session.execute(select(h.c.id, h.c.region_code, h.c.id.in_(disabled)).where(
        h.c.status.in_(["identified", "exited", "returned"]), h.c.region_code.like("441882%"))
        .order_by(h.c.id.in_(disabled).desc(), h.c.household_no).limit(count)).all()
    return [(row[0], row[1], bool(row[2])) for row in rows]


def _propose(session: ServiceSession, name: str, kind: str, village: str, households: list[uuid.UUID],
             budget: dict[str, str], risk: bool = False, subsidy: str | None = None) -> Project:
    """Propose a demo project of 2019 for the demo county."""
    return projects.create_project(session, OFFICE, ProjectCreate(
        name=DEMO_PREFIX + name, project_type=kind, county_code=COUNTY, year=2019,
        description=f"{name}：建设内容、受益对象和资金安排详见公示。", planned_start=date(2019, 3, 1),
        planned_end=date(2019, 12, 31),
        budget=[BudgetLine(source=s, amount=Decimal(a)) for s, a in budget.items()],
        risk=RiskAssessment(technical="low", market="medium", measures="订单收购、参加农业保险")
        if risk else None,
        village_codes=[village],
        beneficiaries=[BeneficiaryWrite(household_id=h, subsidy=subsidy and Decimal(subsidy))
                       for h in households]))


def _walk(session: ServiceSession, project: Project, steps: list[str], by: Caller = OFFICE) -> None:
    """Take the project through these lifecycle steps, each with its version."""
    for step in steps:
        projects.take_step(session, by, project.id, f'"{project.version}"', step, "演示：依程序办理")


def _plan_notice(session: ServiceSession, project: Project, starts_on: date) -> None:
    """Publish the project's plan notice (项目计划公示) for ten days from its first day, on that day."""
    notice = publicity.draft(session, OFFICE, project.id, NoticeWrite(
        kind="plan", title=f"{project.name.removeprefix(DEMO_PREFIX)}项目计划公示",
        content=f"经村民代表会议讨论、乡镇审核、县扶贫开发领导小组审定，{project.name.removeprefix(DEMO_PREFIX)}"
                "纳入年度实施计划，现予公示。如有异议，请于公示期内向村委会、乡镇人民政府或县扶贫办反映。",
        starts_on=starts_on, ends_on=starts_on + timedelta(days=9)))
    publicity.publish(session, OFFICE, notice.id, f'"{notice.version}"', starts_on)


def _housing(session: ServiceSession, homes: list[tuple[uuid.UUID, str, bool]], today: date) -> None:
    """Housing renovation paid in stages: stage 1 paid, stage 2 recorded and waiting for verification."""
    ids = [h[0] for h in homes]
    project = _propose(session, "危房改造（第一批）", "housing_renovation", homes[0][1], ids,
                       {"provincial": "60000.00", "county": "20000.00"}, subsidy="20000.00")
    money.set_plan(session, OFFICE, project.id, PaymentPlanWrite(stages=[
        StageWrite(name="开工", share=Decimal("30")), StageWrite(name="主体封顶", share=Decimal("40")),
        StageWrite(name="竣工验收", share=Decimal("30"))]))
    for i, household in enumerate(ids):
        money.set_beneficiary_payment(session, OFFICE, project.id, household, BeneficiaryPaymentWrite(
            subsidy=Decimal("20000.00"), account=f"62284804025648{i:05d}"))
    _walk(session, project, ["appraise", "admit", "plan"])
    _plan_notice(session, project, today - timedelta(days=45))
    _walk(session, project, ["start"])
    money.allocate(session, OFFICE, project.id, AllocationWrite(
        source="provincial", amount=Decimal("60000.00"), document_no="粤财农〔2019〕88号",
        allocated_on=today - timedelta(days=30)))
    for household in ids:
        record = money.record_progress(session, OFFICE, project.id, ProgressWrite(
            household_id=household, stage_no=1, reached_on=today - timedelta(days=20),
            note="演示：已开工，现场拍照"))
        money.verify_progress(session, AUDITOR, project.id, record.id)
    for household in ids[:2]:
        money.pay(session, OFFICE, project.id, f"demo-{household}-1", PaymentWrite(
            source="provincial", paid_on=today - timedelta(days=19), household_id=household, stage_no=1))
    money.record_progress(session, OFFICE, project.id, ProgressWrite(
        household_id=ids[0], stage_no=2, reached_on=today - timedelta(days=2), note="演示：主体封顶，待核验"))


def _road(session: ServiceSession, homes: list[tuple[uuid.UUID, str, bool]], today: date) -> None:
    """A road in the annual plan, its plan notice in its publicity period (money waits for it)."""
    project = _propose(session, "村道硬化", "road", homes[0][1], [],
                       {"provincial": "300000.00", "city": "100000.00"})
    _walk(session, project, ["appraise", "admit", "plan"])
    _plan_notice(session, project, today - timedelta(days=3))


def _solar(session: ServiceSession, homes: list[tuple[uuid.UUID, str, bool]]) -> None:
    """A solar station's 2019 income distributed: guaranteed minimum plus dividend by shares."""
    ids = [h[0] for h in homes]
    project = _propose(session, "光伏扶贫电站", "asset_income", homes[0][1], ids, {"central": "500000.00"},
                       risk=True)
    assets.set_shares(session, OFFICE, project.id, SharesWrite(holdings=[
        HoldingWrite(household_id=h, shares=1 + i % 3) for i, h in enumerate(ids)]))
    _walk(session, project, ["appraise", "admit", "plan"])
    _walk(session, project, ["start"])
    assets.make_distribution(session, OFFICE, project.id, DistributionWrite(
        year=2019, total=Decimal("10000.01"), guaranteed=Decimal("800.00")))


def _others(session: ServiceSession, homes: list[tuple[uuid.UUID, str, bool]]) -> None:
    """An industry project just proposed, and a water project through its whole life."""
    _propose(session, "百香果种植基地", "industry", homes[0][1], [h[0] for h in homes],
             {"county": "80000.00", "social": "20000.00"}, risk=True)
    water = _propose(session, "自然村集中供水工程", "water", homes[0][1], [], {"provincial": "150000.00"})
    _walk(session, water, ["appraise", "admit", "plan"])
    _walk(session, water, ["start", "complete", "accept"])
    _walk(session, water, ["evaluate"], by=CITY)


def _performance(session: ServiceSession) -> None:
    """The county's 2019 indicators with targets and actuals, evaluated by the city (绩效评价)."""
    for name, unit, direction, baseline, target, actual in (
            ("贫困发生率", "%", "lower", "8.20", "3.00", "2.40"),
            ("自然村集中供水覆盖率", "%", "higher", "60.00", "90.00", "85.00")):
        indicator = performance.define(session, OFFICE, IndicatorWrite(
            region_code=COUNTY, name=name, unit=unit, direction=direction, baseline=Decimal(baseline)))
        performance.set_period(session, OFFICE, indicator.id, PeriodWrite(
            period_start=date(2019, 1, 1), period_end=date(2019, 12, 31), target=Decimal(target)))
        [period] = performance.render(session, [indicator])[0].periods
        performance.record_actual(session, OFFICE, indicator.id, period.id,
                                  ActualWrite(actual=Decimal(actual)))
    performance.evaluate(session, CITY, EvaluationWrite(region_code=COUNTY, period_start=date(2019, 1, 1),
                                                        period_end=date(2019, 12, 31)))


def _spot_check(session: ServiceSession, today: date) -> None:
    """The city's spot check of the county's 2019 payments, one finding in rectification (专项抽查)."""
    audit = audits.open_audit(session, CITY, AuditWrite(
        kind="spot_check", subject="payments", title=DEMO_PREFIX + "2019年扶贫资金专项抽查",
        region_code="441882", year=2019, sample_size=1, seed="demo-2019-spot-check"))
    [item] = audits.render_audit(session, audit).sample
    audits.record_finding(session, CITY, audit.id, FindingWrite(
        item_id=item.item_id, description="演示：拨付凭证缺少乡镇核验人签字", owner="连州市财政局",
        deadline=today + timedelta(days=30)))


def load_demo(settings: FundsSettings, households: int) -> str:
    """Load the demo county's funds data once; say what was done (`make run`, after the replica caught up)."""
    db = Database(settings.resolved_database_url(), service_context("funds", infra, settings))
    try:
        with db.transaction() as session:
            existing = session.scalar(select(func.count()).select_from(Project)
                                      .where(Project.name.like(DEMO_PREFIX + "%")))
            if existing:
                return f"demo funds data present ({existing} projects)"
            homes = _households(session, 8)
            if len(homes) < 8:
                return f"no demo funds data: the replica holds {len(homes)} registered households of 441882"
            today = clock.today()
            _housing(session, homes[:3], today)
            _road(session, homes[3:4], today)
            _solar(session, homes[:6])
            _others(session, homes[6:8])
            _performance(session)
            _spot_check(session, today)
        return ("loaded 5 demo projects (housing paid by stages, a road in the annual plan with its notice "
                "in its publicity period, solar dividends), 2 indicators with the city's evaluation, a spot "
                "check with a finding")
    finally:
        db.dispose()
