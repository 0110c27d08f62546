"""Quotation marks: where quotations open and close, from the text alone (first quote stage)."""

from transforms.quotes import QuoteSpan, find_quote_spans  # noqa: F401  (moved here when the package is split)
