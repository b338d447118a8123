"""Benchmarks of the build at scale: synthetic bundles, per-stage timings, profiles (see README.md)."""
