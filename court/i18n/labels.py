"""Domain values as a reader names them: kind → stored value → English msgid of the one catalogue.

`label(kind, value, locale)` (court.i18n), `{{ value|label("kind") }}` in a template, `label_msg(kind, value)` inside a
message made now and shown later. The kinds include every state machine's name (its states) and `object` (what each
machine moves), so a refused move reads "案件 12 当前为已结案，不能变为已排期", never `case 12 is closed`.
A new value gets its row here and its msgid through poadd.py; tests/web/test_untranslated.py checks both.
"""

from __future__ import annotations

from typing import Any

LABELS: dict[str, dict[str, str]] = {
    # What each state machine (court.machines) moves.
    "object": {
        "filing": "filing", "case": "case", "hearing": "hearing", "matter": "enforcement matter",
        "matter_stage": "enforcement matter", "property": "property item", "agency_task": "agency task",
        "auction_round": "auction round", "control_measure": "control measure", "terminal": "terminal",
        "time_limit_request": "time-limit request", "service": "service", "service_attempt": "service attempt",
        "fee_charge": "fee charge", "fee_payment": "fee payment", "document": "document", "party": "party",
        "appeal": "appeal", "matter_payment": "online payment into the matter",
    },
    "filing": {
        "draft": "Draft", "submitted": "Submitted", "under_review": "Under review",
        "forwarded": "Forwarded to the competent court", "returned": "Returned for correction",
        "registered": "Registered", "refused": "Not accepted",
    },
    "case": {
        "registered": "Registered", "assigned": "Assigned to a judge", "hearing_scheduled": "Hearing scheduled",
        "heard": "Heard", "judged": "Judged", "closed": "Closed", "archived": "Archived",
    },
    "hearing": {"scheduled": "Hearing scheduled", "held": "Heard", "cancelled": "Hearing cancelled"},
    "time_limit_request": {"pending": "Awaiting approval", "approved": "Approved", "refused": "Refused"},
    "terminal": {"active": "In use", "revoked": "Revoked"},
    "service": {"pending": "Being served", "served": "Served", "failed": "Could not be served"},
    "service_attempt": {"pending": "Waiting to be sent", "sent": "Sent, delivery not yet confirmed",
                        "delivered": "Delivered", "bounced": "Bounced"},
    "fee_charge": {"due": "Fee due", "paid": "Paid", "withdrawn": "Deemed withdrawn"},
    "fee_payment": {"pending": "Awaiting payment", "paid": "Paid", "cancelled": "Cancelled"},
    "matter_payment": {"pending": "Awaiting payment", "paid": "Paid", "cancelled": "Cancelled"},
    "appeal": {
        "filed": "Appeal filed, fee due", "paid": "Appeal fee paid, dossier to forward",
        "forwarded": "Dossier forwarded to the court of second instance", "registered": "Registered at second instance",
        "decided": "Decided at second instance", "withdrawn": "Treated as withdrawn",
    },
    "matter": {"open": "In progress", "closed": "Closed"},
    "matter_stage": {
        "registration": "Registered", "notice_and_report": "Notice and property report",
        "inquiry_and_control": "Inquiry and control", "disposal": "Disposal of property",
        "money": "Enforcement money", "closing": "Closing", "closed": "Closed",
    },
    "property": {"found": "Found", "controlled": "Under control", "sold": "Sold",
                 "transferred": "Transferred in lieu", "exhausted": "Deducted in full"},
    "control_measure": {"active": "In force", "released": "Released", "lapsed": "Lapsed"},
    "auction_round": {"announced": "Announced", "sold": "Sold", "failed": "Failed (no sale)"},
    "agency_task": {"pending": "Waiting to be sent", "sent": "Sent, awaiting answer", "answered": "Answered",
                    "failed": "Failed, will retry", "gave_up": "No answer, needs the officer"},
    "measure_kind": {"freeze_deposit": "Freeze of deposits", "seize_movable": "Seizure of movables",
                     "seal_real_estate": "Seal of real estate", "freeze_property_right": "Freeze of a property right"},
    "agency_action": {"inquire": "Inquiry", "freeze": "Freeze", "seize": "Seizure", "deduct": "Deduction"},
    "agency_kind": {
        "bank": "Bank", "real_estate_registry": "Real-estate registry", "vehicle_administration": "Vehicle administration",
        "securities": "Securities depository", "market_regulation": "Market regulation",
        "social_insurance": "Social insurance",
    },
    # An agency as `kind:institution` (court.execution.agencies): the institution by its name.
    "agency": {
        "bank:ICBC": "Industrial and Commercial Bank of China", "bank:ABC": "Agricultural Bank of China",
        "bank:BOC": "Bank of China", "bank:CCB": "China Construction Bank",
        "real_estate_registry:ZJ": "Zhejiang real-estate registry",
        "vehicle_administration:ZJ": "Zhejiang vehicle administration",
        "securities:CSDC": "China Securities Depository and Clearing",
        "market_regulation:ZJ": "Zhejiang market regulation administration",
        "social_insurance:ZJ": "Zhejiang social insurance agency",
    },
    "document_kind": {
        "complaint": "Complaint", "enforcement_application": "Enforcement application", "evidence": "Evidence",
        "identity_document": "Identity document", "power_of_attorney": "Power of attorney",
        "judgment": "Judgment or ruling", "other": "Other",
    },
    "role": {
        "litigant": "Litigant", "lawyer": "Lawyer", "clerk": "Clerk", "judge": "Judge", "court_leader": "Court leader",
        "enforcement_officer": "Enforcement officer", "terminal_operator": "Shared-court operator",
        "administrator": "Administrator", "system": "System", "agency_officer": "Agency officer",
    },
    "procedure": {
        "ordinary": "Ordinary procedure", "summary": "Summary procedure", "small_claims": "Small claims",
        "second_instance": "Second-instance procedure", "retrial": "Retrial procedure",
        "special": "Special procedure",
    },
    "channel": {
        "inbox": "Litigant portal inbox", "email": "E-mail", "sms": "Text message", "postal": "Post (EMS)",
        "in_person": "In person", "left_at_address": "Left at the address", "publication": "Service by publication",
    },
}


def label_msgid(kind: str, value: Any) -> str | None:
    text = str(getattr(value, "value", value) or "")
    table = LABELS.get(kind, {})
    if text in table:
        return table[text]
    if kind == "agency" and ":" in text:  # an institution not named above: its kind
        return LABELS["agency_kind"].get(text.partition(":")[0])
    return None


def label_msg(kind: str, value: Any) -> Any:
    """The label as a `Msg`, for a message made now and shown later (`msg("… %(state)s", state=label_msg(…))`)."""
    from court.i18n import Msg

    msgid = label_msgid(kind, value)
    return Msg(msgid) if msgid else str(getattr(value, "value", value) or "")


def all_label_msgids() -> list[str]:
    return [text for table in LABELS.values() for text in table.values()]
