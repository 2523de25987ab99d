"""Blind batch n14: hand-written questions, this script only serialises them.

Papers are referred to by their corpus index (order of the Daily Papers file); the exact
titles are looked up from the corpus at run time, so the files always carry exact titles.

    python3 eval/datasets/blind/new14/generate.py

Main focus of this batch: reader-style describe questions (gist, TL;DR, main contribution,
"explain to a beginner", "what's new", key findings, motivation, limitations) and
conversations (ellipsis, "the third one", switching subject with "its", comparisons built on
earlier turns, unanswerable follow-ups). Also comparisons in many shapes (two or three
papers, terse "X vs Y reward?", one side described instead of named), fact questions with the
slot phrased indirectly, as keywords or in lower case, which_paper questions by result or
dataset, lists and counts whose gold sets are computed over all 76 abstracts with
`match_any` (or listed by hand with a note), and unanswerable questions each followed by an
answerable near miss.
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
PREFIX = "n14"


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
    ("give me the gist of MobileSteward", "describe", [1], [1], ["StewardAgent"]),
    ("TL;DR of SELF, the language-feedback self-evolution paper", "describe", [2], [2],
     ["language-based feedback"]),
    ("What's the main contribution of UPO?", "describe", [9], [9], ["pair-wise uncertainty estimation"]),
    ("How does LLM Guided Evolution work, in two sentences?", "describe", [31], [31], ["directly modify code"]),
    ("explain the multi-marginal Schrödinger bridge paper to a beginner", "describe", [58], [58],
     ["sample snapshots"]),
    ("What are the key findings of the Sagittarius dark matter self-interaction study?", "describe", [20], [20],
     ["ram-pressure evaporation"]),
    ("what's new in DotaMath compared to earlier math LLMs, going by the abstract?", "describe", [19], [19],
     ["code interpreter"]),
    ("TL;DR Random Teachers are Good Teachers", "describe", [70], [70], ["implicit regularization"]),
    ("Why is long-context alignment hard in the first place, according to LongPO?", "describe", [3], [3],
     ["impracticality of human annotation"]),
    ("Explain the foundation inference models for Markov jump processes to a non-specialist", "describe",
     [68], [68], ["zero-shot"]),
    ("give me the gist of Limits and Powers of Koopman Learning", "describe", [67], [67], ["ergodic theory"]),
    ("What's the main contribution of the chaos forecasting benchmark?", "describe", [59], [59],
     ["re-integrated"]),
    ("How is the Foundation Agents survey structured?", "describe", [15], [15], ["four interconnected parts"]),
    ("Uncertainty is Fragile: key findings?", "describe", [37], [37], ["top-1 prediction remains unchanged"]),
    ("what's the motivation behind CoT Monitor+", "describe", [30], [30], ["deceptive alignment"]),
    ("TL;DR of the Vega v2 SuperGLUE technical report", "describe", [5], [5], ["informative tokens"]),
    ("How does OneChart work, briefly?", "describe", [43], [43], ["auxiliary token"]),
    ("explain generalized teacher forcing like I'm new to chaotic systems", "describe", [62], [62],
     ["bounded gradients"]),
    ("What's the main idea of the paper simulating cultural evolution with populations of LLMs?", "describe",
     [60], [60], ["network structure"]),
    ("gist of the medical digital twins control paper?", "describe", [69], [69],
     ["dynamics-informed neural-network controllers"]),
    ("Summarise Language Models (Mostly) Know What They Know in a few lines", "describe", [35], [35],
     ["well-calibrated"]),
    ("What's B-STaR's main contribution?", "describe", [64], [64], ["Balance exploration and exploitation"]),
    ("What does the Mamba token dynamics paper propose to improve the model?", "describe", [56], [56],
     ["reordering tokens"]),
    ("In a nutshell, what framework does the internal consistency and self-feedback survey put forward?",
     "describe", [21], [21], ["Self-Evaluation and Self-Update"]),
    ("main contribution of the telecom language LLM paper?", "describe", [25], [25], ["3GPP"]),
    ("gist of How to Boost Face Recognition with StyleGAN", "describe", [49], [49], ["pSp encoder"]),
    ("What problem does the RWM audio deepfake paper tackle and what's its idea?", "describe", [16], [16],
     ["new attack types"]),
    ("give me the gist of the paper on temporal coherence in GAN video generation", "describe", [27], [27],
     ["temporal adversarial learning"]),
    ("What's the central claim of Long Term Memory: The Foundation of AI Self-Evolution?", "describe", [50],
     [50], ["long-term memory"]),
    ("Why are entropy estimates of neural representations hard, per the DSE paper's motivation?", "describe",
     [24], [24], ["high dimensions"]),
    # fact
    ("how big is the OneChart model", "fact", [43], [43], ["0.2 billion parameters"]),
    ("SELF-FAMILIARITY: on how many LLMs was it validated?", "fact", [34], [34],
     ["four different large language models"]),
    ("bag of tricks paper: how many methods and tasks are in their standardized benchmark", "fact", [45], [45],
     ["six representative methods", "eight reasoning tasks"]),
    ("how many query-response pairs are in DotaMath's training set", "fact", [19], [19], ["574K"]),
    ("dotamath gsm8k score", "fact", [19], [19], ["86.7%"]),
    ("on which data do they test the iterative reference refinement Schrödinger bridge method?", "fact", [58],
     [58], ["motion-capture data"]),
    ("MedS3 seed data: how many instances, over how many domains?", "fact", [10], [10],
     ["8,000 instances", "five domains"]),
    ("cot monitor+ reduction in deceptive behaviors, on average", "fact", [30], [30], ["43.8%"]),
    ("self-judge: how many open source models were used in the experiments", "fact", [28], [28],
     ["five open-source models"]),
    ("Which language model backbone is the AI co-scientist built on?", "fact", [26], [26], ["Gemini 2.0"]),
    ("What datasets does the StyleGAN face recognition paper contribute?", "fact", [49], [49],
     ["AfricanFaceSet-5M", "AsianFaceSet-3M"]),
    ("Mobile-Agent-E: which subordinate agents work under the Manager?", "fact", [8], [8],
     ["Perceptor", "Notetaker"]),
    ("RAIN harmlessness LLaMA 30B", "fact", [36], [36], ["82% to 97%"]),
    ("mmE5 multilingual benchmark name?", "fact", [44], [44], ["XTD"]),
    ("how much better does the adaptive self-evaluation scheme make Llama 3.1 8B on GSM8K", "fact", [33], [33],
     ["84% to 91%"]),
    ("telecom paper gpt-2 accuracy on 3gpp working groups", "fact", [25], [25], ["83%"]),
    ("which self-interaction cross section do they simulate for the Sgr dwarf?", "fact", [20], [20],
     ["30 cm^2/g"]),
    ("DSE paper: on how many ImageNet models do they predict downstream accuracy with DSMI?", "fact", [24], [24],
     ["962 models"]),
    ("MedMNIST SSL study: number of SSL methods and the label fractions tried?", "fact", [53], [53],
     ["8 major SSL methods", "1%, 10%, and 100%"]),
    ("LifeGPT simulates Life on what kind of grid?", "fact", [65], [65], ["toroidal grid"]),
    ("which SWE-bench variant is Satori-SWE evaluated on", "fact", [57], [57], ["SWE-Bench-Verified"]),
    ("what kinds of tasks are in the Evolution Gym environments?", "fact", [73], [73],
     ["locomotion", "manipulation"]),
    ("sharpening paper: under what condition is SFT-based self-improvement minimax optimal?", "fact", [54], [54],
     ["sufficient coverage"]),
    ("qwen2.5-math languages supported?", "fact", [18], [18], ["Chinese and English"]),
    ("Alita: what does it generate from open source to extend itself?", "fact", [4], [4],
     ["model context protocols"]),
    ("In the AI-ideas creativity experiment, did labelling ideas as AI change anything?", "fact", [14], [14],
     ["no main effects"]),
    ("NBODY6++GPU-MASSLESS: apart from which early ejections do escaping stars and MLPs move at similar speeds?",
     "fact", [66], [66], ["neutron stars"]),
    # which_paper
    ("is there a paper here that fine-tunes BERT, RoBERTa and GPT-2 on standards documents?", "which_paper", [],
     [25], ["3GPP"]),
    ("which one of these embeds a population of cells with a GNN before training a flow model?", "which_paper",
     [], [55], ["Meta Flow Matching"]),
    ("who proposed grouping classes by in-class cosine distance for deepfake detection?", "which_paper", [],
     [16], ["Radian Weight Modification"]),
    ("Which paper builds a 574K-example math instruction dataset with tool-use trajectories?", "which_paper", [],
     [19], ["DotaMathQA"]),
    ("Which paper collected millions of unlabeled African and Asian face images?", "which_paper", [], [49],
     ["StyleGAN"]),
    ("Is there a paper that borrows the Minimax Winner idea from social choice theory?", "which_paper", [], [61],
     ["Self-Play Preference Optimization"]),
    ("which paper measures a model's confidence from the agreement of latent predictions in intermediate layers?",
     "which_paper", [], [39], ["internal consistency"]),
    ("Who simulated the infall of a Sagittarius-like dwarf galaxy?", "which_paper", [], [20],
     ["dark matter self interactions"]),
    ("which paper lets an LLM predict partway through generating whether a restart would give a better answer?",
     "which_paper", [], [33], ["generative self-evaluation"]),
    ("Is there a paper on mate choice or sexual selection in genetic programming?", "which_paper", [], [32],
     ["mating preferences"]),
    ("Which paper sat at the top of the SuperGLUE leaderboard in October 2022?", "which_paper", [], [5],
     ["Vega"]),
    ("Which paper uses agent-based models as the first use case for neural-network control?", "which_paper", [],
     [69], ["medical digital twins"]),
    # comparison
    ("How do SPHERE and DotaMath differ in where their training data comes from?", "comparison", [6, 19],
     [6, 19], ["self-evolving data generation pipeline", "tool-use trajectories"]),
    ("MedS3 vs rStar-Math: how many problems or instances does each start from?", "comparison", [10, 7], [10, 7],
     ["8,000 instances", "747k math problems"]),
    ("Contrast UPO with Self-Judge on how each makes its feedback signal trustworthy", "comparison", [9, 28],
     [9, 28], ["uncertainty estimation", "gold reference answer"]),
    ("Put Alita, Mobile-Agent-E and MobileSteward side by side: what does each build up as it self-evolves?",
     "comparison", [4, 8, 1], [4, 8, 1],
     ["model context protocols", "Tips and Shortcuts", "experience from successful execution"]),
    ("What do LongPO and the MCTS iterative preference learning paper have in common in their choice of base model?",
     "comparison", [3, 41], [3, 41], ["Mistral-7B-Instruct-v0.2", "Mistral-7B"]),
    ("EMPO vs SPC reward?", "comparison", [12, 46], [12, 46], ["predictive entropy", "game outcomes"]),
    ("Schrödinger bridges paper vs Meta Flow Matching: which limitation of earlier methods does each remove?",
     "comparison", [58, 55], [58, 55], ["single fixed reference dynamic", "single initial population"]),
    ("Is RAIN's way of avoiding training similar to SPO's?", "comparison", [36, 61], [36, 61],
     ["abstains from any training", "does not require training a reward model"]),
    ("CoT Monitor+ or SPC: what is rewarded during RL in each?", "comparison", [30, 46], [30, 46],
     ["auxiliary reward", "winner of each confrontation"]),
    ("Darwin Godel Machine vs Guided Evolution: how does each keep its search diverse?", "comparison", [13, 31],
     [13, 31], ["archive of generated coding agents", "modulate model temperature"]),
    ("rStar-Math vs the self-evolving phone assistant with Tips and Shortcuts: headline result of each?",
     "comparison", [7, 8], [7, 8], ["58.8% to 90.0%", "22% absolute improvement"]),
    ("Long-otimes-Short vs the adaptive inference-time compute paper: what saving does each claim?",
     "comparison", [11, 33], [11, 33], ["reducing token length by over 80%", "50-75% of samples"]),
    ("SELF vs B-STaR: does either need human-labelled data?", "comparison", [2, 64], [2, 64],
     ["without the requirement of human intervention", "absence of extensive human-annotated data"]),
    ("What role does evolution play in the Knightian blindspot essay versus Evolution Gym?", "comparison",
     [17, 73], [17, 73], ["biological evolution", "co-evolution algorithms"]),
    ("Telecom LLM paper vs Vega v2: which pretrained language models do they work with?", "comparison",
     [25, 5], [25, 5], ["RoBERTa", "6B Vega"]),
    ("NBODY6++GPU-MASSLESS vs the Sgr self-interacting dark matter study: what is being simulated in each?",
     "comparison", [66, 20], [66, 20], ["star clusters", "Sgr-like dwarf"]),
    ("LifeGPT vs the Koopman limits paper: is each one's headline a positive or a negative result?",
     "comparison", [65, 67], [65, 67], ["near-perfect accuracy", "fundamental barriers"]),
    ("Self-Judge and the adaptive inference-time compute paper: what does each get rid of needing?",
     "comparison", [28, 33], [28, 33], ["human-annotated quality scores", "external reward model"]),
    ("How do the histopathology SSL paper and the MedMNIST SSL benchmark differ in what they conclude or aim at?",
     "comparison", [51, 53], [51, 53], ["domain-specific", "robustness and generalizability"]),
    ("qwen2.5-math vs rstar-math: which sizes of models?", "comparison", [18, 7], [18, 7],
     ["1.5B/7B/72B", "Phi3-mini-3.8B"]),
]


# ---------------------------------------------------------------- unanswerable + near misses
# ("u", question, intent, subjects, why)  |  ("n", question, intent, subjects, gold, must_include)
UNANSWERABLE = [
    # false premises
    ("u", "Why does MobileSteward rely on one monolithic agent for every app?", "fact", [1], "absent_detail"),
    ("n", "How is MobileSteward's agent team organised across apps?", "fact", [1], [1],
     ["centralized StewardAgent"]),
    ("u", "How many human-written reasoning traces does EMPO fine-tune on?", "fact", [12], "absent_detail"),
    ("n", "What does EMPO learn from, if not labels?", "fact", [12], [12], ["unlabeled user queries"]),
    ("u", "Which reward model does SPO train before its RL step?", "fact", [61], "absent_detail"),
    ("n", "Which game-theoretic notion is SPO built on?", "fact", [61], [61], ["Minimax Winner"]),
    ("u", "Why did the LifeGPT authors hard-code the grid size into the model?", "fact", [65], "absent_detail"),
    ("n", "Does LifeGPT need to be told the grid size or the boundary conditions?", "fact", [65], [65],
     ["no prior knowledge"]),
    ("u", "By how much does diffusion spectral entropy drop over training?", "fact", [24], "absent_detail"),
    ("n", "In which direction does DSE of representations move as training goes on?", "fact", [24], [24],
     ["increases during training"]),
    ("u", "Why does Evolution Gym only allow rigid robots?", "fact", [73], "absent_detail"),
    ("n", "Which voxel types can an Evolution Gym robot be built from?", "fact", [73], [73],
     ["soft, rigid, actuators"]),
    ("u", "How many humans rated responses to produce Self-J's quality scores?", "fact", [28], "absent_detail"),
    ("n", "What does Self-J rely on in place of human quality ratings?", "fact", [28], [28],
     ["gold reference answer"]),
    # absent benchmarks
    ("u", "DotaMath AIME score?", "fact", [19], "absent_benchmark"),
    ("n", "DotaMath MATH score?", "fact", [19], [19], ["64.8%"]),
    ("u", "OneChart PlotQA numbers?", "fact", [43], "absent_benchmark"),
    ("n", "What does OneChart do for LLaVA-1.6 on ChartQA?", "fact", [43], [43], ["10%+ accuracy gains"]),
    ("u", "mmE5 nDCG on BEIR?", "fact", [44], "absent_benchmark"),
    ("n", "which three criteria does mmE5 set for good synthetic data", "fact", [44], [44],
     ["broad scope", "high fidelity"]),
    ("u", "What's Alita's resolve rate on SWE-bench?", "fact", [4], "absent_benchmark"),
    ("n", "What pass@3 does Alita reach on GAIA?", "fact", [4], [4], ["87.27%"]),
    ("u", "what does MedS3 score on MedQA", "fact", [10], "absent_benchmark"),
    ("n", "On how many evaluation datasets is MedS3 tested, and by how much does it beat open-source models?",
     "fact", [10], [10], ["eleven evaluation datasets", "2 points"]),
    ("u", "What MATH500 results does the adaptive inference-time compute paper give?", "fact", [33],
     "absent_benchmark"),
    ("n", "Which benchmarks does the adaptive inference-time compute paper report numbers on?", "fact", [33], [33],
     ["AlpacaEval", "GSM8K"]),
    ("u", "SPHERE GPQA Diamond accuracy?", "fact", [6], "absent_benchmark"),
    ("n", "How do SPHERE-trained models compare with GPT-4o?", "fact", [6], [6], ["match/surpass GPT-4o"]),
    ("u", "Satori-SWE pass@1 on HumanEval?", "fact", [57], "absent_benchmark"),
    ("n", "What does EvoScale cut down on when solving SWE tasks?", "fact", [57], [57],
     ["number of samples needed"]),
    ("u", "GASP results on the Waymo Open Dataset?", "fact", [22], "absent_benchmark"),
    ("n", "What does GASP predict at a queried point in spacetime?", "fact", [22], [22],
     ["general occupancy", "ego occupancy"]),
    ("u", "CoT Monitor+ TruthfulQA score?", "fact", [30], "absent_benchmark"),
    ("n", "What sort of behaviours does DeceptionBench probe?", "fact", [30], [30], ["sycophancy"]),
    ("u", "How much do the Mamba refinements gain on Long Range Arena?", "fact", [56], "absent_benchmark"),
    ("n", "In the one-dimensional case, what can happen to Mamba's tokens?", "fact", [56], [56],
     ["converge to zero", "diverge to infinity"]),
    ("u", "StyleGAN face recognition paper: LFW accuracy?", "fact", [49], "absent_benchmark"),
    ("n", "On which benchmarks is the StyleGAN face recognition method evaluated?", "fact", [49], [49],
     ["RFW", "RB-WebFace"]),
    ("u", "SELF-FAMILIARITY accuracy on TruthfulQA?", "fact", [34], "absent_benchmark"),
    ("n", "Which human behaviour does SELF-FAMILIARITY try to imitate?", "fact", [34], [34],
     ["refrain from responding to unfamiliar topics"]),
    # absent models
    ("u", "Did the MCTS-DPO paper also run Qwen2-7B?", "fact", [41], "absent_model"),
    ("n", "mcts-dpo gsm8k number", "fact", [41], [41], ["81.8%"]),
    ("u", "EMPO results on Llama3-8B?", "fact", [12], "absent_model"),
    ("n", "Which model does EMPO improve on TruthfulQA?", "fact", [12], [12], ["Qwen2.5-7B Instruct"]),
    ("u", "Was LongPO also applied to Llama-3.1-8B?", "fact", [3], "absent_model"),
    ("n", "What context lengths does LongPO extend Mistral across?", "fact", [3], [3], ["128K to 512K"]),
    ("u", "How does RAIN do with GPT-3.5 as the base model?", "fact", [36], "absent_model"),
    ("n", "Which models is RAIN tested on?", "fact", [36], [36], ["LLaMA 30B", "Vicuna 33B"]),
    ("u", "MC-NEST results with Claude 3 Opus?", "fact", [29], "absent_model"),
    ("n", "With which selection policy did GPT-4o under MC-NEST do best?", "fact", [29], [29],
     ["Importance Sampling Policy"]),
    ("u", "Self-J with Llama-2-70B as the judge: how well does it correlate?", "fact", [28], "absent_model"),
    ("n", "Self-J's judges correlate better than baselines with which reference model?", "fact", [28], [28],
     ["GPT-4"]),
    ("u", "How much does Mobile-Agent-E improve when running on Claude specifically?", "fact", [8],
     "absent_model"),
    ("n", "Mobile-Agent-E's 22% gain holds over how many backbone models?", "fact", [8], [8],
     ["three foundation model backbones"]),
    # hyperparameters
    ("u", "UPO dropout rate?", "fact", [9], "hyperparameter"),
    ("n", "Which technique does UPO's estimator model use for uncertainty?", "fact", [9], [9],
     ["Monte Carlo (MC) dropout"]),
    ("u", "What learning rate and how many epochs per SPHERE iteration?", "fact", [6], "hyperparameter"),
    ("n", "what are SPHERE's stages", "fact", [6], [6], ["Self-Generation", "Diversity Induction"]),
    ("u", "rStar-Math: rollouts per problem and exploration constant in MCTS?", "fact", [7], "hyperparameter"),
    ("n", "How many rounds of self-evolution does rStar-Math go through?", "fact", [7], [7], ["4 rounds"]),
    ("u", "What exploration constant does MC-NEST set in UCT?", "fact", [29], "hyperparameter"),
    ("n", "Which score does MC-NEST use to trade off exploration and exploitation?", "fact", [29], [29],
     ["Upper Confidence Bound"]),
    ("u", "What temperature values does the annealing schedule in the adaptive compute paper use?", "fact", [33],
     "hyperparameter"),
    ("n", "How cheap is the adaptive compute paper's self-prediction, i.e. what does the model generate?",
     "fact", [33], [33], ["single predefined token"]),
    ("u", "Which temperature does Guided Evolution sample its mutations at?", "fact", [31], "hyperparameter"),
    ("n", "What does the Evolution of Thought technique add to Guided Evolution?", "fact", [31], [31],
     ["learn from the outcomes of previous mutations"]),
    ("u", "B-STaR's reward threshold value?", "fact", [64], "hyperparameter"),
    ("n", "Which two factors does B-STaR track across iterations?", "fact", [64], [64],
     ["exploration", "exploitation"]),
    ("u", "How many LoRA modules does PSEC merge at once, and with what weights?", "fact", [74], "hyperparameter"),
    ("n", "In which settings is PSEC applied?", "fact", [74], [74], ["dynamics shift", "continual policy shift"]),
    # cost
    ("u", "How much compute did Qwen2.5-Math pretraining take?", "fact", [18], "cost"),
    ("n", "In Qwen2.5-Math's post-training, what is the reward model used for?", "fact", [18], [18],
     ["iterative evolution of data"]),
    ("u", "What does it cost to run AgentGym's concurrent exploration?", "fact", [47], "cost"),
    ("n", "What three ingredients does AgentGym identify for self-evolving agents?", "fact", [47], [47],
     ["diverse environments", "trajectory set"]),
    ("u", "How much was spent on participant payments in the AI-ideas creativity experiment?", "fact", [14],
     "cost"),
    ("n", "What levels of AI exposure did the creativity experiment vary?", "fact", [14], [14],
     ["none, low, or high exposure"]),
    ("u", "How many GPU-hours did the NBODY6++GPU-MASSLESS runs need?", "fact", [66], "cost"),
    ("n", "Do MLPs take part in mass segregation like stars do?", "fact", [66], [66],
     ["do not participate in the mass segregation"]),
    ("u", "What's SWE-Search's dollar cost per resolved issue?", "fact", [40], "cost"),
    ("n", "What does SWE-Search's analysis say performance scales with?", "fact", [40], [40], ["search depth"]),
    ("u", "How long did LongPO training take on their GPUs?", "fact", [3], "cost"),
    ("n", "What does LongPO beat in its experiments?", "fact", [3], [3], ["naive SFT and DPO"]),
    ("u", "What did the 20,000 GPU hours of the Bag of Tricks study cost in dollars?", "fact", [45], "cost"),
    ("n", "How much compute went into the Bag of Tricks experiments?", "fact", [45], [45],
     ["20,000 A100-80G GPU hours"]),
    ("u", "What exact GAIA accuracy did OMNE score?", "fact", [50], "absent_detail"),
    ("n", "How did OMNE rank on GAIA?", "fact", [50], [50], ["first place"]),
    # dataset sizes
    ("u", "How many samples are in the data MSTaR releases?", "fact", [0], "dataset_size"),
    ("n", "Which three factors of self-evolving training does MSTaR examine?", "fact", [0], [0],
     ["Training Method", "Prompt Variation"]),
    ("u", "How many GB is mmE5's synthetic training set?", "fact", [44], "dataset_size"),
    ("n", "What kind of images does mmE5's synthetic data include?", "fact", [44], [44], ["real-world images"]),
    ("u", "How many prompts does DeceptionBench contain?", "fact", [30], "dataset_size"),
    ("n", "How many categories does DeceptionBench have?", "fact", [30], [30], ["five-category"]),
    ("u", "CAPBench size: number of cross-app instructions?", "fact", [1], "dataset_size"),
    ("n", "What language and setting is CAPBench built in?", "fact", [1], [1], ["English", "real-world environment"]),
    ("u", "How many synthetic MJPs are in the FIM pretraining set?", "fact", [68], "dataset_size"),
    ("n", "What does the FIM network output for a target MJP?", "fact", [68], [68], ["rate matrix"]),
    ("u", "How many 3GPP documents are in the telecom training corpus?", "fact", [25], "dataset_size"),
    ("n", "How does distilled BERT do in the telecom paper despite being smaller?", "fact", [25], [25],
     ["50% less parameters"]),
    ("u", "How many LMSYS prompts are in the adaptive compute training set?", "fact", [33], "dataset_size"),
    ("n", "Where do the prompts for the adaptive compute training data come from?", "fact", [33], [33], ["LMSYS"]),
    # comparisons that cannot be answered
    ("u", "rStar-Math vs DeepSeek-R1 on AIME?", "comparison", [7], "absent_comparison"),
    ("n", "How far above o1-preview is rStar-Math on MATH?", "fact", [7], [7], ["+4.5%"]),
    ("u", "Is SPC a better verifier than Math-Shepherd?", "comparison", [46], "absent_comparison"),
    ("n", "Which strong baseline does SPC surpass in error detection?", "fact", [46], [46], ["distilled R1 model"]),
    ("u", "OneChart vs GPT-4V on chart parsing?", "comparison", [43], "absent_comparison"),
    ("n", "With which metric is OneChart compared to DePlot and the other chart parsers?", "fact", [43], [43],
     ["Average Precision"]),
    ("u", "AI co-scientist vs Darwin Godel Machine: which one burns less compute?", "comparison", [26, 13],
     "absent_comparison"),
    ("n", "AI co-scientist vs Darwin Godel Machine: what domain does each validate in?", "comparison", [26, 13],
     [26, 13], ["biomedical", "coding benchmarks"]),
    ("u", "MSTaR or B-STaR, which is cheaper to train?", "comparison", [0, 64], "absent_comparison"),
    ("n", "MSTaR or B-STaR: what kind of reasoning does each target?", "comparison", [0, 64], [0, 64],
     ["multimodal reasoning", "mathematical reasoning"]),
    ("u", "Which scores higher on ProcessBench, SPC or the Self-J judges?", "comparison", [46, 28],
     "absent_comparison"),
    ("n", "SPC vs Self-J: what does the critic or judge in each produce?", "comparison", [46, 28], [46, 28],
     ["correctness of reasoning steps", "numerical quality scores"]),
    ("u", "How does Mobile-Agent-E score on CAPBench against MobileSteward?", "comparison", [8, 1],
     "absent_comparison"),
    ("n", "Mobile-Agent-E vs MobileSteward: how is each framework structured?", "comparison", [8, 1], [8, 1],
     ["hierarchical", "object-oriented"]),
    # papers not in the collection
    ("u", "Summarise the Reflexion paper", "describe", [], "absent_paper"),
    ("n", "Which paper has an LLM reflect on the outcomes of earlier mutations?", "which_paper", [], [31],
     ["Evolution of Thought"]),
    ("u", "What did the original STaR paper get on CommonsenseQA?", "fact", [], "absent_paper"),
    ("n", "Is there a self-taught reasoner paper here that tracks exploration over iterations?", "which_paper",
     [], [64], ["B-STaR"]),
    ("u", "What does the Voyager Minecraft agent paper propose?", "describe", [], "absent_paper"),
    ("n", "Which paper keeps a skill library as LoRA modules?", "which_paper", [], [74], ["PSEC"]),
    ("u", "What are the results of the Constitutional AI paper?", "fact", [], "absent_paper"),
    ("n", "Which paper aligns a frozen LLM at inference by evaluating and rewinding its own output?",
     "which_paper", [], [36], ["RAIN"]),
    ("u", "Give me the main points of the AlphaFold 3 paper", "describe", [], "absent_paper"),
    ("n", "Is anything here about protein folding?", "which_paper", [], [68], ["protein folding models"]),
    # opinions, predictions and details the abstracts never give
    ("u", "Do you think self-evolving agents will reach ASI before 2030?", "fact", [], "absent_detail"),
    ("n", "What long-term goal does the self-evolving agents survey say its roadmap points toward?", "fact",
     [75], [75], ["Artificial Super Intelligence"]),
    ("u", "Who wrote the sharpening paper and which lab are they from?", "fact", [54], "absent_detail"),
    ("n", "Which two families of self-improvement algorithms does the sharpening paper analyse?", "fact", [54],
     [54], ["SFT and RLHF"]),
    ("u", "Under what licence is the AgentGym suite released?", "fact", [47], "absent_detail"),
    ("n", "Where can the AgentGym suite be found?", "fact", [47], [47], ["github.com/WooooDyy/AgentGym"]),
    ("u", "Which journal published the dark matter flow statistics paper?", "fact", [23], "absent_detail"),
    ("n", "Are fully developed velocity fields Gaussian, per the dark matter flow statistics paper?", "fact",
     [23], [23], ["never Gaussian"]),
    ("u", "Which of the two benchmarks, histopathology or MedMNIST, is more likely to be adopted by hospitals?",
     "comparison", [51, 53], "absent_detail"),
    ("n", "How many tissue types does the histopathology SSL benchmark cover?", "fact", [51], [51],
     ["17 unique tissue types"]),
    ("u", "What is the best pizza topping?", "off_topic", [], "off_topic"),
    ("u", "how do i renew my passport online", "off_topic", [], "off_topic"),
    ("u", "Translate 'good morning' into Japanese", "off_topic", [], "off_topic"),
    ("u", "recommend a good sci-fi novel for a long flight", "off_topic", [], "off_topic"),
]


# ---------------------------------------------------------------- lists and counts
MATH500 = ["math500", "math 500"]
ASTRO = ["dark matter", "star cluster"]
DRIVING = ["autonomous driving", "self-driving"]
DISTILL = ["distill"]
EVO_ALGO = ["genetic programming", "evolutionary algorithm", "evolution strategies"]
CONTINUAL = ["continual learning"]
SURVEY = ["survey"]
SAFETY = ["safety"]
PHI = ["phi-3", "phi3"]
DEEPSEEK = ["deepseek"]
CHAOS = ["chaotic", "chaos"]
TIME_SERIES = ["time series"]
GAME = ["nash", "zero-sum"]
ZERO_SHOT = ["zero-shot"]
BROWNIAN = ["brownian"]
AUTOML = ["automl"]
AMC = ["amc"]
RL = ["reinforcement learning"]
GPT4 = ["gpt-4"]
MULTIMODAL = ["multimodal", "vision-language"]
SFT = ["supervised fine-tuning", "sft"]
AUDIO = ["audio", "speech"]
GEMINI = ["gemini"]
SELF_CORR = ["self-correction"]
UNCERTAIN = ["uncertainty"]
CALIB = ["calibrat"]
RM = ["reward model"]
PREF_OPT = ["preference optimization"]
DARK = ["dark matter"]
HAND = "gold listed by hand after reading every abstract that could qualify"
LISTS = [
    ("Which papers report results on MATH500?", "list", [6, 11, 38, 46], MATH500, None, None),
    ("how many abstracts are astrophysics (dark matter, star clusters)?", "count", [20, 23, 66], ASTRO, 3, None),
    ("Which abstracts mention self-driving or autonomous driving?", "list", [17, 22], DRIVING, None,
     "17 only uses a self-driving car policy as an example"),
    ("Which abstracts mention distillation in some form (distilled models, self-distillation, or avoiding distillation)?",
     "list", [7, 10, 11, 22, 25, 28, 46, 70], DISTILL, None, None),
    ("Which abstracts explicitly name genetic programming, evolutionary algorithms or evolution strategies?", "list", [31, 32, 72],
     EVO_ALGO, None, "13, 57 and 73 evolve agents, outputs or robots but never name these method families"),
    ("Which papers talk about continual learning?", "list", [15, 16, 75], CONTINUAL, None, None),
    ("How many survey papers are in the collection?", "count", [15, 21, 75], SURVEY, 3, None),
    ("Which abstracts discuss safety?", "list", [13, 30, 36, 75], SAFETY, None, None),
    ("which papers use a Phi model from Microsoft", "list", [0, 7, 29], PHI, None, None),
    ("Any DeepSeek-based models mentioned? which papers", "list", [11, 19], DEEPSEEK, None, None),
    ("How many papers deal with chaos or chaotic systems?", "count", [59, 62, 63], CHAOS, 3, None),
    ("Which abstracts work with time series?", "list", [59, 62], TIME_SERIES, None, None),
    ("Which abstracts mention Nash equilibria or zero-sum games?", "list", [29, 61], GAME,
     None, None),
    ("zero-shot: which papers bring it up?", "list", [17, 68], ZERO_SHOT, None, None),
    ("Count the papers that mention Brownian motion or Brownian motors.", "count", [58, 68], BROWNIAN, 2, None),
    ("Which abstracts bring up AutoML?", "list", [15, 31], AUTOML, None, None),
    ("Which papers evaluate on AMC?", "list", [6, 11, 18], AMC, None, None),
    ("How many abstracts mention reinforcement learning by name?", "count",
     [11, 12, 17, 18, 30, 36, 46, 52, 57, 61, 72, 73], RL, 12, None),
    ("Which papers mention GPT-4 in any variant (GPT-4, GPT-4o, GPT-4o-mini, GPT-4-128K)?", "list",
     [3, 6, 10, 28, 29, 33, 36], GPT4, None, None),
    ("which abstracts involve multimodal or vision-language models?", "list", [0, 8, 43, 44],
     MULTIMODAL, None, None),
    ("Which papers mention supervised fine-tuning (SFT)?", "list", [3, 10, 12, 18, 41, 54, 57], SFT, None, None),
    ("How many papers work on audio or speech?", "count", [16], AUDIO, 1, None),
    ("How many papers build on Google's Gemini?", "count", [26], GEMINI, 1, None),
    ("self-correction: which abstracts mention it?", "list", [6, 19, 38], SELF_CORR, None, None),
    ("Which abstracts deal with uncertainty (estimation, manipulation, or the Knightian kind)?", "list",
     [9, 17, 37], UNCERTAIN, None, None),
    ("Which papers deal with calibration?", "list", [28, 35, 39], CALIB, None,
     "28 recalibrates its self-evaluation scores against the gold reference"),
    ("How many abstracts talk about reward models?", "count", [0, 7, 9, 10, 12, 18, 28, 33, 46, 61], RM, 10,
     "12, 33 and 61 mention reward models as something they avoid"),
    ("Which papers do some kind of preference optimization?", "list", [3, 6, 9, 41, 61], PREF_OPT, None, None),
    ("How many papers are about quantum computing?", "count", [], ["quantum"], 0, None),
    ("Which papers report results on coding or software-engineering tasks?", "list", [13, 40, 57, 64], None,
     None, HAND + ": 'coding' also hits 'decoding' in 21; 40 and 57 are evaluated on SWE-bench; 75 only "
     "names coding as an application domain of a survey; 19 and 7 use code as a tool for math"),
    ("Which papers are human-subject studies, i.e. their main experiment is run with people?", "list",
     [14, 42], None, None,
     HAND + ": 14 (800+ participants) and 42 (100+ NLP researchers); 27 and 36 use user studies or human "
     "evaluation only as a check and are left out"),
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


CONVERSATIONS = [
    [turn("any papers on chaotic systems?", "first", "list", [], [59, 62, 63], [], match_any=CHAOS),
     turn("which of them is a dataset, and how many systems does it have?", "dependent", "which_paper",
          [59, 62, 63], [59], ["131"]),
     turn("compare the other two on what makes training or solving hard for them", "dependent", "comparison",
          [62, 63], [62, 63], ["exploding gradients", "computational efficiency"]),
     unf("what GPU did they use for these two?", [62, 63])],
    [turn("explain DotaMath to a beginner", "first", "describe", [19], [19], ["code assistance"]),
     turn("and what data did it train on", "dependent", "fact", [19], [19], ["DotaMathQA"]),
     turn("switch to SPHERE: same question", "new_subject", "fact", [6], [6],
          ["self-evolving data generation pipeline"]),
     unf("what learning rate did they use for that?", [6])],
    [turn("which papers use Phi models?", "first", "list", [], [0, 7, 29], [], match_any=PHI),
     turn("what does the first one release?", "dependent", "fact", [0], [0], ["policy and reward models"]),
     turn("compare the last two on what steers their tree search", "dependent", "comparison", [7, 29], [7, 29],
          ["process reward model", "Nash Equilibrium"])],
    [turn("TL;DR of CoT Monitor+", "first", "describe", [30], [30], ["Self-Monitor"]),
     turn("which new benchmark comes with it?", "dependent", "fact", [30], [30], ["DeceptionBench"]),
     turn("and how does that compare with RAIN's approach to safety?", "new_subject", "comparison", [30, 36],
          [30, 36], ["auxiliary reward", "abstains from any training"]),
     unf("which of the two is cheaper to deploy?", [30, 36], intent="comparison")],
    [turn("anything on dark matter?", "first", "list", [], [20, 23], [], match_any=DARK),
     turn("what simulations does the first one run?", "dependent", "fact", [20], [20], ["N-body simulations"]),
     turn("the other one: are velocity distributions symmetric on every scale?", "dependent", "fact", [23], [23],
          ["negative skewness"]),
     unf("which supercomputer did they run on?", [20, 23])],
    [turn("what's the main contribution of the internal consistency and self-feedback survey?", "first",
          "describe", [21], [21], ["Self-Feedback"]),
     turn("anything released with it?", "dependent", "fact", [21], [21], ["reference list"]),
     turn("Calibrating Reasoning with Internal Consistency: how does its notion of internal consistency differ?",
          "new_subject", "comparison", [39, 21], [39, 21],
          ["intermediate layers", "latent layer, decoding layer, and response layer"])],
    [turn("How many survey papers are there?", "first", "count", [], [15, 21, 75], [], count=3,
          match_any=SURVEY),
     turn("which one frames agents in a brain-inspired way?", "dependent", "which_paper", [15, 21, 75], [15],
          ["brain-inspired"]),
     turn("and the self-evolving agents one, does it cover healthcare?", "dependent", "fact", [75], [75],
          ["healthcare"]),
     unf("how many papers does it review in total?", [75])],
    [turn("gist of the multi-marginal Schrödinger bridges paper?", "first", "describe", [58], [58],
          ["sample snapshots"]),
     turn("why can't they just follow single cells over time?", "dependent", "fact", [58], [58],
          ["destroys that cell"]),
     turn("is Meta Flow Matching's use of biological data similar?", "new_subject", "comparison", [58, 55],
          [58, 55], ["systems biology", "single-cell drug screen"])],
    [turn("PSEC's skill library: what form do the skills take?", "first", "fact", [74], [74], ["LoRA"]),
     turn("how does it combine skills for a new task?", "dependent", "fact", [74], [74], ["merging LoRA modules"]),
     turn("does Mobile-Agent-E's reuse of past experience resemble that?", "new_subject", "comparison", [74, 8],
          [74, 8], ["skill library", "Shortcuts"]),
     unf("what LoRA rank does PSEC use?", [74])],
    [turn("TL;DR MedS3", "first", "describe", [10], [10], ["clinical tasks"]),
     turn("what does it start from, data-wise?", "dependent", "fact", [10], [10], ["seed dataset"]),
     turn("at inference, how does it pick the final answer?", "dependent", "fact", [10], [10],
          ["highest reward score"]),
     unf("which hospital has deployed it?", [10])],
    [turn("is there a paper testing whether LLMs come up with novel research ideas?", "first", "which_paper",
          [], [42], ["more novel"]),
     turn("where did the LLM ideas fall behind?", "dependent", "fact", [42], [42], ["feasibility"]),
     turn("and the AI co-scientist: how were its hypotheses checked?", "new_subject", "fact", [26], [26],
          ["in vitro"]),
     turn("compare the two on who judges the ideas", "dependent", "comparison", [42, 26], [42, 26],
          ["blind reviews", "Automated evaluations"])],
    [turn("which papers talk about zero-shot?", "first", "list", [], [17, 68], [], match_any=ZERO_SHOT),
     turn("the second one: what does it infer?", "dependent", "fact", [68], [68], ["Markov jump processes"]),
     turn("and the first, what's its zero-shot example?", "dependent", "fact", [17], [17],
          ["self-driving car policy"])],
    [turn("can you summarise the JDExplore Vega v2 report for me", "first", "describe", [5], [5], ["SuperGLUE"]),
     turn("how big is its model?", "dependent", "fact", [5], [5], ["6B"]),
     turn("how does it help low-resource tasks?", "dependent", "fact", [5], [5], ["prompt transfer"]),
     unf("what hardware was it pretrained on?", [5])],
    [turn("rStar-Math vs Qwen2.5-Math: one-line summary of each?", "first", "comparison", [7, 18], [7, 18],
          ["Monte Carlo Tree Search", "self-improvement"]),
     turn("do both report AIME?", "dependent", "comparison", [7, 18], [7, 18], ["53.3%", "AIME24"]),
     turn("which languages does the second one handle?", "dependent", "fact", [18], [18], ["Chinese and English"])],
    [turn("explain Uncertainty is Fragile", "first", "describe", [37], [37], ["backdoor"]),
     turn("how successful is the attack?", "dependent", "fact", [37], [37], ["100 attack success rate"]),
     turn("is the Stochastic Parrots attack similar?", "new_subject", "comparison", [37, 48], [37, 48],
          ["manipulates the model's uncertainty", "evades detection"]),
     unf("which exact models were attacked in each?", [37, 48], intent="comparison")],
    [turn("what's new in SELF?", "first", "describe", [2], [2], ["meta-skill learning"]),
     turn("does it need human labels?", "dependent", "fact", [2], [2],
          ["without the requirement of human intervention"]),
     turn("how does B-STaR differ in what it keeps an eye on?", "new_subject", "comparison", [2, 64], [2, 64],
          ["language-based feedback", "exploration and exploitation"])],
    [turn("is there a paper on audio deepfakes?", "first", "which_paper", [], [16], ["Radian Weight Modification"]),
     turn("where else could it be applied?", "dependent", "fact", [16], [16], ["image recognition"]),
     unf("what's its EER on ASVspoof 2019?", [16])],
    [turn("Which papers mention continual learning?", "first", "list", [], [15, 16, 75], [],
          match_any=CONTINUAL),
     turn("which of these isn't a survey?", "dependent", "which_paper", [15, 16, 75], [16],
          ["audio deepfake detection"]),
     turn("how do genuine and fake audio differ in its view?", "dependent", "fact", [16], [16],
          ["compact feature distributions"])],
    [turn("TL;DR of the histopathology SSL paper", "first", "describe", [51], [51], ["foundation models"]),
     turn("how about the MedMNIST one, what does it evaluate?", "new_subject", "describe", [53], [53],
          ["robustness and generalizability"]),
     unf("which SSL method wins in the MedMNIST study?", [53])],
    [turn("gist of Dynamical Linear Bandits", "first", "describe", [71], [71], ["hidden state"]),
     turn("what's the motivating application?", "dependent", "fact", [71], [71], ["online advertising"]),
     turn("what does its regret bound depend on?", "dependent", "fact", [71], [71], ["stability of the system"]),
     unf("which real-world dataset did they use exactly?", [71])],
    [turn("TL;DR of LLM Guided Evolution", "first", "describe", [31], [31], ["Evolution of Thought"]),
     turn("what did they evolve and how much did it improve?", "dependent", "fact", [31], [31],
          ["92.52% to 93.34%"]),
     turn("switch to All You Need Is Sex for Diversity: what was compared?", "new_subject", "fact", [32], [32],
          ["random mate choice"]),
     turn("do both care about genetic diversity?", "dependent", "comparison", [31, 32], [31, 32],
          ["maintains genetic diversity", "Maintaining genetic diversity"])],
    [turn("anything on Mamba or state space models?", "first", "which_paper", [], [56],
          ["selective state space models"]),
     turn("what fixes does it propose?", "dependent", "fact", [56], [56], ["excluding the convergent scenario"]),
     unf("what perplexity gain do they get on the Pile?", [56])],
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
