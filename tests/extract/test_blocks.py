"""The line-based block parser."""

from __future__ import annotations

from textwrap import dedent

from tracker.extract.blocks import parse_blocks


def kinds(text: str) -> list[tuple[str, str]]:
    parsed = parse_blocks(dedent(text).strip("\n").split("\n"))
    return [(block.kind, block.text) for block in parsed.blocks]


def test_atx_and_setext_headings() -> None:
    text = """
    Rollback notes
    ==============

    ## Follow-ups ##
    Next steps
    ----------
    """
    assert kinds(text) == [
        ("heading", "Rollback notes"),
        ("heading", "Follow-ups"),
        ("heading", "Next steps"),
    ]


def test_nested_list_is_lenient_about_indentation() -> None:
    parsed = parse_blocks(["- cache", "  - warm it", "   - twice", "- queue"])

    depths = [(block.text, block.depth) for block in parsed.blocks]
    assert depths == [("cache", 0), ("warm it", 1), ("twice", 2), ("queue", 0)]


def test_bullets_flush_under_a_numbered_item_are_its_children() -> None:
    text = """
    1. **Drain the node**
    We moved traffic away:

    - region A
    - region B

    2. **Replace the disk**
    """
    parsed = parse_blocks(dedent(text).strip().split("\n"))
    first, a, b, second = parsed.blocks

    assert (a.parent, b.parent, second.parent) == (0, 0, -1)
    assert "We moved traffic away:" in first.text


def test_wrapped_and_indented_continuations_join_their_item() -> None:
    parsed = parse_blocks(
        ["- [x]  Rotate the key", "       for staging too", "", "  Then prod."]
    )

    assert parsed.blocks[0].text == "[x]  Rotate the key for staging too Then prod."
    assert parsed.blocks[0].first_paragraph == "[x]  Rotate the key for staging too"


def test_gfm_table_rows_keep_their_line_numbers() -> None:
    parsed = parse_blocks(
        ["Intro", "| Task | Owner |", "|---|---|", "| Add alert | ana |"]
    )

    table = parsed.blocks[1]
    assert table.kind == "table"
    assert table.rows == [(2, ["Task", "Owner"]), (4, ["Add alert", "ana"])]


def test_fences_comments_and_quotes_are_dropped() -> None:
    text = """
    ```yaml
    - not: an item
    ```
    <!-- - nor
    this -->
    > - nor this
    ```inline code``` stays text
    """
    assert kinds(text) == [("para", "```inline code``` stays text")]


def test_reference_definitions_are_collected_not_returned() -> None:
    parsed = parse_blocks(
        ["See [the fix][pr-9].", "", "[pr-9]: https://example.org/pull/9"]
    )

    assert [block.kind for block in parsed.blocks] == ["para"]
    assert parsed.refdefs == {"pr-9": "https://example.org/pull/9"}
