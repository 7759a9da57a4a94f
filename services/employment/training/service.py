"""Training rules: by the trainee's wish and within capacity, attendance to complete, a free appraisal
that certifies, subsidies computed from the programme and paid once, jobs recommended after."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified

from services.employment.catalogue import (
    AFTER_TRAINING,
    FREE_APPRAISAL,
    SUBSIDY_ONCE,
    TRAINING_COMPLETION,
    TRAINING_WILLING,
)
from services.employment.codes import Appraisal, EnrolmentState, SubsidyKind
from services.employment.jobs.queries import uuid_cursor
from services.employment.labour.service import check_in_labour_force, labourer_in_scope
from services.employment.matching.schemas import JobMatches
from services.employment.matching.service import jobs_for
from services.employment.models import Attendance, Enrolment, Programme, Subsidy
from services.employment.training import repository as repo
from services.employment.training.errors import (
    AlreadyEnrolled,
    AttendanceShort,
    NotWillingToTrain,
    ProgrammeFull,
    SubsidyAlreadyGranted,
    SubsidyNotEarned,
    TrainingStepNotAllowed,
)
from services.employment.training.schemas import (
    AppraisalCreate,
    AttendanceCreate,
    EnrolmentCreate,
    EnrolmentRead,
    ProgrammeCreate,
    ProgrammeRead,
    SubsidyCreate,
    SubsidyRead,
    amount_text,
)
from shared.auth import Caller
from shared.concurrency import check_if_match
from shared.db import ServiceSession
from shared.errors import RegionOutOfScope, invalid, not_found
from shared.events.employment import (
    ProgrammeCreated,
    SkillAppraised,
    SubsidyGranted,
    TrainingAttended,
    TrainingCompleted,
    TrainingEnrolled,
)


def render_programme(p: Programme) -> ProgrammeRead:
    """Render a programme."""
    return ProgrammeRead(
        id=p.id,
        name=p.name,
        kind=p.kind,
        skill=p.skill,
        provider=p.provider,
        region_code=p.region_code,
        starts_on=p.starts_on,
        ends_on=p.ends_on,
        sessions=p.sessions,
        sessions_to_complete=p.sessions_to_complete,
        capacity=p.capacity,
        enrolled=p.enrolled,
        training_subsidy=p.training_subsidy,
        appraisal_subsidy=p.appraisal_subsidy,
        version=p.version,
    )


def render_enrolment(session: ServiceSession, e: Enrolment) -> EnrolmentRead:
    """Render an enrolment with its attendance count and subsidies."""
    return EnrolmentRead(
        id=e.id,
        programme_id=e.programme_id,
        member_id=e.member_id,
        region_code=e.region_code,
        state=e.state,
        enrolled_on=e.enrolled_on,
        sessions_attended=repo.sessions_attended(session, e.id),
        completed_on=e.completed_on,
        appraised_on=e.appraised_on,
        appraisal=e.appraisal,
        certificate_level=e.certificate_level,
        version=e.version,
        subsidies=[
            SubsidyRead(id=s.id, kind=s.kind, amount=s.amount, granted_on=s.granted_on)
            for s in repo.subsidies(session, e.id)
        ],
    )


def create_programme(session: ServiceSession, caller: Caller, body: ProgrammeCreate) -> Programme:
    """Set up a programme in the caller's region."""
    if not caller.can_see(body.region_code):
        raise RegionOutOfScope("region_code", body.region_code)
    if body.ends_on < body.starts_on:
        raise invalid("ends_on", "period_inverted", "ends_on is before starts_on", "结业日期早于开班日期")
    if body.sessions_to_complete > body.sessions:
        raise invalid(
            "sessions_to_complete",
            "more_than_sessions",
            "Completion cannot need more sessions than the programme has",
            "结业所需课次不能多于总课次",
        )
    programme = Programme(**body.model_dump(), enrolled=0, created_by=caller.subject)
    session.add(programme)
    session.flush()
    session.journal.record(
        ProgrammeCreated(
            programme_id=str(programme.id),
            kind=programme.kind,
            capacity=programme.capacity,
            region_code=programme.region_code,
        ),
        actor=caller.subject,
        action="programme.create",
        after=body.model_dump(mode="json"),
    )
    return programme


def read_programme(session: ServiceSession, programme_id: uuid.UUID) -> Programme:
    """Load a programme (programmes are published: every reader sees them)."""
    programme = repo.get_programme(session, programme_id)
    if programme is None:
        raise not_found("Programme", "培训项目", programme_id)
    return programme


def list_programmes(session: ServiceSession, cursor: str | None, limit: int) -> list[Programme]:
    """A page of programmes in id order."""
    return repo.programmes(session, uuid_cursor(cursor), limit)


def enrol(
    session: ServiceSession, caller: Caller, programme_id: uuid.UUID, body: EnrolmentCreate, today: date
) -> EnrolmentRead:
    """Enrol a labourer in scope who wants training, in the labour force, while a place is left."""
    programme = read_programme(session, programme_id)
    person, labourer = labourer_in_scope(session, caller, body.member_id)
    check_in_labour_force(person, today)
    if not labourer.wants_training:
        raise NotWillingToTrain.on(
            "member_id",
            "The labourer has not said they want training",
            "该劳动力未表示有培训意愿",
            rule=TRAINING_WILLING.code,
        )
    if not repo.take_place(session, programme.id):
        raise ProgrammeFull(
            "Every place of the programme is taken",
            "该培训项目名额已满",
            extra={"rule": TRAINING_WILLING.code},
        )
    enrolment = Enrolment(
        programme_id=programme.id,
        member_id=person.member_id,
        region_code=person.region_code,
        state=EnrolmentState.ENROLLED,
        enrolled_on=body.on,
    )
    session.add(enrolment)
    try:
        session.flush()
    except IntegrityError as exc:
        raise AlreadyEnrolled.on(
            "member_id", "The labourer is already enrolled in this programme", "该劳动力已报名本项目"
        ) from exc
    session.journal.record(
        TrainingEnrolled(
            enrolment_id=str(enrolment.id),
            programme_id=str(programme.id),
            member_id=str(person.member_id),
            region_code=person.region_code,
        ),
        actor=caller.subject,
        action="training.enrol",
        after={"enrolled_on": body.on},
    )
    return render_enrolment(session, enrolment)


def load(session: ServiceSession, caller: Caller, enrolment_id: uuid.UUID, lock: bool = False) -> Enrolment:
    """Load an enrolment of a labourer in the caller's region; others answer 404."""
    enrolment = repo.get_enrolment(session, enrolment_id, lock=lock)
    if enrolment is None or not caller.can_see(enrolment.region_code):
        raise not_found("Enrolment", "参训记录", enrolment_id)
    return enrolment


def _locked(
    session: ServiceSession,
    caller: Caller,
    enrolment_id: uuid.UUID,
    if_match: str | None,
    state: str,
    step: str,
    rule: str | None = None,
) -> Enrolment:
    enrolment = load(session, caller, enrolment_id, lock=True)
    check_if_match(if_match, enrolment.version)
    if enrolment.state != state:
        raise TrainingStepNotAllowed(
            f"A {enrolment.state} enrolment cannot take the step {step}",
            f"状态为{enrolment.state}的参训记录不能进行{step}",
            extra={"rule": rule} if rule else None,
        )
    return enrolment


def attend(
    session: ServiceSession,
    caller: Caller,
    enrolment_id: uuid.UUID,
    if_match: str | None,
    body: AttendanceCreate,
) -> EnrolmentRead:
    """Record a session attended, within the programme's sessions and period; each counts once."""
    enrolment = _locked(session, caller, enrolment_id, if_match, EnrolmentState.ENROLLED, "attendance")
    programme = read_programme(session, enrolment.programme_id)
    if body.session > programme.sessions:
        raise invalid(
            "session",
            "no_such_session",
            f"The programme has {programme.sessions} sessions",
            f"该项目共{programme.sessions}课次",
        )
    if not programme.starts_on <= body.on <= programme.ends_on:
        raise invalid(
            "on", "outside_programme", "The date is outside the programme's period", "日期不在培训期内"
        )
    session.add(Attendance(enrolment_id=enrolment.id, session=body.session, attended_on=body.on))
    try:
        session.flush()
    except IntegrityError as exc:
        raise invalid(
            "session",
            "session_recorded",
            f"Session {body.session} is already recorded",
            f"第{body.session}课次已记录",
            status=409,
        ) from exc
    flag_modified(enrolment, "state")  # attendance is part of the enrolment: its version (ETag) moves
    session.flush()
    session.journal.record(
        TrainingAttended(
            enrolment_id=str(enrolment.id),
            member_id=str(enrolment.member_id),
            session=body.session,
            region_code=enrolment.region_code,
        ),
        actor=caller.subject,
        action="training.attend",
        after={"session": body.session, "on": body.on},
    )
    return render_enrolment(session, enrolment)


def complete(
    session: ServiceSession, caller: Caller, enrolment_id: uuid.UUID, if_match: str | None, on: date
) -> EnrolmentRead:
    """Complete an enrolment whose attendance reaches what the programme asks."""
    enrolment = _locked(
        session,
        caller,
        enrolment_id,
        if_match,
        EnrolmentState.ENROLLED,
        "completion",
        TRAINING_COMPLETION.code,
    )
    programme = read_programme(session, enrolment.programme_id)
    attended = repo.sessions_attended(session, enrolment.id)
    if attended < programme.sessions_to_complete:
        raise AttendanceShort(
            f"Attended {attended} of the {programme.sessions_to_complete} sessions needed",
            f"出勤{attended}课次，结业需{programme.sessions_to_complete}课次",
            extra={"rule": TRAINING_COMPLETION.code},
        )
    if on < enrolment.enrolled_on:
        raise invalid("on", "date_before_enrolment", "Completion is before enrolment", "结业日期早于报名日期")
    enrolment.state, enrolment.completed_on = EnrolmentState.COMPLETED, on
    session.flush()
    session.journal.record(
        TrainingCompleted(
            enrolment_id=str(enrolment.id),
            programme_id=str(programme.id),
            member_id=str(enrolment.member_id),
            completed_on=on.isoformat(),
            region_code=enrolment.region_code,
        ),
        actor=caller.subject,
        action="training.complete",
        after={"completed_on": on, "sessions_attended": attended},
    )
    return render_enrolment(session, enrolment)


def appraise(
    session: ServiceSession,
    caller: Caller,
    enrolment_id: uuid.UUID,
    if_match: str | None,
    body: AppraisalCreate,
) -> EnrolmentRead:
    """Record the free appraisal once; a pass adds the certificate to the labourer's record."""
    enrolment = _locked(
        session, caller, enrolment_id, if_match, EnrolmentState.COMPLETED, "appraisal", FREE_APPRAISAL.code
    )
    if enrolment.appraisal is not None:
        raise TrainingStepNotAllowed(
            "The appraisal is already recorded", "鉴定结果已记录", extra={"rule": FREE_APPRAISAL.code}
        )
    passed = body.result == Appraisal.PASSED
    if passed != (body.certificate_level is not None):
        raise invalid(
            "certificate_level",
            "certificate_level_mismatch",
            "A pass names the certificate's level, and only a pass",
            "鉴定合格须填写证书等级，不合格不填",
        )
    if body.on < (enrolment.completed_on or body.on):
        raise invalid(
            "on", "date_before_completion", "The appraisal is before completion", "鉴定日期早于结业日期"
        )
    enrolment.appraisal, enrolment.appraised_on = body.result, body.on
    enrolment.certificate_level = body.certificate_level
    if passed:
        programme = read_programme(session, enrolment.programme_id)
        _, labourer = labourer_in_scope(session, caller, enrolment.member_id, lock=True)
        labourer.certificates = [
            *labourer.certificates,
            {
                "skill": programme.skill,
                "level": body.certificate_level,
                "issued_on": body.on.isoformat(),
                "programme_id": str(programme.id),
            },
        ]
    session.flush()
    session.journal.record(
        SkillAppraised(
            enrolment_id=str(enrolment.id),
            member_id=str(enrolment.member_id),
            result=body.result,
            certificate_level=body.certificate_level,
            region_code=enrolment.region_code,
        ),
        actor=caller.subject,
        action="training.appraise",
        after={"result": body.result, "certificate_level": body.certificate_level},
    )
    return render_enrolment(session, enrolment)


def grant_subsidy(
    session: ServiceSession, caller: Caller, enrolment_id: uuid.UUID, body: SubsidyCreate
) -> EnrolmentRead:
    """Grant a training or appraisal subsidy by rule, at the programme's amount, once."""
    enrolment = load(session, caller, enrolment_id, lock=True)
    programme = read_programme(session, enrolment.programme_id)
    if body.kind == SubsidyKind.TRAINING:
        earned, amount = enrolment.state == EnrolmentState.COMPLETED, programme.training_subsidy
    else:
        earned, amount = enrolment.appraisal == Appraisal.PASSED, programme.appraisal_subsidy
    if not earned:
        raise SubsidyNotEarned.on(
            "kind",
            f"The {body.kind} subsidy is paid for training completed or an appraisal passed",
            "职业培训补贴须结业，技能鉴定补贴须鉴定合格",
            rule=SUBSIDY_ONCE.code,
        )
    subsidy = Subsidy(
        enrolment_id=enrolment.id,
        member_id=enrolment.member_id,
        region_code=enrolment.region_code,
        kind=body.kind,
        amount=amount,
        granted_on=body.on,
        granted_by=caller.subject,
    )
    session.add(subsidy)
    try:
        session.flush()
    except IntegrityError as exc:  # the unique (enrolment, kind) refuses a second claim, concurrent too
        raise SubsidyAlreadyGranted.on(
            "kind",
            f"The {body.kind} subsidy was already granted",
            "该补贴已发放，不能重复申领",
            rule=SUBSIDY_ONCE.code,
        ) from exc
    session.journal.record(
        SubsidyGranted(
            subsidy_id=str(subsidy.id),
            enrolment_id=str(enrolment.id),
            member_id=str(enrolment.member_id),
            kind=body.kind,
            amount=amount_text(amount),
            region_code=enrolment.region_code,
        ),
        actor=caller.subject,
        action="subsidy.grant",
        after={"kind": body.kind, "amount": amount, "granted_on": body.on},
    )
    return render_enrolment(session, enrolment)


def recommendations(
    session: ServiceSession, caller: Caller, enrolment_id: uuid.UUID, limit: int, today: date
) -> JobMatches:
    """After completion, the positions matching ranks for the trainee (their new certificate counts)."""
    enrolment = load(session, caller, enrolment_id)
    if enrolment.state != EnrolmentState.COMPLETED:
        raise TrainingStepNotAllowed(
            "Jobs are recommended after completion", "结业后方可推荐岗位", extra={"rule": AFTER_TRAINING.code}
        )
    return jobs_for(session, caller, enrolment.member_id, limit, today)
