"""Question understanding on reworded questions written blind (by authors who never read the code).

The table is every single-turn dev question that carries a labelled intent: a wording the rules
do not know must still land on the right intent and the right papers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.types import ChatTurn
from assistant.understanding import understand
from eval.understanding_eval import labelled, score

DEV = Path(__file__).resolve().parents[2] / "eval" / "datasets" / "blind"
DEV_FILES = ["answerable_dev.jsonl", "unanswerable_dev.jsonl", "lists_dev.jsonl"]


@pytest.fixture(scope="module")
def collection(make_shared):
    return make_shared().retriever


def test_intent_and_subjects_of_blind_dev_questions(collection):
    items = labelled([DEV / name for name in DEV_FILES])
    assert len(items) >= 120
    result = score(items, collection)
    print(f"\nintent {result.intent:.3f}, subjects {result.subjects:.3f} of {result.n}")
    print("\n".join(result.wrong[:60]))
    assert result.intent >= 0.92, "\n".join(result.wrong[:40])
    assert result.subjects >= 0.80, "\n".join(result.wrong[:40])


@pytest.mark.parametrize(("question", "intent"), [
    ("How does rStar-Math stack up against SPHERE?", "comparison"),
    ("Papers evaluating on GAIA?", "list"),
    ("GAIA papers? either run on it or compared with it", "list"),  # a question, then more
    ("Give me the papers that report results on GAIA", "list"),
    ("How many papers mention Llama?", "count"),
    ("Tally up the papers with GAIA results.", "count"),  # a verb of counting
    ("Counting the papers that use Llama, what do you get?", "count"),
    ("what's the paper where a critic plays against a sneaky generator?", "which_paper"),
    ("name the work that simulates the game of life with a transformer", "which_paper"),
    ("What is rStar-Math's learning rate?", "fact"),
    ("What learning rate does rStar-Math use?", "fact"),
    ("What does rStar-Math do?", "describe"),
    ("rstar math or SPHERE: which one uses MCTS?", "comparison"),
    # a named paper and a described one, asked about together
    ("rStar-Math and the medical self-evolution paper: what do they search with?", "comparison"),
    ("rStar-Math and the medical self-evolution paper it cites: what does it search with?",
     "fact"),
    ("Which paper teaches a phone agent to keep shortcuts?", "which_paper"),
    # "is there a paper ...": whether one does, and which
    ("is there a paper where a critic plays against a sneaky generator?", "which_paper"),
    ("Is there a self-play critic paper here that trains against a generator?", "which_paper"),
    ("I review for a speech venue. Is there a paper here on fake audio?", "which_paper"),
    # a value asked in few words is still a detail, not a summary
    ("how big is rstar math", "fact"),
    # the other side as the paper's abstract speaks of it: what the paper does differently
    ("what's new in rStar-Math vs the usual approach?", "fact"),
    # "who proposed/found ...": the paper that did it ("who wrote X?" asks for authors)
    ("who found that a critic can learn from a sneaky generator?", "which_paper"),
    ("Who proposed a process preference model?", "which_paper"),
    # an indefinite subject asks whether the collection holds any: every one that does
    ("anything testing on GSM8K?", "list"),
    ("work that uses Llama", "list"),
    ("work built on DeepSeek models", "list"),
    ("is there any research on self-play?", "list"),
    ("anything about rStar-Math's training data?", "fact"),  # a paper named: its detail
    # ... read in the part that asks, after a sentence setting the scene
    ("I'm writing a chapter on tree search. Anything on MCTS for coding in here?", "list"),
    # "of these" with no list before it: the collection's papers
    ("which of these use meta-learning?", "list"),
])
def test_reworded_examples(collection, question, intent):
    assert understand(question, [], collection).intent == intent


def test_an_acronym_typed_in_lower_case_is_read_as_the_papers_write_it(collection):
    plan = understand("rstar math aime score", [], collection)
    assert "aime" in plan.focus_terms and "AIME" in plan.entities  # not "aim"
    # a word the papers write in lower case stays a word
    assert "aim" in understand("what is rStar-Math's aim?", [], collection).topic_terms


def test_both_wordings_of_a_slot_question_plan_the_same(collection):
    a = understand("What is rStar-Math's learning rate?", [], collection)
    b = understand("What learning rate does rStar-Math use?", [], collection)
    assert a.subjects == b.subjects and a.asked_for == b.asked_for
    assert set(a.topic_terms) <= set(b.topic_terms)


def _answered(collection, question: str, paper_title_start: str) -> list[ChatTurn]:
    pid = next(p.id for p in collection.papers.values() if p.title.startswith(paper_title_start))
    return [ChatTurn(role="user", content=question),
            ChatTurn(role="assistant", content="...", papers=[pid])]


def test_a_turn_naming_a_new_paper_is_about_that_paper_whatever_its_pronouns(collection):
    history = _answered(collection, "What does SPHERE do?", "Self-Evolved Preference")
    plan = understand("What does LongPO add to its objective?", history, collection)
    assert [collection.papers[p].title.split(":")[0] for p in plan.subjects] == ["LongPO"]
    assert not plan.follows_up


@pytest.mark.parametrize(("question", "title_start"), [
    ("and the one on dark matter in Sagittarius?", "Effects of Dark Matter"),  # what it is on
    ("what does the entropy minimisation method do?", "Right Question"),  # its abstract's words
])
def test_a_thing_described_by_words_only_another_paper_has_is_that_paper(collection, question,
                                                                          title_start):
    history = _answered(collection, "What does rStar-Math do?", "rStar-Math")
    plan = understand(question, history, collection)
    assert [collection.papers[p].title[:len(title_start)] for p in plan.subjects] == \
        [title_start]
    assert not plan.follows_up


def test_a_dependent_follow_up_takes_the_previous_answers_paper(collection):
    history = _answered(collection, "What does rStar-Math do?", "rStar-Math")
    plan = understand("and what benchmark does it use?", history, collection)
    assert plan.follows_up and plan.subject_names and "rStar" in plan.standalone
    assert plan.asked_for == "benchmark"


def test_and_compared_with_x_compares_the_previous_paper_with_x(collection):
    history = _answered(collection, "What does rStar-Math do?", "rStar-Math")
    plan = understand("and compared with SPHERE?", history, collection)
    assert plan.intent == "comparison" and len(plan.subjects) == 2


def test_which_of_them_filters_the_previous_list(collection):
    pids = [p.id for p in list(collection.papers.values())[:4]]
    history = [ChatTurn(role="user", content="Which papers use MCTS?"),
               ChatTurn(role="assistant", content="...", papers=pids)]
    plan = understand("which of them uses a reward model?", history, collection)
    assert plan.intent == "list" and plan.scope == pids and plan.subjects == []


@pytest.mark.parametrize("question", ["which one uses a reward model?",
                                      "and which one of those uses a reward model?"])
def test_which_one_after_several_papers_picks_among_them(collection, question):
    pids = [p.id for p in list(collection.papers.values())[:4]]
    history = [ChatTurn(role="user", content="Which papers use MCTS?"),
               ChatTurn(role="assistant", content="...", papers=pids)]
    plan = understand(question, history, collection)
    assert plan.intent == "list" and plan.scope == pids and plan.subjects == []
    # with no answer before it, one paper of the collection
    assert understand(question, [], collection).intent != "list"


def test_a_self_contained_question_is_not_glued_to_the_previous_one(collection):
    history = _answered(collection, "What does rStar-Math do?", "rStar-Math")
    plan = understand("Which papers evaluate on AIME?", history, collection)
    assert plan.intent == "list" and not plan.scope and not plan.follows_up


@pytest.mark.parametrize("written", ["rstar math", "RSTAR-MATH", "rStar Math", "rStar-Mth"])
def test_names_are_resolved_despite_case_hyphens_spaces_and_typos(collection, written):
    plan = understand(f"what does {written} do", [], collection)
    assert [collection.papers[p].title.split(":")[0] for p in plan.subjects] == ["rStar-Math"]


def test_darwin_godel_without_accent_or_machine_names_the_paper(collection):
    plan = understand("How does Darwin Godel improve itself?", [], collection)
    assert plan.subjects and "G" in collection.papers[plan.subjects[0]].title


def test_a_rendered_operator_names_the_paper_whose_source_lost_the_backslash(collection):
    # The bundled source writes "LongotimesShort" (from Long$\\otimes$Short).
    plan = understand("What base models does Long⊗Short use?", [], collection)
    assert plan.subjects and "Not All Thoughts" in collection.papers[plan.subjects[0]].title
    assert not plan.unknown_names


@pytest.mark.parametrize(("question", "asked"), [
    ("What learning rate does rStar-Math use?", {"learn", "rate"}),
    ("learning rate used for rStar-Math?", {"learn", "rate"}),
    ("How many GPU hours did training SPHERE take?", {"gpu", "hour"}),
    ("what's DotaMath's GSM8K score?", {"gsm8k"}),  # the score is any number; GSM8K's is asked
    ("How many categories does DeceptionBench have?", {"categori"}),
    ("Which paper trains a transformer to simulate the Game of Life?", set()),  # the paper
    ("What kind of tasks is SPHERE evaluated on?", {"task"}),
])
def test_the_words_naming_the_asked_value_leave_out_names_and_generic_measures(
        collection, question, asked):
    assert set(understand(question, [], collection).asked_terms) == asked


@pytest.mark.parametrize(("question", "aspects"), [
    ("Compare SPHERE and rStar-Math on how they make training data", ["make training data"]),
    ("How do SPHERE and rStar-Math differ in their data, method and results?",
     ["data", "method", "results"]),
    ("how do the two compare in cost, rStar-Math and SPHERE", ["cost"]),
    ("SPHERE or rStar-Math?", []),
    ("rStar-Math vs SPHERE: which one is better for maths problems", ["maths problems"]),
    # "or" offers alternatives for one answer ("before or during"), where "and" lists columns.
    ("rStar-Math vs SPHERE: do they filter data before or after training?",
     ["filter data before after training"]),
])
def test_a_comparison_compares_what_the_question_asks_not_the_names(collection, question,
                                                                    aspects):
    plan = understand(question, [], collection)
    assert plan.intent == "comparison"
    assert plan.aspects == aspects


def test_terminal_chat_keeps_the_conversation(make_shared):
    import io

    from ui.cli import chat

    out = io.StringIO()
    lines = io.StringIO("What does rStar-Math do?\nand what benchmark does it use?\n/sources 1\n"
                        "/new\n\n/quit\n")
    assert chat(make_shared(), lines, out) == 0
    text = out.getvalue()
    assert text.count("rStar-Math") >= 2 and "(new conversation)" in text
    assert "\u201c" in text  # /sources shows the quote


def test_terminal_chat_shows_the_stage_then_clears_it_for_the_answer(make_shared):
    import io

    from ui.cli import chat

    out = io.StringIO()
    chat(make_shared(), io.StringIO("What does rStar-Math do?\n/quit\n"), out, progress=True)
    text = out.getvalue()
    assert "(finding papers \u2026)" in text
    _, answer = text.rsplit("\r\x1b[K", 1)
    assert "rStar-Math" in answer and "finding papers" not in answer
    quiet = io.StringIO()  # not a terminal: no stage lines in a file or a pipe
    chat(make_shared(), io.StringIO("What does rStar-Math do?\n/quit\n"), quiet)
    assert "finding papers" not in quiet.getvalue() and "\x1b" not in quiet.getvalue()


@pytest.mark.parametrize(("question", "slot"), [
    ("Which downstream tasks does rStar-Math improve?", "name"),  # tasks, not a number
    ("What accuracy does rStar-Math reach on MATH?", "number"),
    ("rStar-Math improvement on AIME?", "number"),
    ("Which benchmarks does SPHERE report?", "benchmark"),
])
def test_the_noun_a_which_or_what_governs_decides_the_slot(collection, question, slot):
    assert understand(question, [], collection).asked_for == slot


def test_a_name_in_what_is_asked_for_keeps_the_conversation_on_its_paper(collection):
    papers = collection.papers
    spc = next(p for p in papers if papers[p].title.startswith("SPC"))
    history = [ChatTurn(role="user", content="what is SPC?"),
               ChatTurn(role="assistant", content="SPC is ...", papers=[spc])]
    # "GPU" is used by another paper, but here it is the detail sought, not a new subject.
    assert understand("how many GPU hours did training take?", history, collection).subjects \
        == [spc]
    assert understand("what does Self-J train?", history, collection).subjects != [spc]


def test_the_longest_name_is_the_one_used_and_a_model_variant_is_not_a_paper(collection):
    papers = collection.papers
    plan = understand("Meta Flow Matching or the multi-marginal Schrödinger bridge paper: what "
                      "data do they demonstrate on", [], collection)
    assert "Meta Flow Matching" in plan.subject_names.values()
    assert plan.intent == "comparison" and len(plan.subjects) == 2
    plan = understand("what's rStar-Math's MATH score with Qwen2.5-Math-7B?", [], collection)
    assert [papers[p].title.split(":")[0] for p in plan.subjects] == ["rStar-Math"]


@pytest.mark.parametrize(("question", "intent"), [
    ("which works evaluate on GSM8K?", "list"),
    ("works that study tree search?", "list"),
    ("what does the one that works on protein folding report?", "fact"),
    ("and the paper which studies robot bodies, what does it find?", "fact"),
])
def test_works_and_studies_after_a_singular_subject_are_verbs(collection, question, intent):
    plan = understand(question, [], collection)
    assert (plan.intent in ("list", "count")) == (intent == "list"), plan.reasons


def test_a_subject_is_named_as_the_question_wrote_it(collection):
    plan = understand("What learning rate does rStar-Math use?", [], collection)
    assert list(plan.subject_names.values()) == ["rStar-Math"]  # not "rStar Math"
    plan = understand("How does the Darwin Gödel Machine evolve its code?", [], collection)
    assert list(plan.subject_names.values()) == ["Darwin Gödel Machine"]


def _paper(collection, title_start: str) -> str:
    return next(p.id for p in collection.papers.values() if p.title.startswith(title_start))


def test_and_x_asks_the_previous_question_again_of_x(collection):
    history = _answered(collection, "which datasets does rStar-Math evaluate on?", "rStar-Math")
    plan = understand("what about SPHERE?", history, collection)
    assert plan.subjects == [_paper(collection, "Self-Evolved Preference")]
    assert plan.asked_for == "benchmark" and plan.intent == "fact"
    assert "SPHERE" in plan.standalone and "rStar" not in plan.standalone
    assert plan.question == "what about SPHERE?"
    # a turn that asks something of its own is planned on its own words
    plan = understand("and SPHERE, who wrote it?", history, collection)
    assert plan.asked_for == "authors"


def test_a_place_in_the_latest_list_picks_that_paper(collection):
    listed = [p.id for p in list(collection.papers.values())[:3]]
    history = [ChatTurn(role="user", content="Which papers use tree search?"),
               ChatTurn(role="assistant", content="...", papers=listed),
               ChatTurn(role="user", content="what does the first one propose?"),
               ChatTurn(role="assistant", content="...", papers=listed[:1])]
    assert understand("and the second one?", history, collection).subjects == [listed[1]]
    assert understand("what about the last paper?", history, collection).subjects \
        == [listed[2]]
    assert understand("what does #3 measure?", history, collection).subjects == [listed[2]]
    # "the first stage" is a part of the paper being discussed, not a place in the list
    plan = understand("what is the first stage of it?", history, collection)
    assert plan.subjects == listed[:1]
    # "the last two": the places at that end of the list, compared
    plan = understand("compare the last two on their data", history, collection)
    assert plan.intent == "comparison" and set(plan.subjects) == set(listed[1:])
    assert understand("what do the first two papers use?", history, collection).subjects \
        == listed[:2]


def test_how_do_they_differ_compares_the_papers_the_conversation_discussed(collection):
    rstar, sphere = _paper(collection, "rStar-Math"), _paper(collection, "Self-Evolved Pref")
    history = [*_answered(collection, "what is rStar-Math?", "rStar-Math"),
               *_answered(collection, "and SPHERE?", "Self-Evolved Preference")]
    plan = understand("how do they differ?", history, collection)
    assert plan.intent == "comparison" and set(plan.subjects) == {rstar, sphere}
    # one paper discussed, a question about it alone stays on it
    assert understand("what data do they use?", history, collection).subjects == [sphere]
    # with words of its own that name no paper ("who judges", "training data"), the same
    plan = understand("compare the two on the source of training data", history,
                      collection)
    assert plan.intent == "comparison" and set(plan.subjects) == {rstar, sphere}
    # two papers referred to as two, without a comparison word
    plan = understand("so do both of them use a reward model?", history, collection)
    assert set(plan.subjects) == {rstar, sphere}
    # "both" of two things inside the paper is no reference to two papers
    assert understand("does it use both SFT and RL?", history, collection).subjects == [sphere]


@pytest.mark.parametrize(("question", "slot"), [
    ("What does the Limits and Powers of Koopman Learning paper conclude?", "other"),
    ("how many GPUs did the authors of rStar-Math use?", "number"),
    ("is SPHERE tested on any benchmarks?", "other"),  # yes or no, not which
    ("which benchmarks does SPHERE cover?", "benchmark"),
    # "when" asks a date as the question's word, not opening a clause
    ("When was rStar-Math released?", "year"),
    ("rStar-Math came out when?", "year"),
    ("what goes wrong in rStar-Math when the policy model is small?", "other"),
    # yes or no after a phrase setting the scene
    ("In rStar-Math's search, do all steps get the same score?", "other"),
    # a hyper-parameter is a value
    ("What KL coefficient does rStar-Math use?", "number"),
    ("rStar-Math reward threshold?", "number"),
    # "when" asking a condition names a measure, which is not what is asked
    ("When are rStar-Math's error rates high?", "other"),
    ("When rStar-Math runs on AIME, what rate does it reach?", "number"),  # a clause first
    # the authors are asked for when a question word governs them, or nothing else is asked
    ("who wrote rStar-Math?", "authors"),
    ("which authors are behind SPHERE?", "authors"),
    ("rStar-Math authors?", "authors"),
    ("what did the authors of rStar-Math report about its policy model?", "other"),
    ("according to its authors, what is SPHERE for?", "other"),
])
def test_the_slot_is_read_from_what_is_asked_not_from_a_name(collection, question, slot):
    assert understand(question, [], collection).asked_for == slot


def test_which_of_them_naming_a_listed_paper_filters_the_list(collection):
    alita, ltm = _paper(collection, "Alita"), _paper(collection, "Long Term Memory")
    history = [ChatTurn(role="user", content="which papers evaluate on GAIA?"),
               ChatTurn(role="assistant", content="...", papers=[alita, ltm])]
    plan = understand("which of them keeps a long-term memory?", history, collection)
    assert plan.intent == "list" and plan.scope == [alita, ltm] and not plan.subjects


def test_a_description_stays_within_one_phrase(collection):
    plan = understand("generalized teacher forcing paper: what learning rate does it use?", [],
                      collection)
    assert plan.subject_names == {_paper(collection, "Generalized Teacher"): "teacher forcing"}
    assert plan.asked_terms == ["learn", "rate"]


def test_a_paper_without_a_title_head_goes_by_a_name_that_is_its_alone(collection):
    from assistant.names import title_name
    from assistant.understanding import display_name

    headless = [p for p in collection.papers.values() if not title_name(p.title)]
    assert headless
    for paper in headless:
        name = display_name(collection, paper.id)
        assert name == paper.title or list(collection.named(name)) == [paper.id], name


def test_two_things_inside_the_paper_are_not_two_papers(collection):
    history = [*_answered(collection, "what is rStar-Math?", "rStar-Math"),
               *_answered(collection, "and SPHERE?", "Self-Evolved Preference")]
    plan = understand("which of the two training stages is cheaper?", history, collection)
    assert plan.subjects == [_paper(collection, "Self-Evolved Preference")]


def test_a_paper_described_by_words_only_its_abstract_has(collection):
    plan = understand("what does the sneaky generator paper do?", [], collection)
    assert plan.subjects == [_paper(collection, "SPC")]
    plan = understand("What does the Olympiad tree search paper find?", [], collection)
    assert plan.subjects == [_paper(collection, "rStar-Math")]


def test_the_subjects_title_words_do_not_choose_the_answering_sentence(collection):
    plan = understand("How does rStar-Math do math reasoning at test time?", [], collection)
    assert "reason" in plan.topic_terms and set(plan.focus_terms) == {"test", "time"}
    # with nothing else asked, the title's words are all there is to go by
    plan = understand("rStar-Math deep thinking?", [], collection)
    assert set(plan.focus_terms) == {"deep", "think"}


def test_a_comparison_with_its_other_side_written_does_not_reach_back(collection):
    sphere = _paper(collection, "Self-Evolved Preference")
    history = [*_answered(collection, "what is rStar-Math?", "rStar-Math"),
               *_answered(collection, "and SPHERE?", "Self-Evolved Preference")]
    plan = understand("how do they differ from prior work?", history, collection)
    assert plan.subjects == [sphere]


def test_vs_between_two_plain_words_weighs_notions_inside_one_paper(collection):
    plan = understand("how does rStar-Math weigh speed vs accuracy?", [], collection)
    assert plan.intent == "fact"
    # a name, or a word no abstract uses, on one side: another system is compared
    assert understand("rStar-Math vs SPHERE?", [], collection).intent == "comparison"
    assert understand("rstar-math vs zorblatron on math", [], collection).intent == "comparison"


def test_each_before_another_noun_counts_inside_a_paper_not_papers(collection):
    history = _answered(collection, "what is rStar-Math?", "rStar-Math")
    plan = understand("and how does SPHERE score each step?", history, collection)
    assert plan.intent != "comparison"
    assert plan.subjects == [_paper(collection, "Self-Evolved Preference")]


@pytest.mark.parametrize("opening", ["I'm reviewing a submission", "I’ve read that",
                                     "As I understand it"])
def test_the_first_person_pronoun_is_no_name_the_question_depends_on(collection, opening):
    plan = understand(f"{opening}, does rStar-Math use Monte Carlo Tree Search?", [], collection)
    assert not any(e.lower().startswith("i") and len(e) <= 4 for e in plan.entities)
    assert "Monte" in plan.entities or "Carlo" in plan.entities


def test_a_name_written_inside_a_longer_word_names_its_paper_not_an_aspect():
    from assistant.understanding import _aspects

    question = "contrast the stream paper with NBODY6++GPU-MASSLESS: what are they each simulating"
    assert _aspects(question, ["stream paper", "GPU-MASSLESS"], [], lambda _: True) == [
        "simulating"]


def test_title_words_met_again_after_the_description_are_what_is_asked():
    from assistant.understanding import _aspects

    title = ["reward", "design", "reinforc", "learn", "agent"]
    question = "SPO vs the reward design thesis: where do the rewards come from without a reward"
    assert _aspects(question, ["SPO"], [title], lambda _: True) == ["rewards come without reward"]
    # Words the description alone uses stay the paper's when something else is asked.
    assert _aspects("SPO vs the reward design thesis: cost", ["SPO"], [title],
                    lambda _: True) == ["cost"]


@pytest.mark.parametrize(("question", "slot", "asked"), [
    # "which <noun>" asks for that noun's kind, whatever verb follows the noun
    ("which benchmarks does SPHERE improve on?", "benchmark", []),
    ("which models improve with SPHERE?", "model", []),
    ("Which base models get the biggest gains from SPHERE?", "model", []),
    ("which tasks show an improvement for rStar-Math?", "name", ["task"]),
    # a compound of singular nouns before the head: the head is the measure
    ("which benchmark scores does rStar-Math report?", "number", ["benchmark"]),
    # one of the things the noun names
    ("Which agent in rStar-Math explores the search tree?", "name", ["agent"]),
    ("what loss does rStar-Math train its reward model with?", "name", ["loss"]),
    ("which years do the rStar-Math problems come from?", "year", ["year"]),
    # "what" as the subject of a verb: no noun says what kind of thing is asked
    ("what causes the trees of rStar-Math to grow?", "other", []),
    ("how many rounds does rStar-Math run?", "number", ["round"]),
])
def test_which_noun_asks_for_that_nouns_kind(collection, question, slot, asked):
    plan = understand(question, [], collection)
    assert plan.asked_for == slot
    assert plan.counts is question.startswith("how many")
    assert [t for t in plan.asked_terms if t not in ("rstar", "math")] == asked


@pytest.mark.parametrize("question", [
    "what do the authors of rStar-Math claim?",
    "What is the main argument of SPHERE?",
    "rStar-Math: key takeaway?",
    "what's the idea behind rStar-Math",
    "what does SPHERE conclude?",
])
def test_asking_for_a_papers_claim_asks_to_describe_it(collection, question):
    # the paper's argument, claim or conclusion is what its abstract is about: nothing
    # beyond the paper is asked, whatever the discourse word
    assert understand(question, [], collection).intent == "describe"


def test_a_list_question_after_an_answer_asks_the_whole_collection(collection):
    history = _answered(collection, "What does SPHERE do?", "Self-Evolved Preference")
    plan = understand("Which papers use MCTS?", history, collection)
    assert plan.intent == "list" and plan.scope == [] and not plan.follows_up
    # "which of them" does narrow to the papers just given
    listed = [p.id for p in list(collection.papers.values())[:3]]
    history = [ChatTurn(role="user", content="Which papers use tree search?"),
               ChatTurn(role="assistant", content="...", papers=listed)]
    assert understand("which of them use MCTS?", history, collection).scope == listed


def test_a_scene_before_a_which_paper_question_does_not_tie_it_to_the_last_paper(collection):
    history = _answered(collection, "What does SPHERE do?", "Self-Evolved Preference")
    plan = understand("I'm preparing a talk on agents. Which paper lets a phone agent keep "
                      "tips and shortcuts?", history, collection)
    assert plan.intent == "which_paper" and plan.subjects == []
    # a scene before a question about the paper discussed keeps it
    plan = understand("I see. What base model does it use?", history, collection)
    assert plan.subjects == [_paper(collection, "Self-Evolved Preference")]


def test_its_with_no_paper_before_it_is_dangling(collection):
    assert understand("what about its results?", [], collection).dangling == "its"
    history = _answered(collection, "What does SPHERE do?", "Self-Evolved Preference")
    assert understand("what about its results?", history, collection).dangling == ""
    assert understand("what are rStar-Math's results?", [], collection).dangling == ""


@pytest.mark.parametrize(("question", "intent"), [
    ("Someone in our lab keeps citing rStar-Math. What is it?", "describe"),
    ("I'm writing a review on self-play. What's the main idea of SPHERE?", "describe"),
    # a sentence about the paper, not about the asker, is part of what is asked
    ("The rStar-Math authors train a process preference model. What is it trained on?",
     "fact"),
])
def test_what_the_asker_is_doing_is_not_what_is_asked(collection, question, intent):
    plan = understand(question, [], collection)
    assert plan.intent == intent
    assert not {"lab", "cite", "write", "review"} & set(plan.topic_terms)


def test_a_paper_named_by_its_code_repository_is_that_paper(collection):
    # the bundled abstract of "Monte Carlo Tree Search Boosts Reasoning via Iterative
    # Preference Learning" links github.com/.../MCTS-DPO and never names itself so
    plan = understand("what's the base model in the MCTS-DPO paper?", [], collection)
    assert plan.subjects == [_paper(collection, "Monte Carlo Tree Search Boosts")]
    assert plan.absent == []


def test_a_paper_called_by_a_name_no_paper_goes_by_is_absent(collection):
    # a name some abstract mentions ("DeepSeek-R1") is not that abstract's paper
    plan = understand("What does the DeepSeek-R1 paper report on AIME?", [], collection)
    assert plan.subjects == [] and plan.absent == ["DeepSeek-R1"]
    assert understand("What does the Voyager paper propose?", [], collection).absent == \
        ["Voyager"]
    # a description by title words still finds its paper
    plan = understand("what does the Knightian blindspot paper argue?", [], collection)
    assert plan.subjects and plan.absent == []


@pytest.mark.parametrize(("question", "absent"), [
    # a name of several words, after "original", before the kind of thing the paper presented
    ("What are the results of the Deep Voyager paper?", ["Deep Voyager"]),
    ("What does the original DeepSeek-R1 paper report?", ["DeepSeek-R1"]),
    ("Summarise the FooBench benchmark paper for me", ["FooBench"]),
    # words that describe a paper name none
    ("what does the tree search paper find?", []),
])
def test_a_paper_called_by_a_longer_name_no_paper_goes_by_is_absent(collection, question,
                                                                    absent):
    assert understand(question, [], collection).absent == absent


@pytest.mark.parametrize(("question", "count", "counted"), [
    ("Which four models does FooNet attack?", 4, ["model", "doe", "foonet"]),
    ("what are the three stages of FooNet", 3, ["stage", "foonet"]),
    ("list the 5 categories in FooBench", 5, ["categori", "foobench"]),
    ("FooNet: which exact two modules?", 2, ["modul"]),
    # picking among things already named is not asking for a counted set
    ("FooNet, BarNet and BazNet: which of the three needs no labels?", 0, []),
    ("Which 7B model does FooNet tune?", 0, []),
    ("How many modules does FooNet have?", 0, []),
])
def test_a_question_asking_for_a_counted_set_by_name_says_how_many(collection, question,
                                                                   count, counted):
    plan = understand(question, [], collection)
    assert (plan.asked_count, plan.counted_terms) == (count, counted)


@pytest.mark.parametrize(("question", "intent"), [
    # a comparison word with no other side named is about the paper's own content
    ("In SPHERE, what separates a good step from a bad one?", "fact"),
    ("is rStar-Math compared against larger models?", "fact"),
    # a name on the other side, known or not, makes it a comparison
    ("how does rStar-Math stack up against AlphaGeometry?", "comparison"),
    ("rStar-Math compared with SPHERE?", "comparison"),
])
def test_a_one_paper_comparison_needs_another_side(collection, question, intent):
    assert understand(question, [], collection).intent == intent


def test_a_name_written_in_two_words_is_read_as_the_papers_write_it(collection):
    # the abstracts write "GSM8K" and "AlpacaEval"; "gsm" and "alpaca" alone are no word of theirs
    plan = understand("rStar-Math GSM 8K accuracy?", [], collection)
    assert "gsm8k" in plan.topic_terms and plan.question == "rStar-Math GSM 8K accuracy?"
    plan = understand("which papers report Alpaca eval numbers?", [], collection)
    assert any("alpacaev" in c.lower() or "alpacaeval" in c.lower() for c in plan.constraints)
    # two words the papers use apart stay apart
    assert "reward" in understand("rStar-Math reward model?", [], collection).topic_terms


def test_chat_shorthand_does_not_change_what_is_asked(collection):
    typed = understand("tl;dr of rStar-Math pls", [], collection)
    assert typed.intent == "describe" and typed.question == "tl;dr of rStar-Math pls"
    assert understand("whats rStar-Math's avg AIME score", [], collection).asked_for == "number"


def test_how_big_asks_for_a_size(collection):
    assert "size" in understand("how big is rStar-Math's policy model?", [], collection).asked_terms
    assert "size" not in understand("how long does rStar-Math train?", [], collection).asked_terms


def test_a_model_of_another_papers_family_does_not_take_it_from_the_paper_discussed(collection):
    rstar = _paper(collection, "rStar-Math")
    history = _answered(collection, "what is rStar-Math?", "rStar-Math")
    plan = understand("how much does it improve Qwen2.5-Math-7B on MATH?", history, collection)
    assert plan.subjects == [rstar]
    # the paper itself, named as such, is still the subject
    plan = understand("and what does Qwen2.5-Math report?", history, collection)
    assert plan.subjects != [rstar]


def test_a_question_on_a_name_no_paper_uses_does_not_go_on_with_the_papers_discussed(collection):
    history = _answered(collection, "what is rStar-Math?", "rStar-Math")
    assert understand("What is the capital of France?", history, collection).subjects == []
    # a detail with no name goes on with the paper discussed
    plan = understand("how many GPU hours did training take?", history, collection)
    assert plan.subjects == [_paper(collection, "rStar-Math")]


def test_other_papers_leave_out_the_ones_just_discussed(collection):
    rstar = _paper(collection, "rStar-Math")
    history = _answered(collection, "what is rStar-Math?", "rStar-Math")
    plan = understand("Which other papers use Monte Carlo Tree Search?", history, collection)
    assert plan.intent == "list" and plan.excluded == [rstar] and plan.scope == []
    assert not any("other" in c.lower() for c in plan.constraints)
    # without "other", the whole collection is asked
    assert understand("Which papers use Monte Carlo Tree Search?", history, collection
                      ).excluded == []


@pytest.mark.parametrize(("question", "slot"), [
    ("What does SWE-Search evaluate on?", "benchmark"),
    ("what did they evaluate rStar-Math on?", "benchmark"),
    # a noun says what kind of thing is asked: that decides
    ("What kind of data does SWE-Search test on?", "name"),
])
def test_evaluating_on_something_asks_for_a_benchmark(collection, question, slot):
    assert understand(question, [], collection).asked_for == slot


def test_their_after_the_papers_asked_for_stands_for_those_papers(collection):
    history = _answered(collection, "what is rStar-Math?", "rStar-Math")
    plan = understand("Make a table of the papers that evaluate on GSM8K with their base models",
                      history, collection)
    assert plan.scope == [] and not plan.follows_up
    # "which of them" still filters the papers before
    assert understand("which of them use a reward model?", history, collection).follows_up


@pytest.mark.parametrize("question", [
    "what problem is rStar-Math trying to solve",
    "What motivates SPHERE?",
    "Which gap does LongPO address?",
])
def test_asking_what_a_paper_takes_on_is_a_description_of_its_problem(collection, question):
    plan = understand(question, [], collection)
    assert plan.intent == "describe" and plan.asks_problem


def test_a_papers_own_limitations_are_a_detail_not_its_problem(collection):
    plan = understand("what are the limitations of SPHERE?", [], collection)
    assert not plan.asks_problem


@pytest.mark.parametrize(("question", "entity", "kept"), [
    ("Which paper fools LLM-text detectors?", "LLM-text", False),  # "LLM" is every paper's
    ("Does SPHERE report GPT-4o results?", "GPT-4o", True),
])
def test_a_compound_is_a_name_by_its_naming_parts(collection, question, entity, kept):
    assert (entity in understand(question, [], collection).entities) is kept


@pytest.mark.parametrize(("question", "shape"), [
    ("summarise AgentGym w/ one paragraph", "with one paragraph"),
    ("explain LongPO to a beginner", "to a beginner"),
    ("SPHERE in plain English, please", "in plain English"),
    ("ELI5 rStar-Math", "in simple terms"),
])
def test_how_the_answer_is_wanted_does_not_change_what_is_asked(collection, question, shape):
    plan = understand(question, [], collection)
    assert plan.intent == "describe" and plan.shape == shape
    assert plan.question == question and any(shape in r for r in plan.reasons)


def test_words_that_pick_a_paper_out_are_not_asked_of_it(collection):
    plan = understand("Describe the LLM cultural-evolution simulation paper", [], collection)
    assert plan.intent == "describe" and plan.subjects
    plan = understand("what does the cultural evolution paper find about network structure?",
                      [], collection)
    assert plan.intent == "fact" and "network" in plan.topic_terms


def test_the_occasion_for_asking_is_not_what_is_asked(collection):
    plan = understand("For a reading group on self-play next week: what is the core idea of "
                      "SPHERE?", [], collection)
    assert plan.intent == "describe" and not {"read", "group", "week"} & set(plan.topic_terms)


@pytest.mark.parametrize(("question", "aspects"), [
    # the thing asked for stands before the papers; what qualifies it goes with it
    ("Which base LLMs do rStar-Math and SPHERE start from?", ["base LLMs start"]),
    ("At test time, what role does the reward model play in rStar-Math versus SPHERE?",
     ["test time role reward model play"]),
    # what they share, on no aspect in particular: the default columns
    ("What do rStar-Math and SPHERE have in common?", []),
    # a question about the papers themselves, then the aspect after them
    ("How do rStar-Math and SPHERE differ in their training data?", ["training data"]),
])
def test_a_comparisons_aspect_is_the_thing_asked_for(collection, question, aspects):
    plan = understand(question, [], collection)
    assert plan.intent == "comparison" and plan.aspects == aspects


def test_a_name_made_into_a_modifier_is_the_name(collection):
    plan = understand("name of the UCB-style algorithm in the DLB paper?", [], collection)
    assert "UCB" in plan.entities and not plan.unknown_names
    assert understand("How does LongPO compare with YaRN-style context extension?", [],
                      collection).unknown_names == ["YaRN"]


def test_a_name_of_several_words_no_paper_writes_in_a_row_is_unknown(collection):
    # Each word is one the papers use ("tree", "thoughts"), so no single word is unknown; the
    # name as a whole is one no paper has.
    plan = understand("what is Tree of Thoughts", [], collection)
    assert plan.unknown_names == ["Tree of Thoughts"] and "Tree of Thoughts" in plan.entities
    assert understand("How much do the Mamba refinements gain on Long Range Arena?", [],
                      collection).unknown_names == ["Long Range Arena"]
    # names the papers write, spell out (AMC) or that join a paper's words with an acronym
    for question in ("What is Meta Flow Matching?", "Explain the Darwin Godel Machine",
                     "Which abstracts include results on AMC (American Mathematics "
                     "Competitions) problems?",
                     "How many SSL methods does the MedMNIST SSL benchmark cover?",
                     "TL;DR Random Teachers are Good Teachers",
                     "Tree Search papers, any?"):
        assert not [n for n in understand(question, [], collection).unknown_names
                    if " " in n], question


def test_how_much_better_asks_for_the_size_of_a_difference(collection):
    plan = understand("How much better than the Mistral SFT baseline is the MCTS preference "
                      "learning method on MATH?", [], collection)
    assert plan.asked_for == "number" and "better" not in plan.asked_terms


def test_a_paper_described_with_a_count_in_its_words_is_found(collection):
    plan = understand("In the 100+ researcher study, where did LLM ideas fall short of human "
                      "ones?", [], collection)
    assert plan.intent == "fact" and plan.subject_names and \
        next(iter(plan.subject_names.values())) == "100+ researcher"


def test_asking_what_a_paper_is_compared_with_is_a_detail_of_it(collection):
    plan = understand("OneChart is compared with which SOTA chart parsers?", [], collection)
    assert plan.intent == "fact" and len(plan.subjects) == 1
    # Set against a system that is no paper of the collection: what the paper's own
    # abstract says of it, when it names it; a comparison (which says what is missing) when not.
    plan = understand("how does OneChart compare with DePlot?", [], collection)
    assert plan.intent == "fact" and len(plan.subjects) == 1
    assert any("is no paper" in r for r in plan.reasons)
    assert understand("how does OneChart compare with Pix2Struct?", [],
                      collection).intent == "comparison"
    # A form of the paper's own name is not the other side.
    assert understand("How do SPHERE-trained models compare with GPT-4o?", [],
                      collection).intent == "fact"


def test_a_benchmark_paper_is_called_by_its_benchmark_a_reported_benchmark_is_not(collection):
    plan = understand("What annotations come with each system in the chaos benchmark?", [],
                      collection)
    assert plan.subjects == [_paper(collection, "Chaos as an interpretable benchmark")]
    assert understand("what is the accuracy on the GAIA benchmark?", [],
                      collection).subjects == []


def test_a_method_the_abstract_defines_names_its_paper(collection):
    plan = understand("On which datasets does mutual information go down in the DSE paper?", [],
                      collection)
    assert plan.absent == [] and plan.subjects == [
        _paper(collection, "Assessing Neural Network Representations")]


def test_a_noun_of_another_kind_is_not_a_benchmark_however_it_is_tested(collection):
    plan = understand("which tasks is B-STaR tested on?", [], collection)
    assert plan.asked_for != "benchmark" and "task" in plan.asked_terms
    assert understand("which datasets is B-STaR tested on?", [], collection).asked_for == \
        "benchmark"


def test_words_that_switch_papers_ask_the_previous_question_again(collection):
    history = _answered(collection, "what data did LongPO train on", "LongPO")
    plan = understand("switch to SPHERE: same question", history, collection)
    assert plan.standalone == "what data did SPHERE train on"


def test_a_name_set_beside_the_noun_for_the_papers_own_work_names_it(collection):
    from assistant.names import candidate_names
    from assistant.types import Paper

    paper = Paper(id="p", title="Memory for Agents", source="test", abstract=(
        "Using memory, our multi-agent framework OMNE achieved first place on GAIA. We "
        "present the first framework that embeds a monitor in the reasoning, named CoT "
        "Monitor+."))
    assert {"OMNE", "CoT Monitor"} <= candidate_names(paper)
    # what the paper's own work is measured on is no name of it
    other = paper.model_copy(update={"abstract": "Our experiments on GSM8K show gains."})
    assert "GSM8K" not in candidate_names(other)
    # a name before that noun, which the abstract goes on using; not a lone adjective
    named = paper.model_copy(update={"abstract": (
        "We describe our team's Vega v2 submission. Our 6B Vega method ranks first.")})
    assert {"Vega v2", "Vega"} <= candidate_names(named)
    adjective = paper.model_copy(update={"abstract": "Our Bayesian model predicts well."})
    assert "Bayesian" not in candidate_names(adjective)
    plan = understand("How did OMNE rank on GAIA?", [], collection)
    assert plan.subjects == [_paper(collection, "Long Term Memory")]
    # a name of two words names its paper though another abstract writes one of them
    plan = understand("how much does CoT Monitor+ cut deceptive behaviour?", [], collection)
    assert plan.subjects == [_paper(collection, "Mitigating Deceptive Alignment")]
    # a hyphenated word that starts such a name is no name ("self-play" is the field's)
    assert understand("Which papers rely on self-play?", [], collection).intent == "list"


def test_a_quantity_made_a_modifier_is_the_quantity(collection):
    plan = understand("Which paper builds a 574K-example math instruction dataset?", [],
                      collection)
    assert plan.entities == ["574K"] and not plan.unknown_names
    plan = understand("Which paper topped the SuperGLUE leaderboard in October 2022?", [],
                      collection)
    assert "October" not in plan.entities and not plan.unknown_names


def test_a_paper_called_by_a_name_only_its_abstract_uses_for_what_it_does(collection):
    # "Using the MedMNIST dataset collection ..., we evaluate ...": the MedMNIST study.
    plan = understand("What does the MedMNIST study conclude?", [], collection)
    assert plan.subjects == [_paper(collection, "Evaluating Self-Supervised Learning")]
    # A name one abstract mentions in passing, or many write, calls no paper.
    assert not understand("what does the DeepSeek-R1 paper propose?", [], collection).subjects
    assert not understand("what does the GSM8K paper propose?", [], collection).subjects


def test_a_description_with_hyphenated_words_is_read_whole(collection):
    surveys = [_paper(collection, "Internal Consistency and Self-Feedback"),
               _paper(collection, "A Survey of Self-Evolving Agents")]
    history = [ChatTurn(role="user", content="surveys in here?"),
               ChatTurn(role="assistant", content="...", papers=surveys),
               *_answered(collection, "which of them is about internal consistency",
                          "Internal Consistency and Self-Feedback")]
    # "self-evolving agents", not "self": the internal-consistency survey writes "self" too
    plan = understand("and the one on self-evolving agents: what are its three dimensions",
                      history, collection)
    assert plan.subjects == [surveys[1]]


@pytest.mark.parametrize(("question", "measure", "stems"), [
    ("rStar-Math or SPHERE, which is cheaper to train?", "cheaper", {"cheap"}),
    ("rStar-Math vs SPHERE: which uses less GPU memory?", "less GPU memory", {"gpu"}),
    # a generic comparative judges what the abstracts give in numbers: no measure of its own
    ("rStar-Math vs SPHERE: which one is bigger?", "", set()),
    ("rStar-Math vs SPHERE: which scores higher?", "", set()),
    ("rStar-Math vs SPHERE: what data does each use?", "", set()),
])
def test_a_comparison_asking_a_verdict_names_its_measure(collection, question, measure, stems):
    from assistant.understanding import measure_stems

    plan = understand(question, [], collection)
    assert plan.verdict_on == measure
    assert stems <= (measure_stems(measure) if measure else set())
