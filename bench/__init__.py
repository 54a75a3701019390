"""`make bench`: throughput, start-up, validation speed and memory of mstrack (see BENCHMARKS.md)."""
