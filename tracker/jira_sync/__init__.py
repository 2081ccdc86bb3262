"""Two-way sync between action items and Jira issues."""
