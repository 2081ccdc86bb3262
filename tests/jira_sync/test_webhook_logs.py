"""A webhook secret sent as ?secret= never reaches our request logs."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from tests.jira_sync.helpers import SECRET
from tracker.jira_sync import redact, webhook

BODY = json.dumps({"issue": {"id": "424242", "fields": {"labels": []}}})


def hook(url: str) -> requests.Response:
    return requests.post(
        f"{url}/hooks/jira?secret={SECRET}",
        data=BODY,
        headers={"Content-Type": "application/json"},
        timeout=10,
    )


def test_the_development_server_logs_the_request_without_the_secret(
    jira_settings, db, caplog, monkeypatch
):
    from tracker.app import create_app

    monkeypatch.setattr(webhook, "_warned_about_query", False)
    app = create_app(jira_settings)
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO):
            response = hook(f"http://127.0.0.1:{server.port}")
    finally:
        server.shutdown()
        thread.join()
        app.extensions["tracker"].db.dispose()

    assert response.status_code == 200, response.text
    assert "/hooks/jira?secret=[hidden]" in caplog.text
    assert "secret sent in the URL" in caplog.text
    assert SECRET not in caplog.text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}")
        try:
            requests.get(f"{url}/healthz", timeout=5)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.1)
    pytest.fail("gunicorn did not answer within 30 seconds")


def test_gunicorns_access_log_hides_the_secret(database_url, db, tmp_path: Path):
    access_log = tmp_path / "access.log"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env["TRACKER_DATABASE_URL"] = database_url
    env["TRACKER_JIRA_WEBHOOK_SECRET"] = SECRET
    command = [sys.executable, "-m", "gunicorn", "--workers", "1"]
    command += ["--bind", f"127.0.0.1:{port}", "--access-logfile", str(access_log)]
    process = subprocess.Popen(
        [*command, "tracker.app:create_app()"], cwd=tmp_path, env=env
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, time.monotonic() + 30)
        response = hook(url)
    finally:
        process.terminate()
        process.wait(timeout=30)

    logged = access_log.read_text()
    assert response.status_code == 200, response.text
    assert "/hooks/jira?secret=[hidden]" in logged
    assert SECRET not in logged


@pytest.mark.parametrize(
    "line",
    [
        '"POST /hooks/jira?secret=s3cr%26t HTTP/1.1" 200',
        '"POST /hooks/jira?x=1&secret=a&b=2 HTTP/1.1" 200',
        '"POST /hooks/jira?SECRET=abc HTTP/1.1" 200',
    ],
)
def test_redact_hides_the_whole_rest_of_the_query(line):
    hidden = redact.redact(line)

    assert hidden.endswith('=[hidden] HTTP/1.1" 200')
    assert "s3cr" not in hidden and "=a" not in hidden and "abc" not in hidden
