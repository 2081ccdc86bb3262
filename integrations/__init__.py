"""Thin clients for outside systems: Jira, Slack, PagerDuty and SMTP.

Each module is built from settings, has one call path with a timeout and
retries that honour ``Retry-After``, and returns small domain objects. None
of them knows about items or the database.
"""
