"""Background jobs: one declared list, a lease per job, `tracker scheduler`."""
