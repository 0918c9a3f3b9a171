"""Mail: connected mailboxes, the outbox, follow-up sequences, replies read back, response speed."""
