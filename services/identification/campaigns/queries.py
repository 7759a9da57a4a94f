"""The read side of campaigns and cases: plain lists in the caller's region, a page at a time."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from services.identification.campaigns import repository as repo
from services.identification.models import CampaignHousehold, VerificationCampaign, VerificationCase
from shared.auth import Caller
from shared.pagination import cursor_pair, cursor_time, cursor_time_id, decode_cursor, encode_cursor


def list_campaigns(session: Session, caller: Caller, cursor: str | None,
                   limit: int) -> tuple[list[VerificationCampaign], str | None]:
    """List campaigns whose scope overlaps the caller's region, newest first."""
    rows = repo.list_campaigns(session, caller.region, cursor_time(decode_cursor(cursor, 1, (str,))), limit)
    return rows, encode_cursor([rows[-1].created_at.isoformat()]) if len(rows) == limit else None


def list_campaign_households(session: Session, campaign: VerificationCampaign, prefix: str,
                             state: str | None, cadre: str | None, cursor: str | None,
                             limit: int) -> tuple[list[CampaignHousehold], str | None]:
    """List a campaign's households under a region prefix, by household number."""
    after = decode_cursor(cursor, 1, (str,))
    rows = repo.list_campaign_households(session, repo.household_filter(campaign.id, prefix, state, cadre),
                                         after[0] if after else None, limit)
    return rows, encode_cursor([rows[-1].household_no]) if len(rows) == limit else None


def my_assignments(session: Session, caller: Caller, state: str | None, cursor: str | None,
                   limit: int) -> tuple[list[CampaignHousehold], str | None]:
    """List the campaign households assigned to the caller, across campaigns."""
    after = cursor_pair(decode_cursor(cursor, 2, (str, int)))
    rows = repo.my_assignments(session, caller.subject, caller.region, state, after, limit)
    return rows, encode_cursor([rows[-1].household_no, rows[-1].id]) if len(rows) == limit else None


def list_cases(session: Session, prefix: str, state: str | None, kind: str | None, source: str | None,
               household_id: uuid.UUID | None, crosscheck_id: uuid.UUID | None, cursor: str | None,
               limit: int) -> tuple[list[tuple[VerificationCase, str, str | None]], str | None]:
    """List cases under a region prefix, oldest first."""
    after = cursor_time_id(decode_cursor(cursor, 2, (str, str)))
    f = repo.CaseFilter(prefix, state, kind, source, household_id, crosscheck_id)
    rows = repo.list_cases(session, f, after, limit)
    last = rows[-1][0] if len(rows) == limit else None
    return rows, encode_cursor([last.opened_at.isoformat(), str(last.id)]) if last else None
