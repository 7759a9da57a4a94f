"""The rules of moving money: allocations within budget, stages paid once after verified progress."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError

from services.funds import clock
from services.funds.catalogue import (
    NO_PAYMENT_TO_REMOVED,
    ONCE_PER_STAGE,
    PROGRESS_VERIFIED,
    STAGED_BY_PROGRESS,
    WITHIN_LIMITS,
)
from services.funds.models import (
    BENEFICIARY_ACCOUNT,
    Allocation,
    Payment,
    PaymentStage,
    Progress,
    Project,
    ProjectBeneficiary,
)
from services.funds.money import repository as repo
from services.funds.money.errors import (
    AccountMissing,
    HouseholdRemoved,
    IdempotencyKeyRequired,
    MoneyNotOpen,
    NotABeneficiary,
    OverAllocated,
    OverBudget,
    PaymentKeyReused,
    PlanFrozen,
    ProgressAlreadyVerified,
    ProgressExists,
    ProgressNotVerified,
    SourceNotBudgeted,
    StageAlreadyPaid,
    StageUnknown,
    SubsidyFrozen,
    VerifierIsRecorder,
)
from services.funds.money.rules import (
    ALLOCATION_STATES,
    PAYMENT_STATES,
    PLAN_STATES,
    PROGRESS_STATES,
    share_percent,
    stage_amount,
)
from services.funds.money.schemas import (
    AllocationWrite,
    BeneficiaryPaymentWrite,
    PaymentPlanWrite,
    PaymentRead,
    PaymentWrite,
    ProgressWrite,
)
from services.funds.projects.rules import check_taker
from services.funds.projects.service import load_visible
from services.funds.publicity.gate import check_money_gate
from shared.auth import PII_READ, Caller
from shared.db import ServiceSession
from shared.errors import FieldError, Problem, invalid, not_found
from shared.events.funds import (
    BeneficiaryAccountSet,
    FundsAllocated,
    PaymentMade,
    PaymentPlanSet,
    ProgressRecorded,
    ProgressVerified,
)
from shared.types import from_fen, to_fen, utcnow

ALLOCATING_LEVELS = ("county", "city", "province")
COUNTY = ("county",)
PROGRESS_LEVELS = ("town", "county")


def _check_state(project: Project, allowed: tuple[str, ...], doing_zh: str, rule: str) -> None:
    if project.status not in allowed:
        raise MoneyNotOpen(f"A {project.status} project cannot do this now; allowed in: {', '.join(allowed)}",
                           f"项目当前状态下不能{doing_zh}", extra={"status": project.status, "rule": rule})


def _fund_line(project: Project, source: str) -> None:
    if all(f.source != source for f in project.funds):
        raise SourceNotBudgeted.on("source", f"The project has no {source} budget line",
                                   "该项目没有此资金来源的预算")


def allocate(session: ServiceSession, caller: Caller, project_id: uuid.UUID,
             data: AllocationWrite) -> Allocation:
    """Allocate money from a source; the allocated total never passes the source's budget."""
    project = load_visible(session, caller, project_id)
    check_taker(caller, ALLOCATING_LEVELS, project.county_code, "资金下达")
    _check_state(project, ALLOCATION_STATES, "下达资金", WITHIN_LIMITS.code)
    _fund_line(project, data.source)
    check_money_gate(session, project, data.allocated_on, clock.today())
    fen = to_fen(data.amount)
    if not repo.add_allocated(session, project.id, data.source, fen):
        raise OverBudget("The allocation would pass the source's budget", "下达金额超过该来源预算余额",
                         errors=[_field("amount", OverBudget, "above the budget left", "超过预算余额")],
                         extra={"rule": WITHIN_LIMITS.code})
    allocation = Allocation(project_id=project.id, source=data.source, amount_fen=fen,
                            document_no=data.document_no, allocated_on=data.allocated_on,
                            recorded_by=caller.subject)
    session.add(allocation)
    session.flush()
    session.journal.record(
        FundsAllocated(allocation_id=str(allocation.id), project_id=str(project.id),
                       region_code=project.county_code, source=data.source, amount=str(data.amount),
                       document_no=data.document_no),
        actor=caller.subject, action="allocation.record",
        after={"source": data.source, "amount_fen": fen, "document_no": data.document_no})
    return allocation


def _field(name: str, problem: type[Problem], message: str, message_zh: str) -> FieldError:
    return FieldError(name, problem.CODE, message, message_zh)


def _refusal(problem: type[Problem], field: str, message: str, message_zh: str, rule: str) -> Problem:
    """Build a refusal naming its field and the catalogue rule it applies."""
    return problem(message, message_zh, errors=[_field(field, problem, message, message_zh)],
                   extra={"rule": rule})


def set_plan(session: ServiceSession, caller: Caller, project_id: uuid.UUID,
             data: PaymentPlanWrite) -> list[PaymentStage]:
    """Set the staged payment plan; once progress is recorded against it, it stays."""
    project = load_visible(session, caller, project_id)
    check_taker(caller, COUNTY, project.county_code, "制定分期拨付计划")
    _check_state(project, PLAN_STATES, "调整分期拨付计划", STAGED_BY_PROGRESS.code)
    if repo.progress_count(session, project.id):
        raise PlanFrozen("Progress is recorded against the plan; it can no longer be replaced",
                         "已按该计划登记工程进度，不能再修改", extra={"rule": STAGED_BY_PROGRESS.code})
    before = [(s.name, s.share_bp) for s in repo.stages(session, project.id)]
    stages = [PaymentStage(project_id=project.id, stage_no=i, name=s.name, share_bp=int(s.share * 100))
              for i, s in enumerate(data.stages, start=1)]
    repo.replace_stages(session, project.id, stages)
    session.flush()
    session.journal.record(
        PaymentPlanSet(project_id=str(project.id), region_code=project.county_code,
                       stages=[{"stage_no": s.stage_no, "name": s.name,
                                "share": str(share_percent(s.share_bp))}
                               for s in stages]),
        actor=caller.subject, action="payment_plan.set", before={"stages": before},
        after={"stages": [(s.name, s.share_bp) for s in stages]})
    return stages


def plan(session: ServiceSession, caller: Caller, project_id: uuid.UUID) -> list[PaymentStage]:
    """Read a visible project's payment plan."""
    return repo.stages(session, load_visible(session, caller, project_id).id)


def _beneficiary(project: Project, household_id: uuid.UUID,
                 field: str = "household_id") -> ProjectBeneficiary:
    found = next((b for b in project.beneficiaries if b.household_id == household_id), None)
    if found is None:
        raise NotABeneficiary.on(field, "The household is not a beneficiary of this project",
                                 "该户不是本项目的受益户")
    return found


def set_beneficiary_payment(session: ServiceSession, caller: Caller, project_id: uuid.UUID,
                            household_id: uuid.UUID, data: BeneficiaryPaymentWrite) -> ProjectBeneficiary:
    """Record a beneficiary's subsidy and one-card account, until a stage of it is paid."""
    project = load_visible(session, caller, project_id)
    check_taker(caller, COUNTY, project.county_code, "登记补助与一卡通账号")
    beneficiary = next((b for b in project.beneficiaries if b.household_id == household_id), None)
    if beneficiary is None:
        raise not_found("Beneficiary", "受益户", household_id)
    if any(repo.stage_payment(session, project.id, household_id, s.stage_no)
           for s in repo.stages(session, project.id)):
        raise SubsidyFrozen("A stage of this subsidy is paid; it no longer changes",
                            "该户补助已开始拨付，不能修改")
    before = {"subsidy_fen": beneficiary.subsidy_fen,
              "account": BENEFICIARY_ACCOUNT.masked(BENEFICIARY_ACCOUNT.open(session.cipher,
                                                                            beneficiary.account_enc))}
    beneficiary.subsidy_fen = to_fen(data.subsidy)
    beneficiary.account_enc = session.seal(BENEFICIARY_ACCOUNT, data.account)
    session.flush()
    session.journal.record(
        BeneficiaryAccountSet(project_id=str(project.id), household_id=str(household_id),
                              subsidy=str(data.subsidy), region_code=project.county_code),
        actor=caller.subject, action="beneficiary.payment_set", before=before,
        after={"subsidy_fen": beneficiary.subsidy_fen, "account": BENEFICIARY_ACCOUNT.masked(data.account)})
    return beneficiary


def _stage_index(stages: list[PaymentStage], stage_no: int) -> int:
    for index, stage in enumerate(stages):
        if stage.stage_no == stage_no:
            return index
    raise StageUnknown.on("stage_no", f"The payment plan has no stage {stage_no}",
                          f"分期拨付计划中没有第{stage_no}阶段")


def record_progress(session: ServiceSession, caller: Caller, project_id: uuid.UUID,
                    data: ProgressWrite) -> Progress:
    """Record a household's construction reaching a stage, by its town or county."""
    project = load_visible(session, caller, project_id)
    beneficiary = _beneficiary(project, data.household_id)
    check_taker(caller, PROGRESS_LEVELS, beneficiary.region_code, "登记工程进度")
    _check_state(project, PROGRESS_STATES, "登记工程进度", STAGED_BY_PROGRESS.code)
    _stage_index(repo.stages(session, project.id), data.stage_no)
    if repo.progress(session, project.id, data.household_id, data.stage_no) is not None:
        raise _progress_exists()
    record = Progress(project_id=project.id, household_id=data.household_id, stage_no=data.stage_no,
                      reached_on=data.reached_on, note=data.note, recorded_by=caller.subject)
    session.flush_unique(_progress_exists, record)
    session.journal.record(
        ProgressRecorded(progress_id=str(record.id), project_id=str(project.id),
                         household_id=str(data.household_id), stage_no=data.stage_no,
                         region_code=project.county_code),
        actor=caller.subject, action="progress.record",
        after={"reached_on": data.reached_on, "note": data.note})
    return record


def _progress_exists() -> ProgressExists:
    return ProgressExists("Progress for this household and stage is already recorded",
                          "该户该阶段的进度已登记")


def verify_progress(session: ServiceSession, caller: Caller, project_id: uuid.UUID,
                    progress_id: uuid.UUID) -> Progress:
    """Verify recorded progress; the verifier is never the recorder."""
    project = load_visible(session, caller, project_id)
    record = repo.progress_by_id(session, progress_id)
    if record is None or record.project_id != project.id:
        raise not_found("Progress", "进度记录", progress_id)
    beneficiary = _beneficiary(project, record.household_id)
    check_taker(caller, PROGRESS_LEVELS, beneficiary.region_code, "核验工程进度")
    if record.verified_by is not None:
        raise ProgressAlreadyVerified("The progress is verified already", "该进度已核验")
    if record.recorded_by == caller.subject:
        raise VerifierIsRecorder("Progress is verified by another official than its recorder",
                                 "工程进度须由登记人以外的人员核验", extra={"rule": PROGRESS_VERIFIED.code})
    record.verified_by, record.verified_at = caller.subject, utcnow()
    session.flush()
    session.journal.record(
        ProgressVerified(progress_id=str(record.id), project_id=str(project.id),
                         household_id=str(record.household_id), stage_no=record.stage_no,
                         region_code=project.county_code),
        actor=caller.subject, action="progress.verify", before={"verified_by": None},
        after={"verified_by": caller.subject})
    return record


def progress_list(session: ServiceSession, caller: Caller, project_id: uuid.UUID) -> list[Progress]:
    """List a visible project's progress records."""
    return repo.progress_list(session, load_visible(session, caller, project_id).id)


def allocation_list(session: ServiceSession, caller: Caller, project_id: uuid.UUID) -> list[Allocation]:
    """List a visible project's allocations."""
    return repo.allocations(session, load_visible(session, caller, project_id).id)


def pay(session: ServiceSession, caller: Caller, project_id: uuid.UUID, key: str | None,
        data: PaymentWrite) -> tuple[Project, Payment]:
    """Pay once per Idempotency-Key: a verified stage into the household's account, or a payee."""
    if not key:
        raise IdempotencyKeyRequired.on("Idempotency-Key", "A payment needs an Idempotency-Key",
                                        "拨付须提供 Idempotency-Key")
    staged = _is_staged(data)
    project = load_visible(session, caller, project_id)
    check_taker(caller, COUNTY, project.county_code, "资金拨付")
    _check_state(project, PAYMENT_STATES, "拨付资金", WITHIN_LIMITS.code)
    _fund_line(project, data.source)
    check_money_gate(session, project, data.paid_on, clock.today())
    if repo.payment_by_key(session, project.id, key) is not None:
        raise _key_reused()
    payment = _staged(session, project, data) if staged else Payment(
        amount_fen=to_fen(data.amount), payee=data.payee, account_enc=None)  # type: ignore[arg-type]
    payment.project_id, payment.source, payment.paid_on = project.id, data.source, data.paid_on
    payment.request_key, payment.recorded_by = key, caller.subject
    try:
        with session.begin_nested():  # a unique clash rolls back to here, and the payment leaves the session
            session.add(payment)
            session.flush()
    except IntegrityError:
        stage = (data.household_id, data.stage_no)
        if staged and repo.stage_payment(session, project.id, *stage):  # type: ignore[arg-type]
            raise _paid_already() from None
        raise _key_reused() from None
    if not repo.add_disbursed(session, project.id, data.source, payment.amount_fen):
        raise OverAllocated("The payment would pass what is allocated from this source",
                            "拨付金额超过该来源已下达资金余额",
                            errors=[_field("amount" if data.amount else "source", OverAllocated,
                                           "above the allocation left", "超过已下达余额")],
                            extra={"rule": WITHIN_LIMITS.code})
    session.journal.record(
        PaymentMade(payment_id=str(payment.id), project_id=str(project.id), region_code=project.county_code,
                    source=data.source, amount=str(from_fen(payment.amount_fen)),
                    household_id=data.household_id and str(data.household_id), stage_no=data.stage_no),
        actor=caller.subject, action="payment.make",
        after={"source": data.source, "amount_fen": payment.amount_fen, "payee": payment.payee,
               "stage_no": data.stage_no})
    return project, payment


def _is_staged(data: PaymentWrite) -> bool:
    """Tell a staged payment from a payee's; refuse a body that mixes or lacks both, naming the field."""
    staged = data.household_id is not None or data.stage_no is not None
    if staged:
        for name in ("household_id", "stage_no"):
            if getattr(data, name) is None:
                raise invalid(name, "missing", "A staged payment names household_id and stage_no",
                              "分期拨付须同时提供户标识和阶段序号")
        for name in ("payee", "amount"):
            if getattr(data, name) is not None:
                raise invalid(name, "not_allowed", "A staged payment's amount and payee come from the plan",
                              "分期拨付的金额和收款人由计划确定，不能填写")
        return True
    for name in ("payee", "amount"):
        if getattr(data, name) is None:
            raise invalid(name, "missing", "A payment names household_id and stage_no, or payee and amount",
                          "拨付须提供户标识和阶段序号，或收款单位和金额")
    return False


def _staged(session: ServiceSession, project: Project, data: PaymentWrite) -> Payment:
    """Build a stage's payment after every check the plan sets (§10)."""
    household_id, stage_no = data.household_id, data.stage_no
    assert household_id is not None and stage_no is not None  # _is_staged checked both
    beneficiary = _beneficiary(project, household_id)
    registered = repo.household_status(session, household_id)
    if registered is None or registered[0] == "removed":
        raise _refusal(HouseholdRemoved, "household_id", "The register shows the household removed: "
                       "nothing is paid", "该户已被清退，不予拨付", NO_PAYMENT_TO_REMOVED.code)
    stages = repo.stages(session, project.id)
    index = _stage_index(stages, stage_no)
    if repo.stage_payment(session, project.id, household_id, stage_no) is not None:
        raise _paid_already()
    progress = repo.progress(session, project.id, household_id, stage_no)
    if progress is None or progress.verified_by is None:
        raise _refusal(ProgressNotVerified, "stage_no", "The stage's progress is not recorded and verified",
                       "该阶段工程进度尚未登记并核验", STAGED_BY_PROGRESS.code)
    if beneficiary.subsidy_fen is None or beneficiary.account_enc is None:
        raise AccountMissing.on("household_id", "The household's subsidy or one-card account is not recorded",
                                "该户补助金额或一卡通账号未登记")
    amount = stage_amount(beneficiary.subsidy_fen, [s.share_bp for s in stages], index)
    if amount == 0:
        raise invalid("stage_no", "stage_pays_nothing", "This stage pays nothing of the subsidy",
                      "该阶段按比例无应拨金额")
    return Payment(amount_fen=amount, household_id=household_id, stage_no=stage_no,
                   payee=f"户 {registered[1]}", account_enc=beneficiary.account_enc)


def _paid_already() -> StageAlreadyPaid:
    return StageAlreadyPaid("This household's stage is paid already", "该户该阶段已拨付",
                            extra={"rule": ONCE_PER_STAGE.code})


def _key_reused() -> PaymentKeyReused:
    return PaymentKeyReused("Another payment of this project used this Idempotency-Key",
                            "该 Idempotency-Key 已用于本项目的另一笔拨付")


def payment_list(session: ServiceSession, caller: Caller, project_id: uuid.UUID) -> list[PaymentRead]:
    """List a visible project's payments, accounts as the caller may see them."""
    project = load_visible(session, caller, project_id)
    rows = repo.payments(session, project.id)
    return render_payments(session, caller, project, rows)


def render_payments(session: ServiceSession, caller: Caller, project: Project,
                    rows: list[Payment]) -> list[PaymentRead]:
    """Render payments; an unmasked rendering of accounts is audited as a read."""
    view = session.personal_view(caller.has(PII_READ))
    if view.unmasked and any(p.account_enc for p in rows):
        session.journal.audit(actor=caller.subject, action="pii.read", entity_type="payments",
                              entity_id=project.id, region_code=project.county_code)
    return [PaymentRead(id=p.id, project_id=p.project_id, source=p.source, amount=from_fen(p.amount_fen),
                        household_id=p.household_id, stage_no=p.stage_no, payee=p.payee,
                        account=view.show(BENEFICIARY_ACCOUNT, p.account_enc), paid_on=p.paid_on,
                        recorded_by=p.recorded_by, recorded_at=p.recorded_at) for p in rows]


