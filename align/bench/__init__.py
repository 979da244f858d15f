"""Benchmarks that build their test documents from gold alignments."""
