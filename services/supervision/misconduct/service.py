"""Rules of leads and the blacklist: handling steps; listing by decision, appeal, removal after the term."""

from __future__ import annotations

import uuid
from typing import Any

from services.supervision.catalogue import BLACKLIST_DECISION, BLACKLIST_REMOVAL, LEAD_HANDLING
from services.supervision.codes import LeadKind, LeadState
from services.supervision.misconduct import repository as repo
from services.supervision.misconduct.errors import (
    AlreadyListed,
    LeadStepRefused,
    TermNotOver,
    WrongEntryState,
)
from services.supervision.misconduct.rules import lead_step_allowed, term_over
from services.supervision.misconduct.schemas import (
    AppealCreate,
    AppealDecision,
    EntryCreate,
    EntryLift,
    EntryRead,
    LeadCreate,
    LeadRead,
    LeadStep,
    LookupResult,
    StandingEntry,
)
from services.supervision.models import BlacklistEntry, MisconductLead, Official, RedFlag
from services.supervision.models.misconduct import BLACKLIST_ID_NUMBER, LEAD_SUMMARY
from shared.auth import PII_READ, Caller
from shared.concurrency import check_if_match
from shared.db import ServiceSession
from shared.errors import RegionOutOfScope, invalid, not_found
from shared.events.supervision import (
    BlacklistAppealChanged,
    BlacklistEntryAdded,
    BlacklistEntryLifted,
    MisconductLeadChanged,
)
from shared.pagination import decode_cursor, encode_cursor


def receive_lead(session: ServiceSession, caller: Caller, data: LeadCreate) -> MisconductLead:
    """Receive a misconduct lead in the caller's scope; its account is sealed."""
    if not caller.can_see(data.region_code):
        raise RegionOutOfScope("region_code", data.region_code)
    if data.official_id and session.get(Official, data.official_id) is None:
        raise invalid("official_id", "official_unknown", "No official has that id", "无此干部")
    if (data.source == "red_flag") != (data.red_flag_id is not None) or (
        data.red_flag_id and session.get(RedFlag, data.red_flag_id) is None
    ):
        raise invalid(
            "red_flag_id",
            "cause_unknown",
            "A lead from a red flag names it, and only then",
            "来源为数据预警的线索须填写预警标识",
        )
    lead = MisconductLead(
        id=uuid.uuid4(),
        kind=data.kind,
        source=data.source,
        region_code=data.region_code,
        official_id=data.official_id,
        red_flag_id=data.red_flag_id,
        summary_enc=session.seal(LEAD_SUMMARY, data.summary),
        received_on=data.received_on,
        state="received",
        recorded_by=caller.subject,
    )
    session.add(lead)
    session.flush()
    session.journal.record(
        MisconductLeadChanged(
            lead_id=str(lead.id), kind=data.kind, state="received", region_code=data.region_code
        ),
        actor=caller.subject,
        action="misconduct_lead.receive",
        after=data.model_dump(exclude={"summary"}),
    )
    return lead


def load_lead(session: ServiceSession, caller: Caller, lead_id: uuid.UUID) -> MisconductLead:
    """Load a lead in the caller's scope, or answer 404."""
    lead = session.get(MisconductLead, lead_id)
    if lead is None or not caller.can_see(lead.region_code):
        raise not_found("Misconduct lead", "问题线索", lead_id)
    return lead


def step_lead(
    session: ServiceSession, caller: Caller, lead_id: uuid.UUID, if_match: str | None, data: LeadStep
) -> MisconductLead:
    """Move a lead one step on: received → investigating → substantiated, dismissed or transferred."""
    lead = load_lead(session, caller, lead_id)
    check_if_match(if_match, lead.version)
    if not lead_step_allowed(lead.state, data.state):
        raise LeadStepRefused.on(
            "state",
            f"A {lead.state} lead cannot become {data.state}",
            f"线索不能由“{lead.state}”转为“{data.state}”",
            rule=LEAD_HANDLING.code,
        )
    before = {"state": lead.state}
    lead.state, lead.outcome_note = data.state, data.note
    session.flush()
    session.journal.record(
        MisconductLeadChanged(
            lead_id=str(lead.id), kind=lead.kind, state=data.state, region_code=lead.region_code
        ),
        actor=caller.subject,
        action="misconduct_lead.step",
        before=before,
        after={"state": data.state, "note": data.note},
    )
    return lead


def list_leads(session: ServiceSession, caller: Caller, prefix: str, kind: LeadKind | None,
               state: LeadState | None, cursor: str | None, limit: int) -> tuple[list[LeadRead], str | None]:
    """A page of the leads under a region prefix, in id order, and the cursor of the next."""
    after = decode_cursor(cursor, 1, (str,))
    try:
        last_id = uuid.UUID(after[0]) if after else None
    except ValueError as exc:
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效") from exc
    rows = repo.list_leads(session, prefix, kind, state, last_id, limit)
    next_cursor = encode_cursor([str(rows[-1].id)]) if len(rows) == limit else None
    return render_leads(session, caller, rows), next_cursor


def render_leads(session: ServiceSession, caller: Caller, leads: list[MisconductLead]) -> list[LeadRead]:
    """Render leads; the account only for pii:read, each such read audited."""
    view = session.personal_view(caller.has(PII_READ))
    for lead in leads if view.unmasked else []:
        session.journal.audit(
            actor=caller.subject,
            action="pii.read",
            entity_type="misconduct_lead",
            entity_id=lead.id,
            region_code=lead.region_code,
        )
    return [
        LeadRead(
            id=lead.id,
            kind=lead.kind,
            source=lead.source,
            region_code=lead.region_code,
            official_id=lead.official_id,
            red_flag_id=lead.red_flag_id,
            summary=view.show(LEAD_SUMMARY, lead.summary_enc),
            received_on=lead.received_on,
            state=lead.state,
            outcome_note=lead.outcome_note,
            version=lead.version,
        )
        for lead in leads
    ]


def _entry_audit(entry: BlacklistEntry) -> dict[str, Any]:
    """The entry as the audit trail keeps it: the person by lookup hash, never the number."""
    return {
        "id_number_hash": entry.id_number_hash,
        "reason": entry.reason,
        "state": entry.state,
        "decision_reference": entry.decision_reference,
        "listed_until": entry.listed_until,
        "appeal_filed_on": entry.appeal_filed_on,
        "lifted_on": entry.lifted_on,
        "lift_reason": entry.lift_reason,
    }


def add_entry(session: ServiceSession, caller: Caller, data: EntryCreate) -> BlacklistEntry:
    """List a person by a decision for a term, once at a time for each reason (§13)."""
    if not caller.can_see(data.region_code):
        raise RegionOutOfScope("region_code", data.region_code)
    if data.listed_until <= data.decided_on:
        raise invalid(
            "listed_until",
            "term_not_after_decision",
            "The term must end after the decision",
            "列入期限须晚于决定日期",
        )
    key = BLACKLIST_ID_NUMBER.hash(session.cipher, data.id_number)
    if any(e.reason == data.reason for e in repo.standing(session, key)):
        raise _already(data.reason)
    entry = BlacklistEntry(
        id=uuid.uuid4(),
        id_number_enc=session.seal(BLACKLIST_ID_NUMBER, data.id_number),
        id_number_hash=key,
        reason=data.reason,
        region_code=data.region_code,
        decision_reference=data.decision_reference,
        decided_on=data.decided_on,
        listed_until=data.listed_until,
        state="listed",
        recorded_by=caller.subject,
    )
    session.add(entry)
    session.flush_unique(lambda: _already(data.reason))
    session.journal.record(
        BlacklistEntryAdded(
            entry_id=str(entry.id),
            id_number_hash=key,
            reason=data.reason,
            listed_until=data.listed_until.isoformat(),
            region_code=data.region_code,
        ),
        actor=caller.subject,
        action="blacklist.add",
        after=_entry_audit(entry),
    )
    return entry


def _already(reason: str) -> AlreadyListed:
    return AlreadyListed.on(
        "id_number", f"The person already stands on the blacklist for {reason}", "此人已因同一事由在列",
        rule=BLACKLIST_DECISION.code,
    )


def load_entry(session: ServiceSession, caller: Caller, entry_id: uuid.UUID) -> BlacklistEntry:
    """Load an entry in the caller's scope, or answer 404."""
    entry = session.get(BlacklistEntry, entry_id)
    if entry is None or not caller.can_see(entry.region_code):
        raise not_found("Blacklist entry", "失信名单记录", entry_id)
    return entry


def _changed(
    session: ServiceSession, caller: Caller, entry: BlacklistEntry, before: dict[str, Any], action: str
) -> None:
    session.flush()
    if entry.lifted_on is not None:
        event: Any = BlacklistEntryLifted(
            entry_id=str(entry.id),
            id_number_hash=entry.id_number_hash,
            lift_reason=entry.lift_reason or "",
            lifted_on=entry.lifted_on.isoformat(),
            region_code=entry.region_code,
        )
    else:
        event = BlacklistAppealChanged(
            entry_id=str(entry.id), state=entry.state, region_code=entry.region_code
        )
    session.journal.record(
        event, actor=caller.subject, action=action, before=before, after=_entry_audit(entry)
    )


def appeal(
    session: ServiceSession, caller: Caller, entry_id: uuid.UUID, if_match: str | None, data: AppealCreate
) -> BlacklistEntry:
    """File the listed person's appeal; the entry stands while it is decided."""
    entry = load_entry(session, caller, entry_id)
    check_if_match(if_match, entry.version)
    if entry.state != "listed":
        raise WrongEntryState(
            f"The entry is {entry.state}; only a listed entry is appealed", "只有在列记录可以申诉"
        )
    if data.filed_on < entry.decided_on:
        raise invalid(
            "filed_on", "appeal_before_decision", "An appeal follows the decision", "申诉日期不能早于决定日期"
        )
    before = _entry_audit(entry)
    entry.state, entry.appeal_filed_on, entry.appeal_grounds = "appealed", data.filed_on, data.grounds
    _changed(session, caller, entry, before, "blacklist.appeal")
    return entry


def decide_appeal(
    session: ServiceSession, caller: Caller, entry_id: uuid.UUID, if_match: str | None, data: AppealDecision
) -> BlacklistEntry:
    """Decide an appeal: upheld lifts the entry now, refused leaves it listed."""
    entry = load_entry(session, caller, entry_id)
    check_if_match(if_match, entry.version)
    if entry.state != "appealed":
        raise WrongEntryState(
            f"The entry is {entry.state}; only an appealed entry is decided",
            "只有申诉中的记录可以作出申诉决定",
        )
    if entry.appeal_filed_on and data.decided_on < entry.appeal_filed_on:
        raise invalid(
            "decided_on",
            "decision_before_appeal",
            "The decision follows the appeal",
            "决定日期不能早于申诉日期",
        )
    before = _entry_audit(entry)
    entry.appeal_decision_reference = data.reference
    if data.upheld:
        entry.state, entry.lifted_on, entry.lift_reason = "lifted", data.decided_on, "appeal_upheld"
    else:
        entry.state = "listed"
    _changed(session, caller, entry, before, "blacklist.appeal_decision")
    return entry


def lift(
    session: ServiceSession, caller: Caller, entry_id: uuid.UUID, if_match: str | None, data: EntryLift
) -> BlacklistEntry:
    """Lift an entry once its term has ended, not before."""
    entry = load_entry(session, caller, entry_id)
    check_if_match(if_match, entry.version)
    if entry.lifted_on is not None:
        raise WrongEntryState(
            f"The entry was lifted on {entry.lifted_on}", f"该记录已于 {entry.lifted_on} 移出"
        )
    if not term_over(entry.listed_until, data.lifted_on):
        raise TermNotOver.on(
            "lifted_on", f"The term runs to {entry.listed_until}", f"列入期限至 {entry.listed_until}",
            rule=BLACKLIST_REMOVAL.code,
        )
    before = _entry_audit(entry)
    entry.state, entry.lifted_on, entry.lift_reason = "lifted", data.lifted_on, "term_ended"
    _changed(session, caller, entry, before, "blacklist.lift")
    return entry


def render_entry(session: ServiceSession, caller: Caller, entry: BlacklistEntry) -> EntryRead:
    """Render an entry; the ID number masked unless pii:read, an unmasked read audited."""
    view = session.personal_view(caller.has(PII_READ))
    if view.unmasked:
        session.journal.audit(
            actor=caller.subject,
            action="pii.read",
            entity_type="blacklist_entry",
            entity_id=entry.id,
            region_code=entry.region_code,
        )
    return EntryRead(
        id=entry.id,
        id_number=view.show(BLACKLIST_ID_NUMBER, entry.id_number_enc),
        reason=entry.reason,
        region_code=entry.region_code,
        decision_reference=entry.decision_reference,
        decided_on=entry.decided_on,
        listed_until=entry.listed_until,
        state=entry.state,
        appeal_filed_on=entry.appeal_filed_on,
        appeal_decision_reference=entry.appeal_decision_reference,
        lifted_on=entry.lifted_on,
        lift_reason=entry.lift_reason,
        version=entry.version,
    )


def lookup(session: ServiceSession, id_number_hash: str) -> LookupResult:
    """Whether a person stands listed anywhere in the province, by lookup hash (credit follows the person)."""
    entries = [
        StandingEntry(reason=e.reason, listed_until=e.listed_until, state=e.state)
        for e in repo.standing(session, id_number_hash)
    ]
    return LookupResult(id_number_hash=id_number_hash, listed=bool(entries), entries=entries)
