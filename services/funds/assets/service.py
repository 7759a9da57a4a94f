"""The rules of asset-income projects: shares for beneficiaries, one exact distribution a year."""

from __future__ import annotations

import uuid

from services.funds.assets import repository as repo
from services.funds.assets.errors import AlreadyDistributed, NoShareholders, NotAssetIncome
from services.funds.assets.rules import Holding, distribute
from services.funds.assets.schemas import (
    DistributionLineRead,
    DistributionRead,
    DistributionWrite,
    HoldingRead,
    SharesWrite,
)
from services.funds.catalogue import ASSET_DIVIDEND
from services.funds.codes import ProjectStatus, ProjectType
from services.funds.models import AssetShare, Distribution, DistributionLine, Project
from services.funds.money.errors import MoneyNotOpen, NotABeneficiary
from services.funds.projects.rules import check_taker
from services.funds.projects.service import load_visible
from shared.auth import Caller
from shared.db import ServiceSession
from shared.events.funds import DividendsDistributed, SharesSet
from shared.types import from_fen, to_fen

S = ProjectStatus
COUNTY = ("county",)
EARNING_STATES = (S.IMPLEMENTING, S.COMPLETED, S.ACCEPTED, S.EVALUATED)


def _asset_project(session: ServiceSession, caller: Caller, project_id: uuid.UUID, label_zh: str) -> Project:
    project = load_visible(session, caller, project_id)
    check_taker(caller, COUNTY, project.county_code, label_zh)
    if project.project_type != ProjectType.ASSET_INCOME:
        raise NotAssetIncome("Shares and distributions belong to asset-income projects",
                             "股份量化和收益分配仅适用于资产收益项目")
    return project


def set_shares(session: ServiceSession, caller: Caller, project_id: uuid.UUID,
               data: SharesWrite) -> list[AssetShare]:
    """Set the shares held for the project's beneficiaries."""
    project = _asset_project(session, caller, project_id, "股份量化到户")
    beneficiaries = {b.household_id for b in project.beneficiaries}
    for i, row in enumerate(data.holdings):
        if row.household_id not in beneficiaries:
            raise NotABeneficiary.on(f"holdings[{i}].household_id", "The household is not a beneficiary of "
                                     "this project", "该户不是本项目的受益户")
    before = {str(s.household_id): s.shares for s in repo.shares(session, project.id)}
    rows = [AssetShare(project_id=project.id, household_id=r.household_id, shares=r.shares)
            for r in data.holdings]
    repo.replace_shares(session, project.id, rows)
    session.flush()
    session.journal.record(
        SharesSet(project_id=str(project.id), region_code=project.county_code, households=len(rows),
                  shares=sum(r.shares for r in rows)),
        actor=caller.subject, action="asset_shares.set", before=before,
        after={str(r.household_id): r.shares for r in rows})
    return rows


def holdings(session: ServiceSession, caller: Caller, project_id: uuid.UUID) -> list[HoldingRead]:
    """List a visible project's holdings."""
    project = load_visible(session, caller, project_id)
    return [HoldingRead(household_id=s.household_id, shares=s.shares)
            for s in repo.shares(session, project.id)]


def make_distribution(session: ServiceSession, caller: Caller, project_id: uuid.UUID,
                      data: DistributionWrite) -> DistributionRead:
    """Distribute a year's income to the holders the register still holds, disabled members first."""
    project = _asset_project(session, caller, project_id, "收益分配")
    if project.status not in EARNING_STATES:
        raise MoneyNotOpen(f"A {project.status} project earns no income yet", "项目尚未产生收益，不能分配",
                           extra={"status": project.status})
    held = repo.shares(session, project.id)
    removed, disabled = repo.register_states(session, [s.household_id for s in held])
    paid = [s for s in held if s.household_id not in removed]
    if not paid:
        raise NoShareholders("No registered household holds shares of this project", "没有在册的持股农户")
    total, guaranteed = to_fen(data.total), to_fen(data.guaranteed)
    parts = distribute(total, guaranteed, [Holding(str(s.household_id), s.shares, s.household_id in disabled)
                                           for s in paid])
    distribution = Distribution(
        project_id=project.id, year=data.year, total_fen=total, guaranteed_fen=guaranteed,
        created_by=caller.subject,
        lines=[DistributionLine(position=i, household_id=s.household_id, shares=s.shares,
                                disabled_member=s.household_id in disabled, guaranteed_fen=p.guaranteed,
                                dividend_fen=p.dividend)
               for i, (s, p) in enumerate(zip(paid, parts, strict=True))])
    session.flush_unique(lambda: AlreadyDistributed(f"The {data.year} income is distributed already",
                                                    f"{data.year}年度收益已分配",
                                                    extra={"rule": ASSET_DIVIDEND.code}), distribution)
    short = total < guaranteed * len(paid)
    session.journal.record(
        DividendsDistributed(distribution_id=str(distribution.id), project_id=str(project.id),
                             region_code=project.county_code, year=data.year, total=str(data.total),
                             guaranteed=str(data.guaranteed), households=len(paid), short=short),
        actor=caller.subject, action="dividends.distribute",
        after={"year": data.year, "lines": {str(s.household_id): p.total for s, p in zip(paid, parts,
                                                                                         strict=True)}})
    return render(distribution, sorted(removed))


def render(d: Distribution, excluded: list[uuid.UUID]) -> DistributionRead:
    """Render a distribution with its lines in yuan."""
    return DistributionRead(
        id=d.id, project_id=d.project_id, year=d.year, total=from_fen(d.total_fen),
        guaranteed=from_fen(d.guaranteed_fen), short=d.total_fen < d.guaranteed_fen * len(d.lines),
        excluded_household_ids=excluded, created_by=d.created_by, created_at=d.created_at,
        lines=[DistributionLineRead(household_id=line.household_id, shares=line.shares,
                                    disabled_member=line.disabled_member,
                                    guaranteed=from_fen(line.guaranteed_fen),
                                    dividend=from_fen(line.dividend_fen),
                                    total=from_fen(line.guaranteed_fen + line.dividend_fen))
               for line in d.lines])


def distribution_list(session: ServiceSession, caller: Caller,
                      project_id: uuid.UUID) -> list[DistributionRead]:
    """List a visible project's distributions by year."""
    project = load_visible(session, caller, project_id)
    return [render(d, []) for d in repo.distributions(session, project.id)]
