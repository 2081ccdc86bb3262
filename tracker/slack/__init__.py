"""Slack interactions: the buttons in reminder messages."""
