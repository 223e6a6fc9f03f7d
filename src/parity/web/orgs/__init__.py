"""Organizations (workspaces), their members, parties and the relationships between them."""
