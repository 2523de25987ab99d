"""Blind batch n13: hand-written questions, this script only serialises them.

Papers are referred to by their corpus index (order of the Daily Papers file); the exact
titles are looked up from the corpus at run time, so the files always carry exact titles.

    python3 eval/datasets/blind/new13/generate.py

Main focus of this batch: comparisons in many shapes (two or three papers; base model, data
source, reward/feedback signal, search method, benchmarks, headline result, target problem,
releases, efficiency claims; "X vs Y ...?", "X or Y: which ...", "side by side", "what do they
have in common", papers named on one side and described on the other). Also reader-style
describe questions (gist, TL;DR, main contribution, limitations, motivation), fact questions
with the slot phrased indirectly or as keywords, which_paper questions by result or dataset,
lists and counts whose gold sets are computed over all 76 abstracts with `match_any` (or
listed by hand with a note), unanswerable questions each followed by an answerable near miss,
and conversations with ellipsis, switches of subject and unanswerable follow-ups.
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
PREFIX = "n13"


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
    ("give me the gist of Iterative Deepening Sampling", "describe", [38], [38], ["self-reflection data"]),
    ("Knightian blindspot paper in a nutshell?", "describe", [17], [17], ["Knightian uncertainty"]),
    ("What's the main contribution of Evolution Gym?", "describe", [73], [73], ["first large-scale benchmark"]),
    ("How does MC-NEST work, in two sentences?", "describe", [29], [29], ["Nash Equilibrium"]),
    ("What's new in EMPO compared to prior reasoning-incentive methods, going by its abstract?", "describe",
     [12], [12], ["fully unsupervised"]),
    ("Explain the Mamba token dynamics paper to a beginner who knows what an RNN is", "describe", [56], [56],
     ["converge to zero"]),
    ("what are the key findings of the experiment on how AI ideas shape human creativity", "describe", [14],
     [14], ["collective idea diversity"]),
    ("Stochastic Parrots Looking for Stochastic Parrots: what are its key findings?", "describe", [48], [48],
     ["evades detection"]),
    ("What motivated MedS3? Why not just distil from GPT models like others do?", "describe", [10], [10],
     ["data privacy"]),
    ("Summarise what the diffusion spectral entropy paper finds about representations during training",
     "describe", [24], [24], ["increases during training"]),
    ("explain the collisionless dark matter flow statistics paper to someone outside cosmology", "describe",
     [23], [23], ["Delaunay tessellation"]),
    ("TL;DR GASP", "describe", [22], [22], ["4D occupancy"]),
    ("Could you give me an overview of the Reward Design for RL Agents thesis?", "describe", [52], [52],
     ["reward shaping"]),
    ("What's the design philosophy behind Alita?", "describe", [4], [4], ["minimal predefinition"]),
    ("What limitations does Evolution Gym admit about current co-design algorithms?", "describe", [73], [73],
     ["hardest environments"]),
    ("main contribution of the NBODY6++GPU-MASSLESS paper, briefly", "describe", [66], [66],
     ["massless particles"]),
    ("What's new in PSEC compared to earlier skill-learning methods, per the abstract?", "describe", [74], [74],
     ["LoRA"]),
    # fact
    ("how big are the models MSTaR is demonstrated on?", "fact", [0], [0], ["InternVL2 (2B)", "Phi-3.5-Vision (4B)"]),
    ("In the diffusion spectral entropy paper, on which dataset does mutual information with the input go up?",
     "fact", [24], [24], ["MNIST"]),
    ("StyleGAN face recognition paper: who benefits most from their self-supervised strategy?", "fact", [49],
     [49], ["limited amounts of labeled training data"]),
    ("what does rStar-Math release?", "fact", [7], [7], ["Code and data"]),
    ("How much better than the Mistral SFT baseline is the MCTS preference learning method on MATH?", "fact",
     [41], [41], ["+5.8%"]),
    ("Self-Judge: which model do their judges boost as a reward model?", "fact", [28], [28],
     ["WizardLM-13B-V1.2"]),
    ("in LongPO paper which model they apply the method on?", "fact", [3], [3], ["Mistral-7B-Instruct-v0.2"]),
    ("rstar math aime score", "fact", [7], [7], ["53.3%"]),
    ("EMPO TruthfulQA", "fact", [12], [12], ["97.25"]),
    ("RAIN attack success rate on vicuna", "fact", [36], [36], ["94% to 19%"]),
    ("Guided Evolution: what accuracy did the evolved ExquisiteNetV2 reach?", "fact", [31], [31], ["93.34%"]),
    ("AI ideas creativity study: sample size and geographic spread?",
     "fact", [14], [14], ["800+ participants", "40+ countries"]),
    ("Telecom LLM paper: which years of 3GPP documents are used for training, and which for testing?",
     "fact", [25], [25], ["2009-2019", "2020-2023"]),
    ("SPC ProcessBench accuracy before and after?", "fact", [46], [46], ["70.8% to 77.7%"]),
    ("alita pathvqa and mathvista numbers", "fact", [4], [4], ["74.00%", "52.00%"]),
    ("what overall SuperGLUE average did the 6B Vega model post?", "fact", [5], [5], ["91.3"]),
    ("In the 100+ researcher study, where did LLM ideas fall short of human ones?", "fact", [42], [42],
     ["feasibility"]),
    ("PSEC is evaluated on which benchmarks?", "fact", [74], [74], ["D4RL", "DSRL", "DeepMind Control Suite"]),
    ("In the temporally-aware RL paper, which discovery approach finds the dynamic learning rules, and which fails?",
     "fact", [72], [72], ["evolution strategies", "meta-gradient"]),
    ("On what kind of tasks is SPO demonstrated?", "fact", [61], [61], ["continuous control tasks"]),
    ("mmE5: how is its synthetic data generated by the multimodal LLM?", "fact", [44], [44], ["single pass"]),
    ("Qwen2.5-Math-Instruct parameter counts available?", "fact", [18], [18], ["1.5B/7B/72B"]),
    ("LifeGPT: how do they run Life recursively with the model?", "fact", [65], [65], ["autoregressive autoregressor"]),
    ("name of the UCB-style algorithm in the DLB paper?", "fact", [71], [71], ["DynLin-UCB"]),
    ("Histopathology SSL paper: how do plain, off-the-shelf SSL methods fare?", "fact", [51], [51],
     ["performant across our benchmark tasks"]),
    # which_paper
    ("Is there a paper here that trains the policy with DPO on step-level preferences gathered by tree search?",
     "which_paper", [], [41], ["Direct Preference Optimization"]),
    ("which one of these analyses Mamba theoretically?", "which_paper", [], [56], ["Mamba"]),
    ("who proposed the Ping-Pong loss?", "which_paper", [], [27], ["Ping-Pong loss"]),
    ("Which paper gets a 7B Qwen math model to 90% on MATH?", "which_paper", [], [7], ["rStar-Math"]),
    ("Which paper introduces DeceptionBench?", "which_paper", [], [30], ["CoT Monitor+"]),
    ("There's a paper that lifts TruthfulQA accuracy from about 87 to about 97 percent with no supervision. Which one?",
     "which_paper", [], [12], ["EMPO"]),
    ("is there a paper benchmarking SSL on medical images for robustness and out-of-distribution detection?",
     "which_paper", [], [53], ["MedMNIST"]),
    ("Which paper reconstructs the density field using Delaunay tessellation?", "which_paper", [], [23],
     ["Delaunay tessellation"]),
    ("Who proposed a phone agent that keeps Tips and Shortcuts as long-term memory?", "which_paper", [], [8],
     ["Mobile-Agent-E"]),
    ("Which paper infers flashing ratchets and protein folding models zero-shot?", "which_paper", [], [68],
     ["Markov jump processes"]),
    ("Which paper finds that a student distilled from an untrained teacher outperforms that teacher?",
     "which_paper", [], [70], ["random initialization"]),
    ("which study had NLP researchers blind-review ideas from both an LLM and humans?", "which_paper", [], [42],
     ["NLP researchers"]),
    # comparison
    ("rStar-Math vs MedS3: what scores the individual reasoning steps during their tree search?", "comparison",
     [7, 10], [7, 10], ["process preference model", "evolution rollout value"]),
    ("Which base LLMs do EMPO and Long-otimes-Short start from?", "comparison", [12, 11], [12, 11],
     ["Qwen2.5-Math-7B Base", "Llama3.1-8B"]),
    ("LongPO or UPO: what problem is each one trying to fix?", "comparison", [3, 9], [3, 9],
     ["insufficient long-context alignment", "noisy preference data"]),
    ("What do SPC and the minimaximalist SPO paper have in common?", "comparison", [46, 61], [46, 61],
     ["self-play", "play against itself"]),
    ("Iterative deepening sampling vs Long-otimes-Short: evaluation benchmarks?", "comparison", [38, 11],
     [38, 11], ["Math500 and AIME", "GPQA Diamond"]),
    ("Headline numbers: Darwin Godel Machine on Polyglot vs Alita on GAIA", "comparison", [13, 4], [13, 4],
     ["14.2% to 30.7%", "75.15%"]),
    ("Alita and the Long Term Memory paper's OMNE both report GAIA. What does each claim?", "comparison",
     [4, 50], [4, 50], ["top-ranking", "first place on the GAIA benchmark"]),
    ("Mobile-Agent-E vs MobileSteward: what new benchmark does each introduce?", "comparison", [8, 1], [8, 1],
     ["Mobile-Eval-E", "CAPBench"]),
    ("rStar-Math vs the paper on a self-evolving mobile assistant: what does 'self-evolution' actually mean in each?",
     "comparison", [7, 8], [7, 8], ["iteratively evolved", "long-term memory"]),
    ("Qwen2.5-Math vs DotaMath: where does each get its training data from?", "comparison", [18, 19], [18, 19],
     ["Qwen2-Math-Instruct", "query evolution"]),
    ("Put MSTaR, B-STaR and the sharpening paper side by side: what is each one's main takeaway about self-improvement?",
     "comparison", [0, 64, 54], [0, 64, 54], ["final recipe", "rapidly deteriorate", "minimax optimal"]),
    ("RAIN and Self-Judge both lean on self-evaluation. What is it used for in each?", "comparison", [36, 28],
     [36, 28], ["backward rewind", "judge models"]),
    ("Is SELF-FAMILIARITY's idea of checking before answering similar to what the P(IK) experiments do?",
     "comparison", [34, 35], [34, 35], ["pre-detection self-evaluation", "without reference to any particular proposed answer"]),
    ("Contrast Uncertainty is Fragile with the internal-consistency calibration paper: can we trust a model's confidence?",
     "comparison", [37, 39], [37, 39], ["without affecting the final output", "distinguishes between correct and incorrect reasoning paths"]),
    ("SWE-Search vs Satori-SWE search method?", "comparison", [40, 57], [40, 57],
     ["Monte Carlo Tree Search", "selection and mutation"]),
    ("How do the Darwin Godel Machine and LLM Guided Evolution differ in what gets evolved?", "comparison",
     [13, 31], [13, 31], ["modifies its own code", "ExquisiteNetV2"]),
    ("Evolution Gym vs All You Need Is Sex for Diversity: what problems do they evolve solutions for?",
     "comparison", [73, 32], [73, 32], ["design and control", "symbolic regression"]),
    ("The histopathology SSL paper and the MedMNIST SSL benchmark: how broad is each benchmark?", "comparison",
     [51, 53], [51, 53], ["12 unique cancer types", "11 different medical datasets"]),
    ("Meta Flow Matching vs foundation inference models for MJPs: what real data is each shown on?",
     "comparison", [55, 68], [55, 68], ["single-cell drug screen", "ion channel"]),
    ("generalized teacher forcing vs the StNN paper: what model does each build on?", "comparison", [62, 63],
     [62, 63], ["piecewise-linear RNNs", "Hankel operator"]),
    ("The chaos benchmark and LifeGPT both deal with dynamical systems. Which systems does each one model?",
     "comparison", [59, 65], [59, 65], ["131 known chaotic dynamical systems", "Game of Life"]),
    ("At test time, what role does the reward model play in rStar-Math versus Qwen2.5-Math?", "comparison", [18, 7],
     [18, 7], ["guide sampling", "test-time search"]),
    ("AI co-scientist vs Darwin Godel Machine: how does each one generate and keep new candidates?",
     "comparison", [26, 13], [26, 13], ["generate, debate, and evolve", "archive of generated coding agents"]),
    ("MCTS-DPO vs MC-NEST base model?", "comparison", [41, 29], [41, 29], ["Mistral-7B", "Phi-3-mini"]),
    ("What do the adaptive inference-time compute paper and the Bag of Tricks paper say about sampling temperature?",
     "comparison", [33, 45], [33, 45], ["temperature annealing", "tuning temperature"]),
    ("Long-otimes-Short vs Satori-SWE: what efficiency does each claim?", "comparison", [11, 57], [11, 57],
     ["over 80%", "a few samples"]),
    ("mmE5 vs OneChart: how is self-evaluation used in each?", "comparison", [44, 43], [44, 43],
     ["self-evaluation and refinement", "gauge the reliability"]),
    ("SELF vs SPHERE: both have the model refine its own answers. What drives the refinement in each?",
     "comparison", [2, 6], [2, 6], ["language-based feedback", "Self-Correction"]),
    ("AgentGym or MSTaR: what does each team release?", "comparison", [47, 0], [47, 0],
     ["algorithm implementations", "policy and reward models"]),
    ("Do the cultural-evolution-in-LLM-populations paper and the AI-ideas creativity experiment study people or models?",
     "comparison", [60, 14], [60, 14], ["populations of LLMs", "800+ participants"]),
    ("Dynamical Linear Bandits vs the reward design thesis: which practical difficulty motivates each?",
     "comparison", [71, 52], [71, 52], ["online advertising", "delayed, ambiguous, or intricate rewards"]),
    ("Knightian blindspot paper vs temporally-aware RL paper: what does each say standard RL overlooks?",
     "comparison", [17, 72], [17, 72], ["Knightian uncertainty", "training horizon"]),
    ("Who is the attacker in Stochastic Parrots vs in Uncertainty is Fragile, and what do they exploit?",
     "comparison", [48, 37], [48, 37], ["reference human texts", "backdoor"]),
]


# ---------------------------------------------------------------- unanswerable + near misses
# ("u", question, intent, subjects, why)  |  ("n", question, intent, subjects, gold, must_include)
UNANSWERABLE = [
    # false premises
    ("u", "SPC relies on human step-level labels; how many annotators labelled them?", "fact", [46], "absent_detail"),
    ("n", "How does SPC get step-level supervision for its critic?", "fact", [46], [46],
     ["adversarial self-play games"]),
    ("u", "Why did Alita hand-craft so many specialised tools for GAIA?", "fact", [4], "absent_detail"),
    ("n", "If not predefined tools, how does Alita get new capabilities?", "fact", [4], [4],
     ["construct, refine, and reuse"]),
    ("u", "Which gradient updates does RAIN apply when it rewinds?", "fact", [36], "absent_detail"),
    ("n", "Does RAIN update the model's weights at all?", "fact", [36], [36], ["abstains from any training"]),
    ("u", "Why does Mobile-Agent-E use one single agent instead of several?", "fact", [8], "absent_detail"),
    ("n", "How is Mobile-Agent-E organised internally?", "fact", [8], [8], ["hierarchical multi-agent framework"]),
    ("u", "How long does the Darwin Godel Machine take to formally prove each self-modification beneficial?",
     "fact", [13], "absent_detail"),
    ("n", "How does the Darwin Godel Machine check that a change to its code helps?", "fact", [13], [13],
     ["coding benchmarks"]),
    ("u", "Why does Meta Flow Matching limit itself to a single initial population?", "fact", [55], "absent_detail"),
    ("n", "What can Meta Flow Matching generalise over that earlier flow models can't?", "fact", [55], [55],
     ["initial distributions"]),
    ("u", "How were the teachers in Random Teachers pretrained on ImageNet?", "fact", [70], "absent_detail"),
    ("n", "What kind of teacher does the Random Teachers paper use?", "fact", [70], [70], ["random initialization"]),
    # absent benchmarks
    ("u", "EMPO AIME 2024 accuracy?", "fact", [12], "absent_benchmark"),
    ("n", "EMPO: Qwen2.5-Math-7B Base accuracy on math before vs after?", "fact", [12], [12],
     ["30.7", "48.1"]),
    ("u", "How much token length does Long-otimes-Short save on HumanEval?", "fact", [11], "absent_benchmark"),
    ("n", "Long-otimes-Short's 80% token reduction: measured on which test sets?", "fact", [11], [11],
     ["AMC23", "GPQA Diamond"]),
    ("u", "mmE5 recall on MSCOCO retrieval?", "fact", [44], "absent_benchmark"),
    ("n", "On which benchmark is mmE5 state of the art?", "fact", [44], [44], ["MMEB"]),
    ("u", "What MT-Bench score does Self-J reach?", "fact", [28], "absent_benchmark"),
    ("n", "What AlpacaEval v2 gain does Self-J give when used as a reward model?", "fact", [28], [28],
     ["12.03 to 15.90"]),
    ("u", "What's SPC's exact accuracy on PRM800K?", "fact", [46], "absent_detail"),
    ("n", "Name the process-level benchmarks used to test the SPC critic.", "fact", [46], [46],
     ["ProcessBench", "PRM800K", "DeltaBench"]),
    ("u", "MC-NEST accuracy on the MATH dataset?", "fact", [29], "absent_benchmark"),
    ("n", "How hard are the benchmarks MC-NEST is tested on?", "fact", [29], [29], ["Olympiad-level benchmarks"]),
    ("u", "GASP 3D detection mAP on nuScenes?", "fact", [22], "absent_benchmark"),
    ("n", "GASP pretraining: which tasks get better afterwards?", "fact", [22], [22],
     ["semantic occupancy forecasting", "ego trajectory prediction"]),
    ("u", "What success rate do AgentEvol agents get on WebShop?", "fact", [47], "absent_benchmark"),
    ("n", "How do the agents evolved with AgentEvol compare to the state of the art?", "fact", [47], [47],
     ["comparable to SOTA models"]),
    ("u", "What exact Math500 accuracy does iterative deepening sampling reach?", "fact", [38], "absent_detail"),
    ("n", "Where does iterative deepening sampling do better, according to its abstract?", "fact", [38], [38],
     ["higher success rate on difficult tasks"]),
    ("u", "Qwen2.5-Math OlympiadBench score?", "fact", [18], "absent_benchmark"),
    ("n", "Which Chinese exam benchmark appears in the Qwen2.5-Math evaluation?", "fact", [18], [18], ["GaoKao"]),
    ("u", "How does RAIN do on TruthfulQA?", "fact", [36], "absent_benchmark"),
    ("n", "On which dataset is RAIN's harmlessness measured?", "fact", [36], [36], ["HH dataset"]),
    ("u", "What does the diffusion spectral entropy paper report on CIFAR-100?", "fact", [24], "absent_benchmark"),
    ("n", "On which datasets does mutual information with the input signal go down in the DSE paper?", "fact",
     [24], [24], ["CIFAR-10", "STL-10"]),
    # absent models
    ("u", "What MATH numbers does rStar-Math report for Llama-3-8B?", "fact", [7], "absent_model"),
    ("n", "Which two small models does rStar-Math report MATH gains for?", "fact", [7], [7],
     ["Qwen2.5-Math-7B", "Phi3-mini-3.8B"]),
    ("u", "Did Long-otimes-Short try Mistral-7B?", "fact", [11], "absent_model"),
    ("n", "Long-otimes-Short is trained on top of which open models?", "fact", [11], [11], ["Qwen2.5-7B", "Llama3.1-8B"]),
    ("u", "SPHERE results when the base model is Phi-3?", "fact", [6], "absent_model"),
    ("n", "SPHERE: list of eval sets?", "fact", [6], [6], ["MATH 500", "AMC"]),
    ("u", "How does the MCTS preference learning approach do on Llama-2-13B?", "fact", [41], "absent_model"),
    ("n", "MCTS-DPO commonsense result: what does it get on ARC-C?", "fact", [41], [41], ["76.4%"]),
    ("u", "Adaptive inference-time compute on Qwen2.5-72B: how much does it help?", "fact", [33], "absent_model"),
    ("n", "What happens to Llama 3.1 8B's AlpacaEval win rate with the adaptive scheme and 16 samples?", "fact",
     [33], [33], ["21% to 34%"]),
    ("u", "MSTaR results on LLaVA-1.5?", "fact", [0], "absent_model"),
    ("n", "On which multimodal models is MSTaR shown to work?", "fact", [0], [0],
     ["MiniCPM-V-2.5", "InternVL2"]),
    ("u", "How does SELF-FAMILIARITY perform on GPT-4?", "fact", [34], "absent_model"),
    ("n", "Why does the SELF-FAMILIARITY paper think post-hoc hallucination detection is not enough?",
     "fact", [34], [34], ["could not prevent their occurrence"]),
    ("u", "Did the uncertainty backdoor also work on GPT-4?", "fact", [37], "absent_model"),
    ("n", "Across how many triggering strategies and models did the uncertainty attack reach 100 ASR?", "fact",
     [37], [37], ["three different triggering strategies", "four models"]),
    # hyperparameters
    ("u", "LongPO: value of the KL weight?", "fact", [3], "hyperparameter"),
    ("n", "What is the KL term in LongPO's objective there for?", "fact", [3], [3],
     ["short-context performance decline"]),
    ("u", "PSEC's LoRA modules: what rank and alpha?", "fact", [74], "hyperparameter"),
    ("n", "How are skills represented in PSEC's library?", "fact", [74], [74], ["Low-Rank Adaptation"]),
    ("u", "What learning rate is SPC's sneaky generator trained with?", "fact", [46], "hyperparameter"),
    ("n", "What's the job of the sneaky generator in SPC?", "fact", [46], [46], ["deliberately produces erroneous steps"]),
    ("u", "What population size do the Evolution Gym co-evolution algorithms use?", "fact", [73], "hyperparameter"),
    ("n", "In Evolution Gym, what building blocks make up a robot's body?", "fact", [73], [73], ["voxels"]),
    ("u", "Which exact mutation rates were tried in the sex-for-diversity experiments?", "fact", [32],
     "hyperparameter"),
    ("n", "Which kind of problems were used to test the evolving mating preferences?", "fact", [32], [32],
     ["symbolic regression"]),
    ("u", "What sampling temperature did the LLM ideation agent use?", "fact", [42], "hyperparameter"),
    ("n", "How did reviewers rate LLM ideas against expert ones on novelty?", "fact", [42], [42], ["more novel"]),
    ("u", "How many debate rounds does SWE-Search's Discriminator Agent run?", "fact", [40], "hyperparameter"),
    ("n", "What does the Discriminator Agent do in SWE-Search?", "fact", [40], [40], ["multi-agent debate"]),
    # cost
    ("u", "How much did the AI co-scientist's wet-lab validation cost?", "fact", [26], "cost"),
    ("n", "What did the AI co-scientist's drug repurposing candidates show for acute myeloid leukemia?", "fact",
     [26], [26], ["tumor inhibition"]),
    ("u", "SPHERE compute budget in GPU-hours?", "fact", [6], "cost"),
    ("n", "What does SPHERE's Diversity Induction stage add?", "fact", [6], [6],
     ["multiple valid reasoning trajectories"]),
    ("u", "What was the total API spend for the Darwin Godel Machine experiments?", "fact", [13], "cost"),
    ("n", "Were the DGM's self-modifications run with any safeguards?", "fact", [13], [13], ["sandboxing"]),
    ("u", "How long does it take to train LifeGPT?", "fact", [65], "cost"),
    ("n", "Does LifeGPT actually learn Life's rules well?", "fact", [65], [65], ["near-perfect accuracy"]),
    ("u", "What's the inference latency of MedS3's reward model?", "fact", [10], "cost"),
    ("n", "MedS3: gain from the reward model at inference?", "fact", [10], [10], ["13 points"]),
    ("u", "How many GPU hours does Satori-SWE's RL stage need?", "fact", [57], "cost"),
    ("n", "What does Satori-SWE's RL training let it do without at inference?", "fact", [57], [57],
     ["external verifiers"]),
    # dataset sizes
    ("u", "How many instructions are in AgentGym's expanded instruction database?", "fact", [47], "dataset_size"),
    ("n", "What style of agent exploration does the AgentGym framework support?", "fact", [47], [47],
     ["concurrent agent exploration"]),
    ("u", "Size of the Hugging Face instruction pool Self-J gathered?", "fact", [28], "dataset_size"),
    ("n", "Where did the Self-J team get the instructions for training and evaluating its judges?", "fact", [28],
     [28], ["Hugging Face"]),
    ("u", "How many cold-start examples does Long-otimes-Short synthesize?", "fact", [11], "dataset_size"),
    ("n", "What is the cold-start data in Long-otimes-Short used for?", "fact", [11], [11],
     ["long-thought and short-thought reasoning styles"]),
    ("u", "How many chart images went into training OneChart?", "fact", [43], "dataset_size"),
    ("n", "OneChart is compared with which SOTA chart parsers?", "fact", [43], [43], ["DePlot", "ChartVLM"]),
    ("u", "How many tiles/patches are in the histopathology pretraining set?", "fact", [51], "dataset_size"),
    ("n", "Histopathology SSL benchmark: tissue and cancer type coverage?", "fact", [51], [51],
     ["17 unique tissue types", "12 unique cancer types"]),
    ("u", "How many hours of audio were used to train RWM?", "fact", [16], "dataset_size"),
    ("n", "What is RWM compared against in its experiments?", "fact", [16], [16],
     ["mainstream continual learning methods"]),
    # comparisons that cannot be answered
    ("u", "rStar-Math vs Qwen2.5-Math: which one trains faster?", "comparison", [7, 18], "absent_comparison"),
    ("n", "rStar-Math vs Qwen2.5-Math: how does each build its reward model?", "comparison", [7, 18], [7, 18],
     ["step-level score annotation", "massive sampling"]),
    ("u", "Is SWE-Search better than OpenHands?", "comparison", [40], "absent_comparison"),
    ("n", "What baseline is SWE-Search's 23% improvement measured against?", "fact", [40], [40],
     ["standard open-source agents without MCTS"]),
    ("u", "Does MedS3 beat Med-PaLM 2?", "comparison", [10], "absent_comparison"),
    ("n", "Which OpenAI model does MedS3 surpass once the reward model is added?", "fact", [10], [10],
     ["GPT-4o-mini"]),
    ("u", "Mobile-Agent-E or AppAgent, which is stronger?", "comparison", [8], "absent_comparison"),
    ("n", "How large an improvement over earlier state of the art does Mobile-Agent-E claim?", "fact", [8], [8],
     ["22% absolute improvement"]),
    ("u", "RAIN vs SPO: which uses less GPU memory?", "comparison", [36, 61], "absent_comparison"),
    ("n", "RAIN vs SPO: what judges the outputs in each?", "comparison", [36, 61], [36, 61],
     ["self-evaluation", "rater or preference model"]),
    ("u", "EMPO or UPO: which one scales better to 70B models?", "comparison", [12, 9], "absent_comparison"),
    ("n", "EMPO vs UPO: how does each handle uncertainty or entropy?", "comparison", [12, 9], [12, 9],
     ["latent semantic space", "Bayesian neural network"]),
    # papers not in the collection
    ("u", "Summarise the Tree of Thoughts paper", "describe", [], "absent_paper"),
    ("n", "Which paper combines tree search, self-refinement and Nash equilibrium strategies for math?",
     "which_paper", [], [29], ["MC-NEST"]),
    ("u", "AlphaEvolve's 4x4 complex matrix multiplication result?", "fact", [], "absent_paper"),
    ("n", "Is there a paper here where an LLM performs the mutations and crossovers of an evolutionary search over model code?",
     "which_paper", [], [31], ["Guided Evolution"]),
    ("u", "What are the main results of the original SWE-agent paper?", "fact", [], "absent_paper"),
    ("n", "Which paper has a component called SWE-Agent, and what does it do there?", "which_paper", [], [40],
     ["adaptive exploration"]),
    ("u", "What does the Self-Rewarding Language Models paper propose?", "describe", [], "absent_paper"),
    ("n", "Which paper shows its judge models work as reward models for best-of-n sampling?", "which_paper", [],
     [28], ["best-of-32"]),
    ("u", "Summarise the GAIA benchmark paper for me", "describe", [], "absent_paper"),
    ("n", "Which papers here report results on GAIA, and what do they get?", "list", [], [4, 50],
     ["87.27%", "first place"]),
    # opinions, predictions and details the abstracts never give
    ("u", "Will EvoScale replace fine-tuning for software agents?", "fact", [57], "absent_detail"),
    ("n", "What drawback of SFT-based approaches do the Satori-SWE authors point to?", "fact", [57], [57],
     ["expensive to curate at scale"]),
    ("u", "Which university is behind the MedMNIST SSL benchmark?", "fact", [53], "absent_detail"),
    ("n", "Besides SSL methods, which factors does the MedMNIST SSL study explore?", "fact", [53], [53],
     ["multi-domain pre-training"]),
    ("u", "Is the Foundation Agents survey better than the self-evolving agents survey?", "comparison", [15, 75],
     "absent_detail"),
    ("n", "Around which three questions is the self-evolving agents survey organised?", "fact", [75], [75],
     ["what to evolve", "when to evolve", "how to evolve"]),
    ("u", "Can I use the chaos benchmark commercially, i.e. what's its license?", "fact", [59], "absent_detail"),
    ("n", "What annotations come with each system in the chaos benchmark?", "fact", [59], [59],
     ["known mathematical properties"]),
    ("u", "How many co-authors wrote Limits and Powers of Koopman Learning?", "fact", [67], "absent_detail"),
    ("n", "Koopman limits paper: give the concrete example where eigenfunctions are unlearnable", "fact", [67],
     [67], ["smooth dynamical systems on tori"]),
    ("u", "Do the Mamba token dynamics authors think Mamba will replace transformers?", "fact", [56],
     "absent_detail"),
    ("n", "Mamba token dynamics: what practical fixes do they suggest?", "fact", [56], [56],
     ["reordering tokens"]),
    ("u", "What value of rho did the real advertising data in the DLB paper have?", "fact", [71], "absent_detail"),
    ("n", "What does d stand for in DynLin-UCB's regret bound?", "fact", [71], [71],
     ["dimension of the action vector"]),
    ("u", "What initial mass does the Sgr progenitor have in the simulations?", "fact", [20], "absent_detail"),
    ("n", "Sgr self-interacting dark matter paper: which sigma/m value do they single out?", "fact", [20], [20],
     ["30 cm^2/g"]),
    ("u", "How many neutron stars get ejected in the NBODY6++GPU-MASSLESS clusters?", "fact", [66], "absent_detail"),
    ("n", "In the massless particle paper, which early time window is set aside because of fast neutron star ejections?",
     "fact", [66], [66], ["first 50 Myr"]),
    # off topic
    ("u", "any tips for proofing sourdough overnight?", "off_topic", [], "off_topic"),
    ("u", "How do I set up a Python virtual environment on Windows?", "off_topic", [], "off_topic"),
    ("u", "who is the current F1 world champion?", "off_topic", [], "off_topic"),
    ("u", "write a limerick about a lazy cat", "off_topic", [], "off_topic"),
    ("u", "convert 72 fahrenheit to celsius", "off_topic", [], "off_topic"),
]


# ---------------------------------------------------------------- lists and counts
# (question, intent, gold, match_any or None, count or None, note or None)
MCTS = ["monte carlo tree", "mcts"]
QWEN = ["qwen"]
GPT4O = ["gpt-4o"]
MISTRAL = ["mistral"]
DPO = ["dpo", "direct preference optimization"]
MOBILE = ["mobile", "smartphone"]
SELF_PLAY = ["self-play"]
GAN = ["gan-based", "stylegan", "text gans"]
SWEBENCH = ["swe-bench"]
GSM8K = ["gsm8k"]
COT = ["chain-of-thought", "chain of thought"]
DYNSYS = ["dynamical system"]
GITHUB = ["github.com"]
HALLU = ["hallucina"]
PRM = ["process reward"]
MULTI_AGENT = ["multi-agent"]
SINGLE_CELL = ["single-cell"]
NBODY = ["n-body"]
BEST_OF = ["best-of-n", "best-of-32"]
O1 = ["o1"]
ALPACA = ["alpacaeval"]
RLHF = ["rlhf", "human feedback"]
LLAMA = ["llama"]
MEMORY = ["memory"]
KOOPMAN = ["koopman"]
MEDICAL = ["medical", "clinical", "medicine", "health"]
SLM = ["small language model", "slm"]
HAND = "gold listed by hand after reading every abstract that could qualify"
LISTS = [
    ("Tally: how many abstracts use MCTS?", "count", [7, 10, 29, 40, 41], MCTS, 5, None),
    ("AIME: which papers evaluate on it?", "list", [6, 7, 11, 18, 38, 46], None, None,
     HAND + ": 'aime' also hits 'aimed' (0, 41, 56); the AIME benchmark appears in 6, 7, 11, 18, 38, 46"),
    ("For a model-family comparison: which abstracts build on or test Qwen-family models (any version)?", "list", [7, 11, 12, 18, 45], QWEN, None, None),
    ("How many abstracts mention GPT-4o?", "count", [6, 10, 29], GPT4O, 3,
     "10 mentions GPT-4o-mini, which counts as a GPT-4o mention"),
    ("Any papers using Mistral models? list them", "list", [3, 41, 45], MISTRAL, None, None),
    ("Which papers use DPO?", "list", [3, 41], DPO, None, None),
    ("papers about phone / mobile agents?", "list", [1, 8], MOBILE, None, None),
    ("Any work here where a model plays against a copy of itself? Name them all.", "list", [46, 61], SELF_PLAY, None, None),
    ("Which abstracts mention GANs (StyleGAN, GAN-based generation, text GANs)?", "list", [27, 48, 49], GAN,
     None, None),
    ("Count the papers that report on SWE-bench (any variant).", "count", [13, 40, 57], SWEBENCH, 3, None),
    ("GSM8K: which papers put a number on it?", "list", [6, 18, 19, 33, 41], GSM8K, None, None),
    ("Which papers have anything to do with chain-of-thought traces?", "list", [0, 11, 18, 30, 34, 39, 46], COT, None, None),
    ("How many papers deal with dynamical systems explicitly (using that phrase)?", "count",
     [56, 59, 62, 63, 67, 68, 69], DYNSYS, 7, None),
    ("Count the abstracts that give a github.com link for code or data.", "count",
     [4, 7, 10, 11, 19, 21, 24, 27, 37, 41, 44, 45, 47, 49, 70], GITHUB, 15,
     "github.io project pages (8, 30, 74) and 57's 'GitHub issues' do not count"),
    ("any papers on hallucination?", "list", [21, 34], HALLU, None, None),
    ("Process-level supervision: which abstracts bring up process rewards or PRMs?", "list", [7, 45, 46], PRM, None, None),
    ("I'm mapping multi-agent work in this collection: which abstracts build or survey multi-agent setups?", "list", [1, 8, 15, 26, 40, 50, 60, 75],
     MULTI_AGENT, None, None),
    ("I do scRNA-seq. Is anything here relevant to single-cell measurements?", "list", [55, 58], SINGLE_CELL, None, None),
    ("For an astro-ML group: which abstracts run or compare against N-body simulations?", "list", [20, 23, 66], NBODY, None, None),
    ("Which abstracts talk about best-of-N sampling?", "list", [28, 33, 45], BEST_OF, None, None),
    ("How often is OpenAI's o1 brought up as a reference point? Just the count.", "count", [7, 10, 38], O1, 3, None),
    ("Which papers give win rates or scores on AlpacaEval, and for which models?", "list", [28, 33], ALPACA, None, None),
    ("How many papers are about speech recognition?", "count", [], ["speech recognition"], 0,
     "16 is about audio deepfake detection, not speech recognition"),
    ("Which papers bring up RLHF or human feedback?", "list", [45, 54, 61], RLHF, None, None),
    ("which abstracts name a Llama model", "list", [11, 33, 36, 45], LLAMA, None, None),
    ("Which papers discuss memory in agents or models?", "list", [1, 8, 15, 50, 75], MEMORY, None, None),
    ("How many papers mention Koopman operators?", "count", [63, 67], KOOPMAN, 2,
     "63 mentions Koopman only via HAVOK (Hankel Alternative view of Koopman)"),
    ("Which abstracts touch on medicine, clinical use or healthcare?", "list", [10, 26, 51, 53, 55, 69, 75],
     MEDICAL, None, "75 only names healthcare as an application domain; 26 matches via 'biomedical'"),
    ("Is MMLU used anywhere in this collection? How many papers?", "count", [], ["mmlu"], 0, None),
    ("SLM-focused work: which abstracts are specifically about small language models?", "list", [6, 7, 10], SLM, None, None),
    ("Which papers report results on both a MATH500-style benchmark and AIME?", "list", [6, 11, 38, 46], None,
     None, HAND + ": AIME papers are 6, 7, 11, 18, 38, 46; 7 and 18 report MATH but not MATH500"),
    ("Which abstracts mention self-supervision but are not about language models?", "list",
     [22, 24, 27, 49, 51, 53, 70], None, None,
     HAND + ": 'self-supervis' hits 12, 22, 24, 27, 49, 51, 53, 70; 12 (EMPO) is about LLM reasoning; "
     "22 mentions LLMs only as an analogy"),
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
    [turn("anything on self-play?", "first", "list", [], [46, 61], [], match_any=SELF_PLAY),
     turn("what does the second one use as the reward for a trajectory?", "dependent", "fact", [61], [61],
          ["proportion of wins"]),
     turn("and the first one, which benchmarks?", "dependent", "fact", [46], [46], ["ProcessBench"]),
     unf("which GPUs were used for training?", [46])],
    [turn("TL;DR of Satori-SWE", "first", "describe", [57], [57], ["EvoScale"]),
     turn("how is that different from SWE-Search's approach?", "new_subject", "comparison", [57, 40], [57, 40],
          ["selection and mutation", "Monte Carlo Tree Search"]),
     turn("does either of them use RL?", "dependent", "comparison", [57, 40], [57],
          ["reinforcement learning"])],
    [turn("papers with SWE-bench results?", "first", "list", [], [13, 40, 57], [], match_any=SWEBENCH),
     turn("what about the third one, how big is its model?", "dependent", "fact", [57], [57], ["32B"]),
     turn("compare the first two on their SWE-bench gains", "dependent", "comparison", [13, 40], [13, 40],
          ["20.0% to 50.0%", "23% relative improvement"]),
     unf("which of them has the cheapest API bill?", [13, 40, 57], intent="comparison")],
    [turn("what's the gist of LongPO?", "first", "describe", [3], [3], ["short-to-long preference"]),
     turn("what data did it train on", "dependent", "fact", [3], [3], ["self-generated"]),
     turn("switch to UPO: same question", "new_subject", "fact", [9], [9], ["preference data"]),
     unf("UPO's optimizer settings?", [9])],
    [turn("which papers have AIME evaluations?", "first", "list", [], [6, 7, 11, 18, 38, 46], []),
     turn("which of those gives an actual AIME percentage?", "dependent", "which_paper", [6, 7, 11, 18, 38, 46],
          [7], ["53.3%"]),
     turn("what base models does it improve on MATH?", "dependent", "fact", [7], [7], ["Phi3-mini-3.8B"])],
    [turn("how does RAIN align a model without finetuning?", "first", "describe", [36], [36],
          ["rewind mechanisms"]),
     turn("how does Self-Judge's take differ?", "new_subject", "comparison", [36, 28], [36, 28],
          ["without finetuning", "declines to execute instructions"]),
     unf("how many GPUs did Self-Judge training take?", [28])],
    [turn("any papers on hallucination?", "first", "list", [], [21, 34], [], match_any=HALLU),
     turn("what framework does the survey one propose?", "dependent", "fact", [21], [21], ["Self-Feedback"]),
     turn("and what does the other one do when a concept is unfamiliar to the model?", "dependent", "fact", [34],
          [34], ["withholding the generation"]),
     unf("what's its F1 on HaluEval?", [34])],
    [turn("MC-NEST: which models benefit?", "first", "fact", [29], [29], ["GPT-4o", "Phi-3-mini"]),
     turn("what earlier method does it build on?", "dependent", "fact", [29], [29], ["Monte Carlo Tree Self-Refine"]),
     turn("now rStar-Math: what guides its search?", "new_subject", "fact", [7], [7], ["process reward model"]),
     turn("compare the two on what they claim for olympiad-level math", "dependent", "comparison", [29, 7],
          [29, 7], ["Olympiad-level benchmarks", "53.3%"])],
    [turn("Which abstracts mention N-body simulations?", "first", "list", [], [20, 23, 66], [], match_any=NBODY),
     turn("which one is about star clusters", "dependent", "which_paper", [20, 23, 66], [66],
          ["NBODY6++GPU-MASSLESS"]),
     turn("what happens to the escape rate of massless particles after core collapse?", "dependent", "fact", [66],
          [66], ["remain stable"]),
     unf("how many CPU cores did the simulations use?", [66])],
    [turn("what's the main contribution of AgentGym?", "first", "describe", [47], [47], ["AgentEvol"]),
     turn("does it release anything?", "dependent", "fact", [47], [47], ["checkpoints"]),
     turn("Mobile-Agent-E: its self-evolution module, what does it store?", "new_subject", "fact", [8], [8],
          ["Tips and Shortcuts"]),
     turn("do the two share anything in how they evolve?", "dependent", "comparison", [47, 8], [47, 8],
          ["self-evolution", "past experience"])],
    [turn("How many papers mention Koopman operators?", "first", "count", [], [63, 67], [], count=2,
          match_any=KOOPMAN),
     turn("which of them proves negative results?", "dependent", "which_paper", [63, 67], [67],
          ["fundamental barriers"]),
     turn("and the other one compares against which methods on the Lorenz system?", "dependent", "fact", [63],
          [63], ["SINDy", "HAVOK"])],
    [turn("EMPO in a nutshell?", "first", "describe", [12], [12], ["Entropy Minimized Policy Optimization"]),
     turn("what supervision does it avoid?", "dependent", "fact", [12], [12], ["golden answers"]),
     turn("is the sharpening paper's view of self-improvement similar?", "new_subject", "comparison", [12, 54],
          [12, 54], ["predictive entropy", "verifier"]),
     unf("which one would work better on a 70B model?", [12, 54], intent="comparison")],
    [turn("Which papers talk about best-of-N sampling?", "first", "list", [], [28, 33, 45], [], match_any=BEST_OF),
     turn("which one avoids an external reward model?", "dependent", "which_paper", [28, 33, 45], [33],
          ["without an external reward model"]),
     turn("how many samples does it need on average to get most of the gain?", "dependent", "fact", [33], [33],
          ["1.2 samples"]),
     turn("and the Bag of Tricks one, how much compute went into its experiments?", "dependent", "fact", [45],
          [45], ["20,000 A100-80G GPU hours"])],
    [turn("give me the gist of Meta Flow Matching", "first", "describe", [55], [55], ["Wasserstein manifold"]),
     turn("what's its application?", "dependent", "fact", [55], [55], ["individual treatment responses"]),
     turn("Control of Medical Digital Twins: its target application?", "new_subject", "fact", [69], [69],
          ["medical digital twins"]),
     unf("which hospital's patient data did it use?", [69])],
    [turn("Which papers use DPO?", "first", "list", [], [3, 41], [], match_any=DPO),
     turn("compare the two: what preference data does each build?", "dependent", "comparison", [3, 41], [3, 41],
          ["short-to-long preference data", "step-level preference data"]),
     unf("DPO beta value in each?", [3, 41])],
    [turn("how does B-STaR work in two sentences?", "first", "describe", [64], [64],
          ["exploration and exploitation"]),
     turn("which tasks is it tested on?", "dependent", "fact", [64], [64], ["coding", "commonsense reasoning"]),
     turn("put it side by side with SPHERE: what does each iterate on?", "new_subject", "comparison", [64, 6],
          [64, 6], ["adjusts configurations", "reasoning chains"]),
     unf("what's SPHERE's AIME score exactly?", [6])],
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
