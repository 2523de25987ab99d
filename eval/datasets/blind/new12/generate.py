"""Blind batch n12: hand-written questions, this script only serialises them.

Papers are referred to by their corpus index (order of the Daily Papers file); the exact
titles are looked up from the corpus at run time, so the files always carry exact titles.

    python3 eval/datasets/blind/new12/generate.py

Styles of this batch: a researcher's task in front of the question ("for a reading group",
"I'm writing related work on ..."), papers referred to by what they do instead of by name,
misspelled or shortened system names ("rStar-Maht", "Darwn Godel Machine", "OneChrat"),
comparisons of two or three papers with the aspect phrased in many ways (training data,
reward signal, model sizes, tables), lists and counts with negations and conjunctions (gold
sets computed over all 76 abstracts with `match_any`, or listed by hand with a note),
unanswerable questions (false premises, absent details, hyperparameters, costs, dataset
sizes, absent models/benchmarks/rivals/papers, opinions, off-topic) each followed by an
answerable near miss, and conversations with ellipsis, "same question for X", switches that
name a new paper while saying "its", and unanswerable follow-ups.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
CORPUS = ROOT / "assistant" / "data" / "daily_papers_self_evolving.txt"
if not CORPUS.is_file():  # worktrees may not carry the data file
    CORPUS = Path("/work/main/assistant/data/daily_papers_self_evolving.txt")
PREFIX = "n12"


def read_corpus(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    seen = 0
    while blocks and seen < 6:
        lines = blocks[0].split("\n")
        taken = min(len(lines), 6 - seen)
        seen += taken
        rest = "\n".join(lines[taken:]).strip()
        blocks = ([rest] if rest else []) + blocks[1:]
    return {blocks[i]: " ".join(blocks[i + 1].split()) for i in range(0, len(blocks), 2)}


CORPUS_TEXT = read_corpus(CORPUS)
TITLES = list(CORPUS_TEXT)
assert len(TITLES) == 76, len(TITLES)


def t(indices):
    return [TITLES[i] for i in indices]


def scan(match_any):
    """Indices of every paper whose title or abstract contains one of the variants."""
    variants = [v.casefold() for v in match_any]
    return [i for i, title in enumerate(TITLES)
            if any(v in (title + " " + CORPUS_TEXT[title]).casefold() for v in variants)]


TYPE_OF = {"describe": "factual", "fact": "factual", "which_paper": "which_paper",
           "comparison": "comparison", "list": "multi_paper", "count": "count",
           "off_topic": "factual"}


# ---------------------------------------------------------------- answerable
# (question, intent, subjects, gold, must_include)
ANSWERABLE = [
    # describe
    ("For a reading group on RLHF next week: what is the core idea behind SPO in the minimaximalist paper?",
     "describe", [61], [61], ["Minimax Winner"]),
    ("There's a paper about fooling LLM-text detectors by fine-tuning the generator. What's it about overall?",
     "describe", [], [48], ["reinforcement from critic"]),
    ("I work on ad attribution. What is the Dynamical Linear Bandits paper about, in a few sentences?",
     "describe", [71], [71], ["hidden state"]),
    ("what's the StNN paper abut, the low-complexity one for dynamical systems?", "describe", [63], [63],
     ["Hankel operator"]),
    ("Could you summarise Random Teachers? I'm preparing a slide on self-distillation.", "describe", [70], [70],
     ["lottery tickets"]),
    ("For my survey section on agent memory: what does the Long Term Memory paper argue, and what did they build?",
     "describe", [50], [50], ["OMNE"]),
    ("Describe the LLM cultural-evolution simulation paper for a sociologist who doesn't follow ML.",
     "describe", [60], [60], ["generative agents"]),
    ("Koopman learning limits paper: what's the punchline, and what theory do they lean on?", "describe", [67],
     [67], ["ergodic theory"]),
    ("I work in single-cell biology. Explain the multi-marginal Schrodinger bridge paper in plain words.",
     "describe", [58], [58], ["class of reference dynamics"]),
    ("Explain UPO to me, the uncertainty-enhanced preference optimization one.", "describe", [9], [9],
     ["pair-wise uncertainty estimation"]),
    ("I'm new to chart understanding. What does OneChrat do?", "describe", [43], [43], ["auxiliary token"]),
    ("whats SELF (the language feedback one) in a nutshell?", "describe", [2], [2], ["meta-skill learning"]),
    # fact
    ("rStar-Maht: for how many math problems did they synthesize solutions?", "fact", [7], [7], ["747k"]),
    ("For my notes on long-context alignment: between which context lengths did LongPO take Mistral?", "fact",
     [3], [3], ["128K to 512K"]),
    ("In the Vega v2 SuperGLUE report, on how many of the tasks was it state of the art?", "fact", [5], [5],
     ["4/8 tasks"]),
    ("I'm comparing self-correction pipelines. What are SPHERE's three stages?", "fact", [6], [6],
     ["Self-Generation", "Self-Correction", "Diversity Induction"]),
    ("Mobile-Agent-E: which agents work under the Manager?", "fact", [8], [8],
     ["Perceptor", "Action Reflector", "Notetaker"]),
    ("In the AI-ideas and human-creativity experiment, did heavy AI exposure change how creative individual ideas were?",
     "fact", [14], [14], ["did not affect the creativity"]),
    ("RWM for audio deepfakes: which measure separates the compact classes from the spread-out ones?", "fact",
     [16], [16], ["in-class cosine distance"]),
    ("Qwen2.5 Math report: on how many math datasets do they evaluate?", "fact", [18], [18],
     ["10 mathematics datasets"]),
    ("What average score does DotaMath-deepseek-7B get across its in- and out-of-domain test sets?", "fact", [19], [19],
     ["80.1%"]),
    ("In the Internal Consistency survey, what are the two modules of Self-Feedback?", "fact", [21], [21],
     ["Self-Evaluation and Self-Update"]),
    ("I'm evaluating pretraining objectives for driving. What does GASP predict at queried future points?",
     "fact", [22], [22], ["general occupancy", "ego occupancy"]),
    ("Diffusion spectral entropy paper: for how many ImageNet models do they predict downstream accuracy?",
     "fact", [24], [24], ["962 models"]),
    ("What did the AI co-scientist come up with for liver fibrosis?", "fact", [26], [26], ["epigenetic targets"]),
    ("MC-NEST: in which areas of math did GPT-4o do best?", "fact", [29], [29], ["Number Theory and Geometry"]),
    ("Adaptive inference-time compute: how few samples on average recover most of the 16-sample gain?", "fact",
     [33], [33], ["1.2 samples"]),
    ("RAIN on the HH dataset: how does LLaMA 30B's harmlessness change?", "fact", [36], [36], ["82% to 97%"]),
    ("What are the agents inside SWE-Search and what does each do?", "fact", [40], [40],
     ["SWE-Agent", "Value Agent", "Discriminator Agent"]),
    ("The MCTS iterative preference learning paper says it is inspired by which game-playing system?", "fact",
     [41], [41], ["AlphaZero"]),
    ("Bag of tricks for inference-time computation: how many methods and reasoning tasks go into their benchmark?",
     "fact", [45], [45], ["six representative methods", "eight reasoning tasks"]),
    ("StyleGAN face recognition paper: which encoder do they fine-tune?", "fact", [49], [49], ["pSp encoder"]),
    ("MedMNIST SSL benchmark: which label proportions do they simulate?", "fact", [53], [53],
     ["1%, 10%, and 100%"]),
    ("chaos benchmark paper: which scientific fields do its systems come from?", "fact", [59], [59],
     ["astrophysics", "climatology", "biochemistry"]),
    ("In the NBODY6++GPU-MASSLESS runs, do the massless particles mass-segregate like stars do?", "fact", [66],
     [66], ["do not participate in the mass segregation"]),
    ("What kinds of tasks are in Evolution Gym?", "fact", [73], [73], ["locomotion", "manipulation"]),
    ("How does PSEC combine existing skills into new ones?", "fact", [74], [74], ["merging LoRA modules"]),
    ("Temporally-aware RL algorithms paper: what do existing discovered objectives fail to take into account?",
     "fact", [72], [72], ["training horizon"]),
    ("Dark matter flow statistics paper: on small scales, which law governs the even-order moments of the velocity differences?",
     "fact", [23], [23], ["two-thirds law"]),
    ("Foundation inference model for Markov jump processes: what does the network output?", "fact", [68], [68],
     ["initial condition and rate matrix"]),
    ("What does generalized teacher forcing guarantee about the gradients?", "fact", [62], [62],
     ["bounded gradients"]),
    ("mmE5: which benchmark do they use to show multilingual performance?", "fact", [44], [44], ["XTD"]),
    ("What does EoT stand for in the LLM Guided Evolution paper?", "fact", [31], [31], ["Evolution of Thought"]),
    ("In the sex-for-diversity GP paper, in how many instances did mating preferences have a higher success rate?",
     "fact", [32], [32], ["three of the six instances"]),
    ("On how many LLMs was SELF-FAMILARITY validated?", "fact", [34], [34], ["four different large language models"]),
    ("MobileSteward: what's the central coordinating agent called?", "fact", [1], [1], ["StewardAgent"]),
    ("MSTaR paper: which three factors of self-evolving training do they study?", "fact", [0], [0],
     ["Training Method", "Reward Model", "Prompt Variation"]),
    ("Self-evolving agents survey: by which stages do they categorise adaptation methods?", "fact", [75], [75],
     ["intra-test-time", "inter-test-time"]),
    ("Reward design thesis: who designs the rewards in each part of the work?", "fact", [52], [52],
     ["teacher-driven", "agent-driven"]),
    ("AgentGym: what are the three ingredients they say generalist self-evolving agents need?", "fact", [47], [47],
     ["diverse environments", "trajectory set"]),
    ("In the CoT calibration paper using internal consistency, which reasoning paths get more weight?", "fact",
     [39], [39], ["high internal consistency"]),
    ("Mamba token dynamics: in the divergent scenario, do all tokens blow up equally fast?", "fact", [56], [56],
     ["different rates"]),
    ("TecoGAN: how did they check that their temporal metrics make sense?", "fact", [27], [27], ["user studies"]),
    ("What does P(IK) mean in the 'Language Models (Mostly) Know What They Know' paper?", "fact", [35], [35],
     ["I know"]),
    # which_paper
    ("that tree-search one for software engineering, what's it called?", "which_paper", [], [40], ["SWE-Search"]),
    ("I remember a paper that pairs a long-thinking LLM with a short-thinking LLM to shorten chains of thought. Which one?",
     "which_paper", [], [11], ["LongotimesShort"]),
    ("Which paper trains a transformer to simulate cellular automata without knowing the grid size?",
     "which_paper", [], [65], ["LifeGPT"]),
    ("Which paper classifies telecom standards documents by working group?", "which_paper", [], [25], ["3GPP"]),
    ("Looking for the paper that collected large unlabeled face datasets of African and Asian people",
     "which_paper", [], [49], ["AfricanFaceSet-5M"]),
    ("Which paper has the model emit a single token mid-answer to decide whether more samples are worth it?",
     "which_paper", [], [33], ["generative self-evaluation"]),
    ("which paper is about co-designing the bodies and controllers of soft robots?", "which_paper", [], [73],
     ["Evolution Gym"]),
    ("Which paper argues ML ignores uncertainty that can't be quantified, contrasting RL with biological evolution?",
     "which_paper", [], [17], ["Knightian uncertainty"]),
    ("Between RAIN and Self-Judge, which one refuses to follow an instruction when the answer will probably be bad?",
     "which_paper", [36, 28], [28], ["selective instruction following"]),
    ("Of AgentGym, Alita and Mobile-Agent-E, which one reports PathVQA?", "which_paper", [47, 4, 8], [4],
     ["PathVQA"]),
    ("Which paper tracks how representations change in training with an entropy estimated on the data manifold?",
     "which_paper", [], [24], ["diffusion spectral entropy"]),
    ("Which of Qwen2.5-Math and DotaMath covers Chinese as well as English?", "which_paper", [18, 19], [18],
     ["Chinese"]),
    ("I need the paper about steering patient-specific computer models of biology with neural network controllers",
     "which_paper", [], [69], ["dynamics-informed neural-network controllers"]),
    # comparison
    ("rStar-Math vs SPHERE: how do they get their training data?", "comparison", [7, 6], [7, 6],
     ["code-augmented CoT", "self-evolving data generation pipeline"]),
    ("What's the reward signal in each of SPC, EMPO and SPO?", "comparison", [46, 12, 61], [46, 12, 61],
     ["positive reward", "predictive entropy", "proportion of wins"]),
    ("model sizes side by side: Satori-SWE, OneChart, Vega v2", "comparison", [57, 43, 5], [57, 43, 5],
     ["Satori-SWE-32B", "0.2 billion parameters", "6B"]),
    ("Make a table of the benchmarks used by the MCTS-DPO paper, DotaMath and Qwen2.5-Math, with numbers where given",
     "comparison", [41, 19, 18], [41, 19, 18], ["ARC-C", "86.7%", "GaoKao"]),
    ("LongPO vs EMPO: which needs less labelled data according to the abstracts, and what do they learn from?",
     "comparison", [3, 12], [3, 12], ["self-generated short-to-long preference data", "unlabeled user queries"]),
    ("AI co-scientist vs the 100+ researcher ideation study: what role does the LLM play in each?", "comparison",
     [26, 42], [26, 42], ["tournament evolution", "LLM ideation agent"]),
    ("GASP and the histopathology SSL paper both pretrain with self-supervision. How is each one evaluated?",
     "comparison", [22, 51], [22, 51], ["online mapping", "17 unique tissue types"]),
    ("RAIN vs SPO: does either of them need a trained reward model or extra data?", "comparison", [36, 61],
     [36, 61], ["without the need of extra data", "does not require training a reward model"]),
    ("Uncertainty is Fragile vs Language Models (Mostly) Know What They Know: how does each see a model's self-assessment?",
     "comparison", [37, 35], [37, 35], ["backdoor", "well-calibrated"]),
    ("UPO and the MCTS preference-learning paper both do iterative preference optimisation. How does each one get better preference data?",
     "comparison", [9, 41], [9, 41], ["uncertainty estimation", "step-level preference data"]),
    ("SWE-Search vs Darwin Godel Machine: SWE-bench gains side by side", "comparison", [40, 13], [40, 13],
     ["23% relative improvement", "20.0% to 50.0%"]),
    ("The telecom LLM paper, OneChart and LifeGPT: which model architectures does each use?", "comparison",
     [25, 43, 65], [25, 43, 65], ["RoBERTa", "autoregressive main body", "decoder-only"]),
    ("Evolution Gym vs PSEC: what exactly evolves in each?", "comparison", [73, 74], [73, 74],
     ["soft robots", "skill library"]),
    ("Iterative deepening sampling vs adaptive inference-time compute: how does each use self-evaluation?",
     "comparison", [38, 33], [38, 33], ["self-correction", "single predefined token"]),
    ("MedS3 vs DotaMath: which is more data-efficient going by the training set sizes in the abstracts?",
     "comparison", [10, 19], [10, 19], ["8,000 instances", "574K"]),
    ("Foundation Agents survey vs Internal Consistency survey: differences in the framework each proposes",
     "comparison", [15, 21], [15, 21], ["brain-inspired", "Self-Feedback"]),
    ("generalized teacher forcing, the chaos benchmark and Koopman limits: which is a method, which a dataset, which a theory result?",
     "comparison", [62, 59, 67], [62, 59, 67],
     ["bounded gradients", "131 known chaotic dynamical systems", "fundamental barriers"]),
]


# ---------------------------------------------------------------- unanswerable + near misses
# ("u", question, intent, subjects, why)  |  ("n", question, intent, subjects, gold, must_include)
UNANSWERABLE = [
    # false premises
    ("u", "Why did the rStar-Math team distil their reward model from GPT-4?", "fact", [7], "absent_detail"),
    ("n", "Does rStar-Math distil from a stronger model, or what kind of reward model does it train itself?",
     "fact", [7], [7], ["process preference model"]),
    ("u", "How did the LongPO authors organise human annotators for the 512K-token contexts?", "fact", [3],
     "absent_detail"),
    ("n", "Where do LongPO's long-context preference pairs come from if nobody annotates them?", "fact", [3], [3],
     ["compressed short-context counterparts"]),
    ("u", "Which reward model does RAIN fine-tune during its alignment step?", "fact", [36], "absent_detail"),
    ("n", "How is RAIN told which human preference to follow when it evaluates itself?", "fact", [36], [36],
     ["fixed-template prompt"]),
    ("u", "What golden-answer verifier does EMPO train against?", "fact", [12], "absent_detail"),
    ("n", "EMPO: what exactly gets minimised, and on which data?", "fact", [12], [12], ["predictive entropy"]),
    ("u", "Why does SPO need a separately trained reward model plus adversarial training?", "fact", [61],
     "absent_detail"),
    ("n", "How does SPO avoid dueling two separate policies?", "fact", [61], [61], ["play against itself"]),
    # absent benchmarks
    ("u", "How much does the Darwin Godel Machine improve on HumanEval?", "fact", [13], "absent_benchmark"),
    ("n", "Which improvements to its own coding abilities did the Darwin Godel Machine discover?", "fact", [13],
     [13], ["better code editing tools"]),
    ("u", "What's MobileSteward's success rate on AndroidWorld?", "fact", [1], "absent_benchmark"),
    ("n", "How does MobileSteward's Dynamic Recruitment module link tasks across apps?", "fact", [1], [1],
     ["scheduling graph"]),
    ("u", "Satori-SWE score on SWE-bench Lite?", "fact", [57], "absent_benchmark"),
    ("n", "Satori-SWE-32B is said to keep up with models of what size?", "fact", [57], [57],
     ["over 100B parameters"]),
    ("u", "What does Alita score on WebArena?", "fact", [4], "absent_benchmark"),
    ("n", "What's Alita's pass@3 on the GAIA validation set?", "fact", [4], [4], ["87.27%"]),
    ("u", "What does the MCTS preference-learning paper report on MMLU?", "fact", [41], "absent_benchmark"),
    ("n", "What MATH accuracy does the MCTS preference-learning approach reach?", "fact", [41], [41], ["34.7%"]),
    ("u", "What's the GSM8K accuracy with iterative deepening sampling?", "fact", [38], "absent_benchmark"),
    ("n", "Which benchmarks is iterative deepening sampling tested on?", "fact", [38], [38], ["Math500", "AIME"]),
    ("u", "DotaMath's AIME score?", "fact", [19], "absent_benchmark"),
    ("n", "DotaMath-deepseek-7B's GSM8K accuracy?", "fact", [19], [19], ["86.7%"]),
    ("u", "How does OneChart do on PlotQA?", "fact", [43], "absent_benchmark"),
    ("n", "When OneChart assists LLaVA-1.6, what gain shows up on ChartQA?", "fact", [43], [43], ["10%+"]),
    ("u", "MedS3 accuracy on MedQA?", "fact", [10], "absent_benchmark"),
    ("n", "On how many evaluation datasets is MedS3 tested?", "fact", [10], [10], ["eleven evaluation datasets"]),
    ("u", "What's RWM's equal error rate on ASVspoof 2019 LA?", "fact", [16], "absent_benchmark"),
    ("n", "Is RWM only useful for audio deepfakes?", "fact", [16], [16], ["image recognition"]),
    ("u", "TecoGAN FID on Vid4?", "fact", [27], "absent_benchmark"),
    ("n", "Which two video tasks does TecoGAN address?", "fact", [27], [27],
     ["video super-resolution", "unpaired video translation"]),
    # absent models
    ("u", "Which LLaMA-2 size did SELF use, and what did it gain on MMLU?", "fact", [2], "absent_model"),
    ("n", "What does SELF do with its self-refined responses afterwards?", "fact", [2], [2],
     ["iterative fine-tuning"]),
    ("u", "Mobile-Agent-E with Claude 3.5 Sonnet as the backbone: success rate?", "fact", [8], "absent_model"),
    ("n", "Across how many backbones is Mobile-Agent-E's improvement measured?", "fact", [8], [8],
     ["three foundation model backbones"]),
    ("u", "What does EMPO do for Llama-3-8B?", "fact", [12], "absent_model"),
    ("n", "Which Qwen models did EMPO report gains for?", "fact", [12], [12],
     ["Qwen2.5-Math-7B Base", "Qwen2.5-7B Instruct"]),
    ("u", "Which Qwen2.5 size did SPHERE fine-tune?", "fact", [6], "absent_model"),
    ("n", "Which frontier model does SPHERE claim to match on some benchmarks?", "fact", [6], [6], ["GPT-4o"]),
    ("u", "How does CoT Monitor+ do when applied to GPT-4o?", "fact", [30], "absent_model"),
    ("n", "Does CoT Monitor+ cost task accuracy?", "fact", [30], [30], ["preserving task accuracy"]),
    ("u", "Self-J results on Llama-3-70B?", "fact", [28], "absent_model"),
    ("n", "How many open-source models was Self-J tested on?", "fact", [28], [28], ["five open-source models"]),
    ("u", "RAIN results on GPT-4 itself?", "fact", [36], "absent_model"),
    ("n", "Which model does RAIN defend against the llm-attacks attack?", "fact", [36], [36], ["Vicuna 33B"]),
    ("u", "Did the internal-consistency calibration paper test GPT-4?", "fact", [39], "absent_model"),
    ("n", "Where in the network do the internal-consistency authors see the disagreement?", "fact", [39], [39],
     ["middle layers"]),
    ("u", "Qwen2.5-Math-Instruct-72B MATH score?", "fact", [18], "absent_detail"),
    ("n", "Which reasoning modes does Qwen2.5-Math-Instruct support?", "fact", [18], [18],
     ["Tool-Integrated Reasoning"]),
    # cost
    ("u", "How many GPU hours did rStar-Math's self-evolution take?", "fact", [7], "cost"),
    ("n", "How many self-evolution rounds does rStar-Math run?", "fact", [7], [7], ["4 rounds"]),
    ("u", "How much was each of the 100+ NLP researchers paid in the ideation study?", "fact", [42], "cost"),
    ("n", "Which open problems for research agents does the 100+ researcher study point out?", "fact", [42], [42],
     ["lack of diversity in generation"]),
    ("u", "How long did training mmE5 take?", "fact", [44], "cost"),
    ("n", "What criteria does mmE5 set for good synthetic data?", "fact", [44], [44], ["broad scope", "high fidelity"]),
    ("u", "How much GPU memory does NBODY6++GPU-MASSLESS need for a million massless particles?", "fact", [66],
     "cost"),
    ("n", "When do massless particles escape the star clusters fastest?", "fact", [66], [66],
     ["before the core-collapse"]),
    ("u", "How long does OneChart take per chart on one GPU?", "fact", [43], "cost"),
    ("n", "How does OneChart signal how reliable its parse is?", "fact", [43], [43], ["confidence scores"]),
    # hyperparameters
    ("u", "What learning rate and batch size were used to train DotaMath?", "fact", [19], "hyperparameter"),
    ("n", "How was DotaMath trained on DotaMathQA?", "fact", [19], [19], ["imitation learning"]),
    ("u", "How many MC dropout passes does UPO's estimator run per pair?", "fact", [9], "hyperparameter"),
    ("n", "Which weakness of reward-score filtering does UPO's estimator sidestep?", "fact", [9], [9],
     ["confirmation bias"]),
    ("u", "What values does B-STaR settle on for temperature and the reward threshold?", "fact", [64],
     "hyperparameter"),
    ("n", "What does B-STaR change from one iteration to the next?", "fact", [64], [64], ["adjusts configurations"]),
    ("u", "What UCT exploration constant does MC-NEST use?", "fact", [29], "hyperparameter"),
    ("n", "Which selection policy gave GPT-4o its best MC-NEST results?", "fact", [29], [29],
     ["Importance Sampling Policy"]),
    ("u", "How many MCTS rollouts per step does MedS3 run?", "fact", [10], "hyperparameter"),
    ("n", "What does MedS3 start from to build its reasoning chains?", "fact", [10], [10], ["seed dataset"]),
    ("u", "What maximum tree depth does SWE-Search use by default?", "fact", [40], "hyperparameter"),
    ("n", "What does SWE-Search's hybrid value function combine?", "fact", [40], [40],
     ["numerical value estimation and qualitative evaluation"]),
    ("u", "Which forcing interval does generalized teacher forcing use on Lorenz-63?", "fact", [62],
     "hyperparameter"),
    ("n", "Why is gradient-based RNN training hard on chaotic systems, per the teacher forcing paper?", "fact",
     [62], [62], ["exploding gradients"]),
    ("u", "At what temperature does Guided Evolution sample the LLM?", "fact", [31], "hyperparameter"),
    ("n", "How does Guided Evolution keep genetic diversity up?", "fact", [31], [31], ["modulate model temperature"]),
    # dataset sizes
    ("u", "How many images does RB-WebFace contain?", "fact", [49], "dataset_size"),
    ("n", "How big is AsianFaceSet?", "fact", [49], [49], ["3 million images"]),
    ("u", "How many trajectories are in AgentGym's trajectory set?", "fact", [47], "dataset_size"),
    ("n", "What does the AgentGym release include?", "fact", [47], [47], ["checkpoints"]),
    ("u", "How many LMSYS prompts went into the adaptive-compute training set?", "fact", [33], "dataset_size"),
    ("n", "What kind of prompts was the adaptive inference-time compute model trained on?", "fact", [33], [33],
     ["LMSYS"]),
    ("u", "How many gigabytes of time series come with the chaos benchmark?", "fact", [59], "dataset_size"),
    ("n", "Can the chaos dataset produce longer series than the precomputed ones?", "fact", [59], [59],
     ["arbitrary length"]),
    ("u", "How many Tdocs were used to fine-tune the telecom language models?", "fact", [25], "dataset_size"),
    ("n", "What accuracy did GPT-2 reach on the 3GPP working group task?", "fact", [25], [25], ["83%"]),
    ("u", "How many images are there in total across the MedMNIST datasets they used?", "fact", [53],
     "dataset_size"),
    ("n", "How many SSL methods and datasets does the MedMNIST benchmark cover?", "fact", [53], [53],
     ["8 major SSL methods", "11 different medical datasets"]),
    ("u", "On how many simulated MJP trajectories is the foundation inference model pretrained?", "fact", [68],
     "dataset_size"),
    ("n", "Does the Markov jump process model get applied to molecular systems?", "fact", [68], [68],
     ["molecular simulations"]),
    # rivals not in the collection
    ("u", "Is MC-NEST better than AlphaGeometry on geometry?", "comparison", [29], "absent_comparison"),
    ("n", "Which earlier method does MC-NEST extend?", "fact", [29], [29], ["Monte Carlo Tree Self-Refine"]),
    ("u", "Does SELF-FAMILIARITY beat SelfCheckGPT?", "comparison", [34], "absent_comparison"),
    ("n", "What does SELF-FAMILIARITY do when a concept is unfamiliar?", "fact", [34], [34],
     ["withholding the generation"]),
    ("u", "Is the AI co-scientist better than Sakana's AI Scientist?", "comparison", [26], "absent_comparison"),
    ("n", "What kind of execution framework lets the AI co-scientist scale its compute?", "fact", [26], [26],
     ["asynchronous task execution framework"]),
    ("u", "How does SWE-Search compare with Agentless?", "comparison", [40], "absent_comparison"),
    ("n", "Across how many models does SWE-Search report its gain?", "fact", [40], [40], ["five models"]),
    ("u", "Does LongPO beat LongLoRA?", "comparison", [3], "absent_comparison"),
    ("n", "Which stronger proprietary model does LongPO say it can rival?", "fact", [3], [3], ["GPT-4-128K"]),
    ("u", "Does the StNN beat a Neural ODE on the Lorenz system?", "comparison", [63], "absent_comparison"),
    ("n", "What is the StNN compared against on the Lotka-Volterra model?", "fact", [63], [63], ["LEADS"]),
    # papers not in the collection
    ("u", "What does the original STaR paper by Zelikman report on CommonsenseQA?", "fact", [], "absent_paper"),
    ("n", "Which paper here builds on self-taught reasoners and watches how exploration fades over iterations?",
     "which_paper", [], [64], ["B-STaR"]),
    ("u", "Summarise the Voyager Minecraft agent paper", "describe", [], "absent_paper"),
    ("n", "Which paper offers a platform where LLM agents evolve across many different environments?",
     "which_paper", [], [47], ["AgentGym"]),
    ("u", "What does the Reflexion paper say about verbal reinforcement?", "fact", [], "absent_paper"),
    ("n", "Which survey covers the Self-Refine and Self-Consistency line of work?", "which_paper", [], [21],
     ["Self-Refine"]),
    ("u", "What does the DeepSeek-R1 paper say about GRPO?", "fact", [], "absent_paper"),
    ("n", "Which R1-distilled models does Long-otimes-Short match?", "fact", [11], [11],
     ["DeepSeek-R1-Distill-Qwen-7B"]),
    ("u", "Explain the Constitutional AI paper", "describe", [], "absent_paper"),
    ("n", "Which paper aligns a frozen LLM without finetuning by rewinding its own generation?", "which_paper",
     [], [36], ["Rewindable"]),
    # opinions, predictions and details the abstracts never give
    ("u", "Will Darwin Godel Machines lead to AGI within five years?", "fact", [13], "absent_detail"),
    ("n", "What do the DGM authors say their system is a step toward?", "fact", [13], [13], ["self-improving AI"]),
    ("u", "Is the Foundation Agents survey worth reading, or is it too long?", "describe", [15], "absent_detail"),
    ("n", "What does the last part of the Foundation Agents survey cover?", "fact", [15], [15],
     ["safe, secure, and beneficial AI systems"]),
    ("u", "Which of these papers will be cited the most next year?", "fact", [], "absent_detail"),
    ("n", "Which survey says it is the first systematic review of self-evolving agents?", "which_paper", [], [75],
     ["first systematic and comprehensive review"]),
    ("u", "Do the cultural-evolution authors think LLMs are conscious?", "fact", [60], "absent_detail"),
    ("n", "Which variables can the LLM cultural-evolution framework manipulate?", "fact", [60], [60],
     ["network structure", "personality"]),
    ("u", "Which lab wrote the SPHERE paper?", "fact", [6], "absent_detail"),
    ("n", "Does SPHERE test on olympiad problems?", "fact", [6], [6], ["Olympiad"]),
    ("u", "What licence is mmE5 released under?", "fact", [44], "absent_detail"),
    ("n", "What does the mmE5 team release?", "fact", [44], [44], ["datasets and models"]),
    ("u", "How many authors does Towards an AI co-scientist have?", "fact", [26], "absent_detail"),
    ("n", "Which model is the AI co-scientist built on?", "fact", [26], [26], ["Gemini 2.0"]),
    ("u", "Which ad platform's real-world data does DynLin-UCB use?", "fact", [71], "absent_detail"),
    ("n", "What does DynLin-UCB's regret depend on?", "fact", [71], [71], ["stability of the system"]),
    ("u", "Which ethnicity gains most from AsianFaceSet pretraining, in numbers?", "fact", [49], "absent_detail"),
    ("n", "What happens when all the unlabeled face datasets are combined?", "fact", [49], [49],
     ["biggest performance increase"]),
    ("u", "What's the value of alpha(z) at redshift zero in the dark matter flow paper?", "fact", [23],
     "absent_detail"),
    ("n", "How does the shape parameter alpha(z) change over cosmic time?", "fact", [23], [23],
     ["decreasing with time"]),
    ("u", "What's LifeGPT's accuracy on 64x64 grids?", "fact", [65], "absent_detail"),
    ("n", "What does LifeGPT not need to know about the grid?", "fact", [65], [65], ["periodic boundary conditions"]),
    ("u", "Which RL algorithm does CoT Monitor+ use, PPO or GRPO?", "fact", [30], "absent_detail"),
    ("n", "Which behaviours does DeceptionBench probe?", "fact", [30], [30], ["sycophancy", "alignment-faking"]),
    ("u", "Exactly how many Sgr-like infall simulations did they run?", "fact", [20], "absent_detail"),
    ("n", "Which feature of the Sgr trailing arm do dark matter self interactions suppress?", "fact", [20], [20],
     ["spur"]),
    ("u", "What score does the best Evolution Gym algorithm get on the Climber task?", "fact", [73],
     "absent_detail"),
    ("n", "What do the evolved Evolution Gym designs end up resembling?", "fact", [73], [73], ["natural creatures"]),
    # off topic
    ("u", "Can you help me fix a slipping bike chain?", "off_topic", [], "off_topic"),
    ("u", "What's the capital of Australia?", "off_topic", [], "off_topic"),
    ("u", "Translate 'good morning' into Japanese for me", "off_topic", [], "off_topic"),
    ("u", "Recommend a sci-fi novel for my flight tomorrow", "off_topic", [], "off_topic"),
    ("u", "What's 17% of 340?", "off_topic", [], "off_topic"),
]


# ---------------------------------------------------------------- lists and counts
# (question, intent, gold, match_any or None, count or None, note or None)
GAMES = ["nash equilibrium", "zero-sum", "adversarial game"]
BROWNIAN = ["brownian"]
TEMPERATURE = ["temperature"]
PRIVACY = ["privacy"]
OLYMPIAD = ["olympiad"]
DEEPSEEK = ["deepseek"]
ATTACKS = ["backdoor", "attacker", "adversarial attack"]
TEST_TIME = ["test-time scaling", "test-time compute", "test-time search"]
AGENT_BASED = ["agent-based"]
VERIFIER = ["verifier"]
SFT = ["sft", "supervised fine-tuning"]
SELF_DISTILL = ["self-distillation"]
HONEST = ["honest"]
CULTURE = ["culture"]
HAND = "gold listed by hand after reading every abstract that could qualify"
LISTS = [
    ("I'm writing related work on game-theoretic training. Which papers explicitly cast learning as a game "
     "(Nash equilibria, zero-sum games, adversarial self-play games)?", "list", [29, 46, 61], GAMES, None,
     "GAN papers (27, 49) use adversarial training but never call it a game"),
    ("any papers that involve Brownian motion in some way?", "list", [58, 68], BROWNIAN, None, None),
    ("How many abstracts mention sampling temperature?", "count", [31, 33, 45], TEMPERATURE, 3, None),
    ("Which papers bring up privacy concerns?", "list", [10, 49], PRIVACY, None, None),
    ("Which abstracts explicitly mention Olympiad problems or benchmarks, and what does each report there?",
     "list", [6, 7, 29],
     OLYMPIAD, None, None),
    ("how many papers talk about personalized medicine", "count", [55, 69], ["personalized medicine"], 2, None),
    ("Which abstracts claim statistically significant results?", "list", [32, 42],
     ["statistically significant", "p < 0.05"], None, None),
    ("How many papers use ImageNet?", "count", [24], ["imagenet"], 1, None),
    ("How many papers here evaluate on HumanEval?", "count", [], ["humaneval"], 0, None),
    ("Any papers on machine translation? How many?", "count", [], ["machine translation"], 0, None),
    ("Which papers name a DeepSeek model, and in what role?", "list", [11, 19], DEEPSEEK, None, None),
    ("For a security reading list: which abstracts involve an attack or an attacker in an LLM setting (backdoors, adversarial attacks)?",
     "list", [36, 37, 48], ATTACKS, None, None),
    ("I'm giving a talk on test-time scaling. Which papers explicitly talk about test-time scaling, test-time compute or test-time search?",
     "list", [7, 10, 26, 38, 46, 57], TEST_TIME, None, None),
    ("Which of the MCTS papers don't evaluate on any math benchmark?", "list", [10, 40], None, None,
     HAND + ": MCTS papers are 7, 10, 29, 40, 41; 7 and 29 are math, 41 reports GSM8K/MATH; "
     "10 is medical, 40 is software engineering"),
    ("Of the papers that report GSM8K, which ones report no MATH or MATH500 result?", "list", [33], None, None,
     HAND + ": GSM8K papers are 6, 18, 19, 33, 41; all but 33 also report MATH or MATH 500"),
    ("Which of the surveys in the collection discuss multi-agent systems?", "list", [15, 75], None, None,
     HAND + ": surveys are 15, 21, 75; 15 and 75 mention multi-agent systems, 21 does not"),
    ("any papers fine-tuning BERT or RoBERTa?", "list", [25], ["bert"], None, None),
    ("Which abstracts use Llama 3.1 8B?", "list", [11, 33], ["llama 3.1", "llama3.1"], None, None),
    ("how many papers use graph neural networks?", "count", [55], ["graph neural", "gnn"], 1, None),
    ("anything here on proteins or molecules?", "list", [68], ["protein", "molecul"], None, None),
    ("Which papers handle Chinese or multilingual data?", "list", [18, 44], ["chinese", "multilingual"], None,
     None),
    ("Which papers mention agent-based models?", "list", [60, 69], AGENT_BASED, None, None),
    ("How many abstracts explicitly talk about a verifier?", "count", [45, 54, 57], VERIFIER, 3, None),
    ("How many papers mention supervised fine-tuning (SFT)?", "count", [3, 10, 12, 18, 41, 54, 57], SFT, 7,
     None),
    ("Which abstracts give pass@k numbers?", "list", [4], ["pass@"], None, None),
    ("Which papers introduce a new benchmark whose name ends in 'Bench'?", "list", [1, 30], None, None,
     HAND + ": CAPBench (1) and DeceptionBench (30); ProcessBench and DeltaBench (46) are used, not introduced"),
    ("I'm an astrophysicist. Which papers here are actually about astrophysics (galaxies, dark matter, star clusters)?",
     "list", [20, 23, 66], None, None,
     HAND + ": 59 only lists astrophysics as one field its chaotic systems come from, so it is excluded"),
    ("Which abstracts that mention reinforcement learning are not about language models?", "list",
     [17, 52, 61, 72, 73], None, None,
     HAND + ": 'reinforcement learning' occurs in 11, 12, 17, 18, 30, 36, 46, 52, 57, 61, 72, 73; "
     "17, 52, 61, 72, 73 never involve language models"),
    ("Which papers evaluate on coding or software engineering tasks?", "list", [13, 40, 57, 64], None, None,
     HAND + ": 75 only lists coding as an application area; 7 and 19 use code as a tool for math"),
    ("Which abstracts mention self-distillation?", "list", [28, 70], SELF_DISTILL, None, None),
    ("How many abstracts mention GPUs at all?", "count", [45, 66], ["gpu"], 2, None),
    ("Any papers touching on cancer or tumours?", "list", [26, 51], ["cancer", "tumor", "leukemia"], None, None),
    ("Which papers talk about honesty?", "list", [30, 35], HONEST, None, None),
    ("For a sociology reading list: which papers study culture?", "list", [14, 60], CULTURE, None, None),
    ("How many papers use a Gemini model?", "count", [26], ["gemini"], 1, None),
    ("How many abstracts mention catastrophic forgetting or forgetting in general?", "count", [16],
     ["forgetting"], 1, None),
]


def turn(question, kind, intent, subjects, gold, facts, *, unanswerable=False, count=None,
         match_any=None, qtype=None):
    record = {"question": question, "kind": kind,
              "type": "unanswerable" if unanswerable else (qtype or TYPE_OF[intent]),
              "intent": intent, "subjects": t(subjects), "gold_titles": t(gold),
              "must_include": facts}
    if count is not None:
        record["count"] = count
    if match_any is not None:
        record["match_any"] = match_any
    return record


def unf(question, subjects, intent="fact"):
    return turn(question, "unanswerable_followup", intent, subjects, [], [], unanswerable=True)


SFT_PAPERS = [3, 10, 12, 18, 41, 54, 57]
CONVERSATIONS = [
    [turn("which papers here use DeepSeek models?", "first", "list", [], [11, 19], [], match_any=DEEPSEEK),
     turn("and the second one, how big is its training set?", "dependent", "fact", [19], [19], ["574K"]),
     turn("compare them: what problem is each trying to fix?", "dependent", "comparison", [11, 19], [11, 19],
          ["compress all thoughts", "complex mathematical tasks"]),
     unf("what GPU did they use?", [11, 19])],
    [turn("what's the core idea of Satori-SWE?", "first", "describe", [57], [57], ["EvoScale"]),
     turn("what benchmark is it evaluated on?", "dependent", "fact", [57], [57], ["SWE-Bench-Verified"]),
     turn("ok now LongPO, same question", "new_subject", "fact", [3], [3], ["long-context benchmarks"]),
     unf("what learning rate did it use?", [3])],
    [turn("Which papers mention agent-based models?", "first", "list", [], [60, 69], [], match_any=AGENT_BASED),
     turn("which of those is about medicine", "dependent", "which_paper", [60, 69], [69],
          ["medical digital twins"]),
     turn("how was its method benchmarked?", "dependent", "fact", [69], [69],
          ["two widely-used agent-based model types"]),
     turn("and the other one, can I get the software?", "dependent", "fact", [60], [60], ["open-source"])],
    [turn("For a reading group: what's B-STaR's core idea?", "first", "describe", [64], [64],
          ["exploration and exploitation"]),
     turn("what did they find happens to exploration over the iterations?", "dependent", "fact", [64], [64],
          ["rapidly deteriorate"]),
     turn("how does its focus differ from MSTaR's?", "new_subject", "comparison", [64, 0], [64, 0],
          ["exploration", "Prompt Variation"]),
     unf("what batch size did MSTaR train with?", [0])],
    [turn("which abstracts are about culture?", "first", "list", [], [14, 60], [], match_any=CULTURE),
     turn("the experiment one: where were the participants from?", "dependent", "fact", [14], [14],
          ["40+ countries"]),
     unf("what was the gender split of the participants?", [14]),
     turn("did labelling ideas as AI change anything?", "dependent", "fact", [14], [14],
          ["no main effects of disclosure"])],
    [turn("rStar-Maht: what does it bring Qwen2.5-Math-7B to on MATH?", "first", "fact", [7], [7], ["90.0%"]),
     turn("what guides the policy model during its search?", "dependent", "fact", [7], [7],
          ["process reward model"]),
     turn("same question for MedS3", "new_subject", "fact", [10], [10], ["evolution rollout value"]),
     unf("how many GPUs did MedS3 need?", [10])],
    [turn("any papers on audio deepfakes?", "first", "list", [], [16], [], match_any=["deepfake"]),
     turn("what's their method called?", "dependent", "fact", [16], [16], ["Radian Weight Modification"]),
     turn("which kind of audio counts as the compact class?", "dependent", "fact", [16], [16],
          ["genuine audio"]),
     unf("how many parameters does the detector have?", [16])],
    [turn("papers that mention Brownian motion?", "first", "list", [], [58, 68], [], match_any=BROWNIAN),
     turn("which of those is about single cells", "dependent", "which_paper", [58, 68], [58],
          ["single-cell sequencing"]),
     turn("and what does the other one infer?", "dependent", "fact", [68], [68], ["rate matrix"]),
     unf("which GPU did the second one train on?", [68])],
    [turn("Summarise the Darwn Godel Machine for me", "first", "describe", [13], [13],
          ["open-ended exploration"]),
     turn("how does it grow its archive?", "dependent", "fact", [13], [13], ["sampling an agent"]),
     turn("and Alita, how does it extend its own capabilities?", "new_subject", "fact", [4], [4],
          ["model context protocols"]),
     unf("what's its SWE-bench score?", [4])],
    [turn("which abstracts mention self-distillation?", "first", "list", [], [28, 70], [], match_any=SELF_DISTILL),
     turn("in the one about judge models, what is self-distillation used for?", "dependent", "fact", [28], [28],
          ["regularization technique"]),
     turn("and in the other one, what kind of teacher do they distil from?", "dependent", "fact", [70], [70],
          ["random initialization"]),
     unf("what's the student's probing accuracy on CIFAR-100?", [70])],
    [turn("what's the reward signal in SPC?", "first", "fact", [46], [46], ["positive reward"]),
     turn("which benchmarks do they test the critic on?", "dependent", "fact", [46], [46], ["DeltaBench"]),
     turn("ok now CoT Monitor+: what's its reward?", "new_subject", "fact", [30], [30], ["auxiliary reward"]),
     turn("compare them", "dependent", "comparison", [46, 30], [46, 30], ["sneaky generator", "Self-Monitor"])],
    [turn("how many abstracts mention SFT or supervised fine-tuning?", "first", "count", [], SFT_PAPERS, [], count=7, match_any=SFT),
     turn("which of those is about software engineering", "dependent", "which_paper", SFT_PAPERS, [57],
          ["SWE-Bench"]),
     turn("what does it use instead of external verifiers at inference?", "dependent", "fact", [57], [57],
          ["self-improve the scores"]),
     unf("what's its licence?", [57])],
    [turn("what's Meta Flow Matching about?", "first", "describe", [55], [55], ["Wasserstein manifold"]),
     turn("what does it embed the populations with?", "dependent", "fact", [55], [55], ["Graph Neural Network"]),
     turn("how does the multi-marginal Schrodinger bridge paper differ in how it treats time?", "new_subject",
          "comparison", [55, 58], [55, 58], ["single initial population", "multiple time points"]),
     unf("which one trains faster?", [55, 58], intent="comparison")],
    [turn("which papers explicitly mention a verifier?", "first", "list", [], [45, 54, 57], [],
          match_any=VERIFIER),
     turn("which one is pure theory?", "dependent", "which_paper", [45, 54, 57], [54], ["statistical framework"]),
     turn("what does it conclude about SFT vs RLHF for self-improvement?", "dependent", "fact", [54], [54],
          ["online exploration"]),
     unf("and what did the bag of tricks experiments cost in dollars?", [45])],
    [turn("tell me about the Sagittarius stream paper", "first", "describe", [20], [20], ["self interactions"]),
     turn("what causes the extra mass loss?", "dependent", "fact", [20], [20], ["ram-pressure evaporation"]),
     turn("how does that compare with the dark matter flow statistics paper's approach?", "new_subject",
          "comparison", [20, 23], [20, 23], ["N-body simulations", "Delaunay tessellation"]),
     unf("what simulation code did the Sgr paper use?", [20])],
    [turn("which papers talk about honesty?", "first", "list", [], [30, 35], [], match_any=HONEST),
     turn("in the one about models knowing what they know, what do they train models to predict?", "dependent",
          "fact", [35], [35], ["P(IK)"]),
     turn("and by how much does the other cut deception?", "dependent", "fact", [30], [30], ["43.8%"]),
     unf("what about its TruthfulQA numbers?", [30])],
]


# ---------------------------------------------------------------- serialise
def answerable_record(n, q, intent, subjects, gold, facts, near_miss=False):
    record = {"id": f"{PREFIX}-{'u' if near_miss else 'a'}-{n:03d}", "question": q,
              "type": TYPE_OF[intent], "intent": intent, "subjects": t(subjects),
              "gold_titles": t(gold), "must_include": facts}
    if near_miss:
        record["near_miss"] = True
    return record


def main() -> int:
    bad = 0
    out = {}
    out["answerable.jsonl"] = [answerable_record(i, *row) for i, row in enumerate(ANSWERABLE, 1)]
    rows = []
    for i, row in enumerate(UNANSWERABLE, 1):
        if row[0] == "u":
            _, q, intent, subjects, why = row
            rows.append({"id": f"{PREFIX}-u-{i:03d}", "question": q, "type": "unanswerable",
                         "intent": intent, "subjects": t(subjects), "gold_titles": [],
                         "must_include": [], "why": why})
        else:
            _, q, intent, subjects, gold, facts = row
            rows.append(answerable_record(i, q, intent, subjects, gold, facts, near_miss=True))
    out["unanswerable.jsonl"] = rows
    rows = []
    for i, (q, intent, gold, match_any, count, note) in enumerate(LISTS, 1):
        record = {"id": f"{PREFIX}-l-{i:03d}", "question": q, "type": TYPE_OF[intent],
                  "intent": intent, "subjects": [], "gold_titles": t(gold), "must_include": []}
        if count is not None:
            record["count"] = count
            if count != len(gold):
                print(f"count mismatch: {record['id']}", file=sys.stderr)
                bad += 1
        if match_any is not None:
            record["match_any"] = match_any
            if scan(match_any) != sorted(gold):
                print(f"gold != scan: {record['id']}: {scan(match_any)} vs {sorted(gold)}", file=sys.stderr)
                bad += 1
        if note is not None:
            record["note"] = note
        rows.append(record)
    out["lists.jsonl"] = rows
    out["conversations.jsonl"] = [{"id": f"{PREFIX}-c-{i:03d}", "turns": turns}
                                  for i, turns in enumerate(CONVERSATIONS, 1)]
    for c in out["conversations.jsonl"]:
        for k, tu in enumerate(c["turns"], 1):
            if "match_any" in tu and [TITLES[i] for i in scan(tu["match_any"])] != tu["gold_titles"]:
                print(f"gold != scan: {c['id']}#{k}", file=sys.stderr)
                bad += 1

    # every must_include fact must be verbatim in a gold abstract or title
    def norm(s):
        return " ".join(s.casefold().split())
    items = [r for name in ("answerable.jsonl", "unanswerable.jsonl", "lists.jsonl")
             for r in out[name]]
    items += [dict(tu, id=f"{c['id']}#{k}") for c in out["conversations.jsonl"]
              for k, tu in enumerate(c["turns"], 1)]
    for r in items:
        texts = [norm(g + " " + CORPUS_TEXT[g]) for g in r["gold_titles"]]
        for fact in r["must_include"]:
            if not any(norm(fact) in x for x in texts):
                print(f"fact not found: {r['id']}: {fact!r}", file=sys.stderr)
                bad += 1
    # questions must paraphrase: no run of 6+ words from a subject or gold abstract
    for r in items:
        for title in set(r["subjects"]) | set(r["gold_titles"]):
            source = re.findall(r"[a-z0-9]+", CORPUS_TEXT[title].casefold())
            grams = {tuple(source[i:i + 6]) for i in range(len(source) - 5)}
            words = re.findall(r"[a-z0-9]+", r["question"].casefold())
            for i in range(len(words) - 5):
                if tuple(words[i:i + 6]) in grams:
                    print(f"copied run: {r['id']}: {' '.join(words[i:i + 6])!r}", file=sys.stderr)
                    bad += 1
                    break
    # every paper should appear somewhere
    seen = {title for r in items for title in r["subjects"] + r["gold_titles"]}
    missing = [i for i, title in enumerate(TITLES) if title not in seen]
    if missing:
        print(f"papers never used: {missing}", file=sys.stderr)
    for name, records in out.items():
        with open(HERE / name, "w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{name}: {len(records)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
