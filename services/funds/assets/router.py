"""HTTP routes of asset-income projects: shares held for households and yearly distributions."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from services.funds.assets import service
from services.funds.assets.errors import AlreadyDistributed, NoShareholders, NotAssetIncome
from services.funds.assets.schemas import DistributionRead, DistributionWrite, HoldingRead, SharesWrite
from services.funds.deps import Reader, Writer
from services.funds.money.errors import MoneyNotOpen, NotABeneficiary
from services.funds.projects.errors import StepLevelMismatch, StepRegionMismatch
from shared.contract import LOCATION, answers
from shared.errors import Duplicate, Forbidden
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/projects/{project_id}", tags=["asset-income"])
_TAKER = (Forbidden, StepLevelMismatch, StepRegionMismatch)


@router.put("/shares", operation_id="set_asset_shares",
            summary="Set the shares held for households (股份量化到户)",
            response_model=list[HoldingRead],
            **answers(200, *_TAKER, NotAssetIncome, NotABeneficiary, Duplicate))
def set_shares(project_id: uuid.UUID, body: SharesWrite, session: SessionDep,
               caller: Writer) -> list[HoldingRead]:
    """Replace the holdings of an asset-income project; each holder is one of its beneficiaries."""
    rows = service.set_shares(session, caller, project_id, body)
    return [HoldingRead(household_id=r.household_id, shares=r.shares) for r in rows]


@router.get("/shares", operation_id="list_asset_shares", summary="The shares held for households",
            response_model=list[HoldingRead])
def list_shares(project_id: uuid.UUID, session: SessionDep, caller: Reader) -> list[HoldingRead]:
    """List the project's holdings by household."""
    return service.holdings(session, caller, project_id)


@router.post("/distributions", operation_id="distribute_income",
             summary="Distribute a year's income (保底收益+按股分红)", response_model=DistributionRead,
             **answers(201, *_TAKER, NotAssetIncome, MoneyNotOpen, NoShareholders, AlreadyDistributed,
                       headers=(LOCATION,)))
def distribute(project_id: uuid.UUID, body: DistributionWrite, session: SessionDep,
               caller: Writer, response: Response) -> DistributionRead:
    """Split the income: a guarantee each, the rest by shares, exact to the fen; the disabled first."""
    response.headers["Location"] = f"/api/v1/projects/{project_id}/distributions"
    return service.make_distribution(session, caller, project_id, body)


@router.get("/distributions", operation_id="list_distributions", summary="A project's yearly distributions",
            response_model=list[DistributionRead])
def list_distributions(project_id: uuid.UUID, session: SessionDep, caller: Reader) -> list[DistributionRead]:
    """List the distributions by year with their lines."""
    return service.distribution_list(session, caller, project_id)
