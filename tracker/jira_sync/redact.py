"""Keep the ``?secret=`` of the Jira webhook out of request logs.

The development server (werkzeug) and gunicorn's access log write each
request line, query string included, through the loggers named below. A
filter on them blanks the value of any ``secret`` parameter before a
handler sees the line. A proxy in front of the tracker keeps its own logs:
docs/jira.md says how to keep the query out of those.
"""

from __future__ import annotations

import logging
import re

REQUEST_LOGGERS = ("werkzeug", "gunicorn.access")
# Up to the end of the URL, not the next "&": werkzeug logs the path
# percent-decoded, so an encoded "&" in the secret shows as a plain one.
SECRET_PARAMETER = re.compile(r"([?&]secret=)[^\s\"']*", re.IGNORECASE)
HIDDEN = "[hidden]"


def redact(text: str) -> str:
    """``text`` with the query from a ``secret=`` parameter on replaced."""
    return SECRET_PARAMETER.sub(r"\g<1>" + HIDDEN, text)


class QuerySecretFilter(logging.Filter):
    """Rewrites a request log line that carries a ``secret=`` parameter."""

    def filter(self, record: logging.LogRecord) -> bool:
        line = record.getMessage()
        if SECRET_PARAMETER.search(line):
            record.msg = redact(line)
            record.args = None
        return True


def install() -> None:
    """Put the filter on the request loggers, once per process."""
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, QuerySecretFilter) for f in logger.filters):
            logger.addFilter(QuerySecretFilter())
