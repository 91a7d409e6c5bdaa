"""What a username and a password must be: one canonical form per username, and no guessable password.

Usernames are compared in their NFKC case-folded form (Unicode's NFKC_Casefold, UAX #15 / UAX #31), so `Alice`,
`ＡＬＩＣＥ` (full-width) and `alice` are one account; characters that cannot be seen or that reorder text
(control, format — zero-width, bidi — and separators) are refused rather than silently dropped, so no two spellings
of one name differ by something the reader cannot see.

Passwords follow NIST SP 800-63B §5.1.1.2: a minimum length, and a check against values known to be commonly used;
here zxcvbn's list of the 30,000 most common passwords (from leaked password sets), its estimate of how quickly the
password is guessed, and the username itself.
"""

from __future__ import annotations

import unicodedata

from court.errors import InvalidInput
from court.i18n import msg

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; a bound keeps a megabyte "password" from costing CPU
MAX_USERNAME_LENGTH = 64
# zxcvbn's score runs 0 (guessed within 10^3 tries) to 4; below 2 is guessed within 10^6 tries even at a throttled
# online rate (zxcvbn's README), i.e. a password a back-off alone cannot protect.
MIN_ZXCVBN_SCORE = 2
_ZXCVBN_MAX_INPUT = 100  # zxcvbn's cost grows with the length; the first 100 characters decide its score

# Unicode general categories refused in a username: Cc control, Cf format (zero-width space/joiners, BOM, bidi
# embeddings, overrides and isolates, soft hyphen), Cs surrogates, Co private use, Cn unassigned, Z* separators.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


def _invisible(text: str) -> str | None:
    for ch in text:
        if unicodedata.category(ch) in _REFUSED_CATEGORIES:
            return f"U+{ord(ch):04X}"
    return None


def _refuse_invisible(text: str) -> None:
    bad = _invisible(text)
    if bad is not None:
        raise InvalidInput(
            msg("the username contains an invisible or control character (%(bad)s)", bad=bad),
            field="username",
            message_key="username_invisible_character",
            reason="username_invisible_character",
            character=bad,
        )


def normalize_username(raw: str) -> str:
    """The stored and looked-up form of a username; InvalidInput (field `username`) when it cannot be one."""
    text = raw.strip()
    _refuse_invisible(text)
    # NFKC_Casefold: NFKC, case folding, NFKC again (folding can undo normalisation, e.g. U+0345).
    name = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    _refuse_invisible(name)  # NFKC can map a visible compatibility character to a space (U+3000 → U+0020)
    if not 1 <= len(name) <= MAX_USERNAME_LENGTH:
        raise InvalidInput(
            msg(
                "the username must be 1–%(MAX_USERNAME_LENGTH)s characters",
                MAX_USERNAME_LENGTH=MAX_USERNAME_LENGTH,
            ),
            field="username",
            message_key="username_length",
            reason="username_length",
            max_length=MAX_USERNAME_LENGTH,
        )
    return name


def _refuse(code: str, detail: str, field: str, **params: object) -> InvalidInput:
    return InvalidInput(detail, field=field, message_key=code, reason=code, **params)


def check_password(password: str, username: str, *, field: str = "password") -> None:
    """Refuse a password that is short, contains the username, or is common or quickly guessed."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise _refuse(
            "password_too_short",
            f"the password must have at least {MIN_PASSWORD_LENGTH} characters",
            field,
            min_length=MIN_PASSWORD_LENGTH,
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise _refuse(
            "password_too_long",
            f"the password may have at most {MAX_PASSWORD_LENGTH} characters",
            field,
            max_length=MAX_PASSWORD_LENGTH,
        )
    try:
        password.encode()
    except UnicodeEncodeError:
        # An unpaired surrogate (from a form or a client's broken encoding) cannot be hashed.
        raise _refuse(
            "password_invalid_character", "the password contains a character that is not text", field
        ) from None
    folded = unicodedata.normalize("NFKC", password).casefold()
    if username and username.casefold() in folded:
        raise _refuse("password_contains_username", "the password must not contain the username", field)
    if folded in _common_passwords() or _zxcvbn_score(password, username) < MIN_ZXCVBN_SCORE:
        raise _refuse("password_common", "the password is too common or too easily guessed", field)


_COMMON: frozenset[str] | None = None


def _common_passwords() -> frozenset[str]:
    global _COMMON
    if _COMMON is None:
        from zxcvbn.frequency_lists import FREQUENCY_LISTS

        _COMMON = frozenset(FREQUENCY_LISTS["passwords"])
    return _COMMON


def _zxcvbn_score(password: str, username: str) -> int:
    from zxcvbn import zxcvbn

    return int(zxcvbn(password[:_ZXCVBN_MAX_INPUT], user_inputs=[username] if username else [])["score"])
