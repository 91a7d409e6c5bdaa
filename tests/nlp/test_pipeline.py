"""The pipeline is rebuilt from its config text alone."""

from __future__ import annotations

from nlp.pipeline import CONFIG, build_pipeline, load_pipeline


def test_pipeline_round_trips_through_its_config() -> None:
    nlp = build_pipeline(CONFIG)
    again = build_pipeline(nlp.config.to_str())
    assert again.pipe_names == nlp.pipe_names and "court_parties" in nlp.pipe_names
    assert nlp.config["nlp"]["tokenizer"]["segmenter"] == "jieba"


def test_load_pipeline_is_cached_per_process() -> None:
    assert load_pipeline() is load_pipeline()
