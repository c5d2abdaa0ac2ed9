"""Reaching the central system: protocol, outbox engine, HTTP client, reference central server."""
