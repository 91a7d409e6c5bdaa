"""The electronic seal (电子签章): a court CA, each court's signing certificate, PAdES signatures and their check.

Keys live in files under the signing directory (COURT_SIGNING_DIR), never in the database:

    ca/key.pem  ca/cert.pem              the court CA (created by `court seed`, or on first use)
    courts/<hex of the court code>/      one court's key and certificate, issued by the CA on the court's first signature

A signed document is a PDF signature (PAdES baseline B, ETSI.CAdES.detached, via pyHanko) over the whole file by
the court's key. A check passes only when the signature is intact, covers the whole file, and its certificate
chains to this installation's CA: a document signed under another CA, or changed by one byte, fails.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# Room kept in the PDF for the CMS signature: an ECDSA P-256 signature with the court's and the CA's certificates is
# about 1.5 KB. Saying so spares pyHanko a trial signature to measure it (which doubled the cost of signing).
SIGNATURE_BYTES = 8192
CA_YEARS = 20
COURT_CERT_YEARS = 5
SIGNATURE_FIELD = "CourtSeal"


class SigningKey(msgspec.Struct, frozen=True):
    """A court's signing certificate and key, as PEM, with the CA certificate that issued it."""

    court_code: str
    court_name: str
    key_pem: bytes
    cert_pem: bytes
    ca_cert_pem: bytes


class SignatureCheck(msgspec.Struct, frozen=True):
    """The answer of `court verify-signature` and of the /verify page."""

    valid: bool
    document_sha256: str
    reason: str  # why it is valid or not, in words
    outcome: str = "valid"  # the same as a stable code a page translates: valid, unreadable, unsigned, ...
    signer_court: str | None = None
    signer_court_code: str | None = None
    signed_at: datetime | None = None
    signing_reason: str | None = None  # the reason written into the signature (签章事由)


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    # Two processes signing for a new court at once must not issue two certificates: one file lock per directory.
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    with (directory / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write(path: Path, data: bytes, mode: int) -> None:
    temporary = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(temporary, path)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def ensure_ca(signing_dir: Path, *, now: datetime | None = None) -> bytes:
    """Create the court CA once (idempotent) and return its certificate (PEM)."""
    folder = signing_dir / "ca"
    cert_path = folder / "cert.pem"
    if cert_path.exists():
        return cert_path.read_bytes()
    with _locked(folder):
        if cert_path.exists():
            return cert_path.read_bytes()
        now = now or datetime.now(UTC)
        # ECDSA P-256: what PDF readers verify, fast to sign with and quick to create lazily per court.
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Court"),
                x509.NameAttribute(NameOID.COMMON_NAME, "人民法院电子签章根证书 (Court seal CA)"),
            ]
        )
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=365 * CA_YEARS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=False,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        _write(folder / "key.pem", _key_pem(key), 0o600)
        pem = cert.public_bytes(serialization.Encoding.PEM)
        _write(cert_path, pem, 0o644)
        return pem


def _court_folder(signing_dir: Path, court_code: str) -> Path:
    # Court codes are Chinese (浙0106): the folder is named by their UTF-8 bytes in hex, safe on any file system.
    return signing_dir / "courts" / court_code.encode().hex()


def court_key(
    signing_dir: Path, court_code: str, court_name: str, *, now: datetime | None = None
) -> SigningKey:
    """The court's signing key and certificate, issued by the CA the first time the court signs."""
    ca_pem = ensure_ca(signing_dir, now=now)
    folder = _court_folder(signing_dir, court_code)
    if not (folder / "cert.pem").exists():
        with _locked(folder):
            if not (folder / "cert.pem").exists():
                _issue(signing_dir, folder, court_code, court_name, now or datetime.now(UTC))
    return SigningKey(
        court_code=court_code,
        court_name=court_name,
        key_pem=(folder / "key.pem").read_bytes(),
        cert_pem=(folder / "cert.pem").read_bytes(),
        ca_cert_pem=ca_pem,
    )


def _issue(signing_dir: Path, folder: Path, court_code: str, court_name: str, now: datetime) -> None:
    ca_key = serialization.load_pem_private_key((signing_dir / "ca" / "key.pem").read_bytes(), password=None)
    ca_cert = x509.load_pem_x509_certificate((signing_dir / "ca" / "cert.pem").read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, court_name),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{court_name}电子签章"),
            # The court code (法院代字) read back on checking; serialNumber would need PrintableString, and 浙 is not.
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, court_code),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=365 * COURT_CERT_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())  # type: ignore[arg-type]
    )
    _write(folder / "key.pem", _key_pem(key), 0o600)
    _write(folder / "cert.pem", cert.public_bytes(serialization.Encoding.PEM), 0o644)


def _asn1_cert(pem: bytes) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(
        x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    )


@functools.lru_cache(maxsize=64)
def _signer(key: SigningKey) -> Any:
    """pyHanko's signer for a court key, built once per process: parsing the PEM and the certificates into ASN.1
    objects each time cost as much as a tenth of a signature."""
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    private = serialization.load_pem_private_key(key.key_pem, password=None)
    signing_key = asn1_keys.PrivateKeyInfo.load(
        private.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    ca = _asn1_cert(key.ca_cert_pem)
    # The CA's certificate is not embedded: whoever checks must hold it as a trust root anyway (a root that comes
    # with the signature proves nothing), and leaving it out makes every signature smaller and quicker.
    return signers.SimpleSigner(
        signing_cert=_asn1_cert(key.cert_pem),
        signing_key=signing_key,
        cert_registry=SimpleCertificateStore.from_certs([ca]),
        embed_roots=False,
    )


def sign_pdf(pdf: bytes, key: SigningKey, *, reason: str, location: str = "") -> bytes:
    """Sign `pdf` under the court's seal: an incremental update holding a PAdES signature over the whole file."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=reason,
        location=location or key.court_name,
        name=key.court_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False),
        meta,
        signer=_signer(key),
        bytes_reserved=SIGNATURE_BYTES,
    )
    return out.getvalue()


def _subject(cert: asn1_x509.Certificate, field: str) -> str | None:
    value = cert.subject.native.get(field)
    return str(value) if value else None


def verify_pdf(data: bytes, ca_cert_pem: bytes) -> SignatureCheck:
    """Check the court seal on `data` against the CA: intact, covering the whole file, and issued by this CA."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    digest = hashlib.sha256(data).hexdigest()

    def invalid(outcome: str, why: str, **found: object) -> SignatureCheck:
        return SignatureCheck(valid=False, document_sha256=digest, reason=why, outcome=outcome, **found)  # type: ignore[arg-type]

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:  # noqa: BLE001 - any parse failure of an untrusted file means "not a valid signed PDF"
        return invalid("unreadable", f"not a readable PDF: {exc}")
    if not signatures:
        return invalid("unsigned", "the PDF carries no signature")
    if len(signatures) != 1:
        return invalid(
            "several_signatures",
            f"the PDF carries {len(signatures)} signatures; a court document carries one seal",
        )
    signature = signatures[0]
    padding = _padding_problem(signature)
    if padding:
        return invalid("altered", padding)
    try:
        context = ValidationContext(trust_roots=[_asn1_cert(ca_cert_pem)], allow_fetching=False)
        status = validate_pdf_signature(signature, context)
    except Exception as exc:  # noqa: BLE001 - a signature that cannot even be read is invalid, not a server error
        return invalid("unreadable", f"the signature cannot be read: {exc}")
    cert = status.signing_cert
    found: dict[str, object] = {
        "signer_court": _subject(cert, "organization_name") if cert else None,
        "signer_court_code": _subject(cert, "organizational_unit_name") if cert else None,
        "signed_at": status.signer_reported_dt,
        "signing_reason": _reason(signature),
    }
    if not status.intact:
        return invalid(
            "altered", "the document was changed after it was signed (its digest does not match)", **found
        )
    if not status.valid:
        return invalid(
            "bad_signature", "the signature does not verify with the signer's certificate", **found
        )
    if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
        return invalid(
            "not_whole_file",
            "bytes were added after the signature (it does not cover the whole file)",
            **found,
        )
    if not status.trusted:
        return invalid("untrusted", "the signing certificate was not issued by this court's CA", **found)
    return SignatureCheck(
        valid=True,
        document_sha256=digest,
        reason="intact, covers the whole file, issued by the court CA",
        **found,  # type: ignore[arg-type]
    )


def _padding_problem(signature: Any) -> str | None:
    """The signature's /Contents is reserved larger than the CMS it holds and filled with zeros. Those bytes are
    outside what is signed and a CMS parser stops at the end of its DER, so a change there would pass unnoticed:
    every byte after the DER must still be zero."""
    from asn1crypto import parser

    try:
        contents = bytes(signature.sig_object["/Contents"])
        _, _, _, header, body, trailer = parser.parse(contents)
    except Exception as exc:  # noqa: BLE001 - an unreadable signature value is an altered one
        return f"the signature value cannot be read: {exc}"
    used = len(header) + len(body) + len(trailer)
    if any(contents[used:]):
        return "bytes after the signature value were changed"
    return None


def _reason(signature: object) -> str | None:
    try:
        value = signature.sig_object.get("/Reason")  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001
        return None
    return str(value) if value is not None else None
