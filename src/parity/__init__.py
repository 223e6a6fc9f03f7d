"""Parity: is it a partnership, or a service? Two-sided relationship analysis."""

__version__ = "0.1.0"
