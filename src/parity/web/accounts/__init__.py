"""Signing in and out, and inviting colleagues into an organization."""
