import pytest
from click.testing import CliRunner

from tracker.auth import service
from tracker.cli import cli


@pytest.fixture
def run(database_url, db, tmp_path):
    env = {
        "TRACKER_DATABASE_URL": database_url,
        "TRACKER_INSTANCE_DIR": str(tmp_path / "instance"),
        "TRACKER_CONFIG": "",
    }

    def invoke(*args: str, stdin: str | None = None):
        return CliRunner().invoke(cli, list(args), env=env, input=stdin)

    return invoke


def test_users_add_stores_a_hashed_password_that_signs_in(run, db):
    result = run(
        "users",
        "add",
        "erin",
        "--role",
        "admin",
        "--password-stdin",
        stdin="a long passphrase\n",
    )

    assert result.exit_code == 0, result.output
    assert "added user erin with role admin" in result.output
    with db.session() as session:
        user = service.find_user(session, login="erin")
        assert user.password_hash and "a long passphrase" not in user.password_hash
        assert service.authenticate(session, login="erin", password="a long passphrase")


def test_users_add_prompts_twice_without_stdin(run, db):
    result = run("users", "add", "finn", stdin="secret words 1\nsecret words 1\n")

    assert result.exit_code == 0, result.output
    assert run("users", "list").output.split()[:2] == ["finn", "viewer"]


def test_a_short_password_is_refused_with_the_reason(run):
    result = run("users", "add", "gus", "--password-stdin", stdin="short\n")

    assert result.exit_code != 0
    assert "10 characters" in str(result.exception)


def test_tokens_add_prints_the_token_once_and_it_works(run, db):
    result = run("tokens", "add", "deploy", "--role", "viewer")

    assert result.exit_code == 0, result.output
    plaintext = result.stdout.strip().splitlines()[0]
    assert plaintext.startswith("pmt_")
    with db.session() as session:
        assert service.find_token(session, plaintext=plaintext).role == "viewer"
    assert "revoked" in run("tokens", "revoke", "deploy").output


@pytest.mark.parametrize(
    "email",
    ["not an email", "bob", "bob@", "@example.com", "bob@localhost", "a@b@c.com"],
)
def test_users_add_refuses_an_email_that_is_not_one(run, db, email):
    result = run(
        "users", "add", "hal", "--email", email, "--password-stdin", stdin="x" * 12
    )

    assert result.exit_code != 0
    assert "is not an email address" in str(result.exception)
    with db.session() as session:
        assert service.find_user(session, login="hal") is None


def test_users_add_keeps_a_real_email(run, db):
    result = run(
        "users",
        "add",
        "ivy",
        "--email",
        " ivy@example.com ",
        "--password-stdin",
        stdin="long enough pw\n",
    )

    assert result.exit_code == 0, result.output
    with db.session() as session:
        assert service.find_user(session, login="ivy").email == "ivy@example.com"


def test_users_set_password_replaces_the_old_one(run, db):
    run("users", "add", "jo", "--password-stdin", stdin="the first one\n")

    result = run(
        "users", "set-password", "jo", "--password-stdin", stdin="second one!\n"
    )

    assert result.exit_code == 0, result.output
    with db.session() as session:
        assert not service.authenticate(session, login="jo", password="the first one")
        assert service.authenticate(session, login="jo", password="second one!")


def test_users_disable_and_enable_change_the_list_and_name_a_missing_user(run):
    run("users", "add", "hal", "--password-stdin", stdin="a long passphrase\n")

    disabled = run("users", "disable", "hal")
    again = run("users", "disable", "hal")
    listed = run("users", "list").output
    enabled = run("users", "enable", "hal")
    missing = run("users", "disable", "nobody")

    assert disabled.exit_code == 0 and "hal is disabled" in disabled.output
    assert again.exit_code == 0 and "hal is already disabled" in again.output
    assert listed.split()[:4] == ["hal", "viewer", "local", "disabled"]
    assert enabled.exit_code == 0 and run("users", "list").output.split()[3] == "active"
    assert missing.exit_code != 0 and "nobody" in str(missing.exception)
