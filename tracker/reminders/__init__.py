"""Reminder policy and planner: which notifications are due now."""
