"""The journal of one unit of work: audit entries and events queued now, sealed at commit."""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from sqlalchemy.orm import Session

from shared.context import request_id_var
from shared.events import EventData
from shared.ids import RandomIds
from shared.infra import InfraTables
from shared.journal.anchoring import AuditAnchor
from shared.journal.canonical import Payload, json_text, payload
from shared.journal.sealing import seal
from shared.tracing import current_traceparent
from shared.types import utcnow

log = logging.getLogger("suite.journal")
_ids = threading.local()


def _forget_ids() -> None:
    """Give a forked child its own pool, so parent and child never hand out the same ids."""
    global _ids
    _ids = threading.local()


os.register_at_fork(after_in_child=_forget_ids)


def new_event_id() -> str:
    """Return a random (version 4) UUID from this thread's pool (one system call per 1,024)."""
    ids = getattr(_ids, "pool", None)
    if ids is None:
        ids = _ids.pool = RandomIds()
    return ids.new_text()


class Journal:
    """What a transaction will add to the audit chain and the change feed when it commits."""

    def __init__(self, source: str, infra: InfraTables, anchor: AuditAnchor) -> None:
        self.source = source
        self.infra = infra
        self.anchor = anchor
        self.audits: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        # The audit entries this transaction has written so far: first seq, last seq, last hash.
        self.written: tuple[int, int, str] | None = None

    def record(self, event: EventData, *, actor: str, action: str,
               before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> str:
        """Record a change: its audit entry and its event, about the event's subject and in its region."""
        self.audit(actor=actor, action=action, entity_type=event.ENTITY, entity_id=event.subject,
                   region_code=event.region, before=before, after=after)
        return self.emit(event)

    def emit(self, event: EventData) -> str:
        """Queue a typed event alone (one the change's audit entry already covers)."""
        return self.event(type=event.TYPE, subject=event.subject, data=event,
                          region_code=event.region, version=event.VERSION)

    def audit(self, *, actor: str, action: str, entity_type: str, entity_id: object,
              region_code: str | None = None, before: dict[str, Any] | None = None,
              after: dict[str, Any] | None = None) -> None:
        """Queue an audit entry alone (reads of personal data, jobs' own steps)."""
        self.audits.append({
            "at": utcnow(),
            "actor": actor,
            "action": action,
            "entity_type": entity_type,
            "entity_id": str(entity_id),
            "region_code": region_code,
            "before": payload(before),
            "after": payload(after),
            "request_id": request_id_var.get(),
            "traceparent": current_traceparent(),
        })

    def event(self, *, type: str, subject: object, data: object, region_code: str | None = None,
              version: int = 1) -> str:
        """Queue an event from its parts; `data` is a dict or a contract, serialised now, in one pass.

        For hot paths that build a contract's data as a dict (a bulk import's 200,000 events);
        everything else calls emit or record with the contract itself.
        """
        event_id = new_event_id()
        self.events.append({
            "event_id": event_id,
            "type": type,
            "source": self.source,
            "subject": str(subject),
            "region_code": region_code,
            "time": utcnow(),
            "data": Payload(None, json_text(data), False),
            "data_version": version,
            "traceparent": current_traceparent(),
        })
        return event_id

    def seal(self, session: Session) -> None:
        """Write what is queued into the session's transaction, chained and numbered."""
        if not self.audits and not self.events:
            return
        audits, events = self.audits, self.events
        self.audits, self.events = [], []
        seq, last_hash = seal(session, self.infra, self.anchor.key, audits, events)
        if audits:
            first = self.written[0] if self.written else seq - len(audits) + 1
            self.written = (first, seq, last_hash)

    def publish(self) -> None:
        """Publish the head a committed transaction left outside the database.

        The change is committed by now: a checkpoint that cannot be written is logged, not
        raised, and the next commit's checkpoint (a later head) covers this one's entries.
        """
        written, self.written = self.written, None
        if written:
            try:
                self.anchor.publish(*written)
            except OSError as exc:
                log.error("audit checkpoint not written: %s", exc.strerror or type(exc).__name__)

    def discard(self) -> None:
        """Forget what a transaction that rolled back had queued or written."""
        self.audits, self.events = [], []
        self.written = None
