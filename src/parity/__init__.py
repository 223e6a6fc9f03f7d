"""Parity: is it a partnership, or a service? Two-sided relationship analysis."""

#: The one place the version is written: the package's metadata reads it from here
#: (pyproject.toml, ``dynamic``), and CHANGELOG.md has a section for each.
__version__ = "0.1.0"
