"""annotated-explainer: news articles in, a cited, cross-linked explainer site out."""

__version__ = "0.1.0"
