"""The outbox: every notification is a row with a unique key, sent once."""
