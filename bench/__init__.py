"""Benchmarks for site-builder: a synthetic story corpus and the search comparison (issue #3)."""
