"""Assessment rounds, invitations to answer, and the anonymous responses."""
