"""Scanning: device backends, the page pipeline, the scan worker, sealed per-paper PDFs."""
