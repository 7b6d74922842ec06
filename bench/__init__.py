"""Benchmarks and failure drills (`make bench`); see bench/README.md."""
