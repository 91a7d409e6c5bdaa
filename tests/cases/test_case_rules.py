"""Pure rules behind registration: type codes, written case numbers, fee kinds by cause, limits, case life."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from court.cases.deadlines import time_limit_for
from court.cases.fees import FeeKind, fee_kind_for
from court.cases.lifecycle import CaseStatus, can_move
from court.cases.numbers import format_case_number, type_code_for
from court.cases.procedures import Procedure
from court.cases.search import normalise_case_number
from court.cases.time_limits import TimeLimit
from court.errors import InvalidInput


@pytest.mark.parametrize(
    ("case_type", "procedure", "code"),
    [
        ("civil", Procedure.ORDINARY, "民初"),
        ("civil", Procedure.SUMMARY, "民初"),  # the procedure does not change the first-instance code
        ("civil", Procedure.SMALL_CLAIMS, "民初"),
        ("civil", Procedure.SECOND_INSTANCE, "民终"),
        ("civil", Procedure.SPECIAL, "民特"),
        ("administrative", Procedure.ORDINARY, "行初"),
        ("enforcement", Procedure.ORDINARY, "执"),
        ("criminal_private", Procedure.ORDINARY, "刑初"),
    ],
    ids=lambda v: str(v),
)
def test_type_code_follows_the_spc_standard(case_type: str, procedure: Procedure, code: str) -> None:
    assert type_code_for(case_type, procedure) == code


def test_an_unknown_case_type_has_no_type_code() -> None:
    with pytest.raises(InvalidInput):
        type_code_for("astrology", Procedure.ORDINARY)


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((2022, "浙0106", "民初", 1234), "（2022）浙0106民初1234号"),
        ((2019, "最高法", "民终", 1, "知"), "（2019）最高法知民终1号"),  # 2018 amendment: specialised code
        ((2026, "浙72", "执", 7), "（2026）浙72执7号"),
    ],
)
def test_case_numbers_are_written_in_the_document_form(args: tuple, text: str) -> None:
    assert format_case_number(*args) == text


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("(2022)浙0106民初1234号", "（2022）浙0106民初1234号"),
        ("（2016）浙0103刑初00045号", "（2016）浙0103刑初45号"),
        ("（2025）浙 0113 刑初 59 号", "（2025）浙0113刑初59号"),
        ("浙0106民初", None),
        ("2022浙0106民初1号", None),
    ],
)
def test_typed_case_numbers_are_normalised_for_search(typed: str, stored: str | None) -> None:
    assert normalise_case_number(typed) == stored


@given(
    year=st.integers(1949, 2100),
    serial=st.integers(1, 10**9),
    code=st.sampled_from(["民初", "执", "民终", "行初"]),
)
def test_a_formatted_number_normalises_to_itself(year: int, serial: int, code: str) -> None:
    text = format_case_number(year, "浙0106", code, serial)
    assert normalise_case_number(text) == text
    assert normalise_case_number(text.replace("（", "(").replace("）", ")")) == text


@pytest.mark.parametrize(
    ("case_type", "cause", "amount", "kind"),
    [
        ("civil", "民间借贷纠纷", Decimal("150000"), FeeKind.PROPERTY),  # FM Art 13(1)
        ("civil", "离婚纠纷", None, FeeKind.DIVORCE),  # FM Art 13(2) item 1
        ("civil", "离婚后财产纠纷", Decimal("300000"), FeeKind.PROPERTY),
        ("civil", "名誉权纠纷", None, FeeKind.PERSONALITY),  # FM Art 13(2) item 2
        ("civil", "追索劳动报酬纠纷", Decimal("20000"), FeeKind.LABOUR),  # FM Art 13(4)
        (
            "civil",
            "劳务合同纠纷",
            Decimal("20000"),
            FeeKind.PROPERTY,
        ),  # a civil contract, not a labour dispute
        ("civil", "侵害商标权纠纷", Decimal("50000"), FeeKind.IP),  # FM Art 13(3)
        ("civil", "排除妨害纠纷", None, FeeKind.OTHER_NON_PROPERTY),  # FM Art 13(2) item 3
        ("administrative", "", None, FeeKind.ADMINISTRATIVE),  # FM Art 13(5)
        ("enforcement", "", Decimal("1000000"), FeeKind.ENFORCEMENT),  # FM Art 14(1)
    ],
)
def test_fee_kind_follows_case_type_and_cause(
    case_type: str, cause: str, amount: Decimal | None, kind: FeeKind
) -> None:
    assert fee_kind_for(case_type, cause, amount) is kind


@pytest.mark.parametrize(
    ("case_type", "procedure", "limit"),
    [
        ("civil", "ordinary", TimeLimit.ORDINARY),  # CPL Art 152
        ("civil", "summary", TimeLimit.SUMMARY),  # CPL Art 164
        ("civil", "small_claims", TimeLimit.SMALL_CLAIMS),  # CPL Art 168
        ("civil", "second_instance", TimeLimit.APPEAL_JUDGMENT),  # CPL Art 183
        ("enforcement", "ordinary", TimeLimit.ENFORCEMENT),
        ("civil", "special", TimeLimit.SPECIAL),  # CPL Art 187: 30 days
        ("civil", "retrial", None),  # CPL Art 218: the limits of the procedure it is retried under
        ("administrative", "ordinary", TimeLimit.ADMINISTRATIVE_FIRST),  # ALL Art 81
        ("administrative", "summary", TimeLimit.ADMINISTRATIVE_SUMMARY),  # ALL Art 83
        ("administrative", "second_instance", TimeLimit.ADMINISTRATIVE_APPEAL),  # ALL Art 88
    ],
)
def test_the_limit_running_from_registration(case_type: str, procedure: str, limit: TimeLimit | None) -> None:
    assert time_limit_for(case_type, procedure) == limit


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (CaseStatus.REGISTERED, CaseStatus.ASSIGNED, True),
        (
            CaseStatus.REGISTERED,
            CaseStatus.HEARING_SCHEDULED,
            False,
        ),  # no hearing before a judge has the case
        (CaseStatus.ASSIGNED, CaseStatus.CLOSED, True),  # withdrawal or mediation without a hearing
        (CaseStatus.HEARD, CaseStatus.HEARING_SCHEDULED, True),  # a further hearing
        (CaseStatus.JUDGED, CaseStatus.HEARD, False),
        (CaseStatus.CLOSED, CaseStatus.ARCHIVED, True),
        (CaseStatus.ARCHIVED, CaseStatus.CLOSED, False),
    ],
)
def test_case_life_moves_forward_only(current: CaseStatus, target: CaseStatus, allowed: bool) -> None:
    assert can_move(current, target) is allowed
