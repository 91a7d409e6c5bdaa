"""Tables of appeals (上诉): one appeal per party against one decision, with its dossier manifest (卷宗移送清单)."""

from piccolo.columns import JSON, Date, ForeignKey, Integer, Numeric, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from court.cases.tables import Case, CaseParty
from court.documents.tables import CourtDocument


class Appeal(Table, tablename="court_appeal"):
    """A party's appeal (上诉) against a judgment or ruling of first instance. (document, party) is unique: the same
    party appealing the same decision twice finds its first appeal."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, index=True)  # the first-instance case
    document = ForeignKey(references=CourtDocument, index=True)  # the decision appealed
    party = ForeignKey(references=CaseParty, index=True)  # the appellant
    court_code = Varchar(length=16, index=True)  # the court of first instance
    appeal_court_code = Varchar(length=16, index=True)  # the court of second instance (上一级人民法院)
    status = Varchar(length=16, default="filed", index=True)  # court.appeals.status.AppealStatus
    grounds = Text(default="")  # 上诉理由
    claims = Text(default="")  # 上诉请求
    amount = Numeric(digits=(16, 2), null=True, default=None)  # the amount appealed (Fee Measures Art 17)
    fee = Numeric(digits=(16, 2), null=True, default=None)
    fee_assessment = JSON(default={})  # fees.fee_to_json of the appeal fee
    served_on = Date()  # the appellant's service of the decision: the period ran from it (CPL Art 171)
    last_day = Date()  # the last day of the appeal period (the deadline engine)
    period = JSON(default={})  # the engine's answer: rule, article
    filed_on = Date()
    filed_by = Integer(null=True, default=None)
    filed_at = Timestamptz(default=TimestamptzNow())
    upload_key = Varchar(
        length=160, null=True, default=None
    )  # the appellant's 上诉状 upload, content-addressed
    upload_sha256 = Varchar(length=64, null=True, default=None)
    upload_name = Varchar(length=255, default="")
    manifest = JSON(default=[])  # the dossier forwarded: every document with its sha256 (CPL Art 174)
    manifest_sha256 = Varchar(length=64, null=True, default=None)
    forwarded_at = Timestamptz(null=True, default=None)
    forwarded_by = Integer(null=True, default=None)
    verification = JSON(default={})  # the second-instance court's check of every hash against the manifest
    second_case = Integer(null=True, default=None, index=True)  # the 民终 case
    outcome = Varchar(length=16, default="")  # court.appeals.status.AppealOutcome once decided
    decided_on = Date(null=True, default=None)
    decision_document = Integer(null=True, default=None)  # the 民终 judgment
