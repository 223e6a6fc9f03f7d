"""Helpers shared by the test suites: builders and generators, no tests of their own."""
