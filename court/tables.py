"""Every table of the court app, in one list for the Piccolo app and for binding the engine."""

from __future__ import annotations

from piccolo.table import Table


def all_tables() -> list[type[Table]]:
    from court.accounts.tables import Credential, SignInBackoff, User
    from court.appeals.tables import Appeal
    from court.audit.tables import AuditEvent
    from court.cases.tables import (
        Case,
        CaseAssignment,
        CaseClaim,
        CaseDocument,
        CaseEvent,
        CaseHearing,
        CaseNotice,
        CaseParty,
        CaseRecusal,
        Courtroom,
        TimeLimitChange,
        TimeLimitReminder,
        TimeLimitRequest,
    )
    from court.counters import Counter
    from court.demo.tables import DemoSetting
    from court.documents.tables import CourtDocument, CourtDocumentVersion
    from court.execution.tables import (
        AgencyTaskRow,
        AuctionRoundRow,
        ControlMeasureRow,
        EnforcementMatter,
        LedgerEntryRow,
        MatterEvent,
        MatterNotice,
        MatterParty,
        MatterPaymentOrder,
        MatterProperty,
        SanctionRow,
    )
    from court.filing.tables import (
        Filing,
        FilingClaim,
        FilingDocument,
        FilingEvent,
        FilingParty,
        UploadSession,
    )
    from court.idempotency import IdempotencyKey
    from court.jobs.tables import OutboxJob
    from court.payments.tables import FeeCallback, FeeCharge, FeePayment, FeeRefund
    from court.reference.tables import Cause, Court, Division
    from court.serving.tables import (
        DeadlineReminder,
        Service,
        ServiceAddress,
        ServiceAttempt,
        ServiceCallback,
        ServiceDeadline,
        ServiceNotice,
    )
    from court.terminals.tables import Terminal
    from court.web.ratelimit_tables import RateLimitHit

    return [
        User,
        Credential,
        AuditEvent,
        Counter,
        OutboxJob,
        Court,
        Division,
        Cause,
        Filing,
        FilingParty,
        FilingClaim,
        FilingDocument,
        FilingEvent,
        UploadSession,
        Terminal,
        Case,
        CaseParty,
        CaseClaim,
        CaseDocument,
        CaseEvent,
        CaseAssignment,
        CaseRecusal,
        TimeLimitChange,
        TimeLimitReminder,
        Courtroom,
        CaseHearing,
        EnforcementMatter,
        MatterParty,
        MatterEvent,
        AgencyTaskRow,
        MatterProperty,
        ControlMeasureRow,
        AuctionRoundRow,
        LedgerEntryRow,
        SanctionRow,
        MatterNotice,
        MatterPaymentOrder,
        RateLimitHit,
        CourtDocument,
        CourtDocumentVersion,
        SignInBackoff,
        TimeLimitRequest,
        CaseNotice,
        ServiceAddress,
        Service,
        ServiceAttempt,
        ServiceNotice,
        ServiceCallback,
        ServiceDeadline,
        DeadlineReminder,
        IdempotencyKey,
        FeeCharge,
        FeePayment,
        FeeCallback,
        FeeRefund,
        DemoSetting,
        Appeal,
    ]
