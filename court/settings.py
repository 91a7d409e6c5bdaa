"""Settings: one object, read once from the COURT_* environment variables and validated."""

from __future__ import annotations

import functools
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from court.errors import InvalidSetting

PREFIX = "COURT_"


@dataclass(frozen=True, slots=True)
class DatabaseLocation:
    """Where the database is: an SQLite file or a PostgreSQL server."""

    engine: str  # "sqlite" or "postgres"
    path: Path | None = None  # sqlite
    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "postgres"
    password: str = ""
    database: str = "court"


@dataclass(frozen=True, slots=True)
class StorageLocation:
    """Where blobs are: a local folder or an S3 (MinIO) bucket."""

    kind: str  # "file" or "s3"
    path: Path | None = None
    endpoint: str = ""
    access_key: str = ""
    secret_key: str = ""
    bucket: str = ""
    secure: bool = True
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    """The service's configuration (one per process), from COURT_* variables."""

    database_url: str = "sqlite:var/court.sqlite3"
    storage_url: str = "file:var/blobs"
    redis_url: str = ""  # empty: jobs run in-process (the embedded default)
    secret_key: str = ""
    max_upload_bytes: int = 200 * 1024 * 1024
    upload_chunk_bytes: int = 8 * 1024 * 1024
    pdf_max_pages: int = 5000
    pdf_cpu_seconds: int = 10
    pdf_memory_mb: int = 1024
    default_locale: str = "zh_CN"
    host: str = "127.0.0.1"
    port: int = 8000
    debug: bool = False
    orphan_grace_hours: int = 24
    registration_service_minutes: int = 30
    var_dir: str = "var"
    signing_dir: str = ""  # the court CA and the courts' signing keys (电子签章); "": <var_dir>/signing
    public_url: str = ""  # the address printed on signed documents for /verify; "": http://<host>:<port>
    # Comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For names the client (rate limits, sign-in
    # back-off); empty: no proxy is trusted and the peer address is the client.
    trusted_proxies: str = ""
    # Service by e-mail (电子送达): the SMTP server that accepts the court's mail. "" host: e-mail service is off.
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "court@localhost"
    smtp_tls: bool = False  # STARTTLS before authenticating
    # Reminders before a party's deadline lapses (court.serving.reminders): this many days before its last day.
    deadline_reminder_days: int = 3
    # A PostgreSQL streaming replica for reads that may lag (court/replica.py); empty: every read on the primary.
    database_replica_url: str = ""
    # Fees paid (court.payments): the payment platform adapter ("simulated" ships for development and tests) and the
    # key its callbacks are signed with; "": derived from COURT_SECRET_KEY.
    payment_platform: str = "simulated"
    payment_callback_secret: str = ""
    # Start-up chatter (Piccolo's migration lines, pip, jieba's dictionary loading): shown only when true (scripts/serve --verbose).
    verbose: bool = False
    # The argon2 cost of new password hashes: "standard" (argon2-cffi's defaults, ~0.2 s of CPU each). "test" (the
    # cost the demo users are hashed with) is for the test harness only: it is set in code (tests/conftest.py
    # make_settings) and no COURT_* variable can ask for it, so a deployment always hashes at full cost.
    password_hash_cost: str = "standard"

    @property
    def database(self) -> DatabaseLocation:
        return parse_database_url(self.database_url)

    @property
    def storage(self) -> StorageLocation:
        return parse_storage_url(self.storage_url)

    @property
    def signing_path(self) -> Path:
        return Path(self.signing_dir) if self.signing_dir else Path(self.var_dir) / "signing"

    @property
    def verify_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/") + "/verify"

    @property
    def trusted_proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return parse_trusted_proxies(self.trusted_proxies)

    @property
    def jobs_in_process(self) -> bool:
        return not self.redis_url

    def masked(self) -> dict[str, object]:
        """The effective settings with every secret replaced, for `court config` and logs."""
        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "secret_key":
                value = "***" if value else "(generated per process)"
            elif f.name == "smtp_password":
                value = "***" if value else ""
            elif f.name == "payment_callback_secret":
                value = "***" if value else "(derived from secret_key)"
            elif f.name.endswith("_url") and isinstance(value, str):
                value = mask_url(value)
            out[f.name] = value
        return out


# Settings no COURT_* variable may set (they are set in code only): the test harness's cheaper password hashing.
NOT_FROM_ENVIRONMENT = frozenset({"password_hash_cost"})
PASSWORD_HASH_COSTS = ("standard", "test")

# COURT_* variables that nlp.ocr reads itself (engine, threads, the detector's image side): see nlp/ocr.py.
READ_BY_NLP = frozenset({"ocr_engine", "ocr_threads", "ocr_detect_side"})

_SECRET_SETTINGS = {"secret_key", "payment_callback_secret", "smtp_password"}


def mask_url(url: str) -> str:
    """Hide the password part of a URL (user:password@host)."""
    parts = urlsplit(url)
    if parts.password is None and "@" not in parts.netloc:
        return url
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[-1]
    return url.replace(parts.netloc, f"{user}:***@{host}", 1)


@functools.lru_cache(maxsize=16)
def parse_trusted_proxies(value: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """COURT_TRUSTED_PROXIES: "10.0.0.0/8, 127.0.0.1" → networks (a bare address is a network of one)."""
    networks = []
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            networks.append(ip_network(part, strict=False))
        except ValueError:
            raise InvalidSetting(
                "COURT_TRUSTED_PROXIES", f"not an IP address or CIDR network: {part!r}"
            ) from None
    return tuple(networks)


def parse_database_url(url: str) -> DatabaseLocation:
    if url.startswith("sqlite:"):
        raw = url[len("sqlite:") :]
        raw = raw[2:] if raw.startswith("//") else raw
        if not raw:
            raise InvalidSetting(
                "COURT_DATABASE_URL", "sqlite: needs a file path, e.g. sqlite:var/court.sqlite3"
            )
        return DatabaseLocation(engine="sqlite", path=Path(raw))
    parts = urlsplit(url)
    if parts.scheme in ("postgres", "postgresql"):
        try:
            port = parts.port or 5432
        except ValueError as exc:
            raise InvalidSetting("COURT_DATABASE_URL", f"bad port: {exc}") from None
        return DatabaseLocation(
            engine="postgres",
            host=parts.hostname or "127.0.0.1",
            port=port,
            user=unquote(parts.username or "postgres"),
            password=unquote(parts.password or ""),
            database=(parts.path or "/court").lstrip("/") or "court",
        )
    raise InvalidSetting(
        "COURT_DATABASE_URL",
        "must start with sqlite: or postgres:// (e.g. postgres://user@127.0.0.1:5432/court)",
    )


def parse_storage_url(url: str) -> StorageLocation:
    if url.startswith("file:"):
        raw = url[len("file:") :]
        raw = raw[2:] if raw.startswith("//") else raw
        if not raw:
            raise InvalidSetting("COURT_STORAGE_URL", "file: needs a folder, e.g. file:var/blobs")
        return StorageLocation(kind="file", path=Path(raw))
    parts = urlsplit(url)
    if parts.scheme == "s3":
        bucket = parts.path.strip("/")
        if not parts.hostname or not bucket:
            raise InvalidSetting("COURT_STORAGE_URL", "s3 needs s3://ACCESS_KEY:SECRET_KEY@HOST:PORT/BUCKET")
        if not parts.username or parts.password is None:
            raise InvalidSetting("COURT_STORAGE_URL", "s3 needs the access key and secret key before @")
        try:
            port = parts.port
        except ValueError as exc:
            raise InvalidSetting("COURT_STORAGE_URL", f"bad port: {exc}") from None
        query = parse_qs(parts.query)
        secure = query.get("secure", ["true"])[0].lower() not in ("false", "0", "no")
        endpoint = parts.hostname + (f":{port}" if port else "")
        return StorageLocation(
            kind="s3",
            endpoint=endpoint,
            access_key=unquote(parts.username),
            secret_key=unquote(parts.password),
            bucket=bucket,
            secure=secure,
            region=query.get("region", [None])[0],
        )
    raise InvalidSetting(
        "COURT_STORAGE_URL", "must be file:PATH or s3://ACCESS_KEY:SECRET_KEY@HOST:PORT/BUCKET"
    )


def _convert(name: str, raw: str, default: object) -> object:
    env = PREFIX + name.upper()
    if isinstance(default, bool):
        low = raw.strip().lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off", ""):
            return False
        raise InvalidSetting(env, f"expected true or false, got {raw!r}")
    if isinstance(default, int):
        try:
            value = int(raw)
        except ValueError:
            raise InvalidSetting(env, f"expected a whole number, got {raw!r}") from None
        if value <= 0 and name not in ("orphan_grace_hours",):
            raise InvalidSetting(env, f"must be positive, got {value}")
        return value
    return raw


def load_settings(environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Read COURT_* variables (unknown COURT_* names are refused) and validate them."""
    env = os.environ if environ is None else environ
    base = Settings()
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, object] = {}
    for key, raw in env.items():
        if not key.startswith(PREFIX):
            continue
        name = key[len(PREFIX) :].lower()
        if name not in known or name in NOT_FROM_ENVIRONMENT:
            # COURT_TEST_* belong to the test harness and scripts/test (COURT_TEST_WORKERS, COURT_TEST_PG_*), and the
            # OCR tuning variables are read by nlp.ocr, which may not import court: neither is this object's to refuse.
            if name.startswith("test_") or name in READ_BY_NLP:
                continue
            names = ", ".join(PREFIX + n.upper() for n in known if n not in NOT_FROM_ENVIRONMENT)
            raise InvalidSetting(key, f"unknown setting; known: {names}")
        values[name] = _convert(name, raw, getattr(base, name))
    values.update(overrides)
    settings = replace(base, **values)  # type: ignore[arg-type]
    settings.database  # noqa: B018 - validates the URL
    settings.storage  # noqa: B018
    settings.trusted_proxy_networks  # noqa: B018 - validates COURT_TRUSTED_PROXIES
    if settings.database_replica_url:
        if (
            parse_database_url(settings.database_replica_url).engine != "postgres"
            or settings.database.engine != "postgres"
        ):
            raise InvalidSetting(
                "COURT_DATABASE_REPLICA_URL", "a replica needs postgres:// URLs for it and COURT_DATABASE_URL"
            )
    if settings.redis_url and not settings.redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise InvalidSetting("COURT_REDIS_URL", "must be redis://HOST:PORT/DB (or empty for in-process jobs)")
    if settings.password_hash_cost not in PASSWORD_HASH_COSTS:
        raise InvalidSetting("password_hash_cost", f"must be one of {', '.join(PASSWORD_HASH_COSTS)}")
    if settings.default_locale not in ("zh_CN", "en"):
        raise InvalidSetting("COURT_DEFAULT_LOCALE", "must be zh_CN or en")
    if settings.upload_chunk_bytes < 5 * 1024 * 1024:
        # S3 multipart parts other than the last must be at least 5 MiB.
        raise InvalidSetting(
            "COURT_UPLOAD_CHUNK_BYTES", "must be at least 5242880 (5 MiB, the S3 part minimum)"
        )
    if not settings.secret_key:
        settings = replace(settings, secret_key=secrets.token_urlsafe(32))
    elif len(settings.secret_key) < 16:
        raise InvalidSetting("COURT_SECRET_KEY", "must be at least 16 characters")
    return settings
