"""Each converter turns its fixture into the Markdown the extractor needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extract.pdf_builder import build_pdf
from tracker.extract.formats.markdown import strip_erb
from tracker.extract.reader import decode_document, read_document

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
LIMIT = 1_000_000


def markdown_of(name: str) -> list[str]:
    return read_document(FIXTURES / name, max_bytes=LIMIT).markdown.split("\n")


@pytest.mark.parametrize(
    ("fixture", "line"),
    [
        ("blog-export.html", "---"),
        ("blog-export.html", 'title: "Postmortem: stale search index on 2026-09-14"'),
        ("blog-export.html", "# Stale search index"),
        ("blog-export.html", "## Action items"),
        ("blog-export.html", "| Action | Owner | Due |"),
        ("blog-export.html", "| Page on indexer failures | Mei Lin | Oct 1 |"),
        (
            "blog-export.html",
            "| Add a [runbook](https://wiki.example.com/runbooks/search) "
            "| Data team |  |",
        ),
        ("blog-export.html", "- [x] Rotate the indexer credentials"),
        ("blog-export.html", "- [ ] Split the job by tenant"),
        ("blog-export.html", "  - payments tenant first"),
        ("blog-export.html", "1. Write the alert"),
        ("blog-export.html", "   with a 15 minute threshold"),
        ("blog-export.html", "2. Review it"),
        ("blog-export.html", "cron: */5 * * * *"),
        ("confluence-export.html", "# Postmortem - card declines"),
        (
            "confluence-export.html",
            "| Add a config linter to the deploy pipeline | Sarah Chen | **Done** "
            "| [PAY-123](https://jira.example.com/browse/PAY-123) |",
        ),
        (
            "confluence-export.html",
            "| Alert on decline rate \\| above 5% | Farid Haddad | ❌ |  |",
        ),
        ("confluence-export.html", "- [x] Publish the customer notice"),
        ("confluence-export.html", "- [ ] Review retry budgets here"),
        ("cache-outage.wikitext", "## Actionables"),
        (
            "cache-outage.wikitext",
            "- ✅ Raise the connection limit ([gerrit:812345](gerrit:812345))",
        ),
        (
            "cache-outage.wikitext",
            "- Add paging on backend queue depth [phab:T345678](phab:T345678)",
        ),
        ("cache-outage.wikitext", "  - Decide the threshold with Mei"),
        (
            "cache-outage.wikitext",
            "1. Long term: move to the new cache "
            "[plan](https://wiki.example.com/cache-plan)",
        ),
        ("cache-outage.wikitext", "| Document the restart | Ben Okafor |"),
        ("cache-outage.wikitext", "| Add a dashboard | Dev Iyer |"),
        ("cache-outage.wikitext", "- 10:22 recovered, see the previous one"),
        (
            "cache-outage.wikitext",
            "**Summary:** the edge cache served errors for 20 minutes.",
        ),
        ("checkout-review.jira", "# Checkout latency review"),
        ("checkout-review.jira", "| Action | Owner | Status | Ticket |"),
        (
            "checkout-review.jira",
            "| Add a p99 latency alert | @rpatel | **Done** | PAY-130 |",
        ),
        (
            "checkout-review.jira",
            "| Cap retries at [3 attempts](https://wiki.example.com/retries) "
            "| Ana Souza | ❌ |  |",
        ),
        ("checkout-review.jira", "### Follow-ups"),
        ("checkout-review.jira", "- Move the checkout DB to its own pool ✅"),
        ("checkout-review.jira", "  - Measure pool saturation first"),
        ("checkout-review.jira", "1. Write the *capacity* plan"),
        ("checkout-review.jira", "   - with the data team ⚠️"),
        ("checkout-review.jira", "```sql"),
        ("checkout-review.jira", "> We should have seen this coming."),
        ("deploy-freeze.rst", "# Deploy freeze incident review"),
        ("deploy-freeze.rst", "## Action items"),
        ("deploy-freeze.rst", "### Owners"),
        ("deploy-freeze.rst", "date: 2026-10-21"),
        ("deploy-freeze.rst", 'severity: "SEV2"'),
        (
            "deploy-freeze.rst",
            "1. Add a schema check to the config repo (owner: @rpatel)",
        ),
        ("deploy-freeze.rst", "   - run it in CI"),
        (
            "deploy-freeze.rst",
            "1. Document the rollback in the "
            "[runbook](https://wiki.example.com/runbooks/deploys).",
        ),
        (
            "deploy-freeze.rst",
            "| Add a schema check to the config repo | Chloe Martin | 2026-11-15 |",
        ),
        ("deploy-freeze.rst", "| canary | open |"),
        ("deploy-freeze.rst", "deployctl rollback --to previous"),
        ("deploy-freeze.rst", "```bash"),
        (
            "deploy-freeze.rst",
            "A bad config froze deploys for two hours. See "
            "[the dashboard](https://grafana.example.com/d/deploys) and "
            "`deployctl status`.",
        ),
        ("email-review.txt", 'title: "Postmortem: push notifications delayed (SEV3)"'),
        ("email-review.txt", "date: 2026-11-02"),
        ("email-review.txt", "## SUMMARY"),
        ("email-review.txt", "## Timeline"),
        ("email-review.txt", "## Action items"),
        (
            "email-review.txt",
            "1. Autoscale the push workers on queue depth - owner: Eva Novak, "
            "due 2026-11-20",
        ),
        ("email-review.txt", "2. Better monitoring"),
        ("email-review.txt", "   - include the APNs error rate"),
        ("email-review.txt", "- Mobile team: review retry settings by end of November"),
        ("runbook.html.md.erb", "- **Review actions**:"),
        ("runbook.html.md.erb", "  - Move renewals to cert-manager  (Done)"),
    ],
)
def test_fixture_converts_to_expected_line(fixture: str, line: str) -> None:
    assert line in markdown_of(fixture)


@pytest.mark.parametrize(
    ("fixture", "absent"),
    [
        ("blog-export.html", 'alert("hi")'),
        ("blog-export.html", "color: red"),
        ("blog-export.html", "draft note"),
        ("blog-export.html", "onclick"),
        ("confluence-export.html", "javascript"),
        ("confluence-export.html", "theme.js"),
        ("cache-outage.wikitext", "hidden"),
        ("cache-outage.wikitext", "Draft"),
        ("cache-outage.wikitext", "Grafana board"),
        ("deploy-freeze.rst", "reviewers only"),
        ("deploy-freeze.rst", ".. _runbook"),
        ("email-review.txt", "Should we page"),
        ("email-review.txt", "Tom\n"),
        ("email-review.txt", "From:"),
        ("runbook.html.md.erb", "partial"),
        ("runbook.html.md.erb", "link_to"),
        ("runbook.html.md.erb", "owner: platform"),
    ],
)
def test_fixture_drops_what_is_not_content(fixture: str, absent: str) -> None:
    assert absent not in "\n".join(markdown_of(fixture)) + "\n"


@pytest.mark.parametrize(
    ("fixture", "markdown_line", "source_text"),
    [
        (
            "blog-export.html",
            "| Page on indexer failures | Mei Lin | Oct 1 |",
            "<td>Page on",
        ),
        ("blog-export.html", "2. Review it", "<li>Review it</li>"),
        ("cache-outage.wikitext", "| Add a dashboard | Dev Iyer |", "|-"),
        ("checkout-review.jira", "  - Measure pool saturation first", "** Measure"),
        ("deploy-freeze.rst", "| Freeze alert | Ben Okafor | Q4 2026 |", "| Freeze"),
        ("email-review.txt", "2. Better monitoring", "2) Better monitoring"),
        ("runbook.html.md.erb", "  - Move renewals to cert-manager  (Done)", "cert-"),
    ],
)
def test_line_map_points_at_the_source_line(
    fixture: str, markdown_line: str, source_text: str
) -> None:
    document = read_document(FIXTURES / fixture, max_bytes=LIMIT)
    source = (FIXTURES / fixture).read_text(encoding="utf-8").split("\n")
    number = document.markdown.split("\n").index(markdown_line) + 1

    assert len(document.line_map) == len(document.markdown.split("\n")) - 1
    assert source_text in source[document.source_line(number) - 1]


def test_erb_keeps_line_numbers() -> None:
    text = (FIXTURES / "runbook.html.md.erb").read_text(encoding="utf-8")
    stripped, count = strip_erb(text)

    assert count == 3
    assert stripped.count("\n") == text.count("\n")
    assert "<%" not in stripped


def test_html_reports_what_it_removed() -> None:
    document = read_document(FIXTURES / "blog-export.html", max_bytes=LIMIT)

    assert document.warnings == [
        "removed 1 <script> element",
        "removed 1 <style> element",
        "removed 1 on* attribute",
    ]


def test_html_with_two_scripts_says_two() -> None:
    page = b"<h1>T</h1><script>a()</script><p>x</p><script src=y></script>"
    document = decode_document(page, path="p.html", max_bytes=LIMIT)

    assert document.warnings == ["removed 2 <script> elements"]
    assert document.markdown == "# T\n\nx\n"


def test_pdf_becomes_headings_and_lists() -> None:
    pages = [
        [
            "Acme Corp - internal",
            "Checkout outage review",
            "SUMMARY",
            "Card payments failed for 42 minutes.",
            "ACTION ITEMS",
            "1. Add a canary stage to the payments",
            "deploy https://jira.example.com/",
            "browse/PAY-123",
            "2. Rotate the gateway keys (done)",
            "Page 1 of 2",
        ],
        [
            "Acme Corp - internal",
            "- Tell support",
            "TIMELINE",
            "09:12 alert",
            "Page 2 of 2",
        ],
    ]
    lines = decode_document(build_pdf(pages), path="r.pdf", max_bytes=LIMIT).markdown

    assert "## ACTION ITEMS" in lines.split("\n")
    assert (
        "1. Add a canary stage to the payments deploy "
        "https://jira.example.com/browse/PAY-123"
    ) in lines.split("\n")
    assert "2. Rotate the gateway keys (done)" in lines.split("\n")
    assert "- Tell support" in lines.split("\n")
    assert "Acme Corp" not in lines
    assert "Page 1" not in lines


def test_pagerduty_export_gets_front_matter() -> None:
    cover = [
        "OWNER OF REVIEW PROCESS",
        "Raj Patel",
        "IMPACT TIME",
        "Oct 3 at 09:00 to Oct 3 at 10:10",
        "DURATION",
        "1h 10m",
        "Deploys blocked by a stuck lock",
        "Status: Reviewed",
        "Action Items",
        "1. Expire deploy locks after 30 minutes https://github.com/",
        "example/deploys/issues/12",
        "Timeline",
        "Oct 3, 2026",
        "9:00 AM Triggered by Raj Patel.",
    ]
    document = decode_document(build_pdf([cover]), path="pd.pdf", max_bytes=LIMIT)
    lines = document.markdown.split("\n")

    assert lines[:2] == ["---", 'title: "Deploys blocked by a stuck lock"']
    assert "date: 2026-10-03" in lines
    assert "# Deploys blocked by a stuck lock" in lines
    assert "## Action Items" in lines
    assert (
        "1. Expire deploy locks after 30 minutes "
        "https://github.com/example/deploys/issues/12"
    ) in lines
    assert document.format == "pdf"


def test_html_without_end_tags_still_nests_correctly() -> None:
    page = b"<table><tr><th>A<th>B<tr><td>a<td>b</table><ul><li>x<ul><li>y</ul><li>z"
    document = decode_document(page, path="loose.html", max_bytes=LIMIT)

    assert document.markdown.split("\n") == [
        "| A | B |",
        "| --- | --- |",
        "| a | b |",
        "",
        "- x",
        "  - y",
        "- z",
        "",
    ]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("deep.html", b"<div>" * 5000 + b"deep text"),
        ("deep-inline.html", b"<b><i>" * 3000 + b"deep text"),
        ("dashes.jira", b"-a " * 20000 + b"deep text"),
    ],
)
def test_pathological_input_converts_without_error(name: str, data: bytes) -> None:
    document = decode_document(data, path=name, max_bytes=LIMIT)

    assert "deep text" in document.markdown


@pytest.mark.parametrize(
    ("name", "source", "line"),
    [
        ("a.wiki", "* {{Done}} Patch the hosts", "- ✅ Patch the hosts"),
        ("a.wiki", "* {{not done}} Drop the cache", "- ❌ Drop the cache"),
        ("a.wiki", "* Fix {{phab|T12}}", "- Fix [phab:T12](phab:T12)"),
        ("a.wiki", "# first\n#* nested", "   - nested"),
        ("a.wiki", "* [[phabricator:T9|the task]]", "- [the task](phab:T9)"),
        ("a.wiki", "* [https://x.example.com/a]", "- <https://x.example.com/a>"),
        ("a.jira", "* {{kubectl}} [~accountid:abc123]", "- `kubectl` @abc123"),
        ("a.jira", "* see [https://x.example.com]", "- see <https://x.example.com>"),
        ("a.jira", "h4. Detection", "#### Detection"),
        ("a.rst", "* :issue:`42` and ``code``", "- 42 and `code`"),
        ("a.rst", "(a) lettered item", "1. lettered item"),
        ("a.txt", "FOLLOW-UPS\n(1) Add a probe", "1. Add a probe"),
        ("a.txt", "Next steps:\n• Add a probe", "- Add a probe"),
        ("a.txt", "Next steps:\n• Add a probe", "## Next steps"),
        ("a.txt", "Report\n======\n\nx", "# Report"),
        ("a.html", "<dl><dt>Owner</dt><dd>Mei Lin</dd></dl>", "**Owner**"),
        ("a.html", "<blockquote><p>quoted</p></blockquote>", "> quoted"),
        ("a.html", "<p>1. not a list</p>", "1\\. not a list"),
        ("a.html", "<p>&lt;b&gt; is text</p>", "&lt;b> is text"),
        ("a.html", "<ol start=3><li>third</li></ol>", "3. third"),
        ("a.html", "<p><del>old</del> <em>new</em></p>", "~~old~~ *new*"),
    ],
)
def test_snippet_converts(name: str, source: str, line: str) -> None:
    document = decode_document(source.encode(), path=name, max_bytes=LIMIT)

    assert line in document.markdown.split("\n")
