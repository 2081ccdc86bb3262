import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO
from tests.scheduler.test_processes import wait_until
from tests.scheduler.test_serve import TRACKER, free_port, healthy
from tracker.cli import cli, main

FIXTURES = Path(__file__).parent / "reports" / "fixtures"


@pytest.fixture
def run(database_url, db, tmp_path):
    env = {
        "TRACKER_DATABASE_URL": database_url,
        "TRACKER_INSTANCE_DIR": str(tmp_path / "instance"),
        "TRACKER_ROSTER_PATH": str(REPO / "config" / "roster.toml"),
        "TRACKER_MAX_REPORT_BYTES": "4000",
        "TRACKER_CONFIG": "",
    }

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)

    return invoke


def run_main(monkeypatch, capsys, env: dict[str, str], *args: str):
    """Run the command as the console script does: exit code and stderr."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("sys.argv", ["tracker", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    return exited.value.code, capsys.readouterr().err


@pytest.mark.parametrize(
    "url,phrase",
    [
        ("sqlite:////nonexistent/dir/x.db", "cannot open the database sqlite:"),
        ("bogus://x", "names the database kind 'bogus'"),
        ("postgresql+psycopg://u:s3cret@127.0.0.1:5432:9/x", "is not a database URL"),
        (
            "postgresql+psycopg://u:s3cret@127.0.0.1:1/x",
            "cannot open the database postgresql+psycopg://u:***@127.0.0.1:1/x",
        ),
        (
            "postgresql+psycopg:///x?host=127.0.0.1&port=1&user=u&password=s3cret",
            "password=***",
        ),
        (
            "postgresql://u:s3cret@127.0.0.1:1/x",
            "cannot open the database postgresql+psycopg://u:***@127.0.0.1:1/x",
        ),
        ("mysql://u:s3cret@127.0.0.1/x", "needs the Python module 'MySQLdb'"),
        (f"sqlite:///{Path(__file__).resolve()}", "file is not a database"),
    ],
)
def test_a_bad_database_url_is_one_line_naming_the_setting(
    monkeypatch, capsys, tmp_path, url, phrase
):
    env = {"TRACKER_DATABASE_URL": url, "TRACKER_CONFIG": ""}

    code, err = run_main(monkeypatch, capsys, env, "items")

    assert code == 1
    assert err.startswith("error: TRACKER_DATABASE_URL") and phrase in err
    assert len(err.splitlines()) == 1 and "s3cret" not in err


def test_extract_json_keeps_the_contract(run):
    result = run("extract", "--json", str(FIXTURES / "search-outage.md"))

    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    assert set(report) == {
        "path",
        "title",
        "incident_date",
        "severity",
        "items",
        "problems",
    }
    first = report["items"][0]
    assert set(first) == {
        "text",
        "owner",
        "owner_kind",
        "due",
        "due_raw",
        "status",
        "completed_on",
        "ticket",
        "kind",
        "problems",
        "line",
    }
    assert first["owner"] == "diyer"
    assert first["due"] == "2026-10-01"


def make_bad_inputs(folder: Path) -> dict[str, str]:
    """Each bad file and a phrase its error line must contain."""
    (folder / "empty.md").write_text("")
    (folder / "binary.md").write_bytes(b"\x00\x01\x02PNG\x00" * 20)
    (folder / "latin1.md").write_bytes("# Caf\xe9 outage\n".encode("latin-1"))
    (folder / "huge.md").write_text("# Big\n" + "- item\n" * 1000)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    return {
        "empty.md": "empty",
        "binary.md": "binary",
        "latin1.md": "UTF-8",
        "huge.md": "TRACKER_MAX_REPORT_BYTES",
        "scan.pdf": "PDF",
    }


def test_ingest_reports_each_bad_file_and_keeps_going(run, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES, folder)
    expected = make_bad_inputs(folder)
    missing = tmp_path / "gone.md"

    result = run("ingest", str(folder), str(missing))

    assert result.exit_code == 1
    lines = result.output.splitlines()
    for name, phrase in [*expected.items(), ("gone.md", "does not exist")]:
        [line] = [x for x in lines if name in x]
        assert line.startswith("error") and phrase in line, line
    assert "Traceback" not in result.output
    assert "2 new" in lines[-1] and "6 failed" in lines[-1]


def test_ingest_then_items_lists_them(run):
    run("roster", "load")
    assert run("ingest", str(FIXTURES)).exit_code == 0

    result = run("items", "--owner", "schen", "--json")

    [item] = json.loads(result.output)
    assert item["text"] == "Add a Redis memory alert at 80% of maxmemory"
    assert item["team"] == "payments"


def test_failed_notifications_are_listed_and_requeued_by_id(run, db):
    from tracker.notifications.models import Notification

    with db.session() as session:
        failed = Notification(
            recipient="person:1",
            kind="reminder",
            period="2026-10-14",
            state="failed",
            attempts=6,
            last_error="slack: chat.postMessage failed: channel_not_found",
        )
        sent = Notification(
            recipient="person:2", kind="reminder", period="2026-10-14", state="sent"
        )
        session.add_all([failed, sent])
    with db.session() as session:
        ids = [n.id for n in session.query(Notification).order_by(Notification.id)]

    listed = run("notifications", "list", "--state", "failed")
    neither = run("notifications", "retry")
    huge = run("notifications", "retry", "99999999999999999999")
    requeued = run("notifications", "retry", *map(str, ids))

    assert listed.exit_code == 0 and "channel_not_found" in listed.output
    assert f"#{ids[0]} " in listed.output and f"#{ids[1]} " not in listed.output
    assert neither.exit_code == 2
    assert huge.exit_code == 2 and "is not in the range" in huge.output
    assert requeued.exit_code == 1 and f"re-queued #{ids[0]} " in requeued.output
    assert f"left alone (not failed or not found): {ids[1]}" in requeued.output
    with db.session() as session:
        states = [
            (n.state, n.attempts)
            for n in session.query(Notification).order_by(Notification.id)
        ]
    assert states == [("pending", 0), ("sent", 0)]


def test_items_for_an_unknown_team_names_the_known_ones(
    run, monkeypatch, capsys, database_url, tmp_path
):
    run("roster", "load")
    env = {
        "TRACKER_DATABASE_URL": database_url,
        "TRACKER_INSTANCE_DIR": str(tmp_path / "instance"),
        "TRACKER_CONFIG": "",
    }

    code, err = run_main(monkeypatch, capsys, env, "items", "--team", "nosuch")

    assert code == 1
    assert err == (
        "error: Team 'nosuch' is unknown; known teams: "
        "data, mobile, payments, platform.\n"
    )


def test_users_list_without_users_says_how_to_add_one(run):
    result = run("users", "list")

    assert result.exit_code == 0
    assert result.output.startswith("no users; add one with tracker users add")


def test_serve_keeps_the_request_log_at_the_log_level(database_url, tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(
        TRACKER_DATABASE_URL=database_url,
        TRACKER_INSTANCE_DIR=str(tmp_path / "instance"),
        TRACKER_CONFIG="",
        NO_PROXY="127.0.0.1,localhost",
    )
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        command = [str(TRACKER), "serve", "--port", str(port)]
        process = subprocess.Popen(command, env=env, stdout=out, stderr=out)
        try:
            up = wait_until(lambda: healthy(f"http://127.0.0.1:{port}/healthz"), 30)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)

    output = log.read_text()
    assert up, output
    assert f"serving on http://127.0.0.1:{port}" in output
    assert "GET /healthz" not in output
