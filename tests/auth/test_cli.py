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
