"""Placeholder: replaced by the records implementation."""
# ruff: noqa
def to_records(*a, **k): raise NotImplementedError
def from_records(*a, **k): raise NotImplementedError
