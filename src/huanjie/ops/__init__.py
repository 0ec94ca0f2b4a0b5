"""运维: backing up and restoring a whole installation (database, uploads, audit-chain head)."""
