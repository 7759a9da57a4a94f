"""Pure rules of work-team terms (plan §18: old and new resident cadres hand over)."""

from __future__ import annotations

from datetime import date


def handover_refusal(
    outgoing_started: date, outgoing_ended: date | None, handed_over_on: date, same_official: bool
) -> tuple[str, str, str, str] | None:
    """Return (field, code, English, Chinese) when a hand-over breaks the rule, else None."""
    if outgoing_ended is not None:
        return ("outgoing_posting_id", "posting_ended", "The outgoing term has already ended", "原任期已结束")
    if same_official:
        return (
            "incoming_official_id",
            "same_official",
            "An official cannot hand over to themselves",
            "不能交接给本人",
        )
    if handed_over_on < outgoing_started:
        return (
            "handed_over_on",
            "handover_before_term",
            "The hand-over cannot precede the outgoing term",
            "交接日期不能早于原任期开始日期",
        )
    return None
