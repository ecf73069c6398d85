"""The email digest: the stories and award recipients of a period, as one MIME message."""
