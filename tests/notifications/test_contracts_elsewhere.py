"""The contract tests in a clone that has no ../shared beside it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tests.conftest import REPO


def test_contract_tests_skip_with_a_reason_when_shared_is_absent(tmp_path):
    clone = tmp_path / "clone"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "tests", clone / "tests", ignore=ignore)
    shutil.copy(REPO / "pyproject.toml", clone)
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_TEST_STRICT"}
    env["COLUMNS"] = "1000"

    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", "-q"]
        + ["tests/notifications/test_contracts.py"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert not (tmp_path / "shared").exists()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Error" not in done.stdout
    assert f"the shared contracts are not at {tmp_path / 'shared'}" in done.stdout
    assert "skipped" in done.stdout and " passed" in done.stdout
