"""Understand a question before answering it: `understand(question, history, collection)`.

The plan says what kind of answer is wanted (intent), which papers it is about (subjects,
through the collection's name index, or the previous answer's papers for a follow-up), what a
fact question asks for (a number, a year, a benchmark ...), and the question rewritten to stand
alone. Intent comes from general signals that hold across wordings:

- how many *papers* / *papers* that ... / which *paper* ... (a collection noun, plural or
  singular, and whether the question counts);
- how many papers it names (two or more named papers are compared, whatever the wording);
- comparison cues ("vs", "stack up", "differ", "or ... which") when one paper is named next to
  a system the collection does not have, or next to the previous answer's paper;
- whether anything is left once names and question scaffolding are removed (nothing left:
  the question wants a description of the paper);
- a table cue ("table", "tabulate") on a list question: the criterion decides the rows, the
  asked aspects are the columns (`composers.table.table_request`).

A wording none of these know falls back to a fact question about the best-matching paper.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Protocol

from assistant.chunking import split_sentences
from assistant.composers.table import table_request
from assistant.criteria import without_exclusions
from assistant.names import own_names, title_name
from assistant.presentation import split_shape
from assistant.text import (
    NUMERAL_WORDS,
    PAPER_NOUNS,
    PLAIN_PAPER_NOUNS,
    PROBLEM_NOUNS,
    YEAR,
    count_value,
    expand_shorthand,
    is_specific,
    normalise,
    raw_tokens,
    spelled_acronyms,
    squash,
    squashed_words,
    tokenize,
    variant_match,
)
from assistant.text import (
    plural as plural_of,
)
from assistant.types import ChatTurn, Intent, Paper, QuestionPlan, Slot


class Collection(Protocol):
    """What understanding needs to know about the papers (the retriever provides it)."""

    @property
    def papers(self) -> Mapping[str, Paper]: ...

    def named(self, query: str) -> dict[str, str]: ...

    def knows(self, token: str) -> bool: ...

    @property
    def compound_parts(self) -> frozenset[str]: ...

    @property
    def acronyms(self) -> frozenset[str]: ...

    def idf(self, token: str) -> float: ...

    def paper_share(self, token: str) -> float: ...

    @property
    def title_tokens(self) -> Mapping[str, list[str]]: ...

    @property
    def text_tokens(self) -> Mapping[str, list[str]]: ...


def scaffold() -> frozenset[str]:
    """Stems that only shape a question or say "compare": what is left is its content."""
    return _SCAFFOLD | _COMPARE_SCAFFOLD


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The nouns a question uses for a paper itself (`text.PAPER_NOUNS`, shared with the list
# criteria); a genre also says what kind of paper it is, so it stays a word of a paper's
# description.
_PLAIN_PAPER_NOUNS = PLAIN_PAPER_NOUNS
_PAPER_NOUNS = PAPER_NOUNS
_PAPER = "(?:" + "|".join(_PAPER_NOUNS) + ")"
_OTHER_PAPERS = re.compile(rf"\bother\s+(?={_PAPER}s?\b|studies\b|ones\b)", re.I)
# Nouns that stand for "the papers in this collection" (and the things papers present).
_COLLECTION_PLURAL = _words(
    "papers works studies articles publications surveys preprints abstracts ones methods "
    "approaches frameworks systems techniques reports entries")
_COLLECTION_SINGULAR = _words(" ".join(_PAPER_NOUNS)) | _words(
    "one method approach framework system technique")
_PAPER_PLURAL = frozenset({*map(plural_of, PAPER_NOUNS), "abstracts", "entries"})
_PAPER_SINGULAR = _words(" ".join(_PAPER_NOUNS))
_WHICH_PAPER_OPENING = re.compile(
    r"^\W*(?:(?:so|ok|okay|hey|and)\W+)?(?:(?:which|what)\s+(?:one\s+|single\s+)?"
    rf"{_PAPER}\b|whose\b|"
    r"(?:paper|the one|the paper)\b|"
    # "is there a paper that ...", "is there a self-taught reasoner paper here ...": whether
    # one paper does it, and which ("is there any work on ...?" asks for all that do).
    rf"(?:is|was)\s+there\s+(?:a|one)\s+(?:[\w-]+\s+){{0,3}}?{_PAPER}\b|"
    # "who proposed a Ping-Pong loss?", "who found that ...": the paper that did it (the
    # abstracts name no people; "who wrote X?" asks for the authors).
    r"who\s+(?:first\s+)?(?:proposed|introduced|found|showed|shown|developed|presented|"
    r"designed|built|created|discovered|demonstrated|came\s+up|invented)\b|"
    # "what's the paper where ...", "name the paper that ...": one paper asked for by what it
    # does ("what is the paper about?" asks about a paper already named).
    r"(?:what(?:'s|\u2019s|\s+is|\s+was)|name|find)\s+(?:the|a|one)\s+"
    rf"{_PAPER}\s+(?:(?:where|that|which|in\s+which|"
    r"whose|who)\b|(?:about|on|with)\s+\w))", re.I)
_ASKS_WHICH_THING = re.compile(
    rf"\b(which|what)\s+(?:\w+\s+)?({_PAPER}|framework|method|approach|system|technique|one)\b|"
    r"^\W*whose\b", re.I)
_JOINED = re.compile(r"\band\b|\bor\b|,|&|/|\bvs\b|\bversus\b", re.I)
# ("count as" is "consider": "what does it count as high-quality data?" counts nothing)
_COUNT_CUES = re.compile(r"\b(how many|number of|count(?:ing)?(?!\s+as\b)|tally)\b", re.I)
# "how many papers does it / the survey review?": "does" takes one subject, a paper (not the
# collection, nor the user).
_COUNTED_BY_ONE = re.compile(
    r"\bhow\s+many\s+(?:[\w-]+\s+){0,2}?(?:papers|works|studies|articles|references|methods)"
    r"\s+(?:does|did|has)\s+(?!(?:the\s+|this\s+|your\s+)?(?:collection|corpus|library|set|"
    r"list|database|index)\b)(?:it|this|that|the\s+[\w-]+|[A-Z][\w-]*)", re.I)
_LIST_OPENERS = _words(
    "which what any list give show find name are is do does papers works studies articles "
    "surveys all every enumerate identify")
_COMPARE_WORDS = _words(
    "compare compared comparing comparison versus vs contrast contrasted differ differs "
    "difference differences distinguish distinguishes separates stack unlike")
_PARTNER_CUES = _words(
    "compare compared comparing comparison versus vs contrast contrasted differ differs "
    "different difference differences distinguish distinguishes separate separates stack "
    "against relative unlike whereas better worse similar similarity alike both each")
# Words that only shape a question: what is left after removing them (and names) is its topic.
_SCAFFOLD_WORDS = (
    "what which who whom whose how why when where whether is are was were be been being do has "
    "have had does did done can could would should will shall may might must please hey hi "
    "hello ok okay "
    "so then also and or but tell me explain describe summarise summarize summary overview "
    "brief briefly give show list name find about regarding concerning paper papers work works "
    "study studies article articles one ones main key basic core headline general idea ideas gist "
    "contribution contributions propose proposes proposed present presents introduce introduces "
    "new thing things lines sentence sentences words short quick quickly exactly really actually "
    "there here it its they them their this that these those the a an of in on for to with by "
    "from as at into out up any all every each some kind sort type do doing mean means "
    "know i you we us our my your anything something say says said know knows big picture "
    "use uses used using hood argument arguments argue argues claim claims takeaway "
    "takeaways conclusion conclusions conclude concludes behind"
)
_SCAFFOLD = frozenset(tokenize(_SCAFFOLD_WORDS)) | frozenset(_SCAFFOLD_WORDS.split())
# "what do A and B have in common?": what they share is asked, of no aspect in particular.
# Quantifiers shape a comparison's question ("does either need labels?", "how many problems
# does each start from?"); the aspect is what they quantify.
_COMPARE_SCAFFOLD = frozenset(tokenize(" ".join(_PARTNER_CUES) +
                                       " than between two common have has share shared"
                                       " either neither many much"))
_LIST_SCAFFOLD = frozenset(tokenize(
    "report reports reported results result evaluate evaluates evaluated evaluating evaluation "
    "evaluations experiment experiments run runs conduct use uses used using mention mentions "
    "mentioning employ employs collection corpus include includes including involve involves "
    "tested test tests apply applies applied based present many number count abstract "
    "abstracts discuss discusses discussing talk talks talking deal deals cover covers "
    "touch touches focus focuses concern concerns mention mentioned "
    # Nouns for the entries of a collection: "which items / documents are ...".
    "item items document documents entry entries "
    # Words that introduce examples or wave at a topic: "X like Y", "X stuff".
    "like such stuff "
    # Light verbs, whose object carries the criterion: "put a number on it", "get results".
    "put puts get gets got give gives take takes bring brings brought"))
_REFERENCES = re.compile(
    r"\b(it|its|it's|they|them|their|theirs|this|that|these|those|the same|the paper|"
    r"the method|the model|the approach|the framework|the system|the authors|the agent|"
    r"the one|which of|each of|both of|either)\b", re.I)
# "the sharpening paper", "in the internal consistency survey": a paper described, maybe one
# the title words do not single out; not the one being discussed.
_NOT_DESCRIBING = r"(?!same\b|first\b|second\b|other\b|previous\b|last\b)"
_PAPER_NOUN = rf"(?:[\w'+-]+\s+){{1,6}}{_PAPER}\b"
# Tersely, the description opens the question before a colon: "chaos benchmark paper: which".
_A_PAPER_DESCRIBED = re.compile(
    rf"\b(?:the|that|this)\s+{_NOT_DESCRIBING}{_PAPER_NOUN}|"
    rf"^\W*{_NOT_DESCRIBING}{_PAPER_NOUN}(?=\s*[:,\u2013\u2014-])", re.I)
# Within "the base model in the MCTS-DPO paper", the paper is described from the last "the".
_DETERMINED = re.compile(r"\b(?:the|that|this)\s+", re.I)
# A paper that presents a benchmark is called by it: "the chaos benchmark" (only by the
# words of its title: a benchmark many papers report, "the GAIA benchmark", is no paper).
_A_BENCHMARK_DESCRIBED = re.compile(r"\bthe\s+(?:[\w'+-]+\s+){1,4}benchmark\b", re.I)
# An indefinite subject opening the question: "anything on ...", "is there any work that
# ...", "research using ...": the collection's papers are asked for, however many there are.
# The mass nouns must be followed by what qualifies them ("work that", "research on", "work
# built on"), else "work" may be a verb.
_ASKS_IF_ANY = re.compile(
    r"^\W*(?:(?:so|ok|okay|hey|and|also|but)\W+)?(?:(?:is|are)\s+there\s+)?"
    r"(?:anything|any\s+(?:work|research|literature)|"
    r"(?:work|research|literature)\s+(?:\w+ing\b|(?:\w+\s+)?(?:that|which|on|about|with|"
    r"into|where|in|from|by)\b))",
    re.I)
_OF_THEM = re.compile(r"\b(which|how many|any|all) of (them|these|those)\b", re.I)
# "which one is an embedding model?", "which one of those ...?" right after an answer about
# several papers: one of them (with no answer before it, one of the collection's).
_WHICH_ONE = re.compile(r"^\W*(?:(?:so|ok|okay|and)\W+)?which\s+one\b", re.I)
_CONTINUATION = re.compile(r"^\W*(and|also|what about|how about|then|plus|but|ok and|so)\b",
                           re.I)
# A name most papers use ("LLM", "AI") does not single out what a question depends on.
_COMMON_SHARE = 0.25
# Slots a fact question asks for, recognised by the asked-for words.
# The words that name a slot's type: the evidence gives a value of it, rarely the word itself.
_SLOT_HEADS: dict[str, frozenset[str]] = {
    "model": frozenset(tokenize("model models llm llms base backbone underlying foundation "
                                "architecture power powers powered language")),
    "benchmark": frozenset(tokenize("benchmark benchmarks dataset datasets evaluate evaluated "
                                    "evaluation test tested set sets")),
}
# Words that ask for a value without saying which ("what score", "the exact number"): an
# abstract gives "64.8% on MATH" without the word "score".
_GENERIC_MEASURES = frozenset(tokenize(
    "score scores accuracy performance result results improvement improvements gain gains "
    "percentage percent number amount value values exact exactly precise figure figures much "
    # "how much better than the baseline": the size of a difference, which a number gives
    "many better worse higher lower"))
_NUMBER_TEXT = (
    "score scores accuracy percentage percent rate improvement improvements gain gains points "
    "speedup size number amount cost hours parameters pass@1 win success ratio margin error "
    "reduction increase decrease budget temperature rank epochs steps iterations tokens batch "
    "beta alpha lambda dimension length population gpus days weeks seconds latency throughput "
    "count total percentage f1 bleu rouge auc perplexity "
    # hyper-parameters, which a value sets
    "coefficient coefficients rho gamma epsilon tau threshold thresholds dropout momentum "
    "warmup decay")
_NUMBER_WORDS = frozenset(tokenize(_NUMBER_TEXT))
# As written: a stem is shared by the verb ("what does it improve": a thing) and the measure
# ("what improvement": a number); only the measure word says a number is asked.
_NUMBER_NOUNS = frozenset(_NUMBER_TEXT.split()) | frozenset(
    "points scores rates sizes costs ratios margins errors lengths counts totals".split())
# The authors are asked for when a question word governs them, not when they are the ones
# who claim or find something ("what do the authors of X claim?": the paper's claim).
_AUTHORS_ASKED = re.compile(
    r"\b(who (wrote|authored|are the authors|were the authors)\b|written by|"
    r"(?:what|which|whose|list|name|give)\s+(?:(?:are|were|is|was|the|all|its|their|me)\s+)"
    r"{0,2}authors?\b)", re.I)
_AUTHOR = frozenset(tokenize("authors"))


def _asks_authors(question: str, topic: Sequence[str]) -> bool:
    """Whether the authors are what is asked: a question word governs them, or nothing but
    them is asked ("X authors?", "authors of X")."""
    return bool(_AUTHORS_ASKED.search(question)) or (
        set(topic) == _AUTHOR and not _WH_WORD.search(question))


# The auxiliaries a question opens with or puts after its question word ("does it ...?",
# "what loss does ...", "when was ...").
_AUXILIARY = "does|do|did|is|are|was|were|has|have|had|can|could|will|would|should"
# "How many GPUs did the authors use?" counts GPUs, whoever is named after.
_HOW_MUCH = re.compile(r"\b(how (many|much|big|large|long|fast)|by how|what percentage)\b",
                       re.I)
# "When was it published?", "released when?" ask a date; "when does it refuse?" (present
# tense) and "what goes wrong when the tokens converge?" (a clause) ask a condition.
_ASKS_A_DATE = re.compile(r"\b(when\b(?=\s+(?:was|were|did|had|has)\b|\W*$)|"
                          r"(?:what|which) years?|published in)\b", re.I)
_SLOT_PATTERNS: tuple[tuple[Slot, re.Pattern[str]], ...] = (
    ("number", _HOW_MUCH),  # first: see `_HOW_MUCH`
    ("year", _ASKS_A_DATE),
    ("benchmark", re.compile(r"\b(benchmarks?|datasets?|evaluated on|tested on|test sets?)\b",
                             re.I)),
    ("model", re.compile(r"\b(base (model|llm)s?|backbones?|underlying (llm|model)|"
                         r"(which|what) (\w+ )?(llm|model|architecture)s?|foundation models?|"
                         r"powers?|fine-?tunes?|distill)\b", re.I)),
)


# "what does X evaluate on?", "what do they test their agents on?": any inflection, with at
# most one word between the verb and its preposition.
_EVALUATES_ON = re.compile(r"\b(?:evaluat|test|benchmark)\w*\s+(?:\w+\s+)?(?:on|against)\b",
                           re.I)


# A described side of a comparison -> {paper id: the words describing it} (`sides.py`); the
# papers already named are left out.
Resolve = Callable[[str, set[str]], dict[str, str]]


def understand(question: str, history: Sequence[ChatTurn], collection: Collection,
               resolve: Resolve | None = None) -> QuestionPlan:
    """The plan for one question, given the conversation so far; `resolve` finds the paper a
    comparison's described side stands for (none: only descriptions by title words)."""
    typed = question
    # "explain LongPO to a beginner": how to answer is not what is asked.
    shaped = split_shape(_as_read(question, collection))
    question = shaped.asked
    named = _without_variants(question, collection.named(question))
    if named and _REFERENCES.search(question) and _previous_subjects(history, collection) and \
            all(_written_as_variant(question, name) for name in named.values()):
        # "how much does it improve Qwen2.5-Math-7B?" after an answer about another paper: the
        # name is a model of that paper's family, and "it" the paper being discussed.
        named = {}
    asked, placed, pattern = question, {}, _PLACE
    about = history  # the conversation the turn's own words are read in
    if not named:
        # "the second one", "the last paper": a place in the latest list of papers; "the other
        # one": the paper of that list the conversation has not just been about.
        placed = _placed(question, _recent_list(history, collection), collection)
        if not placed:
            placed, pattern = _the_other(question, history, collection), _OTHER
            if placed:
                # About that paper instead of the previous answer's, not besides it: "the
                # other one - how does it fare against X?" compares it with X only.
                about = ()
        if placed:
            named = dict(placed)
            asked = _name_the_place(question, " and ".join(placed.values()), pattern)
    # "and SPHERE?", "what about the second one?": the previous question, asked of that paper.
    plan = _asked_again(asked, history, named, collection) or \
        _understand(asked, about, collection, named, resolve)
    if placed:
        plan = plan.model_copy(update={
            "reasons": ["picks the listed paper the last answer was not about"
                        if pattern is _OTHER else
                        "picks a paper by its place in the previous list", *plan.reasons]})
    if shaped.shaped:
        plan = plan.model_copy(update={
            "shape": shaped.shape, "answer_sentences": shaped.sentences,
            "reasons": [*plan.reasons, f"wants the answer shaped: {shaped.shape}"]})
    return plan.model_copy(update={"question": typed}) if plan.question != typed else plan


def _as_read(question: str, collection: Collection) -> str:
    """The question as it is understood: chat shorthand written out ("whats X's avg score
    pls"), and a name written in two words that the papers write as one ("Alpaca eval" for
    AlpacaEval, "GSM 8K") joined, when a part alone is a word no paper uses."""
    question = expand_shorthand(question)
    words = list(re.finditer(r"[A-Za-z0-9]+", question))
    joins = []
    for first, second in zip(words, words[1:], strict=False):
        if question[first.end():second.start()] != " ":
            continue
        joined = tokenize(first.group() + second.group())
        parts = [*tokenize(first.group()), *tokenize(second.group())]
        if len(joined) == 1 and collection.knows(joined[0]) and len(parts) == 2 and \
                not all(map(collection.knows, parts)):
            joins.append(first.end())
    for end in reversed(joins):
        question = question[:end] + question[end + 1:]
    return _ACRONYM_CANDIDATE.sub(lambda m: _as_acronym(m.group(0), collection), question)


_ACRONYM_CANDIDATE = re.compile(r"\b[a-z][a-z0-9]{2,7}\b")


def _as_acronym(word: str, collection: Collection) -> str:
    """"aime" as the papers write it, "AIME": a word typed in lower case that the papers use
    only as an acronym (stemmed, "aime" would be "aim", a word every paper has)."""
    stem = tokenize(word)
    if len(stem) == 1 and stem[0] != word and word in collection.acronyms:
        return word.upper()
    return word


_POSSESSIVE = re.compile(r"\b(its|their)\b", re.I)
# A paper called by a name: "the DeepSeek-R1 paper", "the Voyager work", "the original
# SWE-agent paper", "the Constitutional AI paper", "the GAIA benchmark paper" (a kind noun
# after the name says what the paper presented). `_paper_name` keeps the name-like ones.
_NAMED_PAPER = re.compile(
    r"\bthe\s+(?:(?:original|seminal|first|earlier|classic)\s+)?"
    r"((?:[\w.+-]*\w\s+){0,2}?[\w.+-]*\w)\s+"
    rf"(?:(?:benchmark|dataset|model|method|framework|agent|algorithm|system)\s+)?{_PAPER}\b",
    re.I)


def _paper_name(match: re.Match[str]) -> str | None:
    """The name a `_NAMED_PAPER` match calls a paper by, when every word of it is written as a
    name ("Constitutional AI"); "the tree search paper" describes one instead."""
    name = match.group(1)
    return name if all(is_specific(w) for w in name.split()) else None
_FIRST_PERSON = re.compile(r"\b(I|I'm|I've|I'd|me|my|we|we're|our)\b", re.I)


# After the papers a question asks for, these stand for those papers ("papers that ... with
# their base models"), not for earlier ones.
_THEY = frozenset({"they", "them", "their", "theirs", "that"})


def _refers_back(question: str) -> bool:
    """Whether the question points back at what was said before ("it", "which of them", "and
    ...?"). "That" and "their" after the papers a question asks for ("the papers that evaluate
    on GSM8K with their base models") stand for those papers."""
    if _CONTINUATION.search(question):
        return True
    asked = next((m for m in re.finditer(r"\w+", question) if m.group().lower() in _PAPER_PLURAL),
                 None)
    references = list(_REFERENCES.finditer(question))
    if asked is None or not references or not _asks_for_papers(question):
        return bool(references)
    return any(m.group(1).lower() not in _THEY or m.start() < asked.end() for m in references)


def _without_asker(question: str) -> str:
    """The question without the sentences before it that speak of the asker ("I'm putting
    together a reading list on X.", "Someone in our reading group brought up Y.") or of the
    occasion ("For a reading group on RLHF next week: ..."): what the asker is doing is not
    what the papers must say. A sentence about a paper stays ("The X authors describe four
    helper agents. Which are they?")."""
    lead, asked = _lead_and_ask(question, keep_pointed=False)
    if not lead:
        return question
    return " ".join([*(part for part in lead if not _FIRST_PERSON.search(part)
                       and not _OCCASION.match(part)), *asked])


# A lead that opens with what the answer is for or when it is needed: "For a talk on X:",
# "As background for a survey,", "Before my defence -".
_OCCASION = re.compile(r"^\W*(?:for|as|before|ahead\s+of|in\s+preparation\s+for)\s", re.I)


def _understand(question: str, history: Sequence[ChatTurn], collection: Collection,
                named: dict[str, str], resolve: Resolve | None = None) -> QuestionPlan:
    reasons: list[str] = []
    previous = _previous_subjects(history, collection)
    # "which of them is about long-term memory?": the words filter the previous answer's
    # papers; a title or a name they happen to spell out is one of the candidates, not the
    # subject.
    filters_previous = bool(previous) and bool(
        _OF_THEM.search(question) or len(previous) >= 2 and _WHICH_ONE.search(question))
    if filters_previous and set(named) <= set(previous):
        named = {}
    by_name = set(named)
    if not named and not _asks_for_papers(question) and not filters_previous:
        named = _described(question, collection)
    if not named and resolve is not None and _strong_partner_cue(question) and \
            not _asks_for_papers(question) and not filters_previous:
        # "compare the two dark matter papers (Sagittarius stream vs collisionless flow)":
        # both sides described.
        named = _both_described(question, resolve)
    rest = re.sub(re.escape(next(iter(named.values()))), " ", question, flags=re.I) \
        if len(named) == 1 else question
    # "FooNet vs the graph pruning paper", "FooNet and the MJP inference models": the other
    # side may be described, not named ("Limits and Powers of ..." joins nothing).
    if len(named) == 1 and (_partner_cue(question) or _joins(rest)):
        # A description of the named paper itself ("RWM for audio deepfakes") keeps the name
        # it was named by.
        if by_name and _partner_cue(question):
            named = _joined(named, _described(rest, collection))
        if len(named) == 1 and resolve is not None:
            named = _joined(named, resolve(rest, set(named)))
        if len(named) == 1 and _strong_partner_cue(question):
            # "the X survey vs the Y survey": a described paper's other side, described by
            # its title's words where the resolver found none.
            named = _joined(named, _described(rest, collection))
    refers_back = _refers_back(question)
    # "what problem is LongPO trying to solve?", "what motivates B-STaR?": asks what the paper
    # takes on, which its abstract states before its contribution; nothing else is asked.
    asks_problem = bool(named) and bool(_ASKS_PROBLEM.search(question))
    # "Describe the LLM cultural-evolution simulation paper": the words that pick the paper
    # out are not asked of it.
    describing = [_DETERMINED.split(m.group(0))[-1]
                  for m in _A_PAPER_DESCRIBED.finditer(question)] if named else []
    topic = _topic_terms(_ASKS_PROBLEM.sub(" ", question) if asks_problem else question,
                         [*named.values(), *describing])
    if not _asks_authors(question, topic):
        # "what do the authors of X find?": the authors stand for the paper, like "paper".
        topic = [t for t in topic if t not in _AUTHOR]

    subjects = dict(named)
    follows_up = False
    # "the medical one", "the one that uses tree search": one of the papers discussed.
    described = _one_described(question, previous, collection) \
        if previous and not named and not _asks_for_papers(question) else []
    if previous and not named and not described and not filters_previous and \
            not _asks_for_papers(question):
        # Not the last answer's paper: one discussed earlier ("the medical one" of a list two
        # turns back), else the one paper whose title the description spells out.
        earlier = [p for p in _discussed(history, collection, len(collection.papers))
                   if p not in previous]
        fitting = _one_described(question, earlier, collection) if earlier else []
        named = ({fitting[0]: display_name(collection, fitting[0])} if len(fitting) == 1
                 else _paper_described(question, earlier, collection))
        subjects = dict(named)
        if named:
            reasons.append("describes a paper other than the previous answer's")
    if named:
        reasons.append(f"names {', '.join(sorted(set(named.values())))}")
        if previous and _partner_cue(question) and len(named) == 1:
            # "and compared with FooNet?": the previous answer's paper is the other side.
            subjects = {**{p: display_name(collection, p) for p in previous}, **named}
            follows_up = True
            reasons.append("compares the previous answer's paper with the one named")
    elif described:
        subjects = {p: display_name(collection, p) for p in described}
        follows_up = True
        reasons.append("describes one of the previous answer's papers")
    elif previous and (refers_back or (not topic or _is_terse(question, topic))
                       and not _asks_for_papers(question)) and \
            not _describes_a_paper(question):
        # ("Which papers use MCTS?" is short, and asks the whole collection all the same.)
        subjects = {p: display_name(collection, p) for p in previous}
        follows_up = True
        reasons.append("refers back to the previous answer's papers")
    elif previous and not _asks_for_papers(asking := _asking_part(question)) and \
            not _WHICH_PAPER_OPENING.search(asking) and \
            not _A_PAPER_DESCRIBED.search(question) and not _describes_a_paper(question) and \
            not _names_elsewhere(question, previous, collection) and \
            not _unknown_names(question, collection, ()):
        # In a conversation, a question that names no paper, does not ask which papers and
        # uses no name the discussed papers lack, nor one no paper uses ("what is the capital
        # of France?" is about none of them) ("how many GPU hours did training take?")
        # goes on about the papers being discussed. What it asks is read after any sentence
        # setting the scene ("I'm preparing a talk on X. Which paper ...?").
        subjects = {p: display_name(collection, p) for p in previous}
        follows_up = True
        reasons.append("names no paper: goes on with the previous answer's papers")
    if follows_up and len(previous) == 1 and set(subjects) == set(previous) and \
            (_compares_them(question) or _TWO_OF_THEM.search(question)):
        # "how do they differ?", "compare the two", "do both of them ...?" after turns about
        # one paper each: the papers discussed.
        subjects = {p: display_name(collection, p) for p in _discussed(history, collection)}
        reasons.append("compares the papers the conversation discussed")

    unknown = _unknown_names(question, collection, subjects.values())
    unwritten = _unwritten_names(question, collection, [*subjects.values(), *named.values()])
    # (named once: "Long Range Arena", not also its unknown "Arena")
    unknown = [u for u in unknown if not any(u in run.split() for run in unwritten)] + unwritten
    entities = [e for e in _entities(question, [*subjects.values(), *named.values()])
                if _singles_out(e, collection)] + unwritten
    intent = _intent(question, named, subjects, follows_up, topic, unknown, reasons,
                     notions=_contrasts_notions(question, collection.knows),
                     other_side=bool(entities or unknown or _NOTION_VS.search(question)),
                     filters=filters_previous)
    if intent == "comparison" and len(subjects) == 1:
        against = _compared_with_what_it_names(entities, subjects, collection.papers)
        if against:
            # "How does SPHERE compare with GPT-4o?" where no paper is GPT-4o and SPHERE's
            # abstract names it: what the paper reports against it is the answer.
            reasons.append(f"the other side ({', '.join(against)}) is no paper; the named "
                           "paper's abstract names it: a detail of that paper")
            intent = "fact"
    scope: list[str] = []
    if intent in ("list", "count", "which_paper") and follows_up:
        scope = list(subjects)  # "which of them ...": the previous list, filtered
        subjects = {}
    table = table_request(question) if intent in ("list", "count") else None
    if table is not None:
        intent = "table"
        reasons.append("asks for a table of the papers that meet a criterion")
    # "which other papers use MCTS?" after an answer: the papers just discussed are left out,
    # and "other" is no part of the criterion.
    excluded = previous if intent in ("list", "count", "table") and not scope and \
        _OTHER_PAPERS.search(question) else []
    constraints = _criterion(_OTHER_PAPERS.sub("", table.criterion if table else question),
                             subjects.values()) \
        if intent in ("list", "count", "table") else []
    # A slot is a value of one paper; a which-paper question's answer is the paper itself.
    # A name is not what is asked ("Limits and Powers of ...": no model is asked for).
    slot: Slot = _slot(_without_names(question, named.values()), topic) \
        if intent in ("fact", "describe") else "other"
    if intent == "describe" and slot in ("number", "year", "benchmark", "model"):
        # "how big is OneChart?": a value of the paper, however few words ask it.
        intent = "fact"
        reasons.append(f"asks for a {slot}: a detail of the paper")
    focus = [t for t in topic if t not in _SLOT_HEADS.get(slot, frozenset())]
    # The subject's title words stand over every sentence of its abstract: the question's
    # other words say which sentence answers ("GASP ... to predict for autonomous driving").
    titled = {t for p in subjects for t in collection.title_tokens.get(p, [])}
    focus = [t for t in focus if t not in titled] or focus
    # A name is not what is asked about it; words that describe a paper may be.
    own = {t for p in by_name for t in tokenize(named[p])}
    asked = _asked_terms(question, topic, _SLOT_HEADS.get(slot, frozenset()) |
                         _GENERIC_MEASURES | own, entities) if slot != "other" else []
    if slot == "number" and _ASKS_SIZE.search(question):
        asked = list(dict.fromkeys([*asked, "size"]))  # "how big is X?": its size
    count, counted = _counted_set(_asking_part(question)) \
        if intent in ("fact", "describe") else (0, [])
    # "the DeepSeek-R1 paper" where no paper goes by that name: asked about a paper the
    # collection does not hold, however many abstracts mention the name.
    absent = [name for name in map(_paper_name, _NAMED_PAPER.finditer(question))
              if name and not collection.named(name)] \
        if not subjects and intent in ("fact", "describe") else []
    # "what about its results?" opening a conversation: no paper to be "its" yet, nor any
    # word before it that "its" could stand for ("... an LLM's confidence but leaves its
    # answer alone" has one).
    dangling = _POSSESSIVE.search(question) \
        if not subjects and not previous and intent in ("fact", "describe") else None
    if dangling and set(tokenize(question[:dangling.start()])) - _SCAFFOLD:
        dangling = None
    standalone = _standalone(question, history, subjects, follows_up, named, scope, collection)
    # With one paper named, the question's other names describe the other side.
    sides = [*named.values(), *subjects.values(), *(entities if len(subjects) < 2 else [])]
    aspects = (_asked_aspects(question, sides,
                              [collection.title_tokens.get(p, []) for p in subjects
                               if p not in by_name],
                              lambda t: collection.paper_share(t) <= _COMMON_SHARE)
               if intent == "comparison" else [])
    return QuestionPlan(
        question=question, standalone=standalone, intent=intent, subjects=list(subjects),
        subject_names=subjects, aspects=list(table.columns) if table else aspects,
        asked_for=slot, asked_terms=asked, topic_terms=topic, focus_terms=focus,
        counts=slot == "number" and bool(_COUNTS.search(question)),
        asked_count=count, counted_terms=counted,
        entities=entities,
        unknown_names=unknown,
        constraints=constraints, scope=scope, excluded=excluded, follows_up=follows_up,
        absent=absent, dangling=dangling.group(0) if dangling else "",
        speculative=bool(_SPECULATES.search(_asking_part(question))),
        verdict_on=_verdict_on(question) if intent == "comparison" else "",
        asks_problem=asks_problem and intent == "describe", reasons=reasons)


# --- intent --------------------------------------------------------------------------------


def _intent(question: str, named: Mapping[str, str], subjects: Mapping[str, str],
            follows_up: bool, topic: list[str], unknown: list[str], reasons: list[str],
            notions: bool = False, other_side: bool = True, filters: bool = False) -> Intent:
    """`filters`: the question picks among the previous answer's papers ("which of them",
    "which one ..." after several)."""
    words = [w.lower() for w in raw_tokens(question)]
    plural = [w for i, w in enumerate(words) if w in _COLLECTION_PLURAL and not _is_verb(words, i)]
    singular = [w for w in words if w in _COLLECTION_SINGULAR]
    counts = bool(_COUNT_CUES.search(question))
    collection_first = bool(words) and (words[0] in _LIST_OPENERS or words[0] in
                                        _COLLECTION_PLURAL)
    of_them = filters or bool(_OF_THEM.search(question))

    paper_plural = [w for w in plural if w in _PAPER_PLURAL]
    if counts and subjects and _COUNTED_BY_ONE.search(question):
        # "how many papers does it review?": a number inside the one paper (a survey's), not
        # a count of the collection's papers.
        reasons.append("counts papers one paper reviews, not the collection's")
        return "fact"
    if (counts and paper_plural) or (of_them and counts):
        reasons.append("counts papers")
        return "count"
    if of_them and len(subjects) >= 2 and not follows_up:
        # "A, B and C ... which of them needs training?": "them" are the papers it names.
        reasons.append(f"asks which of the {len(subjects)} papers it names: compared")
        return "comparison"
    if of_them:
        # With no list before it, "which of these ..." asks of the collection's papers.
        reasons.append("filters the previous list" if follows_up
                       else "asks which papers of the collection meet a criterion")
        return "list"
    together = len(subjects) >= 2 and bool(_partner_cue(question) or _JOINED.search(question))
    if counts and not paper_plural and not of_them and not together:
        # (Two papers named together: "X vs Y: how many problems does each start from?"
        # compares that count.)
        reasons.append("counts something inside a paper, not papers")
        return "fact"
    asking = _asking_part(question)  # after any sentence setting the scene ("My ... works on")
    if _asks_for_papers(asking) and not (len(named) >= 2 and _strong_partner_cue(question)):
        # A name here is the criterion ("papers using FooNet"), not the subject.
        reasons.append("asks for the papers of the collection that meet a criterion")
        return "list"
    if together:
        reasons.append(f"{len(subjects)} papers named together: compared")
        return "comparison"
    if not follows_up and (any(map(_WHICH_PAPER_OPENING.search, (question, asking))) or (
            not subjects and re.search(rf"\bwhich (?:{_PAPER}|one)\b", question, re.I))):
        reasons.append("asks which paper")
        return "which_paper"
    if len(subjects) == 1 and not notions and \
            not _ASKS_WHICH_COMPARED.search(question) and not _PRIOR_WORK.search(question) and \
            ((other_side and (_strong_partner_cue(question) or _names_alternatives(question)))
             or _JOINS_A_DESCRIBED_PAPER.search(question)):
        # The other side is named in a way the index does not know (a system the abstract names
        # without "we propose") or not in the collection at all: the comparison composer looks
        # for it, or says so. With no name for another side, the comparison word is about the
        # paper's own content ("what separates compact classes from spread-out ones?", "is
        # it compared against multi-agent frameworks?"). A paper described beside it ("A and
        # the B paper: what do they ...?") is that other side.
        reasons.append("compares the named paper with something else")
        return "comparison"
    if plural and not named and (collection_first or _plural_is_object(words)):
        reasons.append(f"asks for {plural[0]} in the collection")
        return "list"
    if subjects:
        if not topic:
            reasons.append("nothing asked beyond the paper: describe it")
            return "describe"
        reasons.append("asks a detail of the paper")
        return "fact"
    if _ASKS_IF_ANY.search(asking):
        # "anything testing on X?", "work that uses Y": whether the collection holds some,
        # asked of no paper in particular; every one that does is the answer.
        reasons.append("asks whether any paper of the collection meets a criterion")
        return "list"
    if singular and _ASKS_WHICH_THING.search(question):
        reasons.append(f"asks which {singular[0]}")
        return "which_paper"
    if plural and collection_first:
        reasons.append(f"asks for {plural[0]} in the collection")
        return "list"
    reasons.append("no paper named: answer from the best-matching paper")
    return "fact"


def _without_variants(question: str, named: dict[str, str]) -> dict[str, str]:
    """Beside another named paper, a name written as the start of a longer hyphenated one
    ("rStar-Math's score with Qwen2.5-Math-7B") names a model of that family, not its paper."""
    if len(named) < 2:
        return named
    kept = {pid: name for pid, name in named.items()
            if not _written_as_variant(question, name)}
    return kept or named


def _written_as_variant(question: str, name: str) -> bool:
    """Whether the question writes the name only as the start of a longer hyphenated one
    ("Qwen2.5-Math-7B" for Qwen2.5-Math; "EMPO vs SELF: ... self-improvement?" writes SELF on
    its own too)."""
    written = r"[\W_]*".join(map(re.escape, name.split()))
    return bool(re.search(written + r"-[A-Za-z0-9]", question, re.I)) and \
        not re.search(rf"(?<![\w-]){written}(?![\w-])", question, re.I)


def _names_elsewhere(question: str, previous: Sequence[str], collection: Collection) -> bool:
    """Whether the question uses a specific name ("Self-J", "CoT Monitor+") that other papers
    of the collection use but the papers being discussed do not: it points elsewhere. A name
    in what is asked for ("how many GPU hours ...") is a detail sought, not a subject."""
    discussed = {t for p in previous for t in collection.text_tokens.get(p, [])}
    asked = set(_governed(question, _ASKING))
    for entity in _entities(question, []):
        tokens = [t for t in tokenize(entity) if len(t) > 1]
        if tokens and not set(tokens) <= asked and \
                any(collection.knows(t) and t not in discussed for t in tokens):
            return True
    return False


# "works", "studies", "reports", "surveys" after a singular subject or a relative pronoun are
# verbs ("the one that works on cells", "it studies memory"), not the papers asked for.
# "which" opening a question is a determiner ("which works evaluate ..."), later a pronoun.
_VERB_HOMOGRAPHS = _words("works studies reports surveys")
_SINGULAR_SUBJECTS = _words("that who it one this paper model method system")


def _is_verb(words: Sequence[str], i: int) -> bool:
    if words[i] not in _VERB_HOMOGRAPHS or i == 0:
        return False
    return words[i - 1] in _SINGULAR_SUBJECTS or (words[i - 1] == "which" and i >= 2)


def _asks_for_papers(question: str) -> bool:
    """'which papers ...', '... papers?', 'papers that ...', 'any/every work on ...'; a first
    question followed by more words ("DPO papers? either using it or ...") asks on its own."""
    first, mark, rest = question.partition("?")
    if mark and rest.strip() and _asks_for_papers(first):
        return True
    words = [w.lower() for w in raw_tokens(question)]
    if not words:
        return False
    for i, word in enumerate(words):
        if word in _PAPER_PLURAL and not _is_verb(words, i) and (i == 0 or words[0] in _LIST_OPENERS
                                      or _plural_is_object(words)):
            return True
        if word in _PAPER_SINGULAR and i and words[i - 1] in ("every", "any", "all", "each") \
                and not _each_pronoun(words, i - 1):
            return True
    return False


def _each_pronoun(words: Sequence[str], i: int) -> bool:
    """Whether "each" at `i` stands for the papers and the word after it is a verb ("which
    benchmarks does each report?", "X and Y each survey ..."): a determiner "each" opens the
    question or follows a preposition ("in each study")."""
    return (words[i] == "each" and i + 1 < len(words) and words[i + 1] in _VERB_SINGULARS
            and i > 0 and words[i - 1] not in _PREPOSITIONS)


# Paper nouns that are verbs too, after a subject: "each reports", "they each survey".
_VERB_SINGULARS = _words("work study report survey review")
_PREPOSITIONS = _words("in of for from on across about among within by with")


def _described(question: str, collection: Collection) -> dict[str, str]:
    """A paper the question describes by its title's words ("the sparse attention survey",
    "the graph pruning paper"): the longest run of two or more of the question's content words
    that occurs, in order, in exactly one title and in no other paper's abstract. A run stays
    within one phrase: a colon or a question word ("... paper: which forecasting model")
    starts another."""
    phrases = [[t for t in tokenize(part) if t not in _SCAFFOLD]
               for part in _PHRASE_BREAKS.split(question) if part]
    titles = collection.title_tokens
    longest = max((len(words) for words in phrases), default=0)
    for n in range(min(longest, 5), 1, -1):
        grams = [words[i:i + n] for words in phrases for i in range(len(words) - n + 1)]
        for gram in grams:
            if sum(collection.paper_share(t) > _COMMON_SHARE for t in gram) == n:
                continue  # "language models" is in half the titles' words: not a description
            owners = [pid for pid, words in titles.items() if _contains(words, gram)]
            # The words must single the paper out: as a phrase, no other abstract uses them
            # ("fine-tuned", "long-term" are in many; "medical imaging benchmark" in one).
            if len(owners) == 1 and not any(
                    _contains(words, gram) for pid, words in collection.text_tokens.items()
                    if pid != owners[0]):
                return {owners[0]: _as_written(question, gram)}
    return _title_described(question, collection) or _called_by_what_it_uses(question,
                                                                            collection)


_WE = re.compile(r"\b(?:we|our)\b", re.I)


def _called_by_what_it_uses(question: str, collection: Collection) -> dict[str, str]:
    """"the MedMNIST study": a name no paper goes by, written by one abstract alone, in a
    sentence saying what it does ("Using the MedMNIST collection ..., we evaluate ..."), calls that
    paper; a name other abstracts also write, or one it mentions in passing ("the DeepSeek-R1
    paper"), calls none."""
    total = len(collection.papers)
    for match in _NAMED_PAPER.finditer(question):
        name = _paper_name(match) or ""
        tokens = tokenize(name)
        if not name or not tokens or total == 0 or \
                min(round(collection.paper_share(t) * total) for t in tokens) != 1:
            continue
        key = squash(name)
        owners = [pid for pid, words in collection.text_tokens.items()
                  if set(tokens) <= set(words)]
        if len(owners) != 1:
            continue
        abstract = collection.papers[owners[0]].abstract
        if any(_WE.search(abstract[a:b]) and variant_match(key, squashed_words(abstract[a:b]))
               for a, b in split_sentences(abstract)):
            return {owners[0]: match.group(0).split(None, 1)[1]}
    return {}


def _joins(question: str) -> bool:
    """A joining word with words before it: "A and B"; an "and" opening a turn ("and how
    does X use it?") continues the conversation, and a comma more often parts clauses ("...
    train, e.g. Qwen2.5-1.5B?") than papers."""
    return any(question[:m.start()].strip() for m in _JOINING_WORD.finditer(question))


_JOINING_WORD = re.compile(r"\band\b|\bor\b|&|\bvs\b|\bversus\b", re.I)


def _both_described(question: str, resolve: Resolve) -> dict[str, str]:
    """Two papers a comparison describes on either side of a joining word, each resolved by
    itself; nothing unless both are, and are two."""
    for join in _JOINED.finditer(question):
        left = resolve(question[:join.start()], set())
        right = resolve(question[join.end():], set(left)) if left else {}
        if left and right:
            return {**left, **right}
    return {}


_PHRASE_BREAKS = re.compile(r"[:;,?!()]|\b(?:what|which|who|whom|whose|how|when|where|why)\b",
                            re.I)


def _title_described(question: str, collection: Collection) -> dict[str, str]:
    """A paper described as "the ... paper/survey" whose content words are all in one title
    only, in any order ("the internal consistency survey" for "Internal Consistency and
    Self-Feedback ...: A Survey"), an acronym standing for the title words it spells ("the
    MCTS boosts reasoning paper"); failing a title, words only one abstract has all of ("the
    sexual selection genetic programming paper")."""
    # "the one on dark matter in Sagittarius", "the entropy minimisation method": a thing
    # of the papers described by what it is on, or by the words before it.
    # (what describes it, the kind of paper it says it is)
    described = [(m.group(0), m.group(0).split()[-1])
                 for m in _A_PAPER_DESCRIBED.finditer(question)] + [
        (part, m.group("kind")) for m in _ONE_OF_THEM.finditer(question)
        for part in (m.group("after"), m.group("before")) if part]
    benchmarks = [(_DETERMINED.split(m.group(0))[-1], "")
                  for m in _A_BENCHMARK_DESCRIBED.finditer(question)]
    for text, kind_word in [*described, *benchmarks]:
        words = {t for t in tokenize(text) if t not in _SCAFFOLD and len(t) > 1}
        kind = set(tokenize(kind_word)) & _TITLED_KINDS
        # Words most papers use describe none, unless the title also says what kind of paper
        # it is ("the self-evolving agents survey").
        common = all(collection.paper_share(t) > _COMMON_SHARE for t in words)
        if len(words) < 2 or common and not kind:
            continue
        owners = []
        for pid, title_words in collection.title_tokens.items():
            missing = words - set(title_words)
            paper = collection.papers.get(pid)
            if not missing or (paper is not None and len(missing) < len(words) and
                               missing <= spelled_acronyms(paper.title)):
                owners.append(pid)
        plain = "|".join(_PLAIN_PAPER_NOUNS)
        written = re.sub(rf"\s+(?:{plain})$", "", _DETERMINED.split(text.strip())[-1],
                         flags=re.I).strip("'\"\u2018\u2019\u201c\u201d ")
        # One name ("the DeepSeek-R1 paper") is the paper that goes by it, not one whose
        # abstract mentions it.
        if not owners and not (" " not in written and is_specific(written)) and \
                (text, kind_word) not in benchmarks and not common:
            owners = [pid for pid, text in collection.text_tokens.items() if words <= set(text)]
        if kind and (common or len(owners) > 1):
            # Of the titles with those words, the ones that say they are that kind of paper;
            # words most papers use stand for no paper without it.
            titled = [p for p in owners if kind <= set(collection.title_tokens.get(p, []))]
            owners = titled if titled or common else owners
        if len(owners) == 1:
            return {owners[0]: written}
    return {}


# Kinds of paper a title says it is ("A Survey", "... Technical Report", "A Benchmark for").
_TITLED_KINDS = frozenset(tokenize("survey thesis report review benchmark dataset"))


# A definite description of one paper among several: "the medical one", "the survey",
# "the one that uses tree search", "the paper about memory".
# Words, hyphenated ones whole ("self-evolving agents"); a dash between spaces or a mark ends it.
_WORD_RUN = r"[\w'+/]+(?:-[\w'+/]+)*(?:\s+[\w'+/]+(?:-[\w'+/]+)*)*"
_ONE_OF_THEM = re.compile(
    r"\bthe\s+(?P<before>(?:[\w'-]+\s+){0,3}?)(?P<kind>one|" + "|".join(_PAPER_NOUNS) +
    r"|method|approach|framework|system|model|benchmark|dataset|agent)\b(?:\s+(?:that|which|who|with|"
    r"using|on|about|for|where|in)\s+(?P<after>" + _WORD_RUN + "))?", re.I)


def _one_described(question: str, discussed: list[str], collection: Collection) -> list[str]:
    """The discussed papers a definite description in the question fits best: of several,
    those whose title or abstract has the largest share (at least half) of its content words
    ("the one that handles cell populations": a verb may be the question's own); of one, that
    one when it has them all."""
    for match in _ONE_OF_THEM.finditer(question):
        words = f"{match.group('before')} {match.group('kind')} {match.group('after') or ''}"
        wanted = {t for t in tokenize(words) if t not in _SCAFFOLD and len(t) > 1}
        if not wanted:
            continue
        share = {p: len(wanted & (set(collection.title_tokens.get(p, [])) |
                                  set(collection.text_tokens.get(p, [])))) / len(wanted)
                 for p in discussed}
        best = max(share.values())
        fits = [p for p in discussed if share[p] == best]
        if len(discussed) == 1 and best == 1.0:
            return fits
        if len(discussed) > 1 and best >= _DESCRIBED_SHARE and len(fits) < len(discussed):
            return fits
    return []


_DESCRIBED_SHARE = 0.5  # a description fits a paper that has half its words or more
# "the other one", "the same paper": words that point at a paper, not describe it.
_POINTING = frozenset(tokenize("other same previous last first second former latter"))
# The nouns that stand for a paper itself; "the reward model" is a part of one.
_PAPER_KINDS = frozenset({"one", *_PAPER_NOUNS})


def _joined(named: Mapping[str, str], found: Mapping[str, str]) -> dict[str, str]:
    """`named` and then the papers `found` adds, each named as it first was."""
    return {**named, **{p: n for p, n in found.items() if p not in named}}


def _paper_descriptions(question: str) -> Iterator[set[str]]:
    """The content words of each definite description of a paper in the question ("the
    histopathology one", "the paper about memory"); pointing words ("the other one") are none."""
    for match in _ONE_OF_THEM.finditer(question):
        if match.group("kind").lower() not in _PAPER_KINDS:
            continue
        words = f"{match.group('before')} {match.group('after') or ''}"
        wanted = {t for t in tokenize(words)
                  if t not in _SCAFFOLD and t not in _POINTING and len(t) > 1}
        if wanted:
            yield wanted


def _describes_a_paper(question: str) -> bool:
    """Whether the question picks a paper by what it is about ("the one that works on code
    repositories"): one the discussed papers do not fit is another paper, not theirs. A value
    ("the 32B one") picks a variant of what is discussed, not a paper."""
    return any(not any(ch.isdigit() for ch in t)
               for wanted in _paper_descriptions(question) for t in wanted)


def _paper_described(question: str, earlier: list[str], collection: Collection
                     ) -> dict[str, str]:
    """The paper a definite description of a paper ("the histopathology one") fits when the
    last answer's papers do not: the one paper discussed earlier whose title or abstract has
    every word of it, else the one paper of the collection whose title has every word."""
    for wanted in _paper_descriptions(question):
        fits = [p for p in earlier
                if wanted <= set(collection.title_tokens.get(p, [])) |
                set(collection.text_tokens.get(p, []))]
        if len(fits) != 1:
            fits = [p for p, title in collection.title_tokens.items() if wanted <= set(title)]
        if len(fits) == 1:
            return {fits[0]: display_name(collection, fits[0])}
    return {}


def _as_written(question: str, gram: list[str]) -> str:
    """The question's own words for a run of stems ("graph pruning" for graph, prune)."""
    words = [(m.group(0).strip(".,;:!?\"'()"), tokenize(m.group(0)))
             for m in re.finditer(r"\S+", question)]
    for first in range(len(words)):
        wanted = list(gram)
        for last in range(first, len(words)):
            stems = [t for t in words[last][1] if t not in _SCAFFOLD]
            if not stems and last > first:
                continue  # "the", "of" between the title's words
            if stems != wanted[:len(stems)] or not stems:
                break
            wanted = wanted[len(stems):]
            if not wanted:
                return " ".join(w for w, _ in words[first:last + 1])
    return " ".join(gram)


def _contains(words: list[str], gram: list[str]) -> bool:
    """Whether `gram` stands in `words` as a run. It is read against every abstract of the
    collection on some questions: a text without its first word is passed over at once."""
    if gram and gram[0] not in words:
        return False
    n = len(gram)
    return any(words[i:i + n] == gram for i in range(len(words) - n + 1))


def _plural_is_object(words: list[str]) -> bool:
    """'... papers that/on/using X' or a terse 'GAIA papers?': the papers are what is asked."""
    for i, word in enumerate(words):
        if word in _COLLECTION_PLURAL:
            after = words[i + 1] if i + 1 < len(words) else ""
            before = words[i - 1] if i else ""
            if after in {"that", "which", "who", "where", "on", "about", "using", "with", "in",
                         "evaluating", "reporting", "use", "uses", "mention", "mentioning",
                         "report", "evaluate", "study", "studying", "propose", "proposing",
                         "tackle", "tackling", "address", "addressing", "apply", "applying",
                         "do", "have", "are", "involving", "build", "building", ""}:
                return True
            if before in {"which", "what", "any", "all", "every", "the", "list", "other"}:
                return True
    return False


# "X is compared with which SOTA parsers?", "what does X compare against?": the other side
# is what is asked for, a detail of X.
_ASKS_WHICH_COMPARED = re.compile(
    r"\b(?:compar\w*|against|versus|vs\.?)\s+(?:with\s+|to\s+|against\s+)?(?:which|what)\b"
    r"|\b(?:which|what)\b[^?]*\b(?:compar\w*\s+(?:with|to|against)|against)\s*\??\s*$", re.I)


def _strong_partner_cue(question: str) -> bool:
    """A comparison word itself ("vs", "compare", "differ"), not just "both" or "A or B"."""
    return bool({w.lower() for w in raw_tokens(question)} & _COMPARE_WORDS)


def _contrasts_notions(question: str, knows: Callable[[str], bool]) -> bool:
    """'exploring vs exploiting', 'speed versus accuracy': "vs" between two plain words the
    collection uses weighs two notions inside a paper; a comparison with another paper writes
    a name on one side, or a word no abstract uses ("toolformer")."""
    match = _NOTION_VS.search(question)
    if match is None:
        return False
    # "the paper vs the survey": a determiner or a paper noun on a side is no notion.
    return all(not is_specific(side, first=False) and tokenize(side) and
               all(knows(t) and t not in _SCAFFOLD for t in tokenize(side))
               for side in match.groups())


# The other side as the paper's own abstract speaks of it: "vs the usual approach", "compared
# with prior work", "over existing methods". What the paper says it does differently.
_PRIOR_WORK = re.compile(
    r"\b(?:usual|standard|conventional|traditional|existing|prior|previous|earlier|classic|"
    r"typical|older)\s+(?:[\w-]+\s+)?(?:approach|approaches|method|methods|work|works|"
    r"techniques?|baselines?|practice|ones?|models?|systems?|algorithms?)\b|"
    r"\b(?:prior\s+art|the\s+baselines?|the\s+state\s+of\s+the\s+art)\b", re.I)
_NOTION_VS = re.compile(r"\b([a-z][a-z-]*)\s+(?:vs\.?|versus)\s+([a-z][a-z-]*)\b")


def _stands_for_papers(after_each: str) -> bool:
    """Whether the word after "each" leaves it standing for the papers: a paper noun, "other",
    or a word that only shapes a question ("of", "use", "one"), not a content word."""
    return after_each in _COLLECTION_SINGULAR or after_each == "other" or \
        all(t in _SCAFFOLD for t in tokenize(after_each))


def _partner_cue(question: str) -> bool:
    tokens = [w.lower() for w in raw_tokens(question)]
    # "each" compares papers ("what does each use?", "each of them", "each paper"); before
    # a content word it counts something inside one paper ("a reward for each trajectory").
    words = {w for i, w in enumerate(tokens)
             if w != "each" or i + 1 == len(tokens) or _stands_for_papers(tokens[i + 1])}
    if words & _PARTNER_CUES:
        return True
    # "A or B: which ...", "A or B: what data do they use": two candidates, one question.
    return bool(re.search(r"\bor\b.*\b(which|they|them|their)\b|\bwhich\b.*\bor\b|\bthan\b",
                          question, re.I))


def _names_alternatives(question: str) -> bool:
    """'A or B: which ...' puts two candidates before the question word."""
    return bool(re.search(r"\bor\b[^?]*\bwhich\b", question, re.I))


# "A and the B paper: what do they ...?": a paper joined to another, described, and asked
# about together.
_JOINS_A_DESCRIBED_PAPER = re.compile(
    rf"\band\s+the\s+(?:[\w.+-]+\s+){{1,4}}?{_PAPER}\b[^?]*?\b(?:they|them|their|both|each)\b",
    re.I)


# --- subjects, topic, entities ----------------------------------------------------------------


def _previous_subjects(history: Sequence[ChatTurn], collection: Collection) -> list[str]:
    """The papers the last answer was about (its cited or listed papers)."""
    for turn in reversed(history):
        if turn.role == "assistant" and turn.papers:
            return [p for p in turn.papers if p in collection.papers]
        if turn.role == "assistant":
            return []  # the last answer abstained or cited nothing: nothing to refer back to
    return []


def _recent_list(history: Sequence[ChatTurn], collection: Collection) -> list[str]:
    """The papers of the latest answer that gave several, in the order it gave them."""
    for turn in reversed(history):
        papers = [p for p in turn.papers if p in collection.papers]
        if turn.role == "assistant" and len(papers) >= 2:
            return papers
    return []


def _discussed(history: Sequence[ChatTurn], collection: Collection, wanted: int = 2
               ) -> list[str]:
    """The papers the latest answers were about, newest first, until there are `wanted`."""
    found: list[str] = []
    for turn in reversed(history):
        if turn.role == "assistant":
            found += [p for p in turn.papers if p in collection.papers and p not in found]
            if len(found) >= wanted:
                break
    return found


# "the second one", "the last paper", "the 3rd", "#2": a place in a list the user was shown.
# The noun after the ordinal must stand for a paper (or be left out): "the first stage" is no
# paper.
_ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
             "4th": 3, "fifth": 4, "5th": 4, "last": -1}
# "the last two", "the first three papers": the places at one end of that list.
_MANY = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
_PLACE = re.compile(
    r"\bthe\s+(?P<ordinal>" + "|".join(_ORDINALS) + rf")(?:\s+(?:one|{_PAPER}|"
    r"entry|item|result|hit)\b|(?=\s*(?:[?,;:!]|-\s|$)))|#(?P<number>[1-9])\b|"
    r"\bthe\s+(?P<end>first|last|top)\s+(?P<many>" + "|".join(_MANY) + r")"
    rf"(?:\s+(?:ones|{_PAPER}s|entries|items|results|hits))?\b", re.I)


def _placed(question: str, listed: Sequence[str], collection: Collection) -> dict[str, str]:
    """The paper at the place the question points to in `listed`, with its short name."""
    match = _PLACE.search(question)
    if not match or len(listed) < 2:
        return {}
    if match.group("many"):
        n = _MANY[match.group("many").lower()]
        if n > len(listed):
            return {}
        ends = listed[-n:] if match.group("end").lower() == "last" else listed[:n]
        return {paper: display_name(collection, paper) for paper in ends}
    index = _ORDINALS[match.group("ordinal").lower()] if match.group("ordinal") \
        else int(match.group("number")) - 1
    if not -len(listed) <= index < len(listed):
        return {}
    paper = listed[index]
    return {paper: display_name(collection, paper)}


def _name_the_place(question: str, name: str, pattern: re.Pattern[str] = _PLACE) -> str:
    """The question with its place ("the second one") replaced by the paper's name."""
    return pattern.sub(name.replace("\\", "\\\\"), question, count=1)


# "the other one", "the other paper", "and the other?": not "on the other hand".
_OTHER = re.compile(rf"\bthe\s+other(?:\s+(?:one|{_PAPER})\b|"
                    r"(?=\s*(?:[?,;:!]|-\s|$)))", re.I)


def _the_other(question: str, history: Sequence[ChatTurn], collection: Collection
               ) -> dict[str, str]:
    """The paper "the other one" points to: of the latest answer that gave several papers, the
    one the answers since (or that answer's own question) were not about. None when that
    leaves no paper or several."""
    if not _OTHER.search(question):
        return {}
    listed = _recent_list(history, collection)
    left = [p for p in listed if p not in _previous_subjects(history, collection)]
    if len(left) != 1:
        return {}
    return {left[0]: display_name(collection, left[0])}


def _compares_them(question: str) -> bool:
    """'how do they differ?', 'compare the two': a comparison word and papers referred to, with
    no other side written ("how do they differ from prior work?" compares the one paper with
    that; "which of the two algorithm families ..." speaks of two things inside one paper)."""
    return _strong_partner_cue(question) and bool(_PLURAL_REFERENCE.search(question)) and \
        not _other_side_written(question)


def _other_side_written(question: str) -> bool:
    """Whether a comparison word has its other side after it: "differ from prior work",
    "better than X", "vs X" ("what is each trying to fix" has a "to" of its own)."""
    words = [w.lower() for w in raw_tokens(question)]
    for i, word in enumerate(words[:-1]):
        if word in _SIDE_WORDS or (word in _COMPARE_WORDS
                                   and _SIDE_MARKS & set(words[i + 1:i + 3])):
            return True
    return False


# Two papers referred to as two: "both of them", "either paper", "the two" (not "the two
# stages", nor "both SFT and RL", which are things inside one paper).
_TWO_OF_THEM = re.compile(
    rf"\b(?:both|either|neither|each)\s+(?:of\s+(?:them|these|those|the\s+two)\b|"
    rf"{_PAPER}s?\b)|\bthe\s+two\b(?!\s+(?!(?:{_PAPER}s?|of|ones?|use|uses|{_AUXILIARY})\b)"
    r"[a-z])", re.I)
_PLURAL_REFERENCE = re.compile(r"\b(they|them|these|those|both|the two)\b", re.I)
_SIDE_WORDS = frozenset({"against", "versus", "vs"})  # the other side follows, wherever
_SIDE_MARKS = _SIDE_WORDS | {"from", "than", "to", "with", "over"}  # after a comparison word


def _asked_again(question: str, history: Sequence[ChatTurn], named: Mapping[str, str],
                 collection: Collection) -> QuestionPlan | None:
    """'and SPHERE?', 'what about SPHERE?': a turn that names one paper and asks nothing of
    its own asks the previous question again, of that paper ("which benchmark does SPHERE
    use?"); the plan is that question's, so the slot and asked words come with it. None when
    the turn asks something itself or the previous question was not about one paper."""
    # "ok now LongPO, same question", "same for SPHERE", "LongPO too?": words that ask the
    # previous question again, and openers that only take the turn, ask nothing themselves.
    rest = _ASKS_AGAIN.sub(" ", _OPENER.sub(" ", question))
    if len(named) != 1 or _topic_terms(rest, named.values()) or \
            not (_CONTINUATION.search(question) or _ASKS_AGAIN.search(question)
                 or len(raw_tokens(rest)) <= 2):
        return None
    last = next((i for i in range(len(history) - 1, -1, -1) if history[i].role == "user"), None)
    if last is None:
        return None
    before = understand(history[last].content, history[:last], collection)
    paper, name = next(iter(named.items()))
    if before.intent not in ("fact", "describe") or len(before.subject_names) != 1 or \
            before.subjects == [paper]:
        return None
    old = next(iter(before.subject_names.values()))
    if not re.search(re.escape(old), before.standalone, re.I):
        return None
    again = re.sub(re.escape(old), name.replace("\\", "\\\\"), before.standalone, count=1,
                   flags=re.I)
    again = _CONTINUATION.sub("", _OPENER.sub("", again)).strip()
    plan = _understand(again, [], collection, {paper: name})
    return plan.model_copy(update={
        "question": question, "standalone": again,
        "reasons": [f"asks the previous question again, of {name}", *plan.reasons]})


_ASKS_AGAIN = re.compile(
    r"\b(?:(?:the\s+)?same\s+(?:question|thing|one|here|for|again)|the\s+same|likewise|ditto|"
    r"again|too|as\s+well)\b", re.I)
_OPENER = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|right|alright|now|well|so|next|then|"
    # "switch to UPO: same question", "moving on to SPHERE, same thing"
    r"(?:switch(?:ing)?|mov(?:e|ing)|turn(?:ing)?|go(?:ing)?)\s+(?:(?:on|over|back)\s+)?to|"
    r"over\s+to)\b[\s,]*)+", re.I)


def display_name(collection: Collection, paper_id: str) -> str:
    """The short name a paper goes by: its title's head, else the name its abstract defines."""
    paper = collection.papers.get(paper_id)
    if paper is None:
        return paper_id
    head = title_name(paper.title)
    if head:
        return head
    # The shortest of its own names (the index's method names; see names.own_names) that
    # names this paper alone: one most papers use ("LLM") would name none.
    names = [n for n in sorted(own_names(paper), key=len)
             if list(collection.named(n)) == [paper_id]]
    return names[0] if names else paper.title


def _without_names(question: str, names: Iterable[str]) -> str:
    """The question without the names it writes (as written), so a title's words ("Limits and
    Powers of Koopman Learning") are not read as what it asks."""
    for name in sorted({str(n) for n in names}, key=len, reverse=True):
        words = re.findall(r"\w+", name)
        if words:  # as written, whatever stands between its words ("paper, what")
            question = re.sub(r"\W+".join(map(re.escape, words)), " ", question, flags=re.I)
    return question


def _name_tokens(names: Iterable[str]) -> set[str]:
    return {t for name in names for t in tokenize(str(name))}


def _topic_terms(question: str, names: Iterable[str]) -> list[str]:
    skip = _SCAFFOLD | _name_tokens(names)
    text = re.sub(r"['’]s\b", "", _without_asker(question))  # "rStar-Math's" is rStar-Math
    return [t for t in dict.fromkeys(tokenize(text)) if t not in skip and len(t) > 1]


_PROBLEM_NOUN = "(?:" + "|".join(sorted(PROBLEM_NOUNS - {"motivation"})) + r"|pain\s+points?)"
_ASKS_PROBLEM = re.compile(
    rf"\b(?:what|which)\s+(?:[\w'-]+\s+){{0,2}}{_PROBLEM_NOUN}\b.*?"
    r"\b(?:solv|fix|address|tackl|overcom|target|attack|aim)\w*"
    r"|\bwhat(?:'s|\s+is|\s+was)?\s+(?:[\w'-]+\s+)?motivat\w*|\bmotivations?\s+(?:behind|for|of)\b"
    r"|\bwhy\s+(?:did|do|does|was|were)\b.*?\b(?:build|propos|develop|creat|introduc|design)\w*",
    re.I)


def _singles_out(entity: str, collection: Collection) -> bool:
    """Whether a name in the question is rare enough to single out what it depends on. Of a
    compound, the parts that make it a name decide: "LLM-text" is a description ("LLM" is
    every paper's word), "GPT-4o" and "mamba-2" are names."""
    parts = [p for p in re.split(r"[-/]", entity) if p]
    named_by = [p for p in parts if is_specific(p)]
    if all(p.isdigit() for p in named_by):  # "mamba-2": a version of the name before it
        named_by = parts
    return any(collection.paper_share(t) <= _COMMON_SHARE
               for part in named_by for t in tokenize(part))


def _is_terse(question: str, topic: list[str]) -> bool:
    """'base model?' after a question about a paper: too short to be about anything else."""
    return len(topic) <= 2 and len(raw_tokens(question)) <= 4


def _entities(question: str, names: Iterable[str]) -> list[str]:
    """Specific names and numbers the question depends on, other than its subjects."""
    subject_keys = [normalise(str(n)) for n in names]
    found = []
    for position, token in enumerate(raw_tokens(question)):
        bare = token[:-2] if token.endswith(("'s", "’s")) else token
        # "UCB-style", "GPT-4-like": the name the modifier is made from.
        bare = _MADE_FROM.sub("", bare) or bare
        # "574K-example", "7B-parameter": a quantity made a modifier; the quantity is the name.
        bare = _QUANTITY_MODIFIER.sub(r"\1", bare)
        key = normalise(bare)
        # A subject's name is not another entity, nor is the name as written with a short
        # lettered last part ("Mobile-Agnet-E" where the name index read "Mobile Agnet"); a
        # size after it ("-7B") names another model.
        if not key or bare.lower() in _SCAFFOLD or any(
                key in k or (k and key.startswith(k) and key[len(k):].isalpha()
                             and len(key) - len(k) <= 2)
                for k in subject_keys):
            continue
        if is_specific(bare, first=position == 0) and len(bare) > 1:
            found.append(bare)
    return list(dict.fromkeys(found))


def _compared_with_what_it_names(entities: Sequence[str], subjects: Mapping[str, str],
                                 papers: Mapping[str, Paper]) -> list[str]:
    """The names a one-paper comparison sets against the paper (not forms of the paper's own
    name, "SPHERE-trained"), when the paper's abstract names every one of them."""
    (paper_id, name), = subjects.items()
    paper = papers.get(paper_id)
    own = [normalise(n) for n in (name, paper.title if paper else "") if normalise(n)]
    against = [e for e in entities if not any(normalise(e).startswith(k) for k in own)]
    if paper is None or not against:
        return []
    words = squashed_words(f"{paper.title} {paper.abstract}")
    return against if all(variant_match(squash(e), words) for e in against) else []


_QUANTITY_MODIFIER = re.compile(r"^(\d[\d.,]*[KMBkmb])-[a-z]+(?:-[a-z]+)*$")
_MADE_FROM = re.compile(r"-(?:style|like|based|type|esque|inspired|driven)$", re.I)


def _unknown_names(question: str, collection: Collection, names: Iterable[str]
                   ) -> list[str]:
    """Specific names in the question that no paper of the collection uses."""
    missing = []
    for entity in _entities(question, names):
        if entity.isdigit() or YEAR.fullmatch(entity):
            continue
        tokens = tokenize(entity)
        # A word written only inside a compound name is one the papers use ("African" in
        # "AfricanFaceSet-5M").
        if tokens and not any(collection.knows(t) or t in collection.compound_parts
                              for t in tokens):
            missing.append(entity)
    return missing


# A name of several words written as one: capitalised words in a row, "of" or "for" between
# two of them ("Tree of Thoughts"); any other word, an acronym ("SSL") or a punctuation mark
# ends it. Names with acronyms in them ("MedMNIST SSL") are mostly a paper's own words
# joined by the reader.
_CAPITALISED_RUN = re.compile(
    r"(?<![\w;/-])[A-Z][a-z]+(?:\s+(?:(?:of|for)\s+)?[A-Z][a-z]+)+(?![\w-])")


def _unwritten_names(question: str, collection: Collection, names: Iterable[str]
                     ) -> list[str]:
    """Names of several capitalised words that no paper writes in a row ("Tree of Thoughts",
    "AlphaGo Zero"), though the papers use each word alone, so that no single word is
    unknown. The question's first word is capitalised as a sentence's is, and names of papers
    it is about are theirs."""
    own = [squash(str(n)) for n in names]
    texts = collection.text_tokens.values()
    missing = []
    for match in _CAPITALISED_RUN.finditer(question):
        words = match.group(0).split()
        if match.start() == len(question) - len(question.lstrip()):
            words = words[1:]  # "Which Tree ..."
        while words and words[0].lower() in ("of", "for"):
            words = words[1:]
        name = " ".join(words)
        tokens = tokenize(name)
        initials = "".join(w[0] for w in words if w[0].isupper()).lower()
        if len([w for w in words if w[0].isupper()]) < 2 or len(tokens) < 2 or any(
                squash(name) in k for k in own) or collection.knows(initials):
            continue  # ("American Mathematics Competitions" spells out the papers' AMC)
        if not any(_contains(text, tokens) for text in texts):
            missing.append(name)
    return missing


def _criterion(question: str, names: Iterable[str]) -> list[str]:
    """The words a list/count question filters on, as written ('GSM8K', 'robotics'), from the
    part of it that states the criterion (`criterion_text`). A noun that elsewhere only shapes
    a question ("ideas" in "the main ideas") is kept where it ends a phrase the criterion
    started ("research ideas")."""
    question = criterion_text(question)
    skip = list_scaffold()
    kept = []
    after_kept = False
    relation = _phrasal_relation(question)
    tokens = raw_tokens(question)
    for position, token in enumerate(tokens):
        bare = token.rstrip("?.!,")
        following = tokens[position + 1].lower() if position + 1 < len(tokens) else ""
        if (relation and bare == relation) or (
                bare.isalpha() and bare == token and following in _ADVERB_PARTICLES):
            # "papers bring up X", "use AI to come up with X": a verb with its particle
            # relates the papers to X, or says what is done with it; it is no part of X
            relation = None if bare == relation else relation
            after_kept = False
            continue
        stems = tokenize(bare)
        if bare.lower().rstrip(".") in _FRAMING_ABBREVIATIONS:
            after_kept = False
            continue
        phrase_head = after_kept and bare.lower() in _PHRASE_NOUNS | _PAPER_KIND_NOUNS
        if not phrase_head and (not stems or all(s in skip for s in stems)
                                or bare.lower() in skip):
            after_kept = False
            continue
        kept.append(bare)
        after_kept = bare == token  # a comma or "?" ends the phrase
    return kept


def criterion_words(text: str) -> list[str]:
    """The criterion words of a part of a list question (`assistant.criteria.parts`)."""
    return _criterion(text, ())


def criterion_text(question: str) -> str:
    """The part of a list question that states what a paper must meet: without the sentences
    that set the scene around the one that asks ("I'm writing a survey on X. Which papers ...",
    "For a talk on X: which papers ..."), and without the words that frame the asking rather
    than restrict it: a manner adverb of the verb ("papers that explicitly mention X"), a
    phrase widening the scope ("X in any form", ", even if only in passing"), the other side
    of a contrast ("X rather than Y"), a word naming the wording ("the term X") and examples
    given in parentheses ("agents for software tasks (bug fixing, code review)")."""
    return _unframed(_asking_part(question)) or question


def _unframed(text: str) -> str:
    """`text` without the words that frame its asking (see `criterion_text`)."""
    text = _EXAMPLES_IN_PARENTHESES.sub(_unless_names, text)
    for pattern in (_CONTRAST, _WIDENING, _IN_ANY_MANNER, _WORDING_NOUN):
        text = pattern.sub(" ", text)
    text = _TRAILING_ADVERB.sub("", _MANNER_ADVERB.sub(lambda m: m.group(1), text))
    # "X but not Y", "without Y": Y is met by papers left out, not by those listed
    text = without_exclusions(text)
    text = re.sub(r"\s+([?.!,;:)])", r"\1", re.sub(r"\s{2,}", " ", text))
    text = re.sub(r"[,;]\s*([?.!]|$)", r"\1", re.sub(r"([,;])(?:\s*[,;])+", r"\1", text))
    return text.strip()


# Sentences, and a scene-setting lead ended by a colon or a dash, of a question.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|:\s+|\s[-\u2013\u2014]+\s")
# How the part that asks opens: a question word, a request, or the papers asked for.
_ASKS = re.compile(
    r"^\W*(?:which|what|how|who|whose|where|any|are|is|do|does|did|list|count|name|find|show|"
    r"give|tell|enumerate|identify|papers|works|studies|articles|abstracts)\b", re.I)


# A manner adverb ending the question ("... X specifically?"): long, and not one of the nouns
# ending in -ly ("anomaly", "family", "assembly", "supply", "butterfly").
_TRAILING_ADVERB = re.compile(r",?\s+[a-z]{4,}(?<![aeioupbf])ly(?=\W*$)", re.I)


# A pronoun that stands for something named before ("them", "it"), not "these papers".
_POINTS_BACK = re.compile(r"\b(?:it|its|them|they|their|theirs|such)\b", re.I)


def _lead_and_ask(question: str, *, keep_pointed: bool = True) -> tuple[list[str], list[str]]:
    """(the parts before the first part that asks (ends in "?" or opens with an asking word),
    that part and the rest); no lead when the question opens by asking or nothing asks. With
    `keep_pointed`, no lead either when the asking part points back to it or has no content
    of its own (a list's criterion is then in the lead)."""
    parts = [p for p in _SENTENCE_END.split(question.strip()) if p.strip()]
    for position, part in enumerate(parts if len(parts) >= 2 else []):
        if part.rstrip().endswith("?") or _ASKS.search(part):
            asked = parts[position:]
            # "Self-play: which papers use it?", "X models - which papers test them?": the
            # lead names what the asking part points back to
            unframed = _unframed(" ".join(asked))
            points_back = _POINTS_BACK.search(unframed) or not (
                set(tokenize(unframed)) - list_scaffold())
            if position == 0 or (points_back and keep_pointed):
                break
            return parts[:position], asked
    return [], [question]


def _asking_part(question: str) -> str:
    """The question from the first part that asks, when other parts come before it (see
    `_lead_and_ask`); the whole question otherwise."""
    return " ".join(_lead_and_ask(question)[1])


# "(bug fixing, code review)": a list of examples of what the words before name, or a
# paraphrase of them; a paper on that need not write them. One form in parentheses ("(SFT)",
# "(including RLHF)") is another form of the criterion, and a list of names ("(GSM8K,
# MATH500)") the names asked for: both kept.
_EXAMPLES_IN_PARENTHESES = re.compile(r"\(([^(),]+,[^()]*)\)")
_EXAMPLE_LEAD = re.compile(r"^\s*(?:e\.g\.?|i\.e\.?|such as|like|including|for example|"
                           r"for instance)\s+", re.I)


def _unless_names(found: re.Match[str]) -> str:
    """A parenthesised list as written when every item is a name, else a space."""
    items = [_EXAMPLE_LEAD.sub("", item).strip() for item in re.split(r",|\bor\b|\band\b",
                                                                     found.group(1))]
    names = all(all(is_specific(w) for w in item.split()) for item in items if item)
    return found.group(0) if names else " "


# The other side of a contrast, up to the end of its clause: what a paper need not write.
_CONTRAST = re.compile(
    r"\b(?:rather than|instead of|as opposed to|in contrast to|other than|but not|and not|"
    r"excluding|except(?: for)?)\b[^,;:.?!()]*", re.I)
# A clause that widens the scope ("..., even if only to dismiss it", "(whether or not ...)").
_WIDENING = re.compile(
    r"\(\s*(?:even|whether|if only|at least)\b[^()]*\)|"
    r"[,;\u2013\u2014]\s*(?:even|whether|if only|at least)\b[^;:.?!()]*", re.I)
# A phrase of manner or degree: "in any form", "in one way or another", "at all", "so much as".
_IN_ANY_MANNER = re.compile(
    r"\b(?:(?:in|of)\s+)?(?:any|some|whatever|one|every)\s+(?:form|way|shape|fashion|manner|role|"
    r"capacity|sense|respect|guise)s?(?:\s+or\s+(?:another|other))?\b|\bat all\b|"
    r"\bwhatsoever\b|\bso much as\b|\beven\b", re.I)
# A word naming the wording rather than the thing: "the term X", "the phrase X".
_WORDING_NOUN = re.compile(
    r"\b(?:the|a|an)\s+(?:terms?|words?|phrases?|expressions?|keywords?|acronyms?)\b"
    r"(?=\s+[\"'\u201c\u2018]?\w)", re.I)
# A manner adverb between the papers (or the pronoun after them) and the verb that relates
# them to the criterion ("abstracts explicitly mention X", "works that directly address X").
_MANNER_ADVERB = re.compile(
    r"\b((?:" + "|".join(sorted(_COLLECTION_PLURAL | _COLLECTION_SINGULAR)) +
    r"|these|those|them)\s+(?:that\s+|which\s+|who\s+)?)(?:[a-z]{4,}ly\s+)+(?=[a-z]+\b)",
    re.I)


def _phrasal_relation(question: str) -> str | None:
    """The relation word when a particle follows it ("papers bring up X", "works that build
    on Y", "papers relying on Z"): a verb with its particle relates the papers to what comes
    after, and is no part of it. A hyphenated word ("self-evolve") may be the topic: kept."""
    word = relation_word(question)
    if not word or "-" in word:
        return None
    after = re.search(rf"\b{re.escape(word)}\s+(\w+)", question)
    return word if after and after.group(1).lower() in _PARTICLES else None


# Particles that only ever complete a verb ("come up with", "carry out", "set off").
_ADVERB_PARTICLES = _words("up out off")
# Abbreviations that introduce an example or a restatement ("e.g. best-of-32", "i.e. with
# people"): they frame the criterion, their letters are no part of it.
_FRAMING_ABBREVIATIONS = frozenset("e.g eg i.e ie etc cf viz".split())
# English particles and prepositions that complete a verb ("bring up", "build on").
_PARTICLES = _words("up on upon about with into onto out over at to from through around "
                    "across off")


def relation_word(question: str) -> str | None:
    """The word that relates the papers to what a list question asks for, when it comes right
    after the papers ("papers tackle hallucinations", "works that link a repo"): a verb, not
    part of the phrase after it ("tackle hallucinations" is no written phrase)."""
    found = _RELATION.search(question)
    return found.group(1) if found else None


_RELATION = re.compile(
    r"\b(?:" + "|".join(sorted(_COLLECTION_PLURAL | _COLLECTION_SINGULAR)) +
    r")\s+(?:that\s+|which\s+|who\s+)?([\w-]+)", re.I)


# Scaffold nouns that can head a content phrase: "research ideas", "paper summaries".
_PHRASE_NOUNS = _words("idea ideas summary summaries overview overviews contribution "
                       "contributions sentence sentences words type types")
# Nouns for kinds of papers and of their parts: they head a content phrase ("user studies",
# "technical reports", "ablation experiments") only where a paper writes that phrase, which
# the list composer checks; otherwise ("robotics studies") they name the papers themselves.
_PAPER_KIND_NOUNS = _words("study studies report reports survey surveys experiment "
                          "experiments evaluation evaluations")


def list_scaffold() -> frozenset[str]:
    """Stems that only shape a list question (`_criterion` leaves them out)."""
    return _SCAFFOLD | _LIST_SCAFFOLD | _COMPARE_SCAFFOLD


def _slot(question: str, topic: list[str]) -> Slot:
    """The kind of value asked for: what the question word governs ("what exact accuracy on
    the X benchmark" wants a number, "which benchmarks" a benchmark), else its cue words.
    A yes/no question ("does it cover benchmarks?") asks whether, not for a value."""
    # (after a phrase setting the scene: "In the divergent scenario, do all tokens ...?")
    asked = _SCENE_PHRASE.sub("", question)
    if _YES_NO.search(asked) and not _WH_WORD.search(asked):
        return "other"
    if _OPENS_WITH_WHEN.search(question):
        # "When are escape rates high?": a time or a condition, not the measure it names.
        return "year" if _ASKS_A_DATE.search(question) else "other"
    if _COUNTS_SOMETHING.search(question):
        return "number"  # "how many datasets, and in which languages": a count first
    head = _wh_head(question)
    if head & _NUMBER_WORDS:
        return "number"
    if head & _SLOT_HEADS["benchmark"]:
        return "benchmark"
    if head & _SLOT_HEADS["model"]:
        return "model"
    # "which downstream tasks does X improve": a which/what noun phrase asks for that thing,
    # whatever measure words ("improve", "population") the rest of the question has.
    measured = not head and any(w.lower() in _NUMBER_NOUNS and set(tokenize(w)) & set(topic)
                                for w in raw_tokens(question))
    if _asks_authors(question, topic) and not _HOW_MUCH.search(question):
        return "authors"
    if not head and _EVALUATES_ON.search(question):
        return "benchmark"  # "what does X evaluate on?": no noun says what kind of thing
    other_kind = _asks_other_kind(question)
    for slot, pattern in _SLOT_PATTERNS:
        if slot in ("benchmark", "model") and measured:
            return "number"  # "X's score on the Y benchmark": the score is asked
        if slot in ("benchmark", "model") and other_kind:
            continue  # "which tasks is it tested on?": tasks, not a benchmark's name
        if pattern.search(question):
            return slot
    if measured:
        return "number"
    # "which agent explores ...", "what loss does X introduce": one of the things the noun
    # names, which an abstract calls by its name ("a Value Agent", "the Ping-Pong loss").
    return "name" if head - _COUNT_WORDS and _ASKS_A_KIND.search(question) else "other"


# "which tasks is X tested on?", "what domains does X evaluate?": the noun says the kind.
_ASKED_NOUN = re.compile(
    r"\b(?:which|what)\s+(?:(?:kinds?|types?|sorts?)\s+of\s+)?([a-z][\w-]*)\s+"
    r"(?:is|are|was|were|does|do|did|has|have|can)\b", re.I)


def _asks_other_kind(question: str) -> bool:
    """Whether the question word governs a noun that is no benchmark, model or measure."""
    match = _ASKED_NOUN.search(question)
    if match is None:
        return False
    stems = set(tokenize(match.group(1)))
    return bool(stems) and not stems & (_SLOT_HEADS["benchmark"] | _SLOT_HEADS["model"]
                                        | _NUMBER_WORDS | _GENERIC_MEASURES | _COUNT_WORDS
                                        | _SCAFFOLD)


# A prediction, an opinion or a recommendation: what will happen, what the assistant thinks,
# what is worth the reader's time. Abstracts report what each paper did and found.
_SPECULATES = re.compile(
    r"^\W*(?:(?:and|so|but|also|ok|okay)\W+)?(?:will|do\s+you\s+think|would\s+you\s+"
    r"(?:recommend|suggest)|should\s+i)\b|\bin\s+your\s+(?:opinion|view)\b|"
    r"\bworth\s+(?:reading|it|the\s+(?:time|read|effort))\b|"
    r"\b(?:most|more|less|least)\s+likely\s+to\b", re.I)
_SCENE_PHRASE = re.compile(r"^\W*(?:in|for|on|at|within|across|under|with|compared\s+to)\b"
                           r"[^,?]{1,80},\s*", re.I)
# "which is cheaper to train?", "which one uses less GPU memory?": a verdict on one measure.
_VERDICT = re.compile(
    r"\bwhich(?:\s+one)?(?:\s+of\s+(?:them|the\s+two))?\s+(?:is|are|was|does|has|\w+s)\b"
    r"(?:\s+[\w-]+){0,3}?\s+(?:(?P<more>more|less|fewer)\s+"
    r"(?P<measure>[\w-]+(?:\s+(?!to\b|than\b|on\b|in\b|for\b)[\w-]+)?)|"
    r"(?P<comparative>[a-z]+(?:er|ier)))\b", re.I)
# Not a measure of their own: "which scores higher?" asks about the scores, "which is
# bigger?" about sizes the abstracts give as numbers ("7B"), without the word.
_NOT_COMPARATIVES = _words("other either neither whether over under after better number "
                           "earlier later paper answer higher lower greater stronger weaker "
                           "bigger smaller larger")


def _verdict_on(question: str) -> str:
    """The measure a comparison asks which paper does better on, as written; "" when it asks
    no such verdict."""
    found = _VERDICT.search(question)
    if not found:
        return ""
    if found.group("measure"):
        return f"{found.group('more')} {found.group('measure')}"
    word = found.group("comparative")
    return "" if word.lower() in _NOT_COMPARATIVES else word


def measure_stems(word: str) -> set[str]:
    """The stems a paper would write a verdict's measure with: "cheaper" -> "cheap", "bigger"
    -> "big", "safer" -> "safe", "easier" -> "easy"; "memory" as it is."""
    words = word.lower().split()
    # "less GPU memory": the measure's first word says what a paper would write
    low = words[1] if words[0] in ("more", "less", "fewer") and len(words) > 1 else words[0]
    forms = {low}
    if low.endswith("ier"):
        forms.add(low[:-3] + "y")
    elif low.endswith("er"):
        base = low[:-2]
        forms.update({base, base + "e"})
        if len(base) > 2 and base[-1] == base[-2]:
            forms.add(base[:-1])
    return {t for form in forms for t in tokenize(form)}


# "when" as the question's word ("When are ... high?"), not opening a clause ("When X
# assists Y, what gain ...?").
_OPENS_WITH_WHEN = re.compile(
    rf"^\W*(?:(?:and|so|ok|okay|but|also)\W+)?when\s+(?:{_AUXILIARY})\b", re.I)
_YES_NO = re.compile(rf"^\W*(?:(?:and|so|ok|okay|but|also)\W+)*(?:{_AUXILIARY})\b", re.I)
# "which four models ...", "what are its three stages?", "list the five categories": a set of
# things asked for by name, with how many there are. (Not "which of the three ...": that picks
# among things already named.)
_COUNTED_SET = re.compile(r"\b(?:which|what|list|name|enumerate)\b(?:\s+(?:exact|exactly|are|"
                          r"were|is|the|its|their|all))*\s+(\w+)\s+([a-z][\w-]*(?:\s+[a-z][\w-]*)"
                          r"{0,2})", re.I)


def _counted_set(question: str) -> tuple[int, list[str]]:
    """(how many named things the question asks for, the stems of the words naming them);
    (0, []) when it asks for no counted set."""
    for match in _COUNTED_SET.finditer(question):
        count = count_value(match.group(1))
        if count is not None:
            return count, tokenize(match.group(2))
    return 0, []


_COUNTS_SOMETHING = re.compile(r"\bhow (many|much)\b", re.I)
_COUNTS = re.compile(r"\bhow many\b", re.I)
_WH_WORD = re.compile(r"\b(what|which|who|whom|whose|when|where|why|how)\b", re.I)


def _wh_head(question: str) -> set[str]:
    """Stems of the (up to three) words a 'what'/'which' governs: 'what exact accuracy'."""
    return set(_governed(question, r"what|which"))


# A noun the question word governs: "which" always takes one; "what" does when an auxiliary
# follows its phrase ("what loss does ...", "what two roles do ..."), not when "what" is the
# subject of a verb ("what goes wrong", "what causes the gains").
_ASKS_A_KIND = re.compile(
    r"\bwhich\b|\bwhat\s+(?:(?:kinds?|types?|sorts?)\s+of\s+)?[\w-]+(?:\s+[\w-]+)?\s+"
    rf"(?:{_AUXILIARY})\b", re.I)


def _governed(question: str, words: str) -> list[str]:
    """Stems of the (up to three) words that follow one of `words`, up to the verb phrase."""
    match = re.search(rf"\b(?:{words})\s+((?:[\w@.'\u2019-]+\s+){{0,2}}[\w@.'\u2019-]+)",
                      question, re.I)
    if not match:
        return []
    found = re.sub(r"['\u2019]s\b", "", match.group(1)).split()
    while len(found) > 2 and found[0].lower() in _KIND_WORDS and found[1].lower() == "of":
        found = found[2:]  # "what kind of tasks" asks for tasks
    stop = next((i for i, w in enumerate(found) if w.lower() in _WH_BREAKS), len(found))
    # A plural noun ends its phrase (compounds pile singular nouns before the head: "benchmark
    # scores"): in "which models improve with X" the word after "models" is the verb.
    plural = next((i + 1 for i, w in enumerate(found[:stop - 1]) if _PLURAL.fullmatch(w)), stop)
    return tokenize(" ".join(found[:min(stop, plural)]))


_PLURAL = re.compile(r"[A-Za-z][a-z]+[^su]s")


def _asked_terms(question: str, topic: Sequence[str], skip: frozenset[str] | set[str],
                 entities: Sequence[str]) -> list[str]:
    """What a fact question asks the value of, as stems: the words 'what'/'which'/'how many'
    govern ("what learning rate", "how many GPU hours"), else, in a terse question, the run of
    topic words around its value word ("learning rate used for X?"); without the `skip` words
    (names, generic measures) and counts ("which two benchmarks"). When nothing is left the
    question's other names are what the value must sit next to ("X's accuracy on ARC-C")."""
    names = [t for name in entities for t in tokenize(name)
             if t not in skip and len(t) > 1 and not _is_count(t)]
    head = _governed(question, _ASKING)
    if not head:
        for i, term in enumerate(topic):
            if term in _NUMBER_WORDS:
                head = [t for t in topic[max(i - 1, 0):i + 1] if t not in names]
                break
    asked = [t for t in head if t not in skip and not _is_count(t)]
    return list(dict.fromkeys(asked or names))


_ASKING = r"what(?:'s|\u2019s)?|which|how many|how much|number of"
_ASKS_SIZE = re.compile(r"\bhow (?:big|large|small)\b", re.I)


def _is_count(stem: str) -> bool:
    return stem.isdigit() or stem in _COUNT_WORDS


# Counts, and the order words that count too ("which two benchmarks", "the first one").
_COUNT_WORDS = frozenset(tokenize(" ".join(NUMERAL_WORDS) + " one first second third"))


_KIND_WORDS = frozenset("kind kinds type types sort sorts form forms".split())
# Words after 'what' that start the verb phrase: "what does X score" governs nothing.
_WH_BREAKS = frozenset("is are was were do does did has have had can could would will should "
                       "the a an of on in for to by it its they their this that with from at "
                       "about per across after before between during than into over under via "
                       "against among besides without within".split())


def _asked_aspects(question: str, names: Iterable[str], titles: Iterable[Sequence[str]],
                   rare: Callable[[str], bool]) -> list[str]:
    """The aspects of the part that asks, when a scene comes before it: "A and B both use
    tree search - what's different about their domains?" compares domains; what the papers
    share (tree search) is said, not asked. A name the scene sets ("A vs B on
    Qwen2.5-Math-7B: what gains?") is a condition of what is asked and stays. The whole
    question's aspects when the asking part yields none."""
    names, titles = list(names), list(titles)
    lead, asked = _lead_and_ask(question, keep_pointed=False)
    found = _aspects(" ".join(asked), names, titles, rare) if lead else []
    if not found:
        return _aspects(question, names, titles, rare)
    # Capitals inside or digits: a model or benchmark, not a capitalised common word.
    kept = [a for a in _aspects(" ".join(lead), names, titles, rare)
            if any(is_specific(w, first=True) for w in a.split())]
    return list(dict.fromkeys([*kept, *found]))[:_MAX_ASPECTS]


def _aspects(question: str, names: Iterable[str], titles: Iterable[Sequence[str]],
             rare: Callable[[str], bool]) -> list[str]:
    """What a comparison compares: the words after the last paper it names ("A vs B: how
    each one learns", "how do A and B differ in their data"), else those before the first
    ("how they make data, A or B?"), without the words every comparison has ("compare",
    "differ", "which"). Commas, "and" and colons part several aspects ("on data, method
    and results"); "or" does not: it offers alternatives for one answer ("labels or
    supervision", "before or during"). Nothing left means the default aspects.

    A paper is named by its name, or described by a run of two or more of its title's words
    with a rare one among them ("the medical imaging SSL benchmark"); one title word alone, or
    words most titles share ("small models"), may be the aspect itself."""
    text = re.sub(r"['\u2019]s\b", "", question)
    tokens = list(re.finditer(r"\S+", text))
    owning = {i for i, m in enumerate(re.finditer(r"\S+", question))
              if re.search(r"['\u2019]s\W*$", m.group(0))}
    stems = [{t for t in tokenize(m.group(0)) if len(t) > 1} for m in tokens]
    naming = [False] * len(tokens)
    for whole in ({t for t in tokenize(str(n)) if len(t) > 1} for n in names):
        # A run of words that spells the name out, or one word that writes it inside a
        # longer one ("NBODY6++GPU-MASSLESS" for "GPU-MASSLESS").
        for start, end in _title_runs(stems, whole, lambda _: False):
            naming[start:end] = [True] * (end - start)
        for i, written in enumerate(stems):
            naming[i] = naming[i] or bool(whole) and whole <= written
    described = [_title_runs(stems, set(t), rare) for t in titles]
    # A paper is described by runs of two or more of its title's words with a rare one among
    # them. When every such run leaves nothing to ask, the words met again after its longest
    # run are what is asked of it ("the reward design thesis: where do the rewards come from").
    every = _marked(naming, [run for runs in described for run in runs])
    found = _asked_parts(text, tokens, every, owning)
    if not found and any(described):
        longest: list[tuple[int, int]] = []
        for runs in sorted((r for r in described if r), key=len):
            # Two papers described by the same words: each by its own longest run.
            free = [r for r in runs if not any(r[0] < e and s < r[1] for s, e in longest)]
            longest.append(max(free or runs, key=lambda r: (r[1] - r[0], -r[0])))
        found = _asked_parts(text, tokens, _marked(naming, longest), owning)
    return found


def _marked(naming: Sequence[bool], runs: Iterable[tuple[int, int]]) -> list[bool]:
    out = list(naming)
    for start, end in runs:
        out[start:end] = [True] * (end - start)
    return out


def _asked_parts(text: str, tokens: Sequence[re.Match[str]], naming: list[bool],
                 owning: set[int] | None = None) -> list[str]:
    """The aspects after the last word naming a paper, else before the first, else what the
    first paper's possessive (`owning`: the indexes of tokens written with "'s") owns."""
    _kind_nouns(tokens, naming)
    marks = [i for i, flag in enumerate(naming) if flag]
    if not marks:
        return _aspect_parts(text)
    before_text = text[:tokens[marks[0]].start()]
    after = _aspect_parts(text[tokens[marks[-1]].end():])
    if _ASKS_WHAT_THING.search(before_text):
        # "Which base LLMs do A and B start from?", "At test time, what role does the reward
        # model play in A versus B?": the thing asked for stands before the papers, with what
        # qualifies it; the words after them say how it relates to each.
        head = " ".join(_aspect_parts(before_text))
        if head:
            return [" ".join([head, *after])] if len(after) <= 1 else [head, *after]
    # "Is A's way of avoiding training similar to B's?": what A's owns is asked of both.
    owned = ""
    first_name_ends = next((i for i in range(marks[0], len(tokens)) if not naming[i]), marks[0])
    if first_name_ends - 1 in (owning or set()):
        owned = " ".join(tokens[i].group(0) for i in range(first_name_ends, marks[-1])
                         if not naming[i])
    return after or _aspect_parts(before_text) or _aspect_parts(owned)


# "which base LLMs", "what role", "what kind of data": a thing asked for by name.
_ASKS_WHAT_THING = re.compile(
    r"\b(?:which|what)\s+(?!(?:is|are|was|were|do|does|did|can|could|would|should|will|has|"
    r"have|had|about|if)\b)[a-z][\w-]*", re.I)


def _kind_nouns(tokens: Sequence[re.Match[str]], naming: list[bool]) -> None:
    """"the AgentGym framework": the noun is the name's."""
    for i in range(len(tokens) - 1):
        if naming[i] and tokens[i + 1].group(0).lower().strip("?,.:;") in _KIND_NOUNS:
            naming[i + 1] = True


def _title_runs(stems: Sequence[set[str]], whole: set[str], rare: Callable[[str], bool]
                ) -> list[tuple[int, int]]:
    """(start, end) of each run of words that spells a title (or name) out, or writes two or
    more of its words with a rare one among them; a mark between its words ("internal
    consistency / self-feedback") stays inside the run."""
    runs = []
    for i in range(len(stems)):
        if not stems[i]:
            continue
        j, seen, end = i, set[str](), i
        while j < len(stems) and stems[j] <= whole:
            seen |= stems[j]
            j += 1
            end = j if stems[j - 1] else end
        if whole and (seen == whole or (end - i >= 2 and any(map(rare, seen)))):
            runs.append((i, end))
    return runs


def _aspect_parts(text: str) -> list[str]:
    skip = _SCAFFOLD | _COMPARE_SCAFFOLD
    aspects: list[str] = []
    for part in _ASPECT_BREAKS.split(text):
        words = [w for w in raw_tokens(part)
                 if not (set(tokenize(w)) <= skip or w.lower() in skip)]
        if words:
            aspects.append(" ".join(words))
    return list(dict.fromkeys(aspects))[:_MAX_ASPECTS]


_ASPECT_BREAKS = re.compile(r",|;|:|\?|\s[–—-]+\s|\band\b|\bvs\b\.?|\bversus\b",
                            re.I)
_MAX_ASPECTS = 4
_KIND_NOUNS = _words(" ".join(_PAPER_NOUNS)) | _words(
    "framework method approach system model agent benchmark technique algorithm pipeline papers "
    "thesis")


# --- the standalone question ------------------------------------------------------------------

_PRONOUN_SUBSTITUTES: tuple[tuple[re.Pattern[str], Callable[[str], str]], ...] = (
    (_POSSESSIVE, lambda name: f"{name}'s"),
    (re.compile(rf"\b(it|they|them|(?:this|that|the) (?:{_PAPER}|method|approach|framework|"
                r"system)|this)\b", re.I),
     lambda name: name),
)


def _standalone(question: str, history: Sequence[ChatTurn], subjects: Mapping[str, str],
                follows_up: bool, named: Mapping[str, str], scope: list[str],
                collection: Collection) -> str:
    """The question rewritten so that it needs no history: pronouns become the paper's name.

    "What about FooNet?" borrows the previous question's words with the new name.
    """
    if scope:
        names = " and ".join(display_name(collection, p) for p in scope)
        return f"{question} (among: {names})"
    if named and not _topic_terms(question, named.values()) and _CONTINUATION.search(question):
        last = _last_question(history)
        if last:
            return f"{last} ({question.strip()})"
    if not follows_up:
        return question
    extra = [n for p, n in subjects.items() if p not in named]
    if not extra:
        return question
    name = " and ".join(dict.fromkeys(extra))
    for pattern, substitute in _PRONOUN_SUBSTITUTES:
        if pattern.search(question):
            replacement = substitute(name)
            return pattern.sub(replacement.replace("\\", "\\\\"), question, count=1)
    return f"{question.rstrip()} ({name})"


def _last_question(history: Sequence[ChatTurn]) -> str:
    for turn in reversed(history):
        if turn.role == "user":
            return turn.content
    return ""
