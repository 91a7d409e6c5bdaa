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


def test_extraction_leaves_the_vocabulary_as_it_found_it() -> None:
    # A long-running worker must not keep every name and number it ever read (spaCy's memory zone).
    from nlp.extract import extract_docket
    from nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    extract_docket("原告：张某1，男。被告：李某2，女。诉讼请求：1.判令被告归还借款2万元。")
    before = len(nlp.vocab.strings)
    for i in range(20):
        docket = extract_docket(
            f"原告：王某{i}，男，住浙江省杭州市西湖区文三路{i}号。被告：赵某{i}。诉讼请求：归还借款{i + 1}万元。"
        )
        assert docket.parties[0].name == f"王某{i}" and str(docket.claims[0].amount) == str((i + 1) * 10000)
    assert len(nlp.vocab.strings) == before
