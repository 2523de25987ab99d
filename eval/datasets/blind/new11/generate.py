"""Blind batch n11: hand-written questions, this script only serialises them.

Papers are referred to by their corpus index (order of the Daily Papers file); the exact
titles are looked up from the corpus at run time, so the files always carry exact titles.

    python3 eval/datasets/blind/new11/generate.py

Styles of this batch: chat-style typing (lower case, no question mark, "whats", "w/", "pls",
"tl;dr", oddly spaced or cased system names), commands instead of questions ("summarise X in
two sentences", "give me the headline number from X"), problem / motivation / novelty questions,
choices between named papers, relative results ("by how much ..."), unanswerable variants (absent
model sizes, benchmarks, splits, rival systems, opinions, licences, hardware, costs) each with a
near-miss that asks the closest true thing, lists with conjunctions and disjunctions, and
conversations with ellipsis follow-ups, corrections and topic switches without a name.
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


TYPE_OF = {"describe": "factual", "fact": "factual", "which_paper": "which_paper",
           "comparison": "comparison", "list": "multi_paper", "count": "count"}




# ---------------------------------------------------------------- answerable
# (question, intent, subjects, gold, must_include)
ANSWERABLE = [
    # describe
    ("tl;dr of the darwin godel machine pls", "describe", [13], [13],
     ["archive of generated coding agents"]),
    ("Summarise Alita in two sentences.", "describe", [4], [4],
     ["minimal predefinition and maximal self-evolution"]),
    ("Explain what RAIN does as if to a first-year student", "describe", [36], [36],
     ["Rewindable Auto-regressive INference"]),
    ("whats mobile agent e", "describe", [8], [8], ["Tips and Shortcuts", "Manager"]),
    ("Describe B-STaR for someone who has never heard of self-taught reasoners", "describe", [64], [64],
     ["exploration and exploitation"]),
    ("Explain the sharpening paper to me like I'm a first-year student", "describe", [54], [54],
     ["sharpen", "verifier"]),
    ("Tell me about the ai co scientist thing", "describe", [26], [26],
     ["Gemini 2.0", "generate, debate, and evolve"]),
    ("summarise agentgym w/ one paragraph", "describe", [47], [47], ["AgentEvol"]),
    ("whats SPC about, tl;dr", "describe", [46], [46], ["sneaky generator"]),
    ("Summarise the chaos-as-a-benchmark paper in two sentences", "describe", [59], [59],
     ["131 known chaotic dynamical systems"]),
    ("explain psec to me like im new to rl", "describe", [74], [74],
     ["Parametric Skill Expansion and Composition"]),
    ("Give me a short overview of Self-J", "describe", [28], [28],
     ["selective instruction following"]),
    # fact: problem / motivation / novelty, headline numbers, relative results
    ("what problem is long po trying to solve", "fact", [3], [3],
     ["insufficient long-context alignment"]),
    ("what's wrong with earlier hallucination detectors according to the SELF-FAMILIARITY paper?",
     "fact", [34], [34], ["prevent their occurrence"]),
    ("what's new in MC-NEST compared with plain MCTSr", "fact", [29], [29], ["Nash Equilibrium"]),
    ("Give me the headline number from the SPC paper", "fact", [46], [46], ["70.8% to 77.7%"]),
    ("what fraction of AIME problems does r star math solve", "fact", [7], [7], ["53.3%"]),
    ("how much does the mcts dpo paper improve over the mistral sft baseline on arc-c", "fact", [41], [41],
     ["76.4%", "+15.8%"]),
    ("what problem is satori swe trying to fix", "fact", [57], [57],
     ["excessive sampling and costly scoring"]),
    ("by how much does EMPO lift qwen2.5 math 7b base on the math benchmarks", "fact", [12], [12],
     ["48.1"]),
    ("Tell me about MedS3's training data", "fact", [10], [10], ["8,000 instances"]),
    ("dgm swe-bench gain?", "fact", [13], [13], ["20.0% to 50.0%"]),
    ("whats the Alpaca eval win rate change in the adaptive inference-time compute paper", "fact", [33], [33],
     ["21% to 34%"]),
    ("what problem is swe search trying to fix", "fact", [40], [40], ["repeat ineffective actions"]),
    ("Tell me about mmE5's training data", "fact", [44], [44],
     ["high-quality synthetic and labeled datasets"]),
    ("which new unlabeled face datasets does the stylegan face recognition paper put together", "fact",
     [49], [49], ["AfricanFaceSet-5M", "AsianFaceSet-3M"]),
    ("Give me the headline number from the telecom language paper", "fact", [25], [25], ["84.6%"]),
    ("vega v2 superglue avg score?", "fact", [5], [5], ["91.3"]),
    ("what's new in the sex-for-diversity genetic programming paper vs the usual approach", "fact",
     [32], [32], ["mating preferences"]),
    ("how many ppl took part in the AI ideas and human creativity experiment", "fact", [14], [14],
     ["800+ participants"]),
    ("what's wrong with existing LLM detectors according to the stochastic parrots paper", "fact",
     [48], [48], ["critically flawed"]),
    ("btw which model does guided evolution evolve and how far does accuracy go up", "fact", [31], [31],
     ["ExquisiteNetV2", "93.34%"]),
    ("what problem is generalized teacher forcing trying to fix", "fact", [62], [62],
     ["exploding gradients"]),
    ("how big is onechart", "fact", [43], [43], ["0.2 billion parameters"]),
    ("what does the medical digital twins paper use as its first use case", "fact", [69], [69],
     ["agent-based models"]),
    ("whats wrong w/ existing flow-based models according to meta flow matching", "fact", [55], [55],
     ["single initial population"]),
    ("what's new about dynlin-ucb's setting compared with delayed-feedback bandits", "fact", [71], [71],
     ["hidden state"]),
    # which_paper: choices between named papers and unnamed identification
    ("Which of rStar-Math and SPHERE uses a process reward model?", "which_paper", [7, 6], [7],
     ["process reward model"]),
    ("DotaMath or MC-NEST: which one gets feedback from a code interpreter", "which_paper", [19, 29], [19],
     ["code interpreter"]),
    ("which of swe-search and satori-swe runs monte carlo tree search", "which_paper", [40, 57], [40],
     ["Monte Carlo Tree Search"]),
    ("RAIN vs the minimaximalist RLHF paper: which one never updates any parameters", "which_paper",
     [36, 61], [36], ["parameter updates"]),
    ("Which of Mobile-Agent-E and MobileSteward comes with the CAPBench benchmark?", "which_paper", [8, 1], [1],
     ["CAPBench"]),
    ("Does EMPO or LongPO report TruthfulQA", "which_paper", [12, 3], [12], ["TruthfulQA"]),
    ("of rStar-Math, DotaMath and the MCTS-DPO paper, which reports the highest MATH accuracy",
     "which_paper", [7, 19, 41], [7], ["90.0%"]),
    ("which of the histopathology SSL paper and the MedMNIST SSL benchmark covers 12 cancer types",
     "which_paper", [51, 53], [51], ["12 unique cancer types"]),
    ("which paper runs n-body sims of star clusters full of comets and free-floating planets",
     "which_paper", [], [66], ["NBODY6++GPU-MASSLESS"]),
    ("which paper is about spotting fake speech w/ continual learning", "which_paper", [], [16],
     ["Radian Weight Modification"]),
    ("Find me the paper that plants a backdoor to mess with an LLM's uncertainty but keeps its top answer",
     "which_paper", [], [37], ["backdoor"]),
    ("which paper shows mamba tokens either all vanish or all blow up", "which_paper", [], [56],
     ["converge to zero"]),
    ("which paper reweights chains of thought by how well the middle layers agree with the last ones",
     "which_paper", [], [39], ["internal consistency"]),
    ("which paper learns cell trajectories from snapshots taken at several time points, refining the reference dynamics",
     "which_paper", [], [58], ["iterative projection method"]),
    # comparison
    ("rstar math vs meds3: how does each of them use mcts", "comparison", [7, 10], [7, 10],
     ["process reward model", "evolution rollout value"]),
    ("compare how MobileSteward and Mobile-Agent-E self-evolve", "comparison", [1, 8], [1, 8],
     ["Memory-based Self-evolution", "Tips and Shortcuts"]),
    ("SWE-Search vs Satori-SWE: how does each one spend its test-time compute", "comparison", [40, 57], [40, 57],
     ["Monte Carlo Tree Search", "EvoScale"]),
    ("how do SPHERE and EMPO differ in the supervision they need", "comparison", [6, 12], [6, 12],
     ["Diversity Induction", "unlabeled user queries"]),
    ("P(IK) paper vs SELF-FAMILIARITY: how do they each let a model know what it doesn't know",
     "comparison", [35, 34], [35, 34], ["P(IK)", "SELF-FAMILIARITY"]),
    ("the foundation agents survey and the self-evolving agents survey: how does each organise its material",
     "comparison", [15, 75], [15, 75], ["brain-inspired", "what to evolve, when to evolve, and how to evolve"]),
    ("contrast the sagittarius stream paper, the dark matter flow statistics paper and nbody6++gpu-massless",
     "comparison", [20, 23, 66], [20, 23, 66], ["self interactions", "Delaunay tessellation", "massless particles"]),
    ("generalized teacher forcing vs the Hankel-operator StNN: how do they tackle chaotic systems",
     "comparison", [62, 63], [62, 63], ["piecewise-linear RNNs", "Hankel operator"]),
    ("b-star vs mstar, what does each one focus on", "comparison", [64, 0], [64, 0],
     ["exploration and exploitation", "Prompt Variation"]),
    ("How do UPO and SPC each get more reliable feedback for reasoning?", "comparison", [9, 46], [9, 46],
     ["uncertainty estimation", "adversarial self-play games"]),
    ("koopman learning limits vs foundation inference models for jump processes: whats each one's main claim",
     "comparison", [67, 68], [67, 68], ["fundamental barriers", "zero-shot"]),
]


# ---------------------------------------------------------------- unanswerable + near misses
# ("u", question, intent, subjects, why)  |  ("n", question, intent, subjects, gold, must_include)
UNANSWERABLE = [
    # absent_comparison: rival systems the abstracts never mention
    ("u", "is rstar math better than gpt-5 at math", "comparison", [7], "absent_comparison"),
    ("n", "does rstar math beat o1-preview on MATH, and by how much w/ the phi3 mini model", "fact", [7], [7],
     ["+0.9%"]),
    ("u", "alita vs manus on gaia, which one wins", "comparison", [4], "absent_comparison"),
    ("n", "alita vs the OMNE long-term-memory paper on gaia: what does each report", "comparison", [4, 50],
     [4, 50], ["75.15%", "first place on the GAIA benchmark"]),
    ("u", "does the darwin godel machine beat devin on swe-bench", "comparison", [13], "absent_comparison"),
    ("n", "does the darwin godel machine or satori-swe report swe-bench verified", "which_paper", [13, 57], [57],
     ["SWE-Bench-Verified"]),
    ("u", "is mobile agent e better than appagent", "comparison", [8], "absent_comparison"),
    ("n", "by how much does mobile agent e beat the previous state of the art", "fact", [8], [8],
     ["22% absolute improvement"]),
    ("u", "Does CoT Monitor+ reduce deception more than Constitutional AI does?", "comparison", [30],
     "absent_comparison"),
    ("n", "how much does CoT Monitor+ cut deceptive behaviour on average", "fact", [30], [30], ["43.8%"]),
    ("u", "is onechart better than gpt-4v at reading charts", "comparison", [43], "absent_comparison"),
    ("n", "onechart beats which chart parsers, pls name them", "fact", [43], [43], ["DePlot", "ChartVLM"]),
    ("u", "how does b-star compare against rest-em on coding", "comparison", [64], "absent_comparison"),
    ("n", "on which kinds of tasks is b-star evaluated", "fact", [64], [64], ["coding", "commonsense reasoning"]),
    # absent_model: a size or variant the paper does not report
    ("u", "whats the MATH score of the 70b rstar math", "fact", [7], "absent_model"),
    ("n", "which base models does rstar math push up on MATH", "fact", [7], [7],
     ["Qwen2.5-Math-7B", "Phi3-mini-3.8B"]),
    ("u", "how does longpo do on llama 3 70b", "fact", [3], "absent_model"),
    ("n", "which model did the longpo authors apply their method to", "fact", [3], [3],
     ["Mistral-7B-Instruct-v0.2"]),
    ("u", "what did mstar get with internvl2 26b", "fact", [0], "absent_model"),
    ("n", "which models was mstar shown on", "fact", [0], [0], ["InternVL2 (2B)", "MiniCPM-V-2.5 (8B)"]),
    ("u", "dotamath-llama 70b MATH accuracy pls", "fact", [19], "absent_model"),
    ("n", "dotamath-deepseek-7b MATH accuracy pls", "fact", [19], [19], ["64.8%"]),
    ("u", "whats the score of qwen2.5-math-instruct 14b", "fact", [18], "absent_model"),
    ("n", "what sizes does qwen2.5-math-instruct come in", "fact", [18], [18], ["1.5B/7B/72B"]),
    # absent_benchmark: benchmarks / splits not reported
    ("u", "does sphere report humaneval", "fact", [6], "absent_benchmark"),
    ("n", "sphere: which math benchmarks did they test on", "fact", [6], [6], ["MATH 500", "GSM8K", "AIME"]),
    ("u", "mcts-dpo result on strategyqa?", "fact", [41], "absent_benchmark"),
    ("n", "mcts-dpo gsm8k accuracy?", "fact", [41], [41], ["81.8%"]),
    ("u", "how does self-judge do on mt-bench", "fact", [28], "absent_benchmark"),
    ("n", "how much do the self-j judges lift wizardlm on alpacaeval v1", "fact", [28], [28],
     ["89.17 to 92.48"]),
    ("u", "adaptive inference-time compute paper: what's the MATH result", "fact", [33], "absent_benchmark"),
    ("n", "adaptive inference-time compute paper: what's the GSM8K result", "fact", [33], [33], ["84% to 91%"]),
    ("u", "what does alita score on humanity's last exam", "fact", [4], "absent_benchmark"),
    ("n", "alita mathvista score?", "fact", [4], [4], ["74.00%"]),
    ("u", "psec results on meta-world pls", "fact", [74], "absent_benchmark"),
    ("n", "which benchmarks does psec report results on", "fact", [74], [74], ["D4RL", "DSRL"]),
    ("u", "how does mme5 do on mteb", "fact", [44], "absent_benchmark"),
    ("n", "which benchmark does mme5 reach sota on", "fact", [44], [44], ["MMEB"]),
    ("u", "long otimes short result on livecodebench?", "fact", [11], "absent_benchmark"),
    ("n", "by how much does long otimes short cut the token length", "fact", [11], [11], ["over 80%"]),
    ("u", "how did spc do on gsm8k", "fact", [46], "absent_benchmark"),
    ("n", "which reasoning-process benchmarks does spc test its critic on", "fact", [46], [46],
     ["ProcessBench", "PRM800K", "DeltaBench"]),
    ("u", "histopathology ssl paper: results on camelyon16?", "fact", [51], "absent_benchmark"),
    ("n", "how many tissue types does the histopathology ssl benchmark span", "fact", [51], [51],
     ["17 unique tissue types"]),
    # absent_detail: splits, licences, authors, opinions, future work
    ("u", "which swe-bench split does swe-search use, lite or verified", "fact", [40], "absent_detail"),
    ("n", "how much does swe-search improve on swe-bench", "fact", [40], [40], ["23% relative improvement"]),
    ("u", "is the knightian blindspot paper worth reading", "describe", [17], "absent_detail"),
    ("n", "whats the knightian blindspot paper arguing, in a nutshell", "describe", [17], [17],
     ["Knightian uncertainty"]),
    ("u", "what licence is evolution gym released under", "fact", [73], "absent_detail"),
    ("n", "where can i get evolution gym's code", "fact", [73], [73], ["evogym.csail.mit.edu"]),
    ("u", "what follow-up work do the random teachers authors plan next", "fact", [70], "absent_detail"),
    ("n", "according to random teachers, does self-supervised learning need data augmentation to learn features",
     "fact", [70], [70], ["absence of data augmentation"]),
    ("u", "which programming language is the cultural evolution simulator written in", "fact", [60],
     "absent_detail"),
    ("n", "is the llm cultural evolution simulator open source", "fact", [60], [60], ["open-source"]),
    ("u", "would you recommend diffusion spectral entropy over MINE for my project", "comparison", [24],
     "absent_detail"),
    ("n", "what does diffusion spectral entropy beat on simulated high-dimensional data", "fact", [24], [24],
     ["Shannon entropy", "(MINE)"]),
    ("u", "who wrote the medical digital twins control paper", "fact", [69], "absent_detail"),
    ("n", "what kind of controller does the medical digital twins paper propose", "fact", [69], [69],
     ["dynamics-informed neural-network controllers"]),
    ("u", "what limitations of gasp do the authors admit", "fact", [22], "absent_detail"),
    ("n", "which driving tasks does gasp improve", "fact", [22], [22], ["semantic occupancy forecasting"]),
    ("u", "what frame rate are tecogan's output videos", "fact", [27], "absent_detail"),
    ("n", "what loss does tecogan add for long-term temporal consistency", "fact", [27], [27], ["Ping-Pong loss"]),
    ("u", "whats the p-value for the feasibility gap in the llm research ideas study", "fact", [42],
     "absent_detail"),
    ("n", "whats the p-value for the novelty result in the llm research ideas study", "fact", [42], [42],
     ["p < 0.05"]),
    ("u", "which university did the reward design thesis come from", "fact", [52], "absent_detail"),
    ("n", "in the reward design thesis, how does the agent get rewards without an expert", "fact", [52], [52],
     ["agent-driven"]),
    ("u", "how many particles were in the sagittarius n-body simulations", "fact", [20], "absent_detail"),
    ("n", "what dark matter cross section do the sagittarius simulations use", "fact", [20], [20],
     ["30 cm^2/g"]),
    # hyperparameter
    ("u", "what learning rate did longpo train with", "fact", [3], "hyperparameter"),
    ("n", "how does longpo avoid losing its short-context skills", "fact", [3], [3],
     ["short-to-long KL constraint"]),
    ("u", "what population size do the evolution strategies get in the temporally-aware rl paper", "fact", [72],
     "hyperparameter"),
    ("n", "in the temporally-aware rl paper, which works for finding adaptive objectives: meta-gradients or evolution strategies",
     "fact", [72], [72], ["evolution strategies discover highly dynamic learning rules"]),
    ("u", "what temperature value does the bag of tricks paper recommend", "fact", [45], "hyperparameter"),
    ("n", "how much can tuning the temperature help, per the bag of tricks paper", "fact", [45], [45],
     ["up to 5%"]),
    ("u", "what dropout rate does upo's estimator use", "fact", [9], "hyperparameter"),
    ("n", "what kind of network does upo's uncertainty estimator rely on", "fact", [9], [9],
     ["Bayesian neural network"]),
    ("u", "kl coefficient in SPO?", "fact", [61], "hyperparameter"),
    ("n", "which idea from social choice theory does spo build on", "fact", [61], [61], ["Minimax Winner"]),
    ("u", "what exact mutation rates did the sex-for-diversity paper try", "fact", [32], "hyperparameter"),
    ("n", "how many symbolic regression problems did the sex-for-diversity paper use", "fact", [32], [32],
     ["three symbolic regression problems"]),
    ("u", "what lora rank does psec use for its skills", "fact", [74], "hyperparameter"),
    ("n", "in what form does psec store its skills", "fact", [74], [74], ["LoRA"]),
    # cost
    ("u", "how many gpus did the vega v2 superglue submission train on", "fact", [5], "cost"),
    ("n", "what parameter budget did the vega v2 team work within", "fact", [5], [5], ["6B"]),
    ("u", "how much did the dgm runs cost in api fees", "fact", [13], "cost"),
    ("n", "what safety precautions did the dgm experiments take", "fact", [13], [13], ["sandboxing"]),
    ("u", "what does it cost to run the ai co-scientist", "fact", [26], "cost"),
    ("n", "in which biomedical areas was the ai co-scientist validated", "fact", [26], [26],
     ["drug repurposing", "liver fibrosis"]),
    ("u", "how many dollars did the bag of tricks experiments cost", "fact", [45], "cost"),
    ("n", "how much compute did the bag of tricks experiments take", "fact", [45], [45],
     ["20,000 A100-80G GPU hours"]),
    ("u", "what hardware was satori swe trained on", "fact", [57], "cost"),
    ("n", "what does evoscale stand for", "fact", [57], [57], ["Evolutionary Test-Time Scaling"]),
    ("u", "how long did lifegpt take to train", "fact", [65], "cost"),
    ("n", "what kind of grid does lifegpt play life on", "fact", [65], [65], ["toroidal grid"]),
    # dataset_size
    ("u", "deceptionbench size in number of prompts?", "fact", [30], "dataset_size"),
    ("n", "how many kinds of deception does deceptionbench cover", "fact", [30], [30], ["five-category"]),
    ("u", "how many instructions did self-j gather from hugging face", "fact", [28], "dataset_size"),
    ("n", "where did self-j collect its instructions from", "fact", [28], [28], ["Hugging Face"]),
    ("u", "how big is capbench", "fact", [1], "dataset_size"),
    ("n", "what language is capbench in", "fact", [1], [1], ["English Cross-APP Benchmark"]),
    ("u", "how many gsm8k seed questions did dotamath evolve", "fact", [19], "dataset_size"),
    ("n", "how big is DotaMathQA", "fact", [19], [19], ["574K"]),
    ("u", "how many cells are in meta flow matching's drug screen dataset", "fact", [55], "dataset_size"),
    ("n", "what sort of dataset is meta flow matching tested on", "fact", [55], [55], ["single-cell drug screen"]),
    # absent_paper
    ("u", "what does the alphaevolve paper say about matrix multiplication", "fact", [], "absent_paper"),
    ("n", "which paper has an llm do the mutations and crossovers when evolving a neural net's code",
     "which_paper", [], [31], ["Guided Evolution"]),
    ("u", "tl;dr of the self-rewarding language models paper by yuan et al", "describe", [], "absent_paper"),
    ("n", "which paper has an llm evolve itself using feedback written in natural language", "which_paper",
     [], [2], ["Self-Evolution with Language Feedback"]),
    ("u", "what does the expel paper do with the insights it extracts", "describe", [], "absent_paper"),
    ("n", "what did the long term memory paper's OMNE framework achieve", "fact", [50], [50],
     ["first place on the GAIA benchmark"]),
    ("u", "what does the gpt-4 technical report say about calibration after rlhf", "fact", [], "absent_paper"),
    ("n", "what does 'language models mostly know what they know' find about calibration of larger models",
     "fact", [35], [35], ["well-calibrated"]),
    ("u", "tell me about the tree of thoughts paper", "describe", [], "absent_paper"),
    ("n", "tell me about the iterative deepening sampling paper", "describe", [38], [38],
     ["iterative deepening sampling algorithm"]),
    ("u", "whats in the alphafold 3 paper", "describe", [], "absent_paper"),
    ("n", "which paper proposes drug candidates for a leukemia and checks them in vitro", "which_paper", [],
     [26], ["acute myeloid leukemia"]),
    # more on rarely covered papers
    ("u", "which neural architecture does the markov jump process inference model use, a transformer?", "fact",
     [68], "absent_detail"),
    ("n", "on which real or simulated systems do they infer markov jump processes", "fact", [68], [68],
     ["ion channel data", "protein folding"]),
    ("u", "does the mamba token dynamics paper also analyse mamba-2", "fact", [56], "absent_model"),
    ("n", "what two fixes does the mamba token dynamics paper suggest", "fact", [56], [56],
     ["reordering tokens", "excluding the convergent scenario"]),
    ("u", "how does SELF compare with self-refine on humaneval", "comparison", [2], "absent_benchmark"),
    ("n", "which meta-skills does SELF learn before it starts evolving", "fact", [2], [2],
     ["self-feedback and self-refinement"]),
    ("u", "which detectors exactly did the stochastic parrots paper break, by name", "fact", [48], "absent_detail"),
    ("n", "which optimizer did the stochastic parrots attack pair with the critic loss", "fact", [48], [48],
     ["AdamW"]),
    ("u", "is the koopman limits paper's algorithm faster than edmd", "comparison", [67], "absent_comparison"),
    ("n", "on what kind of systems do the koopman limits authors show eigenfunctions can't be learned", "fact",
     [67], [67], ["tori"]),
    # off_topic
    ("u", "whats a good recipe for banana bread", "off_topic", [], "off_topic"),
    ("u", "weather in zurich tmrw?", "off_topic", [], "off_topic"),
    ("u", "who won the 2022 world cup btw", "off_topic", [], "off_topic"),
    ("u", "pls write me a haiku about my cat", "off_topic", [], "off_topic"),
]


# ---------------------------------------------------------------- lists and counts
# (question, intent, gold, match_any or None, count or None)
MCTS = ["monte carlo tree search", "mcts"]
SWE = ["swe-bench"]
SURVEY = ["survey"]
GPT4O = ["gpt-4o"]
QWEN = ["qwen"]
CHAOS = ["chaotic", "chaos"]
MEDICAL = ["medical", "clinical", "medicine"]
SELFPLAY = ["self-play"]
LISTS = [
    ("papers that use both mcts and a reward model", "list", [7, 10], None, None),
    ("anything on software engineering agents or swe-bench pls", "list", [13, 40, 57], SWE, None),
    ("which of the benchmark papers are about self-supervised learning for medical or pathology images",
     "list", [51, 53], None, None),
    ("how many papers report gsm8k", "count", [6, 18, 19, 33, 41], ["gsm8k"], 5),
    ("papers that evaluate on AIME or AMC?", "list", [6, 7, 11, 18, 38, 46],
     ["(aime)", "aime,", "aime24", "aime2024", "aime benchmarks", "amc23", "amc,"], None),
    ("list every paper doing DPO or some other preference optimization", "list", [3, 6, 9, 41, 61],
     ["dpo", "preference optimization"], None),
    ("number of surveys in the collection?", "count", [15, 21, 75], SURVEY, 3),
    ("which papers mention the GAIA benchmark", "list", [4, 50], ["gaia"], None),
    ("papers about dark matter or star clusters", "list", [20, 23, 66], ["dark matter", "star cluster"], None),
    ("which abstracts deal w/ chaotic systems", "list", [59, 62, 63], CHAOS, None),
    ("anything here on hallucinations", "list", [21, 34], ["hallucinat"], None),
    ("how many abstracts mention a Qwen model", "count", [7, 11, 12, 18, 45], QWEN, 5),
    ("how many abstracts link to github (a repo or a github.io page)", "count",
     [4, 7, 8, 10, 11, 19, 21, 24, 27, 30, 37, 41, 44, 45, 47, 49, 57, 70, 74], ["github"], 19),
    ("papers w/ self-play in them", "list", [46, 61], SELFPLAY, None),
    ("which papers compare against or use gpt-4o", "list", [6, 10, 29], GPT4O, None),
    ("papers on either audio or video", "list", [16, 27], ["audio", "video"], None),
    ("which abstracts mention genetic programming or evolution strategies", "list", [31, 32, 72],
     ["genetic programming", "evolution strategies"], None),
    ("which abstracts bring up openai's o1", "list", [7, 10, 38],
     ["openai o1", "o1-preview", "o1 models", "openais o1"], None),
    ("how many papers involve multi-agent systems or frameworks", "count", [1, 8, 15, 26, 40, 50, 60, 75],
     ["multi-agent"], 8),
    ("papers about robots or autonomous driving", "list", [22, 73], ["robot", "autonomous driving"], None),
    ("which abstracts explicitly mention uncertainty", "list", [9, 17, 37], ["uncertainty"], None),
    ("anything on single-cell stuff, like gene expression in cells", "list", [55, 58], ["single-cell"], None),
    ("count the papers that use a mistral model", "count", [3, 41, 45], ["mistral"], 3),
    ("papers on bandits or on reward design", "list", [52, 71], ["bandit", "reward design"], None),
    ("which papers have a medical or biomedical angle", "list", [10, 26, 51, 53, 55, 69], MEDICAL, None),
    ("which llm-based agent papers also introduce a benchmark of their own", "list", [1, 8, 47], None, None),
    ("how many papers are about self-supervised learning or self-supervision", "count",
     [12, 22, 24, 27, 49, 51, 53, 70], ["self-supervised", "self-supervision"], 8),
    ("which papers talk about small language models (SLMs)", "list", [6, 7, 10], ["small language model"], None),
    ("papers that compare against or use llama models, how many", "count", [11, 33, 36, 45], ["llama"], 4),
    ("which papers evaluate on TruthfulQA or AlpacaEval", "list", [12, 28, 33], ["truthfulqa", "alpacaeval"],
     None),
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
    [turn("ok so which papers use mcts", "first", "list", [], [7, 10, 29, 40, 41], [], match_any=MCTS),
     turn("which of them brings in nash equilibrium", "dependent", "which_paper", [7, 10, 29, 40, 41], [29],
          ["Nash Equilibrium"]),
     turn("tell me more about the one that works on code repositories", "dependent", "describe",
          [7, 10, 29, 40, 41], [40], ["SWE-Search", "Value Agent"]),
     unf("what licence is its code under", [40])],
    [turn("give me the headline number from rstar math pls", "first", "fact", [7], [7], ["90.0%"]),
     turn("and on aime?", "dependent", "fact", [7], [7], ["53.3%"]),
     unf("what about the 70b one", [7]),
     turn("sorry, I meant SPHERE: what data does it use", "new_subject", "fact", [6], [6],
          ["self-evolving data generation pipeline"])],
    [turn("tl;dr of longpo", "first", "describe", [3], [3], ["short-to-long preference"]),
     turn("which model did they run it on", "dependent", "fact", [3], [3], ["Mistral-7B-Instruct-v0.2"]),
     unf("and the 13b variant?", [3]),
     turn("ok, different question: which papers mention gpt-4o", "new_subject", "list", [], [6, 10, 29], [],
          match_any=GPT4O),
     turn("which of them is a medical one", "dependent", "which_paper", [6, 10, 29], [10], ["clinical"])],
    [turn("whats the darwin godel machine", "first", "describe", [13], [13], ["modifies its own code"]),
     turn("and how much did it improve on polyglot", "dependent", "fact", [13], [13], ["14.2% to 30.7%"]),
     unf("what did the runs cost", [13]),
     turn("how does it stack up against alita", "new_subject", "comparison", [13, 4], [13, 4],
          ["SWE-bench", "GAIA"])],
    [turn("surveys in here?", "first", "list", [], [15, 21, 75], [], match_any=SURVEY),
     turn("which of them is about internal consistency", "dependent", "which_paper", [15, 21, 75], [21],
          ["Self-Feedback"]),
     unf("how many papers does it review", [21], intent="count"),
     turn("and the one on self-evolving agents: what are its three dimensions", "dependent", "fact",
          [15, 21, 75], [75], ["what to evolve", "when to evolve", "how to evolve"])],
    [turn("tell me about mobile-agent-e pls", "first", "describe", [8], [8], ["Manager"]),
     turn("and what does it keep in long-term memory", "dependent", "fact", [8], [8], ["Tips and Shortcuts"]),
     unf("how many tasks are in its benchmark", [8]),
     turn("sorry i meant mobilesteward: which benchmark does it introduce", "new_subject", "fact", [1], [1],
          ["CAPBench"])],
    [turn("how many abstracts mention qwen models", "first", "count", [], [7, 11, 12, 18, 45], [],
          count=5, match_any=QWEN),
     turn("which of them is a technical report", "dependent", "which_paper", [7, 11, 12, 18, 45], [18],
          ["Qwen2.5-Math"]),
     turn("what sizes does it come in", "dependent", "fact", [18], [18], ["1.5B/7B/72B"]),
     unf("what about the 32b one", [18])],
    [turn("Explain RAIN as if to a first-year student", "first", "describe", [36], [36], ["rewind"]),
     turn("and on vicuna?", "dependent", "fact", [36], [36], ["94% to 19%"]),
     unf("what about llama 2 70b", [36]),
     unf("is it worth reading tho", [36], intent="describe")],
    [turn("which abstracts are about chaotic systems", "first", "list", [], [59, 62, 63], [], match_any=CHAOS),
     turn("which of them compares against SINDy", "dependent", "which_paper", [59, 62, 63], [63], ["SINDy"]),
     turn("tell me more about the one that modifies teacher forcing", "dependent", "describe", [59, 62, 63],
          [62], ["piecewise-linear RNNs"]),
     unf("what learning rate did they use", [62])],
    [turn("whats spc", "first", "describe", [46], [46], ["sneaky generator"]),
     turn("how much does it improve on processbench", "dependent", "fact", [46], [46], ["70.8% to 77.7%"]),
     unf("which base model did they fine-tune", [46]),
     turn("ok, different question: which papers use self-play", "new_subject", "list", [], [46, 61], [],
          match_any=SELFPLAY),
     turn("which of them is about rlhf", "dependent", "which_paper", [46, 61], [61],
          ["reinforcement learning from human feedback"])],
    [turn("empo tl;dr", "first", "describe", [12], [12], ["Entropy Minimized Policy Optimization"]),
     turn("and on truthfulqa?", "dependent", "fact", [12], [12], ["97.25"]),
     unf("what about the 72b one", [12]),
     turn("how does that compare w/ the sharpening paper", "new_subject", "comparison", [12, 54], [12, 54],
          ["predictive entropy", "sharpening"])],
    [turn("which papers have a medical angle", "first", "list", [], [10, 26, 51, 53, 55, 69], [],
          match_any=MEDICAL),
     turn("which of them uses agent-based models", "dependent", "which_paper", [10, 26, 51, 53, 55, 69], [69],
          ["agent-based models"]),
     turn("tell me more about the one that uses MedMNIST", "dependent", "describe",
          [10, 26, 51, 53, 55, 69], [53], ["8 major SSL methods"]),
     unf("which ssl method came out on top", [53])],
    [turn("give me the headline number from alita", "first", "fact", [4], [4], ["75.15%"]),
     turn("and pathvqa?", "dependent", "fact", [4], [4], ["52.00%"]),
     unf("and on the gaia test set?", [4]),
     unf("what hardware did it run on", [4])],
    [turn("whats gasp", "first", "describe", [22], [22], ["occupancy"]),
     unf("how many hours of driving data was it pretrained on", [22]),
     turn("sorry i meant evolution gym: what are the robots built from", "new_subject", "fact", [73], [73],
          ["voxels"]),
     turn("does any algorithm crack the hardest environments", "dependent", "fact", [73], [73],
          ["fail to find robots"])],
    [turn("papers evaluated on swe-bench?", "first", "list", [], [13, 40, 57], [], match_any=SWE),
     turn("which of them uses a 32b model", "dependent", "which_paper", [13, 40, 57], [57], ["Satori-SWE-32B"]),
     turn("how does it cut down on sampling", "dependent", "fact", [57], [57], ["selection and mutation"]),
     unf("what about its 7b version", [57])],
    [turn("tell me about the big human study on llm research ideas", "first", "describe", [42], [42],
          ["100 NLP researchers"]),
     turn("were the llm ideas more novel", "dependent", "fact", [42], [42], ["more novel"]),
     unf("which llm powered the ideation agent", [42]),
     turn("what about the AI ideas creativity experiment: did AI make ideas better", "new_subject", "fact",
          [14], [14], ["different, not better"])],
]


# ---------------------------------------------------------------- serialise
def answerable_record(n, q, intent, subjects, gold, facts, near_miss=False):
    record = {"id": f"n11-{'u' if near_miss else 'a'}-{n:03d}", "question": q,
              "type": TYPE_OF[intent], "intent": intent, "subjects": t(subjects),
              "gold_titles": t(gold), "must_include": facts}
    if near_miss:
        record["near_miss"] = True
    return record


def main() -> int:
    out = {}
    out["answerable.jsonl"] = [answerable_record(i, *row) for i, row in enumerate(ANSWERABLE, 1)]
    rows = []
    for i, row in enumerate(UNANSWERABLE, 1):
        if row[0] == "u":
            _, q, intent, subjects, why = row
            rows.append({"id": f"n11-u-{i:03d}", "question": q, "type": "unanswerable",
                         "intent": intent, "subjects": t(subjects), "gold_titles": [],
                         "must_include": [], "why": why})
        else:
            _, q, intent, subjects, gold, facts = row
            rows.append(answerable_record(i, q, intent, subjects, gold, facts, near_miss=True))
    out["unanswerable.jsonl"] = rows
    rows = []
    for i, (q, intent, gold, match_any, count) in enumerate(LISTS, 1):
        record = {"id": f"n11-l-{i:03d}", "question": q, "type": TYPE_OF[intent],
                  "intent": intent, "subjects": [], "gold_titles": t(gold), "must_include": []}
        if count is not None:
            record["count"] = count
        if match_any is not None:
            record["match_any"] = match_any
        rows.append(record)
    out["lists.jsonl"] = rows
    out["conversations.jsonl"] = [{"id": f"n11-c-{i:03d}", "turns": turns}
                                  for i, turns in enumerate(CONVERSATIONS, 1)]

    # every must_include fact must be verbatim in a gold abstract or title
    def norm(s):
        return " ".join(s.casefold().split())
    bad = 0
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
