"""The docket pipeline: spaCy's Chinese language (jieba segmentation) and the court components, built from config."""

from __future__ import annotations

from functools import cache

from spacy.language import Language
from thinc.api import Config

# The whole pipeline is this text: factories and rule tables are named through spaCy's registry, so a copy of
# the config (plus this package) rebuilds it exactly.
CONFIG = """
[nlp]
lang = "zh"
pipeline = ["court_labels", "court_document_kind", "court_parties", "court_claims", "court_cause", "court_court", "court_case_numbers", "court_dates", "court_elements"]

[nlp.tokenizer]
@tokenizers = "spacy.zh.ChineseTokenizer"
segmenter = "jieba"

[components]

# spaCy's PhraseMatcher marks role and agent labels, courts and causes on jieba's tokens (nlp.components.labels);
# the components after it read those labels first. Its patterns are loaded at initialisation (below).
[components.court_labels]
factory = "court_label_matcher"

[components.court_document_kind]
factory = "court_document_kind"
titles = {"@misc": "court.document_titles.v1"}

[components.court_parties]
factory = "court_parties"
roles = {"@misc": "court.role_labels.v1"}
agents = {"@misc": "court.agent_labels.v1"}
ignored = {"@misc": "court.ignored_labels.v1"}
addresses = {"@misc": "court.address_labels.v1"}
ends = {"@misc": "court.section_headers.v1"}
organisation_suffixes = {"@misc": "court.organisation_suffixes.v1"}

[components.court_claims]
factory = "court_claims"
headers = {"@misc": "court.claim_headers.v1"}
ends = {"@misc": "court.claim_end_headers.v1"}

[components.court_cause]
factory = "court_cause"
keywords = {"@misc": "court.cause_keywords.v2"}
lenders = {"@misc": "court.financial_lenders.v1"}

[components.court_court]
factory = "court_court"

[components.court_case_numbers]
factory = "court_case_numbers"

[components.court_dates]
factory = "court_dates"
tail = 260

[components.court_elements]
factory = "court_elements"
rules = {"@misc": "court.element_rules.v1"}

[initialize]

[initialize.before_init]
@callbacks = "court.label_words.v1"

[initialize.before_init.roles]
@misc = "court.role_labels.v1"

[initialize.before_init.agents]
@misc = "court.agent_labels.v1"

[initialize.components]

[initialize.components.court_labels]

[initialize.components.court_labels.patterns]
@misc = "court.label_patterns.v1"
seeds = null

[initialize.components.court_labels.patterns.roles]
@misc = "court.role_labels.v1"

[initialize.components.court_labels.patterns.agents]
@misc = "court.agent_labels.v1"
"""


def build_pipeline(config: str = CONFIG) -> Language:
    """A fresh pipeline from config text."""
    import spacy

    import nlp.components  # noqa: F401 - registers the factories and rule tables

    cfg = Config().from_str(config)
    pipeline = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)
    pipeline.initialize()  # loads the label matcher's patterns ([initialize.components]); nothing here is trained
    return pipeline


@cache
def load_pipeline() -> Language:
    """The pipeline, built once per process (jieba's dictionary loads on the first text)."""
    return build_pipeline()
