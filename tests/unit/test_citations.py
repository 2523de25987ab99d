"""Citation parsing and verification: pure functions, hand-made evidence."""

from __future__ import annotations

from assistant.citations import number_evidence, parse_markers, render_evidence, support, verify
from assistant.types import Chunk, Evidence, Hit, Sentence


def _ev(n, text, paper="p1", title="rStar-Math: Small LLMs Can Master Math Reasoning"):
    return Evidence(n=n, paper_id=paper, title=title, chunk_id=f"{paper}#0", text=text,
                    start=0, end=len(text))


EVIDENCE = [
    _ev(1, "rStar-Math uses Monte Carlo Tree Search to generate verified reasoning trajectories."),
    _ev(2, "A process preference model guides the search at test time."),
    _ev(3, "Robots learn to walk on rough terrain.", paper="p2", title="Walking robots"),
]


def test_parse_markers_handles_lists_ranges_and_punctuation():
    assert parse_markers("It works [1][3].") == ("It works.", [1, 3])
    assert parse_markers("It works [1, 2].") == ("It works.", [1, 2])
    assert parse_markers("It works [1-3].") == ("It works.", [1, 2, 3])
    assert parse_markers("No markers here.") == ("No markers here.", [])


def test_supported_citation_is_kept():
    result = verify("rStar-Math generates verified trajectories with Monte Carlo Tree Search [1].",
                    EVIDENCE, min_support=0.3)
    assert [s.citations for s in result.sentences] == [[1]]
    assert result.citations[0].paper_id == "p1" and result.citations[0].quote == EVIDENCE[0].text
    assert result.text.endswith("[1].")


def test_unknown_number_is_dropped_and_wrong_number_moved():
    result = verify("A process preference model guides the search [9].", EVIDENCE, 0.3)
    assert result.sentences[0].citations == [2]
    assert any("unknown" in w for w in result.warnings)
    moved = verify("A process preference model guides the search [3].", EVIDENCE, 0.3)
    assert moved.sentences[0].citations == [2]
    assert any("moved" in w for w in moved.warnings)


def test_uncited_sentence_gets_the_one_clear_source():
    result = verify("Robots learn walking on rough terrain.", EVIDENCE, 0.3)
    assert result.sentences[0].citations == [3]


def test_unsupported_claim_is_removed():
    result = verify("The method costs 3 million dollars and runs on quantum hardware [1]. "
                    "A process preference model guides the search [2].", EVIDENCE, 0.3)
    assert [s.citations for s in result.sentences] == [[2]]
    assert any("removed" in w for w in result.warnings)


def test_support_counts_title_words():
    assert support("rStar-Math uses Monte Carlo Tree Search", EVIDENCE[0]) == 1.0
    assert support("quantum hardware prices", EVIDENCE[0]) == 0.0


def test_number_evidence_respects_budget_and_groups_by_paper():
    text = "Title\n\nFirst sentence here. Second sentence here. Third one."
    sentences = [Sentence(index=i, start=s, end=e, text=text[s:e]) for i, (s, e) in
                 enumerate([(7, 27), (28, 49), (50, 60)])]
    chunk = Chunk(id="p#0", paper_id="p", ordinal=0, title="Title", text=text,
                  sentences=sentences, token_count=12, paper_hash="h")
    hit = Hit(paper_id="p", title="Title", score=1.0, chunk=chunk, sentence_ids=[2, 0])
    evidence = number_evidence([hit], None, None, None)
    assert [(e.n, e.text) for e in evidence] == [(1, "Third one."), (2, "First sentence here.")]
    assert chunk.text[evidence[1].start:evidence[1].end] == evidence[1].text
    budgeted = number_evidence([hit], None, 10, lambda t: len(t.split()))
    assert len(budgeted) == 1
    assert render_evidence(evidence).splitlines()[0] == 'Paper: "Title"'


def test_bare_markers_and_punctuation_cite_nothing():
    # A small model sometimes emits only brackets; that must not become a "supported" sentence.
    result = verify("[ [1][2][3]", EVIDENCE, 0.3)
    assert result.sentences == [] and result.citations == []


def test_a_sentence_with_an_invented_name_or_number_is_removed():
    evidence = [_ev(1, "RWM stands for Radian Weight Modification and groups classes by cosine "
                       "distance across 17 tissue types.", title="Audio deepfake detection")]
    invented = verify("RWM stands for Regularized Weight Modification [1].", evidence, 0.25)
    assert invented.sentences == [] and any("not in its sources" in w for w in invented.warnings)
    assert verify("It covers 23 tissue types [1].", evidence, 0.25).sentences == []
    kept = verify("RWM groups classes by cosine distance over 17 tissue types [1].", evidence, 0.25)
    assert len(kept.sentences) == 1


def test_a_sentence_that_only_repeats_an_earlier_one_is_dropped():
    result = verify("A process preference model guides the search [2]. "
                    "The search is guided by a process preference model [2].", EVIDENCE, 0.3)
    assert len(result.sentences) == 1 and any("repeated" in w for w in result.warnings)


def test_a_citation_that_merely_shares_words_moves_to_the_evidence_that_says_it():
    result = verify("A process preference model guides the search at test time [1].",
                    EVIDENCE, 0.1)
    assert result.sentences[0].citations == [2]


def test_an_unfinished_last_sentence_is_dropped():
    result = verify("rStar-Math uses Monte Carlo Tree Search [1]. A process preference model gu",
                    EVIDENCE, 0.3)
    assert len(result.sentences) == 1 and any("unfinished" in w for w in result.warnings)


def test_accents_and_latex_accents_are_the_same_name():
    from assistant.citations import novel_specifics

    sources = 'We introduce the Darwin G\\"odel Machine (DGM), which keeps an archive.'
    assert novel_specifics("The Darwin Gödel Machine keeps an archive.", sources) == []
    assert novel_specifics("The Darwin Turing Machine keeps an archive.", sources) == ["Turing"]


# --- the reader's numbers: one per paper, given once ------------------------------------------


def test_numbers_are_per_paper_in_order_of_first_appearance():
    from assistant.citations import Numbering

    numbering = Numbering(EVIDENCE)  # items 1, 2 are paper p1; item 3 is paper p2
    assert numbering.text("Robots walk [3]. MCTS [1][2]. Search [2, 3]. Unknown [9].") == \
        "Robots walk [1]. MCTS [2]. Search [2][1]. Unknown ."
    assert numbering.papers == {"p2": 1, "p1": 2}


def test_a_marker_split_across_streamed_pieces_is_renumbered_whole():
    from assistant.citations import Numbering

    marks = Numbering(EVIDENCE).stream()
    pieces = ["Robots walk [", "3", "]. MCTS [2", "][1]", ". Costs [", "12 dollars]", " [1"]
    shown = "".join(marks.feed(p) for p in pieces) + marks.flush()
    assert shown == "Robots walk [1]. MCTS [2]. Costs [12 dollars] [1"  # unclosed: text
    # Text that only looks like the start of a marker is shown, not held back.
    assert Numbering(EVIDENCE).stream().feed("plain text [ not a marker") == \
        "plain text [ not a marker"


def test_verification_keeps_the_streamed_numbers():
    from assistant.citations import Numbering

    numbering = Numbering(EVIDENCE)
    streamed = numbering.text("Robots learn to walk on rough terrain [3]. A process preference "
                              "model guides the search [1]. It costs 3 million dollars [2].")
    checked = numbering.apply(verify(
        "Robots learn to walk on rough terrain [3]. A process preference model guides the "
        "search [1]. It costs 3 million dollars [2].", EVIDENCE, 0.3))
    # The unsupported sentence is removed; the citation moved from item 1 to item 2 stays
    # paper p1's number; nothing is renumbered.
    assert streamed.count("[1]") == 1 and streamed.count("[2]") == 2
    assert [s.citations for s in checked.sentences] == [[1], [2]]
    assert checked.text == ("Robots learn to walk on rough terrain [1]. A process preference "
                            "model guides the search [2].")
    assert [(c.n, c.evidence, c.paper_id) for c in checked.citations] == \
        [(1, 3, "p2"), (2, 2, "p1")]


def test_a_paper_only_verification_cites_gets_the_next_number():
    from assistant.citations import Numbering

    numbering = Numbering(EVIDENCE)
    numbering.text("MCTS [1].")  # streamed: p1 is [1]
    checked = numbering.apply(verify("It generates verified reasoning trajectories with Monte "
                                     "Carlo Tree Search [1]. Robots learn walking on rough "
                                     "terrain.", EVIDENCE, 0.3))
    assert [s.citations for s in checked.sentences] == [[1], [2]]
    assert {c.n: c.paper_id for c in checked.citations} == {1: "p1", 2: "p2"}
