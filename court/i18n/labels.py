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
    # The jurisdiction engine (court.routing): a court's level and the kind of dispute, inside its explanations.
    "court_level": {"basic": "basic-level", "intermediate": "intermediate-level", "high": "high-level",
                    "supreme": "supreme-level"},
    "dispute_category": {
        "contract": "contract disputes", "real_estate": "real-estate disputes",
        "property_right": "property-right disputes", "inheritance": "inheritance disputes",
        "port_operations": "port-operations disputes", "maritime": "maritime disputes", "tort": "tort disputes",
        "traffic_accident": "traffic-accident disputes", "insurance": "insurance disputes",
        "labour": "labour disputes", "family": "family disputes", "personality": "personality-rights disputes",
        "property_other": "other property disputes", "ip_technical": "technical IP disputes",
        "public_interest": "public-interest suits", "administrative": "administrative suits",
        "non_contentious": "non-contentious matters",
    },
    # The pages' value labels that were {% if %} chains in judge/, serving/, documents/ and enforcement/_labels.html.
    "case_event": {
        "registered": "Registered",
        "assigned": "Assigned to a judge",
        "reassigned": "Assigned to another judge",
        "hearing_scheduled": "Hearing scheduled",
        "heard": "Heard",
        "judged": "Judged",
        "closed": "Closed",
        "archived": "Archived",
        "recusal": "Recusal",
        "extension": "Time limit extended",
        "suspension": "Period not counted in the time limit",
        "reminder": "Time-limit reminder",
        "clerk_assigned": "Clerk assigned",
        "evidence_deadline": "Evidence period set",
        "hearing_cancelled": "Hearing cancelled",
        "limit_requested": "Change of the time limit requested",
        "limit_refused": "Change of the time limit refused",
    },
    "judge_notice": {
        "assigned": "A case was assigned to you",
        "request_approved": "Your time-limit request was approved",
        "request_refused": "Your time-limit request was refused",
        "deadline_near": "A party's deadline in your case lapses soon",
    },
    "closing_method": {
        "judgment": "By judgment",
        "mediation": "Mediation",
        "withdrawal": "Withdrawal",
        "deemed_withdrawal": "Deemed withdrawn",
        "dismissal": "Suit dismissed",
        "transfer": "Transferred",
        "termination": "Proceedings terminated",
        "unrecorded": "Method not recorded",
        "": "Method not recorded",
    },
    "fee_bearer": {
        "plaintiff": "The plaintiff",
        "defendant": "The defendant",
        "shared": "Shared by proportion",
        "none": "Goes with the transferred case",
    },
    "suspension_reason": {
        "public_notice": "Public notice",
        "appraisal": "Appraisal",
        "settlement": "Settlement talks",
        "jurisdiction_objection": "Objection to jurisdiction",
        "jurisdiction_dispute": "Jurisdiction dispute between courts",
        "stay": "Proceedings suspended (中止)",
    },
    "time_limit_request_kind": {
        "extension": "Extension of the time limit",
    },
    "time_limit_request_decision": {
        "pending": "Awaiting decision",
        "approved": "Approved",
        "refused": "Not approved",
    },
    "served_deadline": {
        "answer": "Answer period",
        "appeal_judgment": "Appeal period (judgment)",
        "appeal_ruling": "Appeal period (ruling)",
        "evidence": "Evidence period",
        "fee_payment": "Fee payment period",
        "property_report": "Period to report property",
    },
    "served_party_role": {
        "plaintiff": "Plaintiff",
        "defendant": "Defendant",
    },
    "court_document_kind": {
        "acceptance_notice": "Notice of acceptance",
        "response_notice": "Notice to respond",
        "evidence_notice": "Notice on evidence",
        "summons": "Summons",
        "fee_notice": "Notice to pay the litigation fee",
        "judgment": "Court judgment",
        "ruling": "Ruling",
        "mediation": "Mediation statement",
    },
    "court_document_status": {
        "draft": "Draft",
        "signed": "Signed under the court's seal",
    },
    "court_document_section": {
        "body": "Text",
        "matters": "Matters notified",
        "claims": "Claims",
        "when": "Time to appear",
        "where": "Place to appear",
        "notes": "Notes",
        "basis": "Basis of the fee",
        "deadline": "Time to pay",
        "address": "Court address",
        "parties": "Parties",
        "history": "Procedural history",
        "defence": "Defence",
        "facts": "Facts found",
        "reasoning": "The court's reasoning",
        "operative": "Operative part",
        "fee": "Litigation fee",
        "appeal": "Right of appeal",
        "agreement": "Mediation agreement",
        "confirmation": "Confirmation",
    },
    "seal_check": {
        "valid": "The seal is valid: the document is intact and was signed by the court.",
        "unsigned": "The file carries no electronic seal.",
        "unreadable": "The file is not a readable signed PDF.",
        "several_signatures": "The file carries more than one signature; a court document carries one seal.",
        "altered": "The document was changed after it was signed.",
        "bad_signature": "The signature does not match the signer's certificate.",
        "not_whole_file": "Content was added after the signature.",
        "untrusted": "The seal was not issued by the court's certificate authority.",
    },
    "enforcement_party_role": {
        "applicant": "Applicant",
        "debtor": "Debtor",
    },
    "enforcement_notice": {
        "execution_notice": "Execution notice",
        "report_order": "Order to report property",
        "consumption_restriction": "Consumption restriction order",
    },
    "closing_kind": {
        "fully_performed": "Fully performed",
        "zhongben": "Terminated this round (终本)",
        "terminated": "Enforcement terminated",
        "withdrawn": "Withdrawn (销案)",
        "not_enforced": "Not enforced",
        "rejected": "Application rejected",
    },
    "termination_ground": {
        "applicant_withdrew": "The applicant withdrew the application",
        "title_set_aside": "The title was set aside",
        "debtor_died_no_estate": "The debtor died leaving no estate or heir",
        "maintenance_creditor_died": "The maintenance creditor died",
        "debtor_destitute": "The debtor is destitute and unable to work",
        "other": "Other ground the court finds",
    },
    "listing_ground": {
        "able_but_refuses": "Able to perform but refuses",
        "obstructs": "Obstructs enforcement by forgery, violence or threats",
        "sham_proceedings": "Evades enforcement by sham proceedings or moving assets",
        "breaches_report_duty": "Breaches the duty to report property",
        "breaches_consumption_restriction": "Breaches the consumption restriction",
        "refuses_settlement": "Refuses to perform a settlement without good reason",
    },
    "enforcement_request": {
        "consumption_restriction": "Restrict the debtor's consumption",
        "dishonest_listing": "List the debtor as dishonest",
        "audit": "Audit the debtor",
        "reward_notice": "Publish a reward notice",
    },
    "enforcement_fact": {
        "report_checked": "The debtor's property report checked",
        "report_breached": "The debtor reported late, refused or lied",
        "report_breach_sanctioned": "The report breach sanctioned",
        "dishonest_listing_conditions_met": "The debtor meets the conditions of the dishonest list",
        "applicant_leads_given": "The applicant gave property leads",
        "applicant_leads_checked": "The applicant's leads checked",
        "on_site_investigation_done": "On-site investigation done",
        "hiding_suspected": "Hidden property or books suspected",
        "search_done": "Search carried out",
        "audit_or_reward_requested": "The applicant asked for an audit or reward notice",
        "audit_or_reward_done": "The audit or reward notice handled",
        "debtor_missing": "The debtor cannot be found",
        "debtor_searched_for": "The missing debtor searched for",
        "obstruction": "Enforcement obstructed",
        "obstruction_sanctioned": "The obstruction sanctioned",
        "applicant_heard": "The applicant informed and heard",
    },
    "zhongben_condition": {
        "execution_notice": "The execution notice has not been sent",
        "report_order": "The order to report property has not been issued",
        "report_checked": "The debtor's property report has not been checked",
        "report_breach_sanctioned": "A late, refused or false report has not been sanctioned",
        "consumption_restriction": "No consumption restriction order has been issued",
        "dishonest_listing": "The debtor meets the conditions of the dishonest list but is not listed",
        "leads_checked": "The applicant's property leads have not been checked",
        "network_inquiry": "The network inquiry has not been completed",
        "on_site_investigation": "What the network could not answer has not been investigated on the spot",
        "search": "Hidden property or books: no search carried out",
        "audit_or_reward": "The applicant's request for an audit or reward notice has not been handled",
        "property_remaining": "Property that can be disposed of remains",
        "three_months": "Three months have not passed since registration",
        "debtor_searched": "The missing debtor has not been searched for",
        "obstruction_sanctioned": "Obstruction of enforcement has not been sanctioned",
        "applicant_heard": "The applicant has not been informed and heard",
    },
    "report_kind": {
        "deposit": "Bank deposits",
        "real_estate": "Real estate",
        "vehicle": "Vehicle",
        "securities": "Securities",
        "equity": "Shares in a company",
        "income": "Income",
    },
    "delisting_reason": {
        "performed": "The obligation has been performed",
        "settlement_performed": "The settlement has been performed",
        "applicant_request": "The applicant asked in writing and the court approved",
        "nothing_found_after_zhongben": "Two inquiries after 终本 found nothing and no lead was given",
        "stayed": "Enforcement stayed for retrial or bankruptcy",
        "enforcement_refused": "Enforcement refused",
        "enforcement_terminated": "Enforcement terminated",
        "term_expired": "The listing term has ended",
    },
}

# What a page shows for a value its kind does not know (never the raw value): `label()` falls back to it.
LABEL_FALLBACKS: dict[str, str] = {
    "case": "Other",
    "case_event": "Other",
    "judge_notice": "Case notice",
    "closing_method": "Other",
    "fee_bearer": "Other",
    "suspension_reason": "Other period the law excludes",
    "time_limit_request_kind": "Period not counted in the time limit",
    "time_limit_request_decision": "Other",
    "channel": "Other channel",
    "service": "Other status",
    "service_attempt": "Other status",
    "served_deadline": "Other period",
    "served_party_role": "Third party",
    "court_document_kind": "Other document",
    "court_document_status": "Other document",
    "court_document_section": "Text",
    "seal_check": "The seal is not valid.",
    "matter_stage": "Other",
    "matter": "Other",
    "enforcement_party_role": "Other",
    "agency_action": "Other",
    "agency_task": "Other",
    "measure_kind": "Other",
    "control_measure": "Other",
    "property": "Other",
    "auction_round": "Other",
    "enforcement_notice": "Other",
    "closing_kind": "Other",
    "termination_ground": "Other",
    "listing_ground": "Other",
    "enforcement_request": "Other",
    "enforcement_fact": "Other",
    "zhongben_condition": "Another condition is not met",
    "report_kind": "Other",
    "delisting_reason": "Other",
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
