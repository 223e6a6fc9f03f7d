"""The analysis engine: pure functions on DataFrames, no I/O, no web."""
