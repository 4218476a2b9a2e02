"""Validate, anchor and publish an annotated document collection."""
