"""The money gate: a project's allocations and payments wait for its plan notice (plan §20)."""

from __future__ import annotations

from datetime import date

from services.funds.catalogue import PUBLICITY_CLOSED
from services.funds.codes import NoticeKind, ObjectionStatus
from services.funds.models import Project
from services.funds.publicity import repository as repo
from services.funds.publicity.errors import PublicityNotClosed
from services.funds.publicity.rules import GateFacts, gate_refusal
from shared.db import ServiceSession

_REASONS = {
    "no_notice": ("The project's plan notice is not published", "项目计划尚未公示"),
    "period_open": ("The plan notice's publicity period has not ended", "项目计划公示期未满"),
    "dated_within_period": ("The money is dated within the plan notice's publicity period",
                            "下达或拨付日期在公示期内"),
    "objection_pending": ("An objection to the plan notice is not answered", "项目计划公示有异议尚未答复"),
    "objection_upheld": ("An objection to the plan notice is upheld: publish a correction and wait for its "
                         "period", "项目计划公示的异议成立，须发布更正公告并待其公示期满"),
}


def check_money_gate(session: ServiceSession, project: Project, dated: date, today: date) -> None:
    """Refuse money while the project's plan notice has not closed without an upheld objection (409)."""
    current = repo.current(session, project.id, NoticeKind.PLAN)
    facts = GateFacts(None, None)
    if current is not None:
        counts = repo.objection_counts(session, [current.id])[current.id]
        facts = GateFacts(str(current.id), current.ends_on,
                          pending=repo.pending_count(session, repo.plan_chain(session, project.id)),
                          upheld=counts[ObjectionStatus.UPHELD])
    reason = gate_refusal(facts, today, dated)
    if reason is not None:
        en, zh = _REASONS[reason]
        raise PublicityNotClosed(f"The project's money waits for its plan notice: {en}",
                                 f"资金须待项目计划公示：{zh}",
                                 extra={"notice_id": facts.notice_id, "reason": reason,
                                        "ends_on": facts.ends_on and facts.ends_on.isoformat(),
                                        "rule": PUBLICITY_CLOSED.code})
