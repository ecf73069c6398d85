"""Generated transcripts with known answers, and the harness that scores imports against them (issue 19)."""
