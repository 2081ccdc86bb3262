from pathlib import Path

import pytest

from tracker.errors import ConfigError
from tracker.settings import Secret, load_settings


def test_environment_overrides_file_and_defaults(tmp_path: Path):
    config = tmp_path / "tracker.toml"
    config.write_text('max_report_bytes = 10\n[jira]\nurl = "https://file"\n')
    env = {
        "TRACKER_CONFIG": str(config),
        "TRACKER_JIRA_URL": "https://env",
        "TRACKER_API_TOKENS": "a, b",
    }

    settings = load_settings(env)

    assert settings.max_report_bytes == 10
    assert settings.jira.url == "https://env"
    assert [t.reveal() for t in settings.api_tokens] == ["a", "b"]
    assert settings.jira.issue_type == "Task"


def test_secrets_never_show_in_repr():
    settings = load_settings({"TRACKER_SLACK_BOT_TOKEN": "xoxb-very-secret"})

    assert "xoxb-very-secret" not in repr(settings)
    assert settings.slack.bot_token == Secret("xoxb-very-secret")


@pytest.mark.parametrize(
    "env,message",
    [
        (
            {"TRACKER_MAX_REPORT_BYTES": "lots"},
            r"max_report_bytes \(TRACKER_MAX_REPORT_BYTES\) has the value 'lots'",
        ),
        (
            {"TRACKER_JIRA_TIMEOUT": "soon"},
            r"jira.timeout \(TRACKER_JIRA_TIMEOUT\) has the value 'soon'",
        ),
        ({"TRACKER_CONFIG": "/nonexistent.toml"}, "does not exist"),
        ({"TRACKER_MAX_REPORT_BYTES": "0"}, r"\(TRACKER_MAX_REPORT_BYTES\) is 0,"),
        ({"TRACKER_MAX_REPORT_BYTES": "-5"}, r"\(TRACKER_MAX_REPORT_BYTES\) is -5,"),
        ({"TRACKER_LOG_LEVEL": "LOUD"}, r"\(TRACKER_LOG_LEVEL\) is 'LOUD'; use one"),
    ],
)
def test_bad_settings_say_which_and_why(env, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(env)


def test_unknown_file_setting_is_named(tmp_path: Path):
    config = tmp_path / "t.toml"
    config.write_text("[jira]\nurll = 'x'\n")

    with pytest.raises(ConfigError, match="jira.urll"):
        load_settings({"TRACKER_CONFIG": str(config)})


def test_embedded_default_is_sqlite_under_instance():
    settings = load_settings({})

    assert settings.is_embedded
    assert settings.effective_database_url.endswith("instance/tracker.sqlite")


def test_lists_of_numbers_come_from_the_file_or_the_environment(tmp_path: Path):
    config = tmp_path / "t.toml"
    config.write_text("[jira]\nlabels = [1, 2]\n")

    from_file = load_settings({"TRACKER_CONFIG": str(config)})
    from_env = load_settings({"TRACKER_JIRA_LABELS": "a, b ,"})

    assert from_file.jira.labels == ("1", "2")
    assert from_env.jira.labels == ("a", "b")


def test_the_example_settings_file_loads():
    from tests.conftest import REPO
    from tracker.extract.vocab import ExtractVocab

    example = REPO / "config" / "tracker.example.toml"
    settings = load_settings({"TRACKER_CONFIG": str(example)})

    assert settings.jira.priority_by_severity["SEV1"] == "Highest"
    assert settings.digest.recipients == ("vp-eng@example.com", "cto@example.com")
    vocab = ExtractVocab.from_mapping(settings.extract)
    assert "brainstorm" in vocab.vague_verbs


def test_the_database_password_is_masked_when_shown():
    url = "postgresql+psycopg://tracker:hunter2-pw@db.internal/tracker"
    settings = load_settings(env={"TRACKER_DATABASE_URL": url})

    assert "hunter2-pw" not in repr(settings) and "hunter2-pw" not in str(settings)
    assert "tracker:***@db.internal" in repr(settings)
    assert settings.effective_database_url == url


def test_log_level_is_read_without_regard_to_case():
    assert load_settings({"TRACKER_LOG_LEVEL": "info"}).log_level == "info"
