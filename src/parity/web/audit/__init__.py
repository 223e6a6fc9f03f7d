"""The owners' record of changes to an organization (docs/privacy.md, "The record of changes")."""
