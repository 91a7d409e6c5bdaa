"""The electronic seal (电子签章): PAdES signatures by a court's key, checked against the court CA; tampering fails."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from court.cli import main
from court.documents.drafting import CaseFacts, ClaimFacts, PartyFacts, draft
from court.documents.kinds import DocumentKind
from court.documents.render import Seal, render_pdf
from court.documents.signing import court_key, ensure_ca, sign_pdf, verify_pdf

XIHU, XIHU_NAME = "浙0106", "杭州市西湖区人民法院"


def _unsigned_ruling(serial: int) -> bytes:
    """A ruling (裁定书) of （2026）浙0106民初<serial>号 rendered as PDF, signed by no one yet."""
    facts = CaseFacts(
        court_name=XIHU_NAME,
        number=f"（2026）浙0106民初{serial}号",
        case_type="civil",
        cause_name="买卖合同纠纷",
        procedure="ordinary",
        registered_on=date(2026, 3, 2),
        parties=[PartyFacts("plaintiff", "王丽华")],
        claims=[],
    )
    return render_pdf(draft(DocumentKind.RULING, facts))


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes, Path]:
    folder = tmp_path_factory.mktemp("signing")
    facts = CaseFacts(
        court_name=XIHU_NAME,
        number="（2026）浙0106民初7号",
        case_type="civil",
        cause_name="买卖合同纠纷",
        procedure="summary",
        registered_on=date(2026, 3, 2),
        parties=[PartyFacts("plaintiff", "王丽华"), PartyFacts("defendant", "陈建国")],
        claims=[ClaimFacts("判令被告支付货款")],
        fee="1150.00",
        judge_name="赵法官",
    )
    pdf = render_pdf(
        draft(DocumentKind.JUDGMENT, facts),
        seal=Seal(date(2026, 12, 6), XIHU_NAME, "ABCD-EFGH-JKLM-NPQR", "http://court.test/verify"),
    )
    key = court_key(folder, XIHU, XIHU_NAME)
    return sign_pdf(pdf, key, reason="电子签章：民事判决书"), key.ca_cert_pem, folder


def test_a_signed_document_verifies_with_its_court_and_time(signed: tuple[bytes, bytes, Path]) -> None:
    data, ca, _ = signed
    check = verify_pdf(data, ca)
    assert check.valid, check.reason
    assert (check.signer_court, check.signer_court_code) == (XIHU_NAME, XIHU)
    assert check.signed_at is not None and check.signing_reason == "电子签章：民事判决书"
    # PAdES: the signature dictionary says ETSI.CAdES.detached.
    fields = PdfReader(__import__("io").BytesIO(data)).get_fields() or {}
    assert fields["CourtSeal"]["/V"]["/SubFilter"] == "/ETSI.CAdES.detached"


@pytest.mark.parametrize("where", [0.1, 0.3, 0.5, 0.7, 0.9, 0.995])
def test_one_changed_byte_anywhere_makes_the_document_invalid(
    signed: tuple[bytes, bytes, Path], where: float
) -> None:
    data, ca, _ = signed
    tampered = bytearray(data)
    position = int(len(data) * where)
    tampered[position] = (tampered[position] + 1) % 256
    check = verify_pdf(bytes(tampered), ca)
    assert not check.valid, f"byte {position} of {len(data)} changed and still valid"


def test_a_changed_byte_at_every_step_through_the_file_is_caught(signed: tuple[bytes, bytes, Path]) -> None:
    # Through the whole file — page content, fonts, the signature dictionary, the signature value and the zero
    # padding reserved after it — in about 150 steps, plus every position of the signature value's last 64 bytes.
    data, ca, _ = signed
    start = data.index(b"/Contents <") + len(b"/Contents <")
    end = data.index(b">", start)
    positions = [*range(0, len(data), max(1, len(data) // 150)), *range(end - 64, end)]
    for position in positions:
        tampered = bytearray(data)
        tampered[position] = ord("1") if tampered[position] == ord("0") else (tampered[position] + 1) % 256
        assert not verify_pdf(bytes(tampered), ca).valid, (
            f"byte {position} of {len(data)} changed and still valid"
        )


def test_the_changed_text_itself_is_caught(signed: tuple[bytes, bytes, Path]) -> None:
    data, ca, _ = signed
    # The signed bytes hold the verification code in the page content: change one of its letters.
    position = data.find(b"/Title (")
    assert position > 0
    tampered = data[: position + 8] + bytes([data[position + 8] ^ 0x01]) + data[position + 9 :]
    assert not verify_pdf(tampered, ca).valid


def test_bytes_appended_after_the_signature_are_refused(signed: tuple[bytes, bytes, Path]) -> None:
    data, ca, _ = signed
    check = verify_pdf(data + b"\n%%EOF\n", ca)
    assert not check.valid


def test_a_document_signed_under_another_ca_is_invalid(
    signed: tuple[bytes, bytes, Path], tmp_path: Path
) -> None:
    data, ca, _ = signed
    stranger = court_key(tmp_path, XIHU, XIHU_NAME)  # same court name, a CA of its own
    forged = sign_pdf(
        _unsigned_ruling(8),
        stranger,
        reason="伪造",
    )
    assert verify_pdf(forged, stranger.ca_cert_pem).valid  # valid under its own CA ...
    check = verify_pdf(forged, ca)  # ... not under the court's
    assert not check.valid and "CA" in check.reason


def test_an_unsigned_or_broken_pdf_is_invalid_not_an_error(signed: tuple[bytes, bytes, Path]) -> None:
    _, ca, _ = signed
    assert verify_pdf(b"not a pdf at all", ca).valid is False
    unsigned = _unsigned_ruling(9)
    check = verify_pdf(unsigned, ca)
    assert not check.valid and "no signature" in check.reason


def test_the_ca_and_a_court_certificate_are_made_once(tmp_path: Path) -> None:
    first = ensure_ca(tmp_path)
    assert ensure_ca(tmp_path) == first
    key = court_key(tmp_path, XIHU, XIHU_NAME)
    assert court_key(tmp_path, XIHU, XIHU_NAME).cert_pem == key.cert_pem
    assert (tmp_path / "ca" / "key.pem").stat().st_mode & 0o077 == 0  # the keys are the owner's alone


def test_the_verify_signature_command_prints_json_and_exits_by_validity(
    signed: tuple[bytes, bytes, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data, _, folder = signed
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(data)
    bad.write_bytes(data[:1000] + bytes([data[1000] ^ 0x20]) + data[1001:])
    monkeypatch.setenv("COURT_SIGNING_DIR", str(folder))
    assert main(["verify-signature", str(good)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["valid"] is True and out["signer_court"] == XIHU_NAME and out["signed_at"]
    assert out["document_sha256"] == __import__("hashlib").sha256(data).hexdigest()
    assert main(["verify-signature", str(bad)]) == 1
    assert json.loads(capsys.readouterr().out)["valid"] is False
