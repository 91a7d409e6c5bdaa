"""Tables of accounts: users bound to roles and courts, and their credentials (sessions and API tokens)."""

from piccolo.columns import JSON, BigInt, Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class User(Table, tablename="court_user"):
    """A person who uses the court: litigant, lawyer, clerk, judge, ... (用户)."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    username = Varchar(length=64, unique=True, index=True)
    display_name = Varchar(length=128)
    password_hash = Varchar(length=255)
    role = Varchar(length=32, index=True)
    court_code = Varchar(length=16, null=True, default=None, index=True)
    division = Varchar(length=64, null=True, default=None)
    id_number = Varchar(length=18, null=True, default=None, index=True)
    phone = Varchar(length=32, null=True, default=None)
    locale = Varchar(length=8, default="zh_CN")
    active = Boolean(default=True)
    failed_logins = Integer(default=0)
    locked_until = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class Credential(Table, tablename="court_credential"):
    """A bearer secret: a sign-in session or an API token with scopes and an expiry. Only its hash is kept."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    user = ForeignKey(references=User, index=True)
    kind = Varchar(length=16)  # "session" or "api_token"
    token_hash = Varchar(length=64, unique=True, index=True)
    label = Varchar(length=128, default="")
    scopes = JSON(default=[])
    terminal_id = Integer(null=True, default=None)  # a session opened on a shared-court terminal
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)


class SignInBackoff(Table, tablename="court_sign_in_backoff"):
    """Failed sign-ins of one (username, client) pair and how long that pair must wait; see accounts.backoff.

    The key is a hash, so the table holds neither usernames nor addresses; times are Unix seconds, compared in SQL
    the same way on SQLite and PostgreSQL."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    key = Varchar(length=64, unique=True)  # sha256 of (normalised username, client)
    failures = Integer(default=0)  # attempts since the last success, counted before the password is checked
    last_attempt_at = BigInt(default=0, index=True)
    blocked_until = BigInt(default=0)
