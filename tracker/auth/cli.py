"""``tracker users`` and ``tracker tokens``: accounts and API tokens."""

from __future__ import annotations

import sys

import click

from tracker.auth import service
from tracker.auth.models import ROLES


def _db(ctx: click.Context):  # type: ignore[no-untyped-def]
    from tracker.cli import runtime_of

    return runtime_of(ctx.find_root()).db


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group()
def users() -> None:
    """Dashboard accounts."""


@users.command("add")
@click.argument("login")
@click.option("--role", type=click.Choice(ROLES), default="viewer", show_default=True)
@click.option("--name", help="Full name, for display.")
@click.option("--email", help="Email; links the account to a roster person.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input."
)
@click.pass_context
def users_add(
    ctx: click.Context,
    login: str,
    role: str,
    name: str | None,
    email: str | None,
    password_stdin: bool,
) -> None:
    """Add a local account with a password (prompted for unless --password-stdin)."""
    service.check_email(email)
    password = _password(password_stdin)
    with _db(ctx).session() as session:
        user = service.create_user(
            session, login=login, role=role, password=password, name=name, email=email
        )
        click.echo(f"added user {user.login} with role {user.role}")


@users.command("set-role")
@click.argument("login")
@click.argument("role", type=click.Choice(ROLES))
@click.pass_context
def users_set_role(ctx: click.Context, login: str, role: str) -> None:
    """Change what an account may do."""
    with _db(ctx).session() as session:
        user = service.set_role(session, login=login, role=role)
        click.echo(f"{user.login} is now {user.role}")


@users.command("set-password")
@click.argument("login")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input."
)
@click.pass_context
def users_set_password(ctx: click.Context, login: str, password_stdin: bool) -> None:
    """Give an account a new password; its open sessions end."""
    password = _password(password_stdin)
    with _db(ctx).session() as session:
        user = service.set_password(session, login=login, password=password)
        click.echo(f"{user.login} has a new password; their sessions are ended")


@users.command("disable")
@click.argument("login")
@click.pass_context
def users_disable(ctx: click.Context, login: str) -> None:
    """Stop an account signing in; its open sessions end (the audit trail stays)."""
    _set_active(ctx, login, False)


@users.command("enable")
@click.argument("login")
@click.pass_context
def users_enable(ctx: click.Context, login: str) -> None:
    """Let a disabled account sign in again."""
    _set_active(ctx, login, True)


def _set_active(ctx: click.Context, login: str, active: bool) -> None:
    with _db(ctx).session() as session:
        user = service.find_user(session, login=login)
        already = user is not None and user.active == active
        user = service.set_active(session, login=login, active=active)
        if already:
            done = f"already {'enabled' if active else 'disabled'}"
        else:
            done = "enabled" if active else "disabled; their sessions are ended"
        click.echo(f"{user.login} is {done}")


@users.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    """List accounts."""
    with _db(ctx).session() as session:
        found = service.list_users(session)
        for user in found:
            state = "active" if user.active else "disabled"
            click.echo(f"{user.login:<30} {user.role:<7} {user.source:<6} {state}")
    if not found:
        click.echo("no users; add one with tracker users add LOGIN --role editor")


@click.group()
def tokens() -> None:
    """API tokens for /api (stored hashed)."""


@tokens.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="editor", show_default=True)
@click.pass_context
def tokens_add(ctx: click.Context, name: str, role: str) -> None:
    """Make a token; it is printed once and cannot be shown again."""
    with _db(ctx).session() as session:
        token, plaintext = service.create_token(session, name=name, role=role)
        click.echo(plaintext)
        click.echo(
            f"token {token.name} ({token.role}): send it as "
            "'Authorization: Bearer <token>'; it is not shown again.",
            err=True,
        )


@tokens.command("revoke")
@click.argument("name")
@click.pass_context
def tokens_revoke(ctx: click.Context, name: str) -> None:
    """Stop a token from working."""
    with _db(ctx).session() as session:
        service.revoke_token(session, name=name)
    click.echo(f"token {name} revoked")


@tokens.command("list")
@click.pass_context
def tokens_list(ctx: click.Context) -> None:
    """List tokens (names and prefixes only)."""
    with _db(ctx).session() as session:
        for token in service.list_tokens(session):
            state = "revoked" if token.revoked else "active"
            click.echo(f"{token.name:<30} {token.prefix}…  {token.role:<7} {state}")
