"""List and count matching decided by stored facets first, then by text.

`qualify` is called on a small collection whose papers carry facets as the index stores them;
the chunks are the real chunker's, so each listed paper's qualifying sentence is checked too.
"""

from __future__ import annotations

import pytest

from assistant.chunking import chunk_paper
from assistant.composers.collection import ListCalibration, facet_names, qualify
from assistant.facets import FacetVocabulary, extract_facets
from assistant.settings import ChunkingSettings
from assistant.text import tokenize
from assistant.types import Facets, Paper, QuestionPlan
from assistant.understanding import _criterion

TEXTS = {
    "a": ("Voting for maths", "We study voting. It reaches 91% on GSM-8K with Phi3-mini-3.8B."),
    "b": ("Search for maths", "Tree search helps. We evaluate on GSM8K and MATH-500 with "
                              "Llama-3.1-8B."),
    "c": ("Planning robots", "A robot plans with Qwen2.5-7B-Instruct. Results on MATH500 rise."),
    "d": ("Distilled solver", "DotaMath-deepseek-7B solves problems. It is open."),
    "e": ("Code agents", "An agent fixes issues. Code is at github.com/lab/agent. We test "
                         "it on SWE-bench."),
    "f": ("A survey of prompting", "We survey prompting methods for large language models."),
    "g": ("Reasoning distilled", "We fine-tune DeepSeek-R1 models on proofs. It helps."),
}


def _paper(pid: str, facets: Facets | None = None, url: str | None = None) -> Paper:
    title, abstract = TEXTS[pid]
    return Paper(id=pid, title=title, abstract=abstract, source="test", url=url,
                 facets=facets)


@pytest.fixture(scope="module")
def collection() -> dict[str, Paper]:
    papers = [_paper(pid) for pid in TEXTS]
    papers[4] = papers[4].model_copy(update={"url": "https://github.com/lab/agent"})
    vocabulary = FacetVocabulary.learn(papers)
    return {p.id: p.model_copy(update={"facets": extract_facets(p, vocabulary)})
            for p in papers}


def _plan(question: str, intent: str = "list") -> QuestionPlan:
    return QuestionPlan(question=question, standalone=question, intent=intent,
                        constraints=_criterion(question, []))


def _qualify(plan: QuestionPlan, papers: dict[str, Paper]) -> list[str]:
    chunking = ChunkingSettings()
    chunks = {pid: chunk_paper(p, chunking)[0] for pid, p in papers.items()}
    found, _ = qualify(plan, papers, lambda ids: {i: chunks[i] for i in ids},
                       lambda token: 1.0, ListCalibration(),
                       lambda token: any(token in tokenize(p.abstract) for p in papers.values()))
    return [q.paper_id for q in found]


@pytest.mark.parametrize(("question", "expected"), [
    ("Which papers report GSM8K results?", {"a", "b"}),          # "GSM-8K" is GSM8K
    ("Which papers evaluate on GSM-8K?", {"a", "b"}),
    ("papers evaluating on MATH500?", {"b", "c"}),               # "MATH-500" is MATH500
    ("Which works run experiments with a Phi-3 family model?", {"a"}),  # "Phi3-mini-3.8B"
    ("which papers use Qwen-family models", {"c"}),
    # a model built on a family the collection knows ("DeepSeek-R1" in another paper)
    ("list the papers that mention DeepSeek models", {"d", "g"}),
    ("which papers link a GitHub repo for their code?", {"e"}),  # a code link facet
    ("Which papers use Llama or Qwen models?", {"b", "c"}),      # "or": either name
    ("Which papers evaluate on GSM8K with a Llama model?", {"b"}),  # both names
    # a parameter count names every model of that size
    ("how many papers work with 7B-size models?", {"c", "d"}),
    ("which papers use 8B models?", {"b"}),
])
def test_names_are_decided_by_facets(collection, question, expected):
    assert set(_qualify(_plan(question), collection)) == expected


def test_a_facet_match_outranks_a_name_only_the_text_writes(collection):
    """A paper whose extractor missed the name still qualifies by its text, after the others."""
    papers = dict(collection)
    papers["b"] = papers["b"].model_copy(update={"facets": Facets()})
    assert _qualify(_plan("Which papers evaluate on GSM8K?"), papers) == ["a", "b"]


def test_the_qualifying_sentence_is_the_one_naming_it(collection):
    chunking = ChunkingSettings()
    chunks = {pid: chunk_paper(p, chunking)[0] for pid, p in collection.items()}
    plan = _plan("Which papers report GSM8K results?")
    found, _ = qualify(plan, collection, lambda ids: {i: chunks[i] for i in ids},
                       lambda token: 1.0, ListCalibration())
    by_id = {q.paper_id: q for q in found}
    assert "GSM-8K" in chunks["a"].sentences[by_id["a"].sentence].text


def test_topical_criteria_fall_back_to_text(collection):
    plan = _plan("any papers on robots")
    assert facet_names(plan, collection) == []
    assert _qualify(plan, collection) == ["c"]


def test_a_lowercase_topic_word_never_names_a_papers_own_method():
    """"survey" typed in lower case is a topic, even if some paper calls its method "Survey"."""
    papers = {"x": _paper("f", Facets(methods=["Survey"]))}
    assert facet_names(_plan("list the survey papers"), papers) == []
    assert [n.written for n in facet_names(_plan("papers using Survey"), papers)] == ["Survey"]


def test_without_stored_facets_matching_is_by_text(collection):
    bare = {pid: p.model_copy(update={"facets": None}) for pid, p in collection.items()}
    plan = _plan("Which papers report GSM8K results?")
    assert facet_names(plan, bare) == []
    assert set(_qualify(plan, bare)) == {"a", "b"}


def test_scope_limits_a_facet_list(collection):
    plan = _plan("which of them evaluate on GSM8K").model_copy(update={"scope": ["b", "c"]})
    assert _qualify(plan, collection) == ["b"]


def test_a_phrase_and_its_abbreviation_are_two_written_forms_of_one_criterion():
    """"supervised fine-tuning (SFT)": a paper writing either form whole qualifies; one with
    the phrase's words scattered ("supervised ... fine-tuning") does not."""
    texts = {
        "phrase": "We apply supervised fine-tuning to a small model. It helps.",
        "short": "After SFT the model improves. It helps.",
        "scattered": "A supervised signal guides search. Fine-tuning follows. It helps.",
        "neither": "We study robots that walk. They fall less.",
    }
    papers = {pid: Paper(id=pid, title=pid.title(), abstract=text, source="test")
              for pid, text in texts.items()}
    plan = _plan("How many papers mention supervised fine-tuning (SFT)?", intent="count")
    assert set(_qualify(plan, papers)) == {"phrase", "short"}
    # Not written in the question, the abbreviation is still one a paper writes ("SFT" is
    # what "supervised fine-tuning" spells): the same two forms.
    assert set(_qualify(_plan("Which papers mention supervised fine-tuning?"), papers)) == {
        "phrase", "short"}
    # In a collection where no paper abbreviates it, the words are scored together.
    unabbreviated = {pid: p for pid, p in papers.items() if pid != "short"}
    assert "scattered" in _qualify(_plan("Which papers mention supervised fine-tuning?"),
                                   unabbreviated)


def test_abbreviations_are_learned_from_the_collection():
    """A phrase followed by the abbreviation its initials spell (by word or hyphenated part,
    function words skipped or not) defines it; a bracketed name that spells nothing does not."""
    from assistant.composers.collection import abbreviation_key, abbreviations

    papers = _topical({
        "a": "We compress long chain-of-thought (CoT) traces. We use large language models "
             "(LLMs).",
        "b": "Reinforcement learning from human feedback (RLHF) aligns models. We report "
             "accuracy (Table 2).",
    })
    found = abbreviations(papers.values())
    assert found["cot"] == (("chain-of-thought",),)
    assert found["llm"] == (("large", "language", "models"),)
    assert found["rlhf"] == (("reinforcement", "learning", "from", "human", "feedback"),)
    assert "table2" not in found and "t2" not in found
    assert abbreviation_key("LLMs") == "llm" and abbreviation_key("CoT") == "cot"


def test_an_abbreviation_finds_papers_writing_it_out_and_the_other_way_round():
    """Defined in one paper, "CoT" finds a paper that only writes "chain-of-thought", and
    "chain of thought" a paper that only writes "CoT"; an abbreviation no paper defines is
    found by the words that spell it ("RLHF")."""
    papers = _topical({
        "defines": "Compressing a chain-of-thought (CoT) is hard. We try.",
        "short": "A CoT data synthesis method helps. It is new.",
        "long": "We prompt with chain of thought reasoning. It helps.",
        "rl": "We study reinforcement learning from human feedback for dialogue. It works.",
        "rlhf": "RLHF-trained models improve. They are safe.",
        "none": "We count birds. They migrate.",
    })
    assert set(_qualify(_plan("how many papers mention CoT?", "count"), papers)) == {
        "defines", "short", "long"}
    assert set(_qualify(_plan("which papers use chain of thought?"), papers)) == {
        "defines", "short", "long"}
    assert set(_qualify(_plan("which papers mention RLHF?"), papers)) == {"rl", "rlhf"}
    assert set(_qualify(_plan(
        "which papers use reinforcement learning from human feedback?"), papers)) == {
        "rl", "rlhf"}


def test_a_word_pair_no_paper_writes_is_not_a_phrase_to_find():
    """"agent memory": no paper writes it, so papers on memory in agents qualify; "reward
    model", which a paper writes, stays a phrase."""
    papers = _topical({
        "agents": "Our agents keep a long-term memory of tips. They improve.",
        "memory": "Memory helps models. It is cheap.",
        "reward": "A reward model scores answers. Agents act.",
        "scattered": "The reward is sparse. The model is small.",
    })
    phrases_decide = ListCalibration(weights={"lexical": 10.0, "phrase": 10.0}, bias=-15.0,
                                     threshold=0.6)
    assert set(_qualify_with(_plan("how many papers are about agent memory?", "count"),
                             papers, phrases_decide)) == {"agents"}
    assert set(_qualify_with(_plan("Which papers discuss reward models?"), papers,
                             phrases_decide)) == {"reward"}


def test_papers_that_introduce_something_are_read_for_what_they_contribute():
    """"introduce a new benchmark": a paper evaluating on a benchmark does not qualify; one
    that says it introduces or releases one does."""
    papers = _topical({
        "new": "We introduce DeceptionBench, a benchmark of covert faking. Models fail.",
        "suite": "Agents learn. We release the suite, including a benchmark and data.",
        "uses": "Our method improves. Results on the GAIA benchmark rise by 5%.",
    })
    assert set(_qualify(_plan("Which papers introduce a new benchmark?"), papers)) == {
        "new", "suite"}
    assert set(_qualify(_plan("Which papers mention a benchmark?"), papers)) == {
        "new", "suite", "uses"}


def test_a_code_site_is_met_by_a_link_not_by_the_word(collection):
    """"resolving GitHub issues" links nowhere: only a paper linking to GitHub qualifies."""
    papers = dict(collection)
    papers["h"] = Paper(id="h", title="Issue fixer", source="test", facets=Facets(),
                        abstract="Agents resolve GitHub issues. They pass tests.")
    assert _qualify(_plan("which papers link a GitHub repo for their code?"), papers) == ["e"]


def _topical(texts: dict[str, str]) -> dict[str, Paper]:
    return {pid: Paper(id=pid, title=pid.title(), abstract=text, source="test")
            for pid, text in texts.items()}


def _qualify_with(plan: QuestionPlan, papers: dict[str, Paper], calibration: ListCalibration,
                  meaning=None) -> list[str]:
    chunking = ChunkingSettings()
    chunks = {pid: chunk_paper(p, chunking)[0] for pid, p in papers.items()}
    found, _ = qualify(plan, papers, lambda ids: {i: chunks[i] for i in ids},
                       lambda token: 1.0, calibration,
                       lambda token: any(token in tokenize(p.abstract) for p in papers.values()),
                       meaning)
    return [q.paper_id for q in found]


def test_a_paper_on_the_topic_in_other_words_qualifies_by_meaning():
    """The embedder's cosine of the question to a paper's sentences is a signal: a calibration
    that weighs it lists the paper whose sentence means the criterion without its words."""
    papers = _topical({
        "words": "We build a robot arm. It grasps cups.",
        "meaning": "A manipulator learns to pick up objects. It is fast.",
        "other": "We study tax law. Courts differ.",
    })
    close = {"A manipulator learns to pick up objects.": 0.8}

    def meaning(question: str, texts):
        return [close.get(t, 0.1) for t in texts]

    plan = _plan("Which papers are about robot arms?")
    words_only = ListCalibration()
    assert _qualify_with(plan, papers, words_only, meaning) == ["words"]
    by_meaning = ListCalibration(weights={"lexical": 6.0, "meaning": 8.0}, bias=-3.0)
    assert set(_qualify_with(plan, papers, by_meaning, meaning)) == {"words", "meaning"}


def test_an_abbreviation_introducing_an_example_is_no_part_of_the_criterion():
    # Its letters ("e", "g") are in every abstract that writes "e.g." itself.
    assert _criterion("Which abstracts mention best-of-N sampling (e.g. best-of-32)?", []) == [
        "best-of-N", "sampling", "best-of-32"]
    assert _criterion("papers on human studies, i.e. run with people, etc.?", []) == [
        "human", "studies", "people"]


def test_which_of_them_is_judged_by_its_criterion_not_by_the_names_of_the_papers_in_scope():
    """A scoped question's standalone form names the papers in scope ("... (among: Arm)");
    a paper's sentences naming itself would then be near the question for the name alone,
    and the one paper of a previous answer would meet any criterion."""
    papers = _topical({
        "arm": "Arm is a robot arm. It grasps cups.",
        "planner": "A Manager splits each task into subgoals. Workers act on them.",
    })
    asked: list[str] = []

    def meaning(question: str, texts):
        asked.append(question)
        return [0.9 if "Arm" in question and "Arm" in t else 0.1 for t in texts]

    question = "which of them has a Manager that splits tasks into subgoals?"
    plan = _plan(question).model_copy(update={"standalone": f"{question} (among: Arm)",
                                              "scope": ["arm"]})
    by_meaning = ListCalibration(weights={"lexical": 6.0, "meaning": 8.0}, bias=-7.0)
    assert _qualify_with(plan, papers, by_meaning, meaning) == []
    assert asked and not any("Arm" in q for q in asked)


def test_text_signals_say_how_much_of_the_written_criterion_a_paper_holds():
    """Words no paper uses ("bitcoin") drop out of the lexical share but not out of coverage,
    so a paper holding only the generic rest of the criterion is seen as holding little."""
    from assistant.composers.collection import text_evidence

    papers = _topical({"a": "LLMs write code. They test it.", "b": "We study birds."})
    chunking = ChunkingSettings()
    chunks = {pid: chunk_paper(p, chunking)[0] for pid, p in papers.items()}
    knows = lambda token: any(token in tokenize(p.abstract) for p in papers.values())  # noqa: E731
    rows = text_evidence(_plan("papers that apply LLMs to bitcoin"), papers,
                         lambda ids: {i: chunks[i] for i in ids}, lambda token: 1.0, knows)
    assert rows["a"].features["lexical"] == 1.0
    assert rows["a"].features["coverage"] < 1.0
    assert rows["a"].features["whole"] == 0.0
    assert rows["b"].features["lexical"] == 0.0


def test_a_plural_acronym_and_a_name_built_on_it_match_the_singular():
    papers = _topical({
        "gan": "We train GAN-based video models. They are sharp.",
        "style": "We boost face recognition with StyleGAN images. It helps.",
        "none": "We study galaxies. They rotate.",
    })
    plan = _plan("how many papers mention GANs?", intent="count")
    assert set(_qualify_with(plan, papers, ListCalibration())) == {"gan", "style"}


def test_phrases_do_not_run_across_alternatives():
    """"process reward models or process rewards": "models process" is not a phrase of it."""
    from assistant.composers.collection import criterion

    crit = criterion(_plan("Which papers discuss process reward models or process rewards?"),
                     lambda token: 1.0)
    assert ("model", "process") not in crit.pairs
    assert ("process", "reward") in crit.pairs


def test_a_criterion_the_collection_barely_holds_lists_nothing():
    """"LLMs for stock trading": no paper writes "stock" or "trading"; every LLM paper holds
    the rest, a small share of the criterion as written, below the calibrated floor."""
    papers = _topical({"a": "LLMs write code. They test it.", "b": "LLMs plan trips. Fine."})
    plan = _plan("list papers that apply LLMs to stock trading")
    assert set(_qualify_with(plan, papers, ListCalibration())) == {"a", "b"}
    assert _qualify_with(plan, papers, ListCalibration(min_coverage=0.5)) == []


def test_either_side_of_an_or_and_a_typo_of_a_question_word():
    """"coding or software-engineering tasks": a paper holding one side whole holds all of
    the `either` signal; "abut" (about) is no part of the criterion."""
    from assistant.composers.collection import criterion, text_evidence

    papers = _topical({"code": "We study coding. It is hard.",
                       "swe": "Software-engineering tasks are hard. We test them.",
                       "none": "We study birds."})
    chunking = ChunkingSettings()
    chunks = {pid: chunk_paper(p, chunking)[0] for pid, p in papers.items()}
    knows = lambda token: any(token in tokenize(p.abstract) for p in papers.values())  # noqa: E731
    rows = text_evidence(_plan("Which papers evaluate on coding or software-engineering tasks?"),
                         papers, lambda ids: {i: chunks[i] for i in ids}, lambda t: 1.0, knows)
    assert rows["code"].features["either"] == 1.0 == rows["swe"].features["either"]
    assert rows["code"].features["lexical"] < 1.0
    assert rows["none"].features["either"] == 0.0
    typo = criterion(_plan("how many abstracts talk abut self-evaluation?"), lambda t: 1.0,
                     lambda t: t != "abut", keep_unknown=True)
    assert "abut" not in typo.words and "evalu" in typo.words


def test_words_the_question_writes_apart_are_no_phrase():
    """"memory in agents" relates two things (a paper may say "agents with memory");
    "process reward models" is one phrase."""
    from assistant.composers.collection import criterion

    related = criterion(_plan("How many papers discuss memory in agents?"), lambda t: 1.0)
    assert related.pairs == frozenset()
    phrase = criterion(_plan("Which papers discuss process reward models?"), lambda t: 1.0)
    assert phrase.pairs == {("process", "reward"), ("reward", "model")}


def test_a_scoped_topical_list_weighs_each_paper_against_the_whole_collection():
    """Scoped to two papers, neither on the topic, nothing qualifies: the best of the two is
    not on the topic just because it is the better of two."""
    papers = _topical({"robot": "We build a robot arm. It grasps cups.",
                       "tax": "We study tax law. Courts differ.",
                       "birds": "We count birds. They migrate."})
    close = {"We build a robot arm.": 0.8}

    def meaning(question: str, texts):
        return [close.get(t, 0.1) for t in texts]

    calibration = ListCalibration(weights={"meaning_gap": 8.0}, bias=1.0)
    plan = _plan("Which papers are about robots?")
    assert _qualify_with(plan, papers, calibration, meaning) == ["robot"]
    scoped = plan.model_copy(update={"scope": ["tax", "birds"]})
    assert _qualify_with(scoped, papers, calibration, meaning) == []


def _idf_of(papers: dict[str, Paper]):
    """BM25's idf over the test collection's abstracts, as the lexical index computes it."""
    import math

    docs = [set(tokenize(f"{p.title} {p.abstract}")) for p in papers.values()]

    def idf(token: str) -> float:
        df = max(1, sum(token in d for d in docs))
        return math.log(1 + (len(docs) - df + 0.5) / (df + 0.5))

    return idf


def test_a_name_most_papers_write_decides_little():
    """"hallucinations in LLMs" where every paper writes "LLMs": a name weighs as the rarest
    word only up to its own rarity, so writing "LLMs" alone is a small share of the criterion."""
    from assistant.composers.collection import criterion, score_paper

    papers = _topical({"halluc": "LLMs hallucinate facts. We reduce hallucinations.",
                       "code": "LLMs write code. They test it.",
                       "trips": "LLMs plan trips. They book hotels.",
                       "birds": "We study birds. LLMs are not used."})
    idf = _idf_of(papers)
    knows = lambda token: any(token in tokenize(p.abstract) for p in papers.values())  # noqa: E731
    crit = criterion(_plan("Which papers tackle hallucinations in LLMs?"), idf, knows)
    assert crit.rarity and crit.rarity[0] < idf("hallucin")
    unseen = idf("__unseen__")
    share = {pid: score_paper(crit, f"{p.title} {p.abstract}", unseen)
             for pid, p in papers.items()}
    assert share["halluc"] == 1.0 and share["code"] < 0.25


def test_a_question_noun_ending_a_criterion_phrase_stays_in_it():
    """"research ideas" is the criterion's phrase; "the main idea of" only shapes a question."""
    assert _criterion("which works use AI to come up with research ideas?", []) == [
        "AI", "research", "ideas"]
    assert "idea" not in _criterion("list papers whose main idea is self-play", [])
    assert _criterion("genetic programming papers?", []) == ["genetic", "programming"]


def test_the_verb_relating_papers_to_a_topic_forms_no_phrase_with_it():
    """"papers tackle hallucinations": a paper about hallucinations need not write "tackle
    hallucinations"; "process reward models" stays one phrase."""
    from assistant.composers.collection import criterion

    related = criterion(_plan("Which papers tackle hallucinations in LLMs?"), lambda t: 1.0)
    assert ("tackl", "hallucin") not in related.pairs
    phrase = criterion(_plan("Which papers discuss process reward models?"), lambda t: 1.0)
    assert ("process", "reward") in phrase.pairs


def test_a_compound_written_joined_apart_or_hyphenated_is_one_word():
    """"pretraining", "pre-training" and "pre training" ask for the same papers, whichever
    way each paper writes it."""
    papers = _topical({
        "joined": "We study pretraining of small models. It helps.",
        "hyphen": "Pre-training on code helps. We test it.",
        "other": "We count birds. They migrate.",
    })
    for question in ("which papers discuss pretraining?", "which papers discuss pre-training?",
                     "which papers discuss pre training?"):
        assert set(_qualify(_plan(question), papers)) == {"joined", "hyphen"}, question


def test_forms_of_one_word_that_stem_apart_are_one_word():
    """"self-supervision" stems to "supervis", "self-supervised" to "superv": one word. A
    hyphenated word's short part ("multi") is no stem of a longer word ("multimodal")."""
    from assistant.composers.collection import _stem_variants

    papers = _topical({
        "ssl": "We pre-train with a self-supervised objective. It helps.",
        "sup": "Self-supervision on video helps. We test it.",
        "other": "We count birds. They migrate.",
    })
    assert set(_qualify(_plan("which papers use self-supervision?"), papers)) == {"ssl", "sup"}
    assert _stem_variants({"superv"}, {"supervis", "superv", "bird"}) == {"supervis": "superv"}
    assert _stem_variants({"multi"}, {"multimod"}) == {}
    # "though" is a word of its own, not a stem cut from "thought"
    assert _stem_variants({"thought"}, {"though", "thought"}, lambda: {"though", "thought"}) == {}


def test_a_side_of_an_or_that_is_a_name_but_no_facet_is_met_by_the_text(collection):
    """"chatgpt or Llama": Llama is a stored facet; ChatGPT, a name one paper writes that no
    extractor stored, still qualifies the paper writing it."""
    papers = dict(collection)
    papers["h"] = Paper(id="h", title="Ideas from chatbots", source="test", facets=Facets(),
                        abstract="Participants read ideas written by ChatGPT. They liked them.")
    assert set(_qualify(_plan("anything involving chatgpt or Llama?"), papers)) == {"b", "h"}
    # without the "or", both are needed: the paper writing only ChatGPT does not qualify
    assert "h" not in _qualify(_plan("papers involving chatgpt with Llama?"), papers)
    # a capital that only starts a sentence makes no name: "transformers" is a side the
    # text decides, and a paper on transformers meets it by what it is about
    papers["i"] = Paper(id="i", title="Attention everywhere", source="test", facets=Facets(),
                        abstract="Transformers help. We study them.")
    assert "i" in _qualify(_plan("papers using Llama or transformers?"), papers)


def test_a_side_of_an_or_that_names_no_facet_is_met_by_the_text(collection):
    papers = dict(collection)
    papers["p"] = Paper(id="p", title="Scoring steps", source="test", facets=Facets(),
                        abstract="We train a process reward model that scores each step.")
    found = _qualify(_plan("which abstracts bring up process rewards or Llama?"), papers)
    assert {"b", "p"} <= set(found)


@pytest.mark.parametrize(("question", "criterion"), [
    ("how many papers bring up AutoML?", ["AutoML"]),
    ("which works build on Llama models?", ["Llama", "models"]),
    ("papers relying on tree search?", ["tree", "search"]),
    ("papers that carry out ablations on GSM8K", ["ablations", "GSM8K"]),
    # a hyphenated verb may be the topic itself
    ("papers that self-evolve with feedback?", ["self-evolve", "feedback"]),
    ("Which papers tackle hallucinations in LLMs?", ["tackle", "hallucinations", "LLMs"]),
])
def test_a_verb_with_its_particle_relates_the_papers_and_is_no_criterion_word(question,
                                                                               criterion):
    assert _criterion(question, []) == criterion
