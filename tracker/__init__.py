"""postmortem-tracker: follow-through for postmortem action items."""
