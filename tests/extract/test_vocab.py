"""Word lists as data: defaults, extension from settings, bad settings."""

from __future__ import annotations

import pytest

from tracker.errors import ConfigError
from tracker.extract.vocab import DEFAULT, ExtractVocab


def test_no_settings_gives_the_shared_default() -> None:
    assert ExtractVocab.from_mapping({}) is DEFAULT
    assert ExtractVocab() == DEFAULT and hash(ExtractVocab()) == hash(DEFAULT)


def test_extension_adds_normalised_words() -> None:
    vocab = ExtractVocab.from_mapping(
        {"vague_verbs": ["  Ponder "], "done_markers": ["🎉"]}
    )

    assert vocab.vague_verbs[-1] == "ponder"
    assert "investigate" in vocab.vague_verbs
    assert "🎉" in vocab.done_markers


def test_kind_headings_extend_per_kind() -> None:
    vocab = ExtractVocab.from_mapping({"kind_headings": {"detect": ["alerting"]}})

    assert "alerting" in dict(vocab.kind_headings)["detect"]


@pytest.mark.parametrize(
    "data",
    [
        {"action_headings": "Action items"},
        {"no_such_list": ["x"]},
        {"vague_verbs": ["ok", 3]},
        {"kind_headings": ["detect"]},
    ],
)
def test_bad_settings_name_the_problem(data) -> None:
    with pytest.raises(ConfigError, match="extract vocabulary"):
        ExtractVocab.from_mapping(data)
