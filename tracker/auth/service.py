"""Users, passwords and API tokens: the one place that reads or writes them.

Passwords are hashed with werkzeug's default (scrypt). API tokens are long
random strings, so a SHA-256 of the token is enough to find and check one.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.auth.models import ROLES, ApiToken, User
from tracker.db import utcnow
from tracker.errors import NotFoundError, ValidationError

TOKEN_PREFIX = "pmt_"
# Checked when the login is unknown, so that a wrong login costs as much
# time as a wrong password and logins cannot be probed by timing.
_DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16))
MAX_EMAIL = 254
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+", re.UNICODE)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationError("role", f"{role!r} is not one of {', '.join(ROLES)}.")
    return role


def check_email(email: str | None) -> str | None:
    """An address with one @, a dotted domain and no spaces; None stays None."""
    if email is None:
        return None
    email = email.strip()
    valid = email.isprintable() and _EMAIL.fullmatch(email)
    if len(email) > MAX_EMAIL or not valid:
        raise ValidationError(
            "email", f"{email!r} is not an email address; write it as name@example.com."
        )
    return email


def check_password(password: str | None) -> None:
    if password is not None and len(password) < 10:
        raise ValidationError("password", "Use a password of 10 characters or more.")


def get_user(session: Session, *, user_id: int) -> User | None:
    return session.get(User, user_id)


def find_user(session: Session, *, login: str) -> User | None:
    return session.scalars(select(User).where(User.login == login)).first()


def create_user(
    session: Session,
    *,
    login: str,
    role: str,
    password: str | None = None,
    name: str | None = None,
    email: str | None = None,
    source: str = "local",
) -> User:
    login = login.strip()
    if not login:
        raise ValidationError("login", "A login cannot be empty.")
    if find_user(session, login=login) is not None:
        raise ValidationError("login", f"A user {login!r} exists already.")
    check_password(password)

    user = User(
        login=login,
        role=check_role(role),
        name=name,
        email=check_email(email),
        source=source,
        active=True,
        password_hash=generate_password_hash(password) if password else None,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, *, login: str, password: str) -> User | None:
    """The active local user with this login and password, else None."""
    user = find_user(session, login=login.strip())
    stored = user.password_hash if user is not None else None
    matches = check_password_hash(stored or _DUMMY_HASH, password)
    if user is None or stored is None or not matches or not user.active:
        return None

    user.last_login_at = utcnow()
    return user


def provision(
    session: Session,
    *,
    login: str,
    role: str,
    source: str,
    email: str | None = None,
    name: str | None = None,
) -> User:
    """The user a proxy or identity provider vouches for, created on first sight."""
    user = find_user(session, login=login)
    if user is None:
        user = create_user(
            session, login=login, role=role, email=email, name=name, source=source
        )
    return user


def set_role(session: Session, *, login: str, role: str) -> User:
    user = find_user(session, login=login)
    if user is None:
        raise NotFoundError(f"There is no user {login!r}; add one with users add.")
    if user.role != check_role(role):
        user.role = role
        end_sessions(user)
    return user


def set_password(session: Session, *, login: str, password: str) -> User:
    """A new password; the sessions signed in with the old one end."""
    user = find_user(session, login=login)
    if user is None:
        raise NotFoundError(f"There is no user {login!r}; add one with users add.")
    check_password(password)
    user.password_hash = generate_password_hash(password)
    end_sessions(user)
    return user


def set_active(session: Session, *, login: str, active: bool) -> User:
    """Disable or re-enable an account; disabling ends its sessions at once.

    A disabled account cannot sign in by password, proxy header or OIDC, and
    stays disabled if a proxy or identity provider vouches for it again.
    """
    user = find_user(session, login=login)
    if user is None:
        raise NotFoundError(f"There is no user {login!r}; see users list.")
    if user.active != active:
        user.active = active
        end_sessions(user)
    return user


def sign_out(session: Session, *, user_id: int) -> None:
    user = get_user(session, user_id=user_id)
    if user is not None:
        end_sessions(user)


def end_sessions(user: User) -> None:
    """Make every session cookie issued to ``user`` so far stop working."""
    user.session_epoch = (user.session_epoch or 0) + 1


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def create_token(session: Session, *, name: str, role: str) -> tuple[ApiToken, str]:
    """A new token; the plaintext is returned once and never stored."""
    taken = session.scalars(select(ApiToken).where(ApiToken.name == name)).first()
    if taken is not None:
        raise ValidationError("name", f"A token named {name!r} exists already.")

    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        role=check_role(role),
        token_hash=hash_token(plaintext),
        prefix=plaintext[:12],
        revoked=False,
    )
    session.add(token)
    session.flush()
    return token, plaintext


def find_token(session: Session, *, plaintext: str) -> ApiToken | None:
    query = select(ApiToken).where(ApiToken.token_hash == hash_token(plaintext))
    token = session.scalars(query).first()
    return None if token is None or token.revoked else token


def revoke_token(session: Session, *, name: str) -> ApiToken:
    token = session.scalars(select(ApiToken).where(ApiToken.name == name)).first()
    if token is None:
        raise NotFoundError(f"There is no API token named {name!r}.")
    token.revoked = True
    return token


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.login)))


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.name)))
