"""The refusals supervision raises as field errors of its own, documented by the operations raising them."""

from shared.contract import Answer

REGION_UNKNOWN = Answer(422, "region_unknown", "The register (this service's replica) has no such region.")
OFFICIAL_UNKNOWN = Answer(422, "official_unknown", "No official the caller may act for has that id.")
ITEMS_INVALID = Answer(422, "items_invalid", "Some rectification items name an official nobody registered; "
                       "`errors` names each.")
NOT_A_COUNTY = Answer(422, "not_a_county", "Evaluations sample a county: the region is not one.")
NOT_A_VILLAGE = Answer(422, "not_a_village", "The code is not a village in the register.")
TARGET_UNKNOWN = Answer(422, "target_unknown", "The register has no household, village or town with that "
                        "key.")
LEVEL_WITHOUT_QUOTA = Answer(422, "level_without_quota", "Research quotas bind city and county leaders only.")
LEVEL_NOT_HOUSEHOLD = Answer(422, "level_not_household", "Only town and village secretaries visit every "
                             "household.")
END_BEFORE_START = Answer(422, "end_before_start", "The period ends before it starts.")
TERM_NOT_AFTER_DECISION = Answer(422, "term_not_after_decision", "The listing's term must end after the "
                                 "decision.")

ONE_SUBJECT = Answer(422, "one_subject", "Name either an official or a unit, not both and not neither.")
CAUSE_UNKNOWN = Answer(422, "cause_unknown", "The red flag or interview named is not in the register.")

# By operation id: what each may be refused with beyond its typed errors.
REFUSALS = {
    "record_assessment": (REGION_UNKNOWN, OFFICIAL_UNKNOWN),
    "start_evaluation": (NOT_A_COUNTY, REGION_UNKNOWN),
    "record_inspection": (ITEMS_INVALID, OFFICIAL_UNKNOWN),
    "open_interview": (ITEMS_INVALID, OFFICIAL_UNKNOWN, ONE_SUBJECT, CAUSE_UNKNOWN),
    "verify_rectification_item": (OFFICIAL_UNKNOWN,),
    "receive_misconduct_lead": (OFFICIAL_UNKNOWN, CAUSE_UNKNOWN),
    "record_research_day": (OFFICIAL_UNKNOWN,),
    "record_topical_study": (OFFICIAL_UNKNOWN,),
    "record_yearly_report": (OFFICIAL_UNKNOWN,),
    "form_work_team": (NOT_A_VILLAGE,),
    "post_to_work_team": (OFFICIAL_UNKNOWN,),
    "hand_over_posting": (OFFICIAL_UNKNOWN, END_BEFORE_START),
    "end_work_team_posting": (END_BEFORE_START,),
    "set_target_place": (TARGET_UNKNOWN,),
    "scan_missed_visits": (LEVEL_NOT_HOUSEHOLD,),
    "research_compliance": (LEVEL_WITHOUT_QUOTA,),
    "visit_coverage": (END_BEFORE_START,),
    "list_not_visited": (END_BEFORE_START,),
    "add_blacklist_entry": (TERM_NOT_AFTER_DECISION,),
}
