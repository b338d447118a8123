"""Extraction: actors, dates and events, quotes and quantities from cleaned sources."""
