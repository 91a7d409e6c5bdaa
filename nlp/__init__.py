"""Docket pre-fill (智能编目): document text in, docket fields with their sources out.

Importing the package is cheap: spaCy and jieba load only when `nlp.pipeline.load_pipeline` is called.
"""

from __future__ import annotations


class NlpError(ValueError):
    """Base of the nlp package's own errors (nlp must not import the court app's error family)."""

    code = "nlp_error"
