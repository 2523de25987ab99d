"""Blind batch n15: hand-written questions, this script only serialises them.

Papers are referred to by their corpus index (order of the Daily Papers file); the exact
titles are looked up from the corpus at run time, so the files always carry exact titles.

    python3 eval/datasets/blind/new15/generate.py

Main focus of this batch: comparisons in many shapes (two or three papers; base model, data
source, reward signal, search method, benchmarks, headline result, target problem, releases,
cost claims; terse "X vs Y reward?"; one side described instead of named) and fact questions
whose slot is phrased indirectly, asking for numbers and names from the middle or end of
abstracts, in lower case or as keywords. Also reader-style describe questions, which_paper
questions by result or dataset, lists and counts whose gold sets are computed over all 76
abstracts with `match_any` (or listed by hand with a note), unanswerable questions each
followed by an answerable near miss, and conversations with ellipsis and subject switches.
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
PREFIX = "n15"
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
    ("give me the gist of AgentGym", "describe", [47], [47], ["AgentEvol"]),
    ("TL;DR of Satori-SWE", "describe", [57], [57], ["Evolutionary Test-Time Scaling"]),
    ("what's the main contribution of the sharpening paper on self-improvement?", "describe", [54], [54],
     ["verifier"]),
    ("How does RAIN work, in two sentences?", "describe", [36], [36], ["rewind"]),
    ("explain Meta Flow Matching to a beginner", "describe", [55], [55], ["Graph Neural Network"]),
    ("What's new in SWE-Search compared to earlier software agents, going by the abstract?", "describe", [40],
     [40], ["hybrid value function"]),
    ("What are the key findings of the paper on temporally-aware RL algorithm discovery?", "describe", [72], [72],
     ["evolution strategies"]),
    ("What motivates the Stochastic Parrots paper on LLM detection?", "describe", [48], [48],
     ["critically flawed"]),
    ("give me the gist of the low-complexity structured neural network paper for dynamical systems", "describe",
     [63], [63], ["Hankel operator"]),
    ("What's the main contribution of the reward design thesis for RL agents?", "describe", [52], [52],
     ["meta-learning approach"]),
    ("explain MC-NEST to someone new to LLM reasoning", "describe", [29], [29], ["Nash Equilibrium"]),
    ("What limitation does Evolution Gym admit about the algorithms they tested?", "describe", [73], [73],
     ["hardest environments"]),
    ("TL;DR of GASP", "describe", [22], [22], ["4D occupancy"]),
    ("what's the core argument of the Knightian blindspot paper?", "describe", [17], [17],
     ["Knightian uncertainty"]),
    ("what does the LLM research ideation study propose as a next step, and why?", "describe", [42], [42],
     ["end-to-end study design"]),
    # fact
    ("darwin godel machine polyglot before/after", "fact", [13], [13], ["14.2% to 30.7%"]),
    ("How big was the AI-ideas creativity experiment, in participants and countries?", "fact", [14], [14],
     ["800+ participants", "40+ countries"]),
    ("how far does EMPO move Qwen2.5-Math-7B Base on math benchmarks", "fact", [12], [12], ["48.1"]),
    ("SPC ProcessBench accuracy gain", "fact", [46], [46], ["70.8% to 77.7%"]),
    ("On which benchmarks do they check the critic in the self-play critic paper?", "fact", [46], [46],
     ["PRM800K", "DeltaBench"]),
    ("rain vicuna 33b attack success rate", "fact", [36], [36], ["94% to 19%"]),
    ("By how much do Self-J judges lift WizardLM-13B on AlpacaEval v2 with best-of-32?", "fact", [28], [28],
     ["12.03 to 15.90"]),
    ("vega v2 superglue average, and on how many of the tasks was it state of the art?", "fact", [5], [5],
     ["91.3", "4/8"]),
    ("Which language models does Long-otimes-Short train?", "fact", [11], [11], ["Qwen2.5-7B", "Llama3.1-8B"]),
    ("MCTS-DPO ARC-C accuracy?", "fact", [41], [41], ["76.4%"]),
    ("what does alita get on mathvista and pathvqa", "fact", [4], [4], ["74.00%", "52.00%"]),
    ("How much does SWE-Search improve over open-source agents that lack MCTS?", "fact", [40], [40],
     ["23% relative improvement"]),
    ("the uncertainty backdoor attack: in how many models and with how many trigger strategies did they hit 100 ASR?",
     "fact", [37], [37], ["four models", "three different triggering strategies"]),
    ("how many math datasets is Qwen2.5-Math evaluated on", "fact", [18], [18], ["10 mathematics datasets"]),
    ("How many cancer types does the histopathology SSL benchmark span?", "fact", [51], [51],
     ["12 unique cancer types"]),
    ("medmnist ssl paper number of medical datasets", "fact", [53], [53], ["11 different medical datasets"]),
    ("In the adaptive inference-time compute paper, what share of the 16-sample gain is kept with ~1.2 samples?",
     "fact", [33], [33], ["74%"]),
    ("how does rstar-math do against human students on the olympiad", "fact", [7], [7], ["top 20%"]),
    ("rStar-Math: Phi3-mini MATH score before and after?", "fact", [7], [7], ["41.4% to 86.4%"]),
    ("What is the optimistic algorithm in Dynamical Linear Bandits called?", "fact", [71], [71], ["DynLin-UCB"]),
    ("Against which classical data-driven baselines is the StNN compared on the Lorenz system?", "fact", [63], [63],
     ["SINDy", "HAVOK"]),
    ("What did the Darwin Godel Machine end up improving in its own tooling?", "fact", [13], [13],
     ["better code editing tools"]),
    ("which models is MSTaR demonstrated on", "fact", [0], [0], ["MiniCPM-V-2.5", "InternVL2"]),
    ("on how many multimodal reasoning benchmarks does MSTaR beat the pre-evolved model?", "fact", [0], [0],
     ["5 multimodal reasoning benchmarks"]),
    ("PSEC evaluation benchmarks", "fact", [74], [74], ["D4RL", "DeepMind Control Suite"]),
    ("When are escape rates of massless particles high in the NBODY6++GPU-MASSLESS runs?", "fact", [66], [66],
     ["before the core-collapse"]),
    ("For which cancer did the AI co-scientist's drug repurposing candidates show tumor inhibition?", "fact", [26],
     [26], ["acute myeloid leukemia"]),
    ("the co-scientist liver fibrosis targets were validated in what", "fact", [26], [26],
     ["human hepatic organoids"]),
    ("Which new loss do they propose in the GAN video temporal coherence paper?", "fact", [27], [27],
     ["Ping-Pong loss"]),
    ("DSE paper: what happens to DSMI with the input on CIFAR-10?", "fact", [24], [24], ["decreases"]),
    ("which real experimental data does the foundation inference model for MJPs get applied to", "fact", [68], [68],
     ["ion channel data"]),
    ("Koopman limits paper: on what kind of spaces do they build systems whose eigenfunctions can't be learned?",
     "fact", [67], [67], ["tori"]),
    ("what do they call the recursive trick in LifeGPT", "fact", [65], [65], ["autoregressive autoregressor"]),
    ("RWM audio deepfake paper: what do they benchmark it against?", "fact", [16], [16],
     ["mainstream continual learning methods"]),
    # which_paper
    ("is there a paper here that fine-tunes two copies of one model, one sneaky and one critic?", "which_paper",
     [], [46], ["Self-Play Critic"]),
    ("which one of these evolves the ExquisiteNetV2 model?", "which_paper", [], [31], ["Guided Evolution"]),
    ("Which paper takes a coding agent from 20% to 50% on SWE-bench?", "which_paper", [], [13],
     ["Darwin Godel Machine"]),
    ("Who proposed a Ping-Pong loss?", "which_paper", [], [27], ["temporally self-supervised algorithm"]),
    ("which paper simulates free-floating planets in star clusters?", "which_paper", [], [66],
     ["NBODY6++GPU-MASSLESS"]),
    ("Is there a paper that reconstructs a density field with Delaunay tessellation?", "which_paper", [], [23],
     ["dark matter flow"]),
    ("who found that a student distilled from an untrained teacher beats it on probing accuracy?", "which_paper",
     [], [70], ["Random Teachers are Good Teachers"]),
    ("Which paper reports 100 attack success rate for an uncertainty attack?", "which_paper", [], [37],
     ["backdoor"]),
    ("Which paper finds that meta-gradient approaches fail while evolution strategies work for learned objectives?",
     "which_paper", [], [72], ["training horizon"]),
    ("which one of these starts its experiments from the Lotka-Volterra model?", "which_paper", [], [63],
     ["Hankel operator"]),
    ("Is there a paper that infers the dynamics of flashing ratchets?", "which_paper", [], [68],
     ["Markov jump processes"]),
    ("which paper introduces the Mobile-Eval-E benchmark?", "which_paper", [], [8], ["Mobile-Agent-E"]),
    ("is there anything here about the Game of Life?", "which_paper", [], [65], ["LifeGPT"]),
    ("Which paper scores judge models by semantic similarity to a gold reference?", "which_paper", [], [28],
     ["Self-J"]),
    ("Which paper was validated on semantic occupancy forecasting and online mapping?", "which_paper", [], [22],
     ["GASP"]),
    # comparison
    ("LongPO vs Long-otimes-Short: which base models do they build on?", "comparison", [3, 11], [3, 11],
     ["Mistral-7B-Instruct-v0.2", "Llama3.1-8B"]),
    ("SELF or EMPO: where does each get the inputs it trains on?", "comparison", [2, 12], [2, 12],
     ["unlabeled instructions", "unlabeled user queries"]),
    ("how do SPO and UPO differ in the signal they learn preferences from?", "comparison", [61, 9], [61, 9],
     ["proportion of wins", "estimator model"]),
    ("Put rStar-Math, SWE-Search and MC-NEST side by side: what guides each one's tree search?", "comparison",
     [7, 40, 29], [7, 40, 29], ["process reward model", "hybrid value function", "Upper Confidence Bound"]),
    ("SPHERE vs Long-otimes-Short: evaluation benchmarks?", "comparison", [6, 11], [6, 11],
     ["Olympiad", "GPQA Diamond"]),
    ("Mobile-Agent-E vs SWE-Search: headline gain of each, and is it absolute or relative?", "comparison", [8, 40],
     [8, 40], ["22% absolute improvement", "23% relative improvement"]),
    ("What problem does each target: Self-Judge vs Zero-Resource Hallucination Prevention?", "comparison", [28, 34],
     [28, 34], ["selective instruction following", "hallucination"]),
    ("What do AgentGym and mmE5 each release?", "comparison", [47, 44], [47, 44],
     ["checkpoints", "codes, datasets and models"]),
    ("Satori-SWE vs the adaptive inference-time compute paper: how does each cut the number of samples?",
     "comparison", [57, 33], [57, 33], ["a few samples", "1.2 samples on average"]),
    ("What do MedS3 and rStar-Math have in common in how they build training data?", "comparison", [10, 7], [10, 7],
     ["Monte Carlo Tree Search", "reward model"]),
    ("UPO vs SPO reward model?", "comparison", [9, 61], [9, 61],
     ["confirmation bias problem of the reward model", "does not require training a reward model"]),
    ("rStar-Math vs the cross-app phone agent paper: what self-evolution mechanism does each use?", "comparison",
     [7, 1], [7, 1], ["iteratively evolved", "Memory-based Self-evolution"]),
    ("Put MSTaR, B-STaR and SPHERE side by side: which kind of reasoning or model does each target?", "comparison",
     [0, 64, 6], [0, 64, 6], ["multimodal reasoning", "coding", "small language models"]),
    ("Contrast the histopathology SSL paper with the StyleGAN face recognition paper on the data problem they start from",
     "comparison", [51, 49], [51, 49], ["availability of high-quality data", "celebrity web crawls"]),
    ("Do Qwen2.5-Math and DotaMath both use tools when reasoning?", "comparison", [18, 19], [18, 19],
     ["Tool-Integrated Reasoning", "leveraging code"]),
    ("chaos benchmark vs Evolution Gym: what does each benchmark consist of?", "comparison", [59, 73], [59, 73],
     ["131", "voxels"]),
    ("How are the Foundation Agents survey and the self-evolving agents survey organised, respectively?",
     "comparison", [15, 75], [15, 75],
     ["four interconnected parts", "what to evolve, when to evolve, and how to evolve"]),
    ("Uncertainty is Fragile vs Language Models (Mostly) Know What They Know: is model self-evaluation trustworthy?",
     "comparison", [37, 35], [37, 35], ["undermines the model's self-evaluation reliability", "well-calibrated"]),
    ("The two dark matter papers: how does each one's method work?", "comparison", [20, 23], [20, 23],
     ["controlling which pairs", "halo-based non-projection approach"]),
    ("generalized teacher forcing vs the StNN paper: which network architecture does each use?", "comparison",
     [62, 63], [62, 63], ["piecewise-linear RNNs", "structured neural network"]),
    ("SPO, Evolution Gym and PSEC: on what kinds of tasks or benchmarks is each tested?", "comparison",
     [61, 73, 74], [61, 73, 74], ["continuous control tasks", "locomotion", "D4RL"]),
    ("CoT Monitor+ vs Uncertainty is Fragile: which threat does each study?", "comparison", [30, 37], [30, 37],
     ["deceptive alignment", "backdoor"]),
    ("Bag of Tricks or Iterative Deepening Sampling: what does each evaluate on?", "comparison", [45, 38], [45, 38],
     ["eight reasoning tasks", "Math500 and AIME"]),
    ("Alita vs OMNE on GAIA?", "comparison", [4, 50], [4, 50], ["75.15% pass@1", "first place"]),
    ("How do MCTS-DPO and LongPO build their preference data?", "comparison", [41, 3], [41, 3],
     ["step-level preference data", "short-to-long preference data"]),
    ("Is self-distillation used for the same purpose in Random Teachers and in Self-Judge?", "comparison", [70, 28],
     [70, 28], ["implicit regularization", "regularization technique"]),
    ("the temporally-aware RL paper vs the reward design thesis: what does the learning agent get to shape itself?",
     "comparison", [72, 52], [72, 52], ["objective function", "reward signals"]),
    ("The Schrödinger bridge paper vs the Markov jump process foundation model: what kind of observations does each learn from?",
     "comparison", [58, 68], [58, 68], ["sample snapshots", "noisy and sparse observations"]),
]


# ---------------------------------------------------------------- unanswerable + near misses
# ("u", question, intent, subjects, why)  |  ("n", question, intent, subjects, gold, must_include)
UNANSWERABLE = [
    # false premises and details the abstracts never give
    ("u", "Why does rStar-Math distill its policy from GPT-4 outputs?", "fact", [7], "absent_detail"),
    ("n", "Does rStar-Math rely on distilling a stronger model?", "fact", [7], [7],
     ["without distillation from superior models"]),
    ("u", "How much did labelling ideas as AI lower creativity in the AI-ideas experiment?", "fact", [14],
     "absent_detail"),
    ("n", "what did high AI exposure change in the AI-ideas experiment", "fact", [14], [14],
     ["collective idea diversity"]),
    ("u", "Why does Alita ship with a large hand-built tool library?", "fact", [4], "absent_detail"),
    ("n", "How many components does Alita come with for solving problems directly?", "fact", [4], [4],
     ["only one component"]),
    ("u", "How many step-level labels written by humans does SPC train on?", "fact", [46], "absent_detail"),
    ("n", "What kind of annotation does SPC do away with?", "fact", [46], [46], ["manual step-level annotation"]),
    ("u", "By how many FID points does the Ping-Pong loss improve video quality?", "fact", [27], "absent_detail"),
    ("n", "what problem of recurrent generators does the Ping-Pong loss address", "fact", [27], [27],
     ["accumulating artifacts"]),
    ("u", "Why did the MedMNIST SSL benchmark only test in-domain accuracy?", "fact", [53], "absent_detail"),
    ("n", "Besides in-domain performance, what does the MedMNIST SSL benchmark test detection of?", "fact", [53],
     [53], ["out-of-distribution"]),
    ("u", "How many voxels at most can an Evolution Gym robot have?", "fact", [73], "absent_detail"),
    ("n", "How do evolved Evolution Gym robots fare against hand-designed ones?", "fact", [73], [73],
     ["outperforming hand-designed robots"]),
    ("u", "How big are the Mamba models analysed in the token dynamics paper, in parameters?", "fact", [56],
     "absent_detail"),
    ("n", "In the divergent Mamba scenario, do all tokens blow up at the same speed?", "fact", [56], [56],
     ["different rates"]),
    # hyperparameters
    ("u", "What KL coefficient does LongPO use?", "fact", [3], "hyperparameter"),
    ("n", "What is LongPO's KL constraint for?", "fact", [3], [3], ["mitigate short-context performance decline"]),
    ("u", "EMPO batch size and learning rate?", "fact", [12], "hyperparameter"),
    ("n", "In what space does EMPO minimise entropy?", "fact", [12], [12], ["latent semantic space"]),
    ("u", "How many MCTS simulations per step does MCTS-DPO run?", "fact", [41], "hyperparameter"),
    ("n", "Which game-playing system's strategy inspired the MCTS-DPO approach?", "fact", [41], [41],
     ["AlphaZero"]),
    ("u", "Which top-p value came out best in the Bag of Tricks study?", "fact", [45], "hyperparameter"),
    ("n", "How much can tuning the temperature alone help, per Bag of Tricks?", "fact", [45], [45], ["up to 5%"]),
    ("u", "Which mutation rates exactly were used in the mate choice GP experiments?", "fact", [32],
     "hyperparameter"),
    ("n", "What problems were the mate choice GP experiments run on?", "fact", [32], [32],
     ["three symbolic regression problems"]),
    ("u", "What embedding size does Meta Flow Matching's GNN use?", "fact", [55], "hyperparameter"),
    ("n", "What does Meta Flow Matching amortize its flow model over?", "fact", [55], [55], ["initial populations"]),
    ("u", "What value of rho was used in the DynLin-UCB experiments?", "fact", [71], "hyperparameter"),
    ("n", "what does d stand for in the DynLin-UCB regret bound", "fact", [71], [71],
     ["dimension of the action vector"]),
    ("u", "Which learning rate did the Stochastic Parrots attacker fine-tune with?", "fact", [48], "hyperparameter"),
    ("n", "Which optimizer was part of the Stochastic Parrots fine-tuning recipe?", "fact", [48], [48], ["AdamW"]),
    ("u", "What teacher forcing interval does generalized teacher forcing use on the Lorenz system?", "fact", [62],
     "hyperparameter"),
    ("n", "How low-dimensional can the generalized teacher forcing reconstructions be?", "fact", [62], [62],
     ["at most the dimensionality of the observed system"]),
    # dataset sizes
    ("u", "How many trajectories are in AgentGym's trajectory set?", "fact", [47], "dataset_size"),
    ("n", "Besides the benchmark suite, what does the AgentGym database hold?", "fact", [47], [47],
     ["expanded instructions"]),
    ("u", "How many Hugging Face instructions did Self-J collect?", "fact", [28], "dataset_size"),
    ("n", "Where do the Self-J authors collect their training instructions?", "fact", [28], [28], ["Hugging Face"]),
    ("u", "How many Game of Life boards were in LifeGPT's training set?", "fact", [65], "dataset_size"),
    ("n", "What does LifeGPT need from its training data to reach near-perfect accuracy?", "fact", [65], [65],
     ["sufficiently diverse training data"]),
    ("u", "How many short-to-long preference pairs does LongPO generate?", "fact", [3], "dataset_size"),
    ("n", "What are the two halves of a LongPO preference pair?", "fact", [3], [3],
     ["compressed short-context counterparts"]),
    ("u", "how many examples are in the long-otimes-short cold-start data", "fact", [11], "dataset_size"),
    ("n", "What is the cold-start data in Long-otimes-Short used for?", "fact", [11], [11],
     ["long-thought and short-thought reasoning styles"]),
    ("u", "How many time steps does each precomputed series in the chaos benchmark have?", "fact", [59],
     "dataset_size"),
    ("n", "Which fields do the chaos benchmark's systems come from?", "fact", [59], [59], ["climatology"]),
    ("u", "How many cells and patients are in Meta Flow Matching's drug screen data?", "fact", [55], "dataset_size"),
    ("n", "On what kind of data does Meta Flow Matching predict treatment responses?", "fact", [55], [55],
     ["single-cell drug screen dataset"]),
    # cost
    ("u", "How many GPU hours did rStar-Math's four evolution rounds take?", "fact", [7], "cost"),
    ("n", "How many math problems does rStar-Math synthesize solutions for?", "fact", [7], [7], ["747k"]),
    ("u", "What does one AI co-scientist hypothesis cost in API fees?", "fact", [26], "cost"),
    ("n", "Which biomedical areas is the AI co-scientist validated in?", "fact", [26], [26],
     ["drug repurposing", "novel target discovery"]),
    ("u", "How much cheaper per issue is Satori-SWE-32B than a 100B+ model in dollars?", "fact", [57], "cost"),
    ("n", "Which size of models does Satori-SWE-32B match or exceed?", "fact", [57], [57], ["over 100B parameters"]),
    ("u", "What budget in dollars did the Stochastic Parrots attack need?", "fact", [48], "cost"),
    ("n", "What does the Stochastic Parrots attacker need access to?", "fact", [48], [48],
     ["reference human texts"]),
    ("u", "How many GPUs did GASP pretraining use?", "fact", [22], "cost"),
    ("n", "Besides occupancy, what does GASP predict features distilled from?", "fact", [22], [22],
     ["vision foundation model"]),
    ("u", "How many hours does one Darwin Godel Machine iteration take?", "fact", [13], "cost"),
    ("n", "What safety precautions did the DGM experiments take?", "fact", [13], [13], ["sandboxing"]),
    # absent benchmarks
    ("u", "SPHERE MMLU score?", "fact", [6], "absent_benchmark"),
    ("n", "Which math benchmarks does SPHERE report?", "fact", [6], [6], ["GSM8K", "Olympiad"]),
    ("u", "MC-NEST accuracy on GSM8K?", "fact", [29], "absent_benchmark"),
    ("n", "In which math domains did GPT-4o with MC-NEST do best?", "fact", [29], [29],
     ["Number Theory", "Geometry"]),
    ("u", "What does iterative deepening sampling score on GSM8K?", "fact", [38], "absent_benchmark"),
    ("n", "which benchmarks is iterative deepening sampling tested on", "fact", [38], [38], ["Math500", "AIME"]),
    ("u", "AgentGym results on WebArena?", "fact", [47], "absent_benchmark"),
    ("n", "How good are the AgentEvol agents compared with the state of the art?", "fact", [47], [47],
     ["comparable to SOTA models"]),
    ("u", "PSEC success rate on Meta-World?", "fact", [74], "absent_benchmark"),
    ("n", "Which safe-RL benchmark does PSEC report on?", "fact", [74], [74], ["DSRL"]),
    ("u", "dotamath gaokao score", "fact", [19], "absent_benchmark"),
    ("n", "What average does DotaMath-deepseek-7B reach over its in- and out-of-domain benchmarks?", "fact", [19],
     [19], ["80.1%"]),
    ("u", "What is MSTaR's MathVista accuracy?", "fact", [0], "absent_benchmark"),
    ("n", "Does MSTaR need extra human annotations to improve?", "fact", [0], [0],
     ["without using additional human annotations"]),
    ("u", "Long-otimes-Short results on LiveCodeBench?", "fact", [11], "absent_benchmark"),
    ("n", "On which benchmarks does Long-otimes-Short report its token savings?", "fact", [11], [11],
     ["AIME24/25", "GPQA Diamond"]),
    ("u", "What is Alita's score on the GAIA test set?", "fact", [4], "absent_benchmark"),
    ("n", "Which GAIA split are Alita's reported numbers from?", "fact", [4], [4], ["validation dataset"]),
    ("u", "What MATH score does Qwen2.5-Math-Instruct-72B get?", "fact", [18], "absent_detail"),
    ("n", "what range of difficulty do Qwen2.5-Math's evaluation sets cover", "fact", [18], [18],
     ["grade school level to math competition problems"]),
    # absent models
    ("u", "How does Long-otimes-Short do with Qwen2.5-32B?", "fact", [11], "absent_model"),
    ("n", "Which distilled DeepSeek models does Long-otimes-Short perform comparably to?", "fact", [11], [11],
     ["DeepSeek-R1-Distill-Llama-8B"]),
    ("u", "What does SWE-Search score when it runs on GPT-4o?", "fact", [40], "absent_model"),
    ("n", "Across how many models is SWE-Search's improvement reported?", "fact", [40], [40], ["five models"]),
    ("u", "Is Claude 3.5 Sonnet the foundation model behind the Darwin Godel Machine?", "fact", [13],
     "absent_model"),
    ("n", "How does the Darwin Godel Machine produce new agent versions?", "fact", [13], [13],
     ["using a foundation model"]),
    ("u", "MC-NEST results with Llama-3-8B?", "fact", [29], "absent_model"),
    ("n", "Which two LLMs are said to benefit from MC-NEST?", "fact", [29], [29], ["Phi-3-mini"]),
    ("u", "SELF-FAMILIARITY results on GPT-4?", "fact", [34], "absent_model"),
    ("n", "When does SELF-FAMILIARITY decide not to answer?", "fact", [34], [34], ["unfamiliar concepts"]),
    ("u", "Do the Mamba token dynamics results also hold for Transformers?", "fact", [56], "absent_model"),
    ("n", "what two refinements to Mamba does the token dynamics paper suggest", "fact", [56], [56],
     ["reordering tokens"]),
    # comparisons that cannot be answered
    ("u", "MedS3 vs Med-PaLM 2 on clinical question answering?", "comparison", [10], "absent_comparison"),
    ("n", "Which closed model does MedS3 overtake once its reward model is added?", "fact", [10], [10],
     ["GPT-4o-mini"]),
    ("u", "Qwen2.5-Math or rStar-Math: which scores higher on AIME24?", "comparison", [18, 7], "absent_comparison"),
    ("n", "rStar-Math vs Qwen2.5-Math: what guides sampling at inference time in each?", "comparison", [7, 18],
     [7, 18], ["process reward model", "RM is used to guide sampling"]),
    ("u", "SPO vs DPO on Anthropic HH?", "comparison", [61], "absent_comparison"),
    ("n", "What does SPO learn more efficiently than on continuous control?", "fact", [61], [61],
     ["reward-model based approaches"]),
    ("u", "Alita vs OpenAI Deep Research on GAIA?", "comparison", [4], "absent_comparison"),
    ("n", "Among which kind of agents is Alita top-ranking on GAIA?", "fact", [4], [4], ["general-purpose agents"]),
    ("u", "MobileSteward or Mobile-Agent-E: which one finishes tasks faster?", "comparison", [1, 8],
     "absent_comparison"),
    ("n", "MobileSteward or Mobile-Agent-E: which benchmark does each introduce?", "comparison", [1, 8], [1, 8],
     ["CAPBench", "Mobile-Eval-E"]),
    ("u", "How does DSE's runtime compare with MINE on ImageNet?", "comparison", [24], "absent_comparison"),
    ("n", "Which classical estimators does DSE outperform on simulated data?", "fact", [24], [24],
     ["Shannon entropy"]),
    ("u", "Which is more accurate on the Lorenz system, generalized teacher forcing or the StNN?", "comparison",
     [62, 63], "absent_comparison"),
    ("n", "Generalized teacher forcing vs the StNN: what does each claim as its gain?", "comparison", [62, 63],
     [62, 63], ["much lower dimensions", "reduces the number of parameters"]),
    ("u", "SWE-Search vs Satori-SWE: which resolves more SWE-bench Verified issues?", "comparison", [40, 57],
     "absent_comparison"),
    ("n", "SWE-Search vs Satori-SWE: how does each spend its test-time compute?", "comparison", [40, 57], [40, 57],
     ["Monte Carlo Tree Search", "selection and mutation"]),
    # papers not in the collection
    ("u", "What does the Self-Refine paper by Madaan et al. report?", "describe", [], "absent_paper"),
    ("n", "Which survey here covers Self-Refine-style methods?", "which_paper", [], [21], ["Self-Refine"]),
    ("u", "Summarise the AlphaEvolve paper", "describe", [], "absent_paper"),
    ("n", "Is there a paper where an LLM rewrites a neural network's code to evolve it?", "which_paper", [], [31],
     ["ExquisiteNetV2"]),
    ("u", "What did the DeepSeek-R1 paper find about GRPO?", "fact", [], "absent_paper"),
    ("n", "Which paper compares itself with DeepSeek-R1-Distill models?", "which_paper", [], [11],
     ["DeepSeek-R1-Distill-Qwen-7B"]),
    ("u", "key results of the Toolformer paper?", "fact", [], "absent_paper"),
    ("n", "Is there a paper whose agent builds its own tools from open-source code?", "which_paper", [], [4],
     ["MCPs"]),
    ("u", "What's in the WebArena benchmark paper?", "describe", [], "absent_paper"),
    ("n", "Is there a paper here that releases a cross-app benchmark for phone agents?", "which_paper", [], [1],
     ["CAPBench"]),
    # opinions, predictions, authorship, licences
    ("u", "Which of these papers is most likely to win a best paper award?", "fact", [], "absent_detail"),
    ("n", "Which paper claims its agent outperforms far more complex agent systems?", "which_paper", [], [4],
     ["Alita"]),
    ("u", "Will self-play critics replace process reward models within two years?", "fact", [46], "absent_detail"),
    ("n", "How does SPC compare with process reward models when guiding test-time search?", "fact", [46], [46],
     ["outperforming state-of-the-art process reward models"]),
    ("u", "Who are the Evolution Gym authors and which lab do they belong to?", "fact", [73], "absent_detail"),
    ("n", "Where is the Evolution Gym website?", "fact", [73], [73], ["evogym.csail.mit.edu"]),
    ("u", "Is the cultural evolution simulation software under MIT or Apache licence?", "fact", [60],
     "absent_detail"),
    ("n", "Is the cultural evolution simulation software open source, and what does its interface offer?", "fact",
     [60], [60], ["intuitive user-interface"]),
    ("u", "On what date will the Satori-SWE code be released?", "fact", [57], "absent_detail"),
    ("n", "What do the Satori-SWE authors say they will open-source?", "fact", [57], [57],
     ["Code, data, and models"]),
    ("u", "what's the weather going to be in Berlin tomorrow", "off_topic", [], "off_topic"),
    ("u", "Write me a haiku about autumn leaves", "off_topic", [], "off_topic"),
    ("u", "best way to cook rice in a pressure cooker?", "off_topic", [], "off_topic"),
    ("u", "convert 30 euros to US dollars", "off_topic", [], "off_topic"),
]


# ---------------------------------------------------------------- lists and counts
MCTS = ["monte carlo tree", "mcts"]
GSM8K = ["gsm8k"]
AIME = ["aime,", "(aime)", "aime24", "aime2024", "aime benchmarks"]
QWEN = ["qwen"]
LLAMA = ["llama"]
MISTRAL = ["mistral"]
GITHUB = ["github"]
PHONE = ["mobile", "smartphone"]
SSL = ["self-supervised", "self-supervision"]
MEDICAL = ["medical", "clinical", "healthcare", "histopathology", "medicine", "biomedical"]
SWEBENCH = ["swe-bench"]
GAIA = ["gaia"]
HALLU = ["hallucinat"]
DPO = ["dpo", "direct preference optimization"]
COT = ["chain-of-thought", "chain of thought"]
ROBOT = ["robot"]
MULTI_AGENT = ["multi-agent"]
ADVERSARIAL = ["adversarial"]
LTM = ["long-term memory"]
ALPACA = ["alpacaeval"]
DYN_SYS = ["dynamical system"]
LORA = ["low-rank adaptation"]
O1 = ["openai o1", "openais o1", "openai's o1", "o1-preview"]
RECSYS = ["recommender", "recommendation system"]
BEST_OF = ["best-of-n", "best-of-32"]
SELF_PLAY = ["self-play"]
SYMREG = ["symbolic regression"]
PRIVACY = ["privacy"]
GPT4O = ["gpt-4o"]
OLYMPIAD = ["olympiad"]
SLM = ["small language model"]
HAND = "gold listed by hand after reading every abstract that could qualify"
LISTS = [
    ("Which papers use Monte Carlo Tree Search?", "list", [7, 10, 29, 40, 41], MCTS, None,
     "29 builds on Monte Carlo Tree Self-Refine (MCTSr)"),
    ("how many papers report GSM8K results", "count", [6, 18, 19, 33, 41], GSM8K, 5, None),
    ("Which abstracts report AIME results?", "list", [6, 7, 11, 18, 38, 46], AIME, None,
     "plain 'aime' also hits 'aimed'; variants cover AIME, AIME24/25, AIME2024"),
    ("any papers using Qwen models? list them", "list", [7, 11, 12, 18, 45], QWEN, None, None),
    ("Which papers run experiments with Llama models?", "list", [11, 33, 36, 45], LLAMA, None,
     "36 uses LLaMA 30B"),
    ("How many abstracts mention Mistral?", "count", [3, 41, 45], MISTRAL, 3, None),
    ("How many abstracts link to a GitHub repository?", "count",
     [4, 7, 8, 10, 11, 19, 21, 24, 27, 30, 37, 41, 44, 45, 47, 49, 57, 70, 74], GITHUB, 19,
     "8 and 30 link to github.io project pages"),
    ("Which papers are about agents on mobile phones?", "list", [1, 8], PHONE, None, None),
    ("Which abstracts mention self-supervised learning or self-supervision?", "list",
     [12, 22, 24, 27, 49, 51, 53, 70], SSL, None, "12 calls its evolution 'purely self-supervised'"),
    ("any papers touching medicine or healthcare (clinical, biomedical, histopathology, personalised medicine)?",
     "list", [10, 26, 51, 53, 55, 69, 75], MEDICAL, None, "75 only lists healthcare as an application domain"),
    ("Which papers evaluate on SWE-bench?", "list", [13, 40, 57], SWEBENCH, None, None),
    ("GAIA: which papers report on it?", "list", [4, 50], GAIA, None, None),
    ("Which papers deal with hallucinations?", "list", [21, 34], HALLU, None, None),
    ("Which papers use DPO?", "list", [3, 41], DPO, None, "3 compares against DPO; 41 trains with it"),
    ("which abstracts talk about chain-of-thought", "list", [0, 11, 18, 30, 34, 39, 46], COT, None, None),
    ("How many papers are about robots?", "count", [73], ROBOT, 1, None),
    ("Which papers describe multi-agent systems or frameworks?", "list", [1, 8, 15, 26, 40, 50, 60, 75],
     MULTI_AGENT, None, None),
    ("Which abstracts mention adversarial training, attacks or games?", "list", [27, 36, 46, 61], ADVERSARIAL,
     None, "61 mentions adversarial training as something it avoids"),
    ("Which papers give their agents a long-term memory?", "list", [8, 50], LTM, None, None),
    ("Which papers report AlpacaEval numbers?", "list", [28, 33], ALPACA, None, None),
    ("Which abstracts talk about dynamical systems?", "list", [56, 59, 62, 63, 67, 68, 69], DYN_SYS, None,
     "71 (linear dynamics of a hidden state) and 55/58 (population dynamics) never use the term and are left out"),
    ("How many papers use LoRA?", "count", [74], LORA, 1, None),
    ("Which papers mention OpenAI's o1?", "list", [7, 10, 38], O1, None, None),
    ("How many papers are about recommender systems?", "count", [], RECSYS, 0, None),
    ("Which papers use Best-of-N sampling (any N)?", "list", [28, 33, 45], BEST_OF, None,
     "28 uses best-of-32 sampling"),
    ("Which papers rely on self-play?", "list", [46, 61], SELF_PLAY, None, None),
    ("which abstracts involve symbolic regression", "list", [32, 59], SYMREG, None, None),
    ("Which papers raise privacy concerns?", "list", [10, 49], PRIVACY, None, None),
    ("Which papers mention GPT-4o?", "list", [6, 10, 29], GPT4O, None, "10 surpasses GPT-4o-mini"),
    ("How many papers evaluate on Olympiad-level math?", "count", [6, 7, 29], OLYMPIAD, 3,
     "7 says 'USA Math Olympiad (AIME)'"),
    ("Which papers say they target small language models (SLMs)?", "list", [6, 7, 10], SLM, None,
     "57 prefers smaller (<100B) models but never calls them small language models"),
    ("Which papers are about attacks on or safety failures of LLMs (deception, jailbreaks, backdoors, evading detectors)?",
     "list", [30, 36, 37, 48], None, None,
     HAND + ": 30 deceptive alignment, 36 defends against llm-attacks, 37 backdoor on uncertainty, 48 evading "
     "LLM detectors; 13, 15 and 75 only mention safety in passing and are left out"),
]


def turn(question, kind, intent, subjects, gold, facts, *, unanswerable=False, count=None,
         match_any=None, qtype=None, note=None):
    record = {"question": question, "kind": kind,
              "type": "unanswerable" if unanswerable else (qtype or TYPE_OF[intent]),
              "intent": intent, "subjects": t(subjects), "gold_titles": t(gold),
              "must_include": facts}
    if count is not None:
        record["count"] = count
    if match_any is not None:
        record["match_any"] = match_any
    if note is not None:
        record["note"] = note
    return record


def unf(question, subjects, intent="fact"):
    return turn(question, "unanswerable_followup", intent, subjects, [], [], unanswerable=True)


CONVERSATIONS = [
    [turn("which papers use monte carlo tree search?", "first", "list", [], [7, 10, 29, 40, 41], [],
          match_any=MCTS),
     turn("which of them is about medicine?", "dependent", "which_paper", [7, 10, 29, 40, 41], [10], ["clinical"]),
     turn("compare the last two on what they apply the search to", "dependent", "comparison", [40, 41], [40, 41],
          ["repository-level software tasks", "collect preference data"]),
     unf("how many rollouts per node did those two use?", [40, 41])],
    [turn("TL;DR of EMPO", "first", "describe", [12], [12], ["predictive entropy"]),
     turn("how much does it help on math?", "dependent", "fact", [12], [12], ["48.1"]),
     turn("switch to the sharpening paper: does it also do without external feedback?", "new_subject", "fact",
          [54], [54], ["without external feedback"]),
     turn("so do both of them get by without a reward model?", "dependent", "comparison", [12, 54], [12, 54],
          ["pre-trained reward models", "verifier"])],
    [turn("is there a paper about parsing charts?", "first", "which_paper", [], [43], ["OneChart"]),
     turn("how does it tell how reliable its output is?", "dependent", "fact", [43], [43], ["confidence scores"]),
     unf("what's its inference latency per chart?", [43])],
    [turn("what's the main contribution of the Darwin Godel Machine?", "first", "describe", [13], [13],
          ["modifies its own code"]),
     turn("how does it check each change?", "dependent", "fact", [13], [13], ["empirically validates each change"]),
     turn("and how does that compare with the way Guided Evolution changes code?", "new_subject", "comparison",
          [13, 31], [13, 31], ["using a foundation model", "directly modify code"]),
     unf("how many agents were in the archive at the end?", [13])],
    [turn("which papers mention GPT-4o?", "first", "list", [], [6, 10, 29], [], match_any=GPT4O),
     turn("what does the second one do?", "dependent", "describe", [10], [10], ["long-chain reasoning"]),
     turn("and the third: which existing method does it extend?", "dependent", "fact", [29], [29], ["MCTSr"])],
    [turn("TL;DR of Self-Play Preference Optimization", "first", "describe", [61], [61], ["zero-sum game"]),
     turn("does it need a reward model?", "dependent", "fact", [61], [61],
          ["does not require training a reward model"]),
     turn("is SPC's use of self-play anything like it?", "new_subject", "comparison", [61, 46], [61, 46],
          ["play against itself", "adversarial self-play games"])],
    [turn("any papers on self-supervised learning for medical images?", "first", "list", [], [51, 53], [],
          note=HAND + ": self-supervised AND medical imaging: 51 histopathology, 53 MedMNIST"),
     turn("what does the first one release for others?", "dependent", "fact", [51], [51],
          ["high quality foundation models"]),
     unf("which of them had the bigger compute budget?", [51, 53], intent="comparison")],
    [turn("explain Evolution Gym to me", "first", "describe", [73], [73], ["soft robots"]),
     turn("what algorithms do they provide?", "dependent", "fact", [73], [73], ["deep reinforcement learning"]),
     turn("switch to PSEC: same question", "new_subject", "fact", [74], [74], ["context-aware module"])],
    [turn("How many papers report GSM8K?", "first", "count", [], [6, 18, 19, 33, 41], [], count=5,
          match_any=GSM8K),
     turn("which of them uses tree search?", "dependent", "which_paper", [6, 18, 19, 33, 41], [41],
          ["Monte Carlo Tree Search"]),
     turn("what's its GSM8K number?", "dependent", "fact", [41], [41], ["81.8%"]),
     unf("what sampling temperature did it use?", [41])],
    [turn("gist of Reward Design for Reinforcement Learning Agents", "first", "describe", [52], [52],
          ["teacher-driven"]),
     turn("what's the third part about?", "dependent", "fact", [52], [52], ["without expert input"]),
     turn("does the temporally-aware RL discovery paper also rely on meta-learning?", "new_subject", "comparison",
          [52, 72], [52, 72], ["meta-learning approach", "advancements in meta-learning"]),
     unf("which environments did the thesis run experiments in?", [52])],
    [turn("tell me about LifeGPT", "first", "describe", [65], [65], ["Game of Life"]),
     turn("what applications do they see down the line?", "dependent", "fact", [65], [65], ["tissue engineering"]),
     unf("how many parameters does it have?", [65])],
    [turn("Which papers talk about hallucinations?", "first", "list", [], [21, 34], [], match_any=HALLU),
     turn("compare the two: do they fix hallucinations after generating or before?", "dependent", "comparison",
          [21, 34], [21, 34], ["Self-Update", "pre-detection"]),
     unf("which one reduces hallucinations more on TruthfulQA?", [21, 34], intent="comparison")],
    [turn("what does AgentGym release?", "first", "fact", [47], [47], ["checkpoints"]),
     turn("what's the evolution method called?", "dependent", "fact", [47], [47], ["AgentEvol"]),
     turn("how does Alita's self-evolution differ from it?", "new_subject", "comparison", [47, 4], [47, 4],
          ["beyond previously seen data", "model context protocols"])],
    [turn("TL;DR of Iterative Deepening Sampling", "first", "describe", [38], [38], ["self-correction"]),
     turn("what kind of data is it meant to improve?", "dependent", "fact", [38], [38], ["self-reflection data"]),
     turn("does Bag of Tricks look at the same kind of inference-time methods?", "new_subject", "comparison",
          [38, 45], [38, 45], ["iterative deepening sampling", "proposer-verifier pipeline"])],
    [turn("is there a paper about telecom?", "first", "which_paper", [], [25], ["3GPP"]),
     turn("which years do they train on and which do they predict?", "dependent", "fact", [25], [25],
          ["2009-2019", "2020-2023"]),
     unf("how many GPUs did the fine-tuning take?", [25])],
    [turn("Which papers report AlpacaEval numbers?", "first", "list", [], [28, 33], [], match_any=ALPACA),
     turn("what does the first one get on v1?", "dependent", "fact", [28], [28], ["89.17 to 92.48"]),
     turn("and the second?", "dependent", "fact", [33], [33], ["21% to 34%"])],
    [turn("gist of the dark matter flow statistics paper", "first", "describe", [23], [23],
          ["velocity distributions"]),
     turn("what law do the pairwise velocity moments obey on small scales?", "dependent", "fact", [23], [23],
          ["two-thirds law"]),
     unf("which simulation code produced their data?", [23])],
    [turn("is there a paper on how AI ideas affect human creativity?", "first", "which_paper", [], [14],
          ["800+ participants"]),
     turn("did it make individual ideas more creative?", "dependent", "fact", [14], [14],
          ["did not affect the creativity of individual ideas"]),
     turn("and the paper simulating cultural evolution with LLM populations: which variables can it vary?",
          "new_subject", "fact", [60], [60], ["personality"]),
     turn("do both of them deal with culture?", "dependent", "comparison", [14, 60], [14, 60],
          ["cultural creation", "cultural evolution"])],
    [turn("which papers rely on self-play?", "first", "list", [], [46, 61], [], match_any=SELF_PLAY),
     turn("which of them was tested on continuous control?", "dependent", "which_paper", [46, 61], [61],
          ["continuous control tasks"]),
     unf("how many self-play iterations did it run?", [61])],
    [turn("MobileSteward vs Mobile-Agent-E: which shortcomings of earlier phone agents does each address?", "first",
          "comparison", [1, 8], [1, 8], ["cross-app instructions", "long-horizon tasks"]),
     turn("which one is hierarchical?", "dependent", "which_paper", [1, 8], [8], ["hierarchical"]),
     turn("switch to SWE-Search: which agents make it up?", "new_subject", "fact", [40], [40],
          ["Value Agent", "Discriminator Agent"])],
    [turn("what's new in mmE5?", "first", "describe", [44], [44], ["three criteria"]),
     turn("which benchmarks does it evaluate on?", "dependent", "fact", [44], [44], ["MMEB", "XTD"]),
     unf("how many languages does its synthetic data cover?", [44])],
    [turn("any papers using Qwen models?", "first", "list", [], [7, 11, 12, 18, 45], [], match_any=QWEN),
     turn("which of these is a technical report on a model family?", "dependent", "which_paper",
          [7, 11, 12, 18, 45], [18], ["Qwen2.5-Math"]),
     turn("what generates its pretraining data?", "dependent", "fact", [18], [18], ["Qwen2-Math-Instruct"]),
     turn("compare its use of a reward model at inference with rStar-Math's", "new_subject", "comparison",
          [18, 7], [18, 7], ["guide sampling", "process reward model"])],
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
