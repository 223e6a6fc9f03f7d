"""Parity's web application: the Django project, and the only package that imports Django.

The analysis engine (``parity.core``), the file readers (``parity.io``) and the demo
(``parity.demo``) never import this package, so they stay usable from a notebook or the CLI
without a database; import-linter checks that boundary.
"""
