"""Benchmarks: ``python -m bench.<name> [--json FILE]`` prints a table (and writes JSON)."""
