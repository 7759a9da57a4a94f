"""Request and response bodies of micro-credit loans."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field

from services.funds.catalogue import CREDIT_FLAGS
from services.funds.codes import LoanFlag, LoanPurpose, LoanStatus
from shared.schemas import IdNumber, MoneyStr, PastDate, PositiveMoney, StrictModel


class LoanWrite(StrictModel):
    """A micro-credit loan to a registered household (扶贫小额信贷)."""

    household_id: uuid.UUID = Field(description="户标识")
    borrower_id_number: IdNumber = Field(description="借款人身份证号 (encrypted; a member of the household)")
    lender: str = Field(min_length=1, max_length=64, description="贷款银行", examples=["连州农商银行"])
    purpose: LoanPurpose = Field(description="约定用途")
    amount: PositiveMoney = Field(description="贷款金额（元）", examples=["50000.00"])
    term_months: int = Field(ge=1, le=60, description="期限（月）")
    issued_on: PastDate = Field(description="放款日期")


class UseWrite(StrictModel):
    """What the money was actually used for, found on a visit (实际用途)."""

    actual_use: LoanPurpose = Field(description="实际用途")


class RepaymentWrite(StrictModel):
    """The loan was repaid (结清)."""

    repaid_on: PastDate = Field(description="结清日期")


class RenewalWrite(StrictModel):
    """A renewal without repaying principal (无还本续贷): a new term for the same principal."""

    renewed_on: PastDate = Field(description="续贷日期")
    term_months: int = Field(ge=1, le=60, description="续贷期限（月）")


class LoanRead(BaseModel):
    """A loan with its risk flags; the borrower's ID number masked without pii:read (贷款)."""

    id: uuid.UUID = Field(description="贷款标识")
    household_id: uuid.UUID = Field(description="户标识")
    region_code: str = Field(description="所在村")
    borrower_id_number: str | None = Field(description="借款人身份证号 (44**************** without pii:read)")
    lender: str = Field(description="贷款银行")
    purpose: LoanPurpose = Field(description="约定用途")
    actual_use: LoanPurpose | None = Field(description="实际用途")
    amount: MoneyStr = Field(description="贷款金额（元）")
    term_months: int = Field(description="期限（月）")
    issued_on: date = Field(description="放款日期")
    due_on: date = Field(description="到期日期")
    status: LoanStatus = Field(description="状态")
    renews_id: uuid.UUID | None = Field(description="续贷所接续的原贷款")
    repaid_on: date | None = Field(description="结清日期")
    flags: list[LoanFlag] = Field(description=f"风险提示 (the rules catalogue's {CREDIT_FLAGS.code})")
    recorded_by: str = Field(description="登记人")
    recorded_at: datetime = Field(description="登记时间")
