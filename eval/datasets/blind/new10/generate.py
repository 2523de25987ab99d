"""Blind batch n10: hand-written questions, this script only serialises them.

Papers are referred to by their corpus index (order of the Daily Papers file); the exact
titles are looked up from the corpus at run time, so the files always carry exact titles.

    python3 eval/datasets/blind/new10/generate.py

Styles of this batch: context before the question (related-work, advisor, reading group),
papers named by words from their title or by an acronym's expansion, questions about "the
authors" / "according to the abstract", false premises (unanswerable, with a true near-miss),
numbers written as words and percentages asked as fractions, follow-ups that return to an
earlier paper or turn into a comparison, topical list criteria and count questions in many forms.
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
    ("I'm putting together a reading list on hallucination. What's the idea behind the zero-resource hallucination prevention paper?",
     "describe", [34], [34], ["SELF-FAMILIARITY"]),
    ("My advisor mentioned the 'random teachers are good teachers' paper \u2014 what was its main finding?",
     "describe", [70], [70], ["probing accuracy"]),
    ("According to the abstract, what do the authors of the Koopman learning limits paper claim?",
     "describe", [67], [67], ["fundamental barriers"]),
    ("For a lab meeting on robot design: what is Evolution Gym?",
     "describe", [73], [73], ["soft robots"]),
    ("I keep seeing Knightian uncertainty cited in open-endedness talks. What is the argument of the Knightian blindspot paper?",
     "describe", [17], [17], ["Knightian uncertainty", "biological evolution"]),
    ("Summarise the multi-marginal Schr\u00f6dinger bridge paper with iterative reference refinement for me",
     "describe", [58], [58], ["class of reference dynamics"]),
    ("For a talk on state space models: what did the authors of the token-dynamics paper find about Mamba?",
     "describe", [56], [56], ["converge to zero", "diverge to infinity"]),
    ("Someone in our reading group brought up LifeGPT. What is it?",
     "describe", [65], [65], ["Game of Life"]),
    ("In a nutshell, what does the Meta Flow Matching paper propose?",
     "describe", [55], [55], ["Wasserstein manifold"]),
    ("what is the setting called Dynamical Linear Bandits, according to its authors?",
     "describe", [71], [71], ["hidden state"]),
    ("Give me the gist of the paper on foundation inference models for Markov jump processes",
     "describe", [68], [68], ["zero-shot"]),
    ("My co-author works on cultural evolution. What does the paper about populations of large language models offer?",
     "describe", [60], [60], ["simulating cultural evolution"]),
    # fact
    ("The JD Explore SuperGLUE report: on how many of the eight tasks did their six-billion-parameter Vega set a new state of the art?",
     "fact", [5], [5], ["4/8"]),
    ("In the diffusion spectral entropy paper, across how many ImageNet models do the authors predict downstream accuracy?",
     "fact", [24], [24], ["962 models"]),
    ("The paper on understanding telecom language: which years of 3GPP documents were used for training, and which years were predicted?",
     "fact", [25], [25], ["2009-2019", "2020-2023"]),
    ("OneChart as a helper for LLaVA-1.6: how much does it add on ChartQA, according to the authors?",
     "fact", [43], [43], ["10%+"]),
    ("For the StyleGAN face recognition paper, how many images are in the two unlabeled face sets they collected? millions is fine",
     "fact", [49], [49], ["5 million images", "3 million images"]),
    ("I'm reviewing the histopathology self-supervised learning paper. How many tissue types and cancer types does their benchmark cover?",
     "fact", [51], [51], ["17 unique tissue types", "12 unique cancer types"]),
    ("The MedMNIST self-supervised learning benchmark: how many SSL methods and how many medical datasets?",
     "fact", [53], [53], ["8 major SSL methods", "11 different medical datasets"]),
    ("What proof-of-concept uses of the chaotic systems dataset do the authors describe?",
     "fact", [59], [59], ["surrogate transfer learning", "symbolic regression"]),
    ("In the generalized teacher forcing paper, what do the authors prove about the gradients?",
     "fact", [62], [62], ["bounded gradients"]),
    ("Which operator is the low-complexity structured neural network (StNN) built on?",
     "fact", [63], [63], ["Hankel operator"]),
    ("According to the NBODY6++GPU-MASSLESS abstract, do massless particles escape faster before or after core collapse?",
     "fact", [66], [66], ["High escape rates"]),
    ("The temporally-aware RL algorithm discovery paper: did meta-gradients or evolution strategies find the dynamic learning rules?",
     "fact", [72], [72], ["evolution strategies"]),
    ("On which benchmarks do the PSEC (parametric skill expansion and composition) authors report results?",
     "fact", [74], [74], ["D4RL", "DSRL", "DeepMind Control Suite"]),
    ("The Sagittarius dark matter paper: what do the authors identify as the main cause of the extra mass loss?",
     "fact", [20], [20], ["ram-pressure evaporation"]),
    ("In the statistical theory of collisionless dark matter flow, which scaling law do even-order moments of the pairwise velocity obey at small scales?",
     "fact", [23], [23], ["two-thirds law"]),
    ("What is the new loss called in the temporal coherence GAN video paper?",
     "fact", [27], [27], ["Ping-Pong loss"]),
    ("For the audio deepfake continual learning method, what measure separates compact classes from spread-out ones?",
     "fact", [16], [16], ["in-class cosine distance"]),
    ("In 'Language Models (Mostly) Know What They Know', what does P(IK) mean?",
     "fact", [35], [35], ["I know"]),
    ("With the rewindable inference method under the llm-attacks adversarial attack on Vicuna 33B, roughly what fraction of attacks still get through?",
     "fact", [36], [36], ["19%"]),
    ("In the paper about LLMs predicting mid-generation whether they can do better, what share of samples can be cut off early?",
     "fact", [33], [33], ["50-75%"]),
    ("The 'not all thoughts are generated equal' paper: which two base models do the authors train?",
     "fact", [11], [11], ["Qwen2.5-7B", "Llama3.1-8B"]),
    ("What is the agent self-evolution method in AgentGym called?",
     "fact", [47], [47], ["AgentEvol"]),
    ("The Mobile-Agent-E authors describe four helper agents under the Manager. Which are they?",
     "fact", [8], [8], ["Perceptor", "Action Reflector", "Notetaker"]),
    ("What three factors does the multimodal self-evolving training study single out?",
     "fact", [0], [0], ["Training Method", "Reward Model", "Prompt Variation"]),
    ("In the self-play preference optimization paper, what serves as the reward of a trajectory?",
     "fact", [61], [61], ["proportion of wins"]),
    ("According to the abstract, in which three biomedical areas did the AI co-scientist authors validate their system?",
     "fact", [26], [26], ["drug repurposing", "novel target discovery", "bacterial evolution"]),
    # which_paper
    ("I'm writing a related-work section on chart understanding. Which paper adds an extra token to make chart numbers more reliable?",
     "which_paper", [], [43], ["OneChart"]),
    ("My collaborator works on spoofed speech. Is there a paper here on continual learning for spotting fake audio?",
     "which_paper", [], [16], ["Radian Weight Modification"]),
    ("Which paper has a transformer learn Conway's cellular automaton without being told the grid size?",
     "which_paper", [], [65], ["LifeGPT"]),
    ("Which paper argues that detectors of machine-written text can be defeated by fine-tuning the generator?",
     "which_paper", [], [48], ["Stochastic Parrots"]),
    ("I'm looking at ad spending whose effect shows up much later. Which paper models that as a bandit problem?",
     "which_paper", [], [71], ["Dynamical Linear Bandits"]),
    ("Which paper steers computational patient models with neural-network controllers?",
     "which_paper", [], [69], ["medical digital twins"]),
    ("Which paper compares ideas from expert NLP researchers with those from an LLM agent, head to head?",
     "which_paper", [], [42], ["Novel Research Ideas"]),
    ("Which paper plants a trigger in a language model to tamper with its confidence while leaving the answer unchanged?",
     "which_paper", [], [37], ["Uncertainty is Fragile"]),
    ("My group does pretraining for self-driving cars. Which paper here forecasts 4D occupancy as a pretraining task?",
     "which_paper", [], [22], ["GASP"]),
    ("Which one is a thesis on how to design rewards for reinforcement learning agents?",
     "which_paper", [], [52], ["Reward Design"]),
    ("Which paper fine-tunes BERT, RoBERTa and GPT-2 on standards documents?",
     "which_paper", [], [25], ["Telecom Language"]),
    ("Is there a paper applying mate choice from sexual selection to genetic programming? which one?",
     "which_paper", [], [32], ["Sex for Diversity"]),
    ("Which paper trains small math models by generating, self-correcting and diversifying reasoning chains?",
     "which_paper", [], [6], ["SPHERE"]),
    # comparison
    ("For my related-work section on self-play: how do SPC and the minimaximalist RLHF paper differ in who plays against whom?",
     "comparison", [46, 61], [46, 61], ["sneaky generator", "play against itself"]),
    ("rStar-Math vs MedS3: both do Monte Carlo tree search \u2014 how big is the problem set or seed data in each?",
     "comparison", [7, 10], [7, 10], ["747k", "8,000"]),
    ("Mobile-Agent-E and MobileSteward are both phone agents. Which new benchmark did each one introduce?",
     "comparison", [8, 1], [8, 1], ["Mobile-Eval-E", "CAPBench"]),
    ("How does the Darwin G\u00f6del Machine stack up against Satori-SWE on the GitHub-issue benchmark?",
     "comparison", [13, 57], [13, 57], ["50.0%", "Satori-SWE-32B"]),
    ("Histopathology SSL vs the MedMNIST SSL benchmark: what evaluation scale did each use?",
     "comparison", [51, 53], [51, 53], ["17 unique tissue types", "11 different medical datasets"]),
    ("The two internal-consistency papers (the survey and the calibration one): where in the model does each look for consistency?",
     "comparison", [21, 39], [21, 39], ["latent layer", "intermediate layers"]),
    ("SELF-FAMILIARITY vs 'Language Models (Mostly) Know What They Know': how does each get a model to judge itself?",
     "comparison", [34, 35], [34, 35], ["unfamiliar concepts", "P(True)"]),
    ("Generalized teacher forcing and the Hankel StNN both learn dynamical systems. Which model does each rely on?",
     "comparison", [62, 63], [62, 63], ["PLRNN", "Hankel operator"]),
    ("Evolution Gym vs AgentGym: what sort of agents gets evolved in each?",
     "comparison", [73, 47], [73, 47], ["soft robots", "LLM-based agents"]),
    ("B-STaR and the sharpening paper both analyse self-improvement. What does each single out as the key ingredient?",
     "comparison", [64, 54], [64, 54], ["exploitation", "verifier"]),
    ("RAIN, CoT Monitor+ and Self-Judge all touch alignment \u2014 which of them needs training and which does not?",
     "comparison", [36, 30, 28], [36, 30, 28], ["without finetuning", "reinforcement learning", "self-training"]),
    ("Guided Evolution and the 'sex for diversity' paper both care about genetic diversity. How does each keep it up?",
     "comparison", [31, 32], [31, 32], ["model temperature", "mating preferences"]),
]

# ---------------------------------------------------------------- unanswerable + near misses
# ("u", question, intent, subjects, why)  |  ("n", question, intent, subjects, gold, must_include)
UNANSWERABLE = [
    # absent_paper
    ("u", "My advisor mentioned the AlphaGo Zero paper \u2014 what Elo rating did it reach, according to the collection?",
     "fact", [], "absent_paper"),
    ("n", "The Monte Carlo tree search preference-learning paper says it borrows its strategy from which game-playing system?",
     "fact", [41], [41], ["AlphaZero"]),
    ("u", "I'm writing about verbal self-reflection agents. What does the Reflexion paper report on HumanEval?",
     "fact", [], "absent_paper"),
    ("n", "Which paper teaches a model meta-skills of self-feedback and self-refinement before letting it evolve?",
     "which_paper", [], [2], ["meta-skill learning"]),
    ("u", "What does the Voyager paper say about its Minecraft agent's skill library?",
     "fact", [], "absent_paper"),
    ("n", "The PSEC authors keep a library of skills \u2014 in what form are the skills stored?",
     "fact", [74], [74], ["Low-Rank Adaptation (LoRA) modules"]),
    ("u", "Summarise the original STaR paper, the self-taught reasoner by Zelikman et al.",
     "describe", [], "absent_paper"),
    ("n", "What does B-STaR, the self-taught reasoner follow-up, balance across iterations?",
     "fact", [64], [64], ["exploration and exploitation"]),
    ("u", "Tell me how the DeepSeek-R1 paper's GRPO algorithm works",
     "describe", [], "absent_paper"),
    ("n", "Which distilled DeepSeek models does the Long\u2297Short reasoning framework match in performance?",
     "fact", [11], [11], ["DeepSeek-R1-Distill-Qwen-7B", "DeepSeek-R1-Distill-Llama-8B"]),
    ("u", "According to the Constitutional AI paper in here, how is the harmlessness critique model trained?",
     "fact", [], "absent_paper"),
    ("n", "Does RAIN give up helpfulness to become more harmless, according to its authors?",
     "fact", [36], [36], ["maintaining the helpfulness rate"]),
    ("u", "Which tasks did the Self-Refine paper by Madaan et al. evaluate on?",
     "fact", [], "absent_paper"),
    ("n", "Which 'Self-' prefixed lines of work does the internal consistency survey name as examples?",
     "fact", [21], [21], ["Self-Consistency", "Self-Improve", "Self-Refine"]),
    # absent_benchmark
    ("u", "How well does the Alita generalist agent do on SWE-bench?",
     "fact", [4], "absent_benchmark"),
    ("u", "What does DotaMath-deepseek-7B score on AIME?",
     "fact", [19], "absent_benchmark"),
    ("n", "According to the DotaMath authors, what does their deepseek-based 7B model get on GSM8K?",
     "fact", [19], [19], ["86.7%"]),
    ("u", "How does Satori-SWE-32B do on HumanEval?",
     "fact", [57], "absent_benchmark"),
    ("n", "Which variant of the GitHub-issue benchmark do the Satori-SWE authors evaluate on?",
     "fact", [57], [57], ["SWE-Bench-Verified"]),
    ("u", "mmE5 results on the MTEB text embedding benchmark?",
     "fact", [44], "absent_benchmark"),
    ("n", "Which benchmark do the mmE5 authors use to show multilingual performance?",
     "fact", [44], [44], ["XTD"]),
    ("u", "What did the SPHERE authors report on HumanEval?",
     "fact", [6], "absent_benchmark"),
    ("n", "Which maths benchmarks is SPHERE evaluated on?",
     "fact", [6], [6], ["MATH 500", "AIME", "Olympiad"]),
    ("u", "GASP on the nuScenes detection benchmark \u2014 what NDS does it reach?",
     "fact", [22], "absent_benchmark"),
    ("n", "Which downstream driving tasks improve with GASP pretraining?",
     "fact", [22], [22], ["semantic occupancy forecasting", "online mapping", "ego trajectory prediction"]),
    ("u", "The StyleGAN face recognition paper: what accuracy on LFW?",
     "fact", [49], "absent_benchmark"),
    ("n", "Which benchmarks is the StyleGAN-based face recognition evaluated on?",
     "fact", [49], [49], ["RFW", "RB-WebFace"]),
    ("u", "What Atari scores does the self-play preference optimization paper report?",
     "fact", [61], "absent_benchmark"),
    ("n", "What kind of tasks do the minimaximalist RLHF authors test SPO on?",
     "fact", [61], [61], ["continuous control tasks"]),
    # absent_model
    ("u", "Which base language model does the SPHERE pipeline fine-tune?",
     "fact", [6], "absent_model"),
    ("n", "Which strong model do SPHERE-trained models match or surpass on some benchmarks?",
     "fact", [6], [6], ["GPT-4o"]),
    ("u", "Which base model does B-STaR start from?",
     "fact", [64], "absent_model"),
    ("n", "On what kinds of tasks did the B-STaR authors run experiments?",
     "fact", [64], [64], ["mathematical reasoning", "coding", "commonsense reasoning"]),
    ("u", "Which foundation model powers Mobile-Agent-E?",
     "fact", [8], "absent_model"),
    ("n", "Across how many foundation model backbones did Mobile-Agent-E show its gain?",
     "fact", [8], [8], ["three foundation model backbones"]),
    ("u", "The SELF-FAMILIARITY paper \u2014 which four LLMs did the authors test, by name?",
     "fact", [34], "absent_model"),
    ("n", "On how many large language models was SELF-FAMILIARITY validated?",
     "fact", [34], [34], ["four different large language models"]),
    ("u", "Which vision foundation model does GASP distil its semantic features from?",
     "fact", [22], "absent_model"),
    ("n", "In GASP, what is ego occupancy meant to capture?",
     "fact", [22], [22], ["ego vehicle path"]),
    ("u", "Which LLM drives the agents in the cultural evolution simulation framework?",
     "fact", [60], "absent_model"),
    ("n", "Which variables can you manipulate in the LLM cultural evolution framework?",
     "fact", [60], [60], ["network structure", "personality"]),
    ("u", "Which four models did the 'Uncertainty is Fragile' authors attack?",
     "fact", [37], "absent_model"),
    ("n", "How many triggering strategies did the uncertainty backdoor paper try?",
     "fact", [37], [37], ["three different triggering strategies"]),
    # hyperparameter
    ("u", "What learning rate did the LongPO authors train with?",
     "fact", [3], "hyperparameter"),
    ("n", "What extra constraint does LongPO add to protect short-context performance?",
     "fact", [3], [3], ["short-to-long KL constraint"]),
    ("u", "How many MCTS rollouts per question does MedS3 use when building reasoning chains?",
     "fact", [10], "hyperparameter"),
    ("n", "On how many evaluation datasets was MedS3 tested?",
     "fact", [10], [10], ["eleven evaluation datasets"]),
    ("u", "Which temperature value did the Bag of Tricks authors find best?",
     "fact", [45], "hyperparameter"),
    ("n", "By how much can tuning temperature alone improve reasoning, according to the Bag of Tricks authors?",
     "fact", [45], [45], ["5%"]),
    ("u", "What dropout rate does UPO's Monte Carlo dropout estimator use?",
     "fact", [9], "hyperparameter"),
    ("n", "What technique does UPO's estimator model use to estimate uncertainty?",
     "fact", [9], [9], ["Monte Carlo (MC) dropout"]),
    ("u", "How many rounds of its tournament does the AI co-scientist run per research goal?",
     "fact", [26], "hyperparameter"),
    ("n", "How does the AI co-scientist improve its hypotheses over time?",
     "fact", [26], [26], ["tournament evolution"]),
    ("u", "How many transformer layers does LifeGPT have?",
     "fact", [65], "hyperparameter"),
    ("n", "On what kind of grid does LifeGPT simulate the Game of Life?",
     "fact", [65], [65], ["toroidal grid"]),
    ("u", "What beta did the MCTS-DPO paper use in its DPO loss?",
     "fact", [41], "hyperparameter"),
    ("n", "What GSM8K accuracy does the Monte Carlo tree search preference learning approach reach with Mistral-7B?",
     "fact", [41], [41], ["81.8%"]),
    ("u", "Which mutation rates exactly did the mate-choice genetic programming paper try?",
     "fact", [32], "hyperparameter"),
    ("n", "How many symbolic regression problems did the 'sex for diversity' authors use?",
     "fact", [32], [32], ["three symbolic regression problems"]),
    # cost
    ("u", "How long does the AI co-scientist take, in hours, to come up with one hypothesis?",
     "fact", [26], "cost"),
    ("u", "How much GPU time did the reinforcement learning stage of Satori-SWE-32B need?",
     "fact", [57], "cost"),
    ("n", "What size of models does Satori-SWE-32B match or beat?",
     "fact", [57], [57], ["over 100B parameters"]),
    ("u", "How much were the NLP researchers paid in the research-ideation human study?",
     "fact", [42], "cost"),
    ("n", "What did the reviewers in the research-ideation study conclude about LLM ideas?",
     "fact", [42], [42], ["more novel", "slightly weaker on feasibility"]),
    ("u", "How many A100 hours went into training the Qwen2.5-Math reward model?",
     "fact", [18], "cost"),
    ("n", "Which languages does Qwen2.5-Math-Instruct support?",
     "fact", [18], [18], ["Chinese and English"]),
    ("u", "What compute budget did the Evolution Gym experiments use?",
     "fact", [73], "cost"),
    ("n", "Do the evolved robots in Evolution Gym beat hand-designed ones?",
     "fact", [73], [73], ["outperforming hand-designed robots"]),
    ("u", "How much inference latency does CoT Monitor+ add?",
     "fact", [30], "cost"),
    ("n", "What benchmark did the CoT Monitor+ authors build, and how many categories does it have?",
     "fact", [30], [30], ["DeceptionBench", "five-category"]),
    ("u", "How many dollars did the attacker spend to defeat the detectors in the stochastic parrots paper?",
     "fact", [48], "cost"),
    ("n", "Which optimizer did the stochastic parrots attack pair with the reinforcement-from-critic loss?",
     "fact", [48], [48], ["AdamW"]),
    # dataset_size
    ("u", "How many tasks are in the Mobile-Eval-E benchmark?",
     "fact", [8], "dataset_size"),
    ("n", "What two kinds of entries does Mobile-Agent-E keep in its long-term memory?",
     "fact", [8], [8], ["Tips", "Shortcuts"]),
    ("u", "How many cross-app instructions does CAPBench contain?",
     "fact", [1], "dataset_size"),
    ("n", "What does the acronym CAPBench stand for in the MobileSteward paper?",
     "fact", [1], [1], ["Cross-APP Benchmark"]),
    ("u", "How many short-to-long preference pairs did LongPO generate?",
     "fact", [3], "dataset_size"),
    ("n", "Which context lengths did LongPO go from and to with Mistral-7B-Instruct-v0.2?",
     "fact", [3], [3], ["128K", "512K"]),
    ("u", "How many instructions did the Self-Judge authors collect from Hugging Face?",
     "fact", [28], "dataset_size"),
    ("n", "On how many open-source models did the Self-Judge authors run experiments?",
     "fact", [28], [28], ["five open-source models"]),
    ("u", "How many trajectories are in the AgentGym dataset?",
     "fact", [47], "dataset_size"),
    ("n", "What do the AgentGym authors release as part of their suite?",
     "fact", [47], [47], ["platform, dataset, benchmark, checkpoints"]),
    ("u", "How many LMSYS prompts were used to train the mid-generation self-evaluation model?",
     "fact", [33], "dataset_size"),
    ("n", "Where did the training prompts for the adaptive inference-time compute paper come from?",
     "fact", [33], [33], ["LMSYS"]),
    ("u", "How many images are in mmE5's synthetic training data?",
     "fact", [44], "dataset_size"),
    ("n", "What three requirements for good synthetic multimodal data do the mmE5 authors set out?",
     "fact", [44], [44], ["broad scope", "cross-modal alignment", "high fidelity"]),
    ("u", "How many patients are in the single-cell drug screen used by Meta Flow Matching?",
     "fact", [55], "dataset_size"),
    ("n", "What network does Meta Flow Matching use to embed a population of samples?",
     "fact", [55], [55], ["Graph Neural Network"]),
    # absent_comparison
    ("u", "How does LongPO compare with YaRN-style context extension?",
     "comparison", [3], "absent_comparison"),
    ("n", "Which baselines does LongPO beat, according to its abstract?",
     "fact", [3], [3], ["naive SFT and DPO"]),
    ("u", "Does MC-NEST beat rStar-Math on olympiad maths?",
     "comparison", [29, 7], "absent_comparison"),
    ("n", "Which two LLMs do the MC-NEST authors show benefiting from it?",
     "fact", [29], [29], ["GPT-4o", "Phi-3-mini"]),
    ("u", "Did the Mobile-Agent-E authors compare against MobileSteward? Which won?",
     "comparison", [8, 1], "absent_comparison"),
    ("u", "How does OneChart compare with GPT-4V on chart parsing?",
     "comparison", [43], "absent_comparison"),
    ("n", "Which chart parsing models does OneChart outperform in AP?",
     "fact", [43], [43], ["DePlot", "ChartVLM", "ChartAst"]),
    ("u", "Does EMPO outperform GRPO trained with ground-truth rewards?",
     "comparison", [12], "absent_comparison"),
    ("n", "What two kinds of reasoning tasks do the EMPO authors evaluate on?",
     "fact", [12], [12], ["mathematical reasoning", "free-form commonsense reasoning"]),
    ("u", "SWE-Search versus the Darwin G\u00f6del Machine on SWE-bench: which scores higher?",
     "comparison", [40, 13], "absent_comparison"),
    ("n", "Across how many models did SWE-Search show its relative improvement?",
     "fact", [40], [40], ["five models"]),
    ("u", "How does the generalized teacher forcing PLRNN stack up against echo state networks?",
     "comparison", [62], "absent_comparison"),
    ("n", "With what RNN architecture do the generalized teacher forcing authors pair their method?",
     "fact", [62], [62], ["piecewise-linear RNNs"]),
    # absent_detail (mostly false premises)
    ("u", "Why does rStar-Math use PPO to train its policy model?",
     "fact", [7], "absent_detail"),
    ("n", "By how much does rStar-Math with Qwen2.5-Math-7B beat o1-preview on MATH?",
     "fact", [7], [7], ["+4.5%"]),
    ("u", "Why did the Alita authors pick LangChain for their tool integration?",
     "fact", [4], "absent_detail"),
    ("n", "What design motto do the Alita authors quote?",
     "fact", [4], [4], ["Simplicity is the ultimate sophistication"]),
    ("u", "Why did the SPC authors use GPT-4 as the sneaky generator?",
     "fact", [46], "absent_detail"),
    ("n", "Which three reasoning process benchmarks does SPC report on?",
     "fact", [46], [46], ["ProcessBench", "PRM800K", "DeltaBench"]),
    ("u", "How did the Vega v2 team use RLHF to tune their SuperGLUE model?",
     "fact", [5], "absent_detail"),
    ("n", "What technique did the Vega v2 authors use to help the low-resource SuperGLUE tasks?",
     "fact", [5], [5], ["prompt transfer"]),
    ("u", "Why does the Qwen2.5-Math report use DPO in post-training?",
     "fact", [18], "absent_detail"),
    ("n", "Which training method does the Qwen2.5-Math report apply on the final SFT model with the ultimate reward model?",
     "fact", [18], [18], ["reinforcement learning"]),
    ("u", "How does MedS3 handle radiology images?",
     "fact", [10], "absent_detail"),
    ("u", "Why does the Mamba token dynamics paper focus on vision tasks?",
     "fact", [56], "absent_detail"),
    ("n", "What two refinements to Mamba do the token dynamics authors propose?",
     "fact", [56], [56], ["excluding the convergent scenario", "reordering tokens"]),
    ("u", "What do the chaos benchmark authors conclude about transformer forecasters specifically?",
     "fact", [59], "absent_detail"),
    ("n", "What do the chaos benchmark authors correlate forecasting performance with?",
     "fact", [59], [59], ["degree of chaos"]),
    ("u", "Which of the fine-tuned models in the telecom paper was best at writing new 3GPP specifications?",
     "fact", [25], "absent_detail"),
    ("n", "What accuracy did GPT-2 reach when identifying 3GPP working groups in the telecom paper?",
     "fact", [25], [25], ["83%"]),
    ("u", "In the AI ideas and creativity experiment, participants from which country were the most creative?",
     "fact", [14], "absent_detail"),
    ("n", "Did labelling examples as AI-generated change anything in the creativity experiment?",
     "fact", [14], [14], ["no main effects of disclosure"]),
    ("u", "In the Koopman learning paper, what Lyapunov exponent threshold separates learnable systems from unlearnable ones?",
     "fact", [67], "absent_detail"),
    ("n", "On what kind of spaces do the Koopman authors build smooth systems whose eigenfunctions cannot be learned?",
     "fact", [67], [67], ["tori"]),
    # off_topic
    ("u", "I'm moving flats next week \u2014 what's the best way to pack wine glasses?", "off_topic", [], "off_topic"),
    ("u", "Before my conference talk: what's the time difference between Vancouver and Berlin?", "off_topic", [], "off_topic"),
    ("u", "Can you suggest a vegetarian lasagna recipe for six people?", "off_topic", [], "off_topic"),
    ("u", "My advisor mentioned a hike near Zurich \u2014 how long is the Uetliberg loop?", "off_topic", [], "off_topic"),
    ("u", "Who won the 2018 football World Cup?", "off_topic", [], "off_topic"),
    ("u", "what's a good name for a grey kitten", "off_topic", [], "off_topic"),
]

# ---------------------------------------------------------------- lists and counts
# (question, intent, gold, match_any or None, count or None)
LISTS = [
    ("anything on GUI / phone agents?", "list", [1, 8], ["smartphone", "phone agent", "mobile"], None),
    ("Which abstracts bring up AI safety or harmlessness?", "list",
     [13, 15, 30, 36, 75], ["safety", "safe,", "safe systems", "harmless"], None),
    ("Count the abstracts that mention reinforcement learning (RL or RLHF count too)", "count",
     [11, 12, 17, 18, 30, 36, 45, 46, 52, 54, 57, 61, 72, 73],
     ["reinforcement learning", "rlhf", "(rl)"], 14),
    ("How many of these abstracts mention Monte Carlo tree search?", "count",
     [7, 10, 29, 40, 41], ["monte carlo tree search", "mcts"], 5),
    ("I'm writing a related-work section on learning dynamical systems. Which abstracts use the term dynamical system?",
     "list", [56, 59, 62, 63, 67, 68, 69], ["dynamical system"], None),
    ("Number of papers that involve GANs (generative adversarial networks)?", "count",
     [27, 48, 49], ["gan-based", "stylegan", "gans", "adversarial network"], 3),
    ("which papers worry about keeping genetic diversity in an evolving population?", "list",
     [31, 32], ["genetic diversity"], None),
    ("Which abstracts mention distillation in any form, even just to say they avoid it?", "list",
     [7, 10, 11, 22, 25, 28, 46, 70], ["distill"], None),
    ("Papers dealing with uncertainty or calibration, in any sense of the word?", "list",
     [9, 17, 28, 35, 37, 39], ["calibrat", "uncertainty"], None),
    ("how many papers are about LLM agents doing software engineering (GitHub issues, repositories)?", "count",
     [13, 40, 57], ["swe-bench", "software engineering", "software agents", "software tasks"], 3),
    ("Count the papers that mention OpenAI's o1 models", "count",
     [7, 10, 38], ["openai o1", "o1 models", "o1-preview", "openais o1", "openai's o1"], 3),
    ("For a talk on AI for science: which papers are about scientific discovery or generating research ideas?",
     "list", [26, 42], ["scientific discovery", "research idea"], None),
    ("Which items in the collection are technical reports or a thesis rather than ordinary papers?", "list",
     [5, 18, 50, 52], ["technical report", "this thesis", "in this report"], None),
    ("Any papers that mention time series?", "list", [59, 62], ["time series"], None),
    ("Number of abstracts that talk about chain-of-thought (CoT)", "count",
     [0, 7, 11, 18, 30, 34, 39, 46], ["chain-of-thought", "chain of thought", "cot"], 8),
    ("which papers are about preference optimisation or learning from preference data?", "list",
     [3, 6, 9, 36, 41, 61], ["preference optimization", "preference learning", "preference data"], None),
    ("how many of these abstracts link to a github.com repository?", "count",
     [4, 7, 10, 11, 19, 21, 24, 27, 37, 41, 44, 45, 47, 49, 70], ["github.com"], 15),
    ("I'm into drug discovery. Which papers mention drugs at all?", "list", [26, 55], ["drug"], None),
    ("Which papers run N-body simulations?", "list", [20, 23, 66], ["n-body"], None),
    ("papers that mention autonomous driving or self-driving cars?", "list", [17, 22],
     ["autonomous driving", "self-driving"], None),
    ("Anything on detecting fakes \u2014 deepfake audio or machine-generated text?", "list", [16, 48],
     ["deepfake", "detect llms", "detectability"], None),
    ("How many abstracts mention a reward model?", "count",
     [0, 7, 9, 10, 12, 18, 28, 33, 46, 61], ["reward model"], 10),
    ("count the papers on Koopman operators", "count", [63, 67], ["koopman"], 2),
    ("How many papers here are about recommender systems?", "count", [], ["recommend"], 0),
    ("Which abstracts explicitly mention self-evaluation?", "list",
     [21, 28, 29, 30, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45], ["self-evaluat"], None),
    ("For a survey on image+text models: which papers work with multimodal or vision-language models?", "list", [0, 8, 43, 44],
     ["multimodal", "vision-language"], None),
    ("how many abstracts talk about SLMs, i.e. use the phrase small language model?", "count", [6, 7, 10],
     ["small language model", "slm"], 3),
    ("Which papers bring up continual or lifelong learning?", "list", [15, 16, 50, 75],
     ["continual learning", "lifelong"], None),
    ("how many papers include a study with human participants or user studies?", "count", [14, 27, 42],
     ["human study", "participants", "user stud", "human expert"], 3),
    ("Which papers use mutation as an operator, as in evolutionary search?", "list", [31, 32, 57],
     ["mutation"], None),
]


# ---------------------------------------------------------------- conversations
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
    [turn("I'm surveying GUI automation. Anything on phone agents in here?", "first", "list", [],
          [1, 8], [], match_any=["smartphone", "phone agent", "mobile"]),
     turn("which of them has a Manager that splits tasks into subgoals?", "dependent", "which_paper",
          [1, 8], [8], ["Manager"]),
     turn("and the one with the StewardAgent: how does it keep improving?", "dependent", "fact",
          [1], [1], ["Memory-based Self-evolution"]),
     unf("how many apps does its benchmark cover?", [1])],
    [turn("Tell me about the paper called something like 'right question is already half the answer'",
          "first", "describe", [12], [12], ["Entropy Minimized Policy Optimization"]),
     turn("does it need golden answers or a pre-trained reward model?", "dependent", "fact", [12], [12],
          ["fully unsupervised"]),
     unf("how many GPU hours did they spend on it?", [12]),
     turn("how does that compare with SPHERE?", "new_subject", "comparison", [12, 6], [12, 6],
          ["predictive entropy", "Self-Correction"])],
    [turn("How many of the abstracts mention MCTS?", "first", "count", [], [7, 10, 29, 40, 41], [],
          count=5, match_any=["monte carlo tree search", "mcts"]),
     turn("which of them is about fixing code in repositories?", "dependent", "which_paper",
          [7, 10, 29, 40, 41], [40], ["SWE-Search"]),
     turn("and which one is medical?", "dependent", "which_paper", [7, 10, 29, 40, 41], [10],
          ["clinical"]),
     turn("what was its seed data made of?", "dependent", "fact", [10], [10],
          ["five domains and 16 datasets"]),
     unf("which base policy model did they start from?", [10])],
    [turn("For a reading group on calibration: what is 'Language Models (Mostly) Know What They Know' about?",
          "first", "describe", [35], [35], ["P(True)"]),
     turn("and what is P(IK)?", "dependent", "fact", [35], [35], ["I know"]),
     unf("which model sizes did they test, in billions of parameters?", [35]),
     turn("how does that compare with the Self-Familiarity approach?", "new_subject", "comparison",
          [35, 34], [35, 34], ["P(IK)", "unfamiliar concepts"])],
    [turn("papers that say they deal with dynamical systems?", "first", "list", [],
          [56, 59, 62, 63, 67, 68, 69], [], match_any=["dynamical system"]),
     turn("which of them is about Markov jump processes?", "dependent", "which_paper",
          [56, 59, 62, 63, 67, 68, 69], [68], ["zero-shot"]),
     turn("what real data did it try its model on?", "dependent", "fact", [68], [68],
          ["ion channel data"]),
     unf("how many parameters does that pretrained network have?", [68])],
    [turn("I'm writing the related-work on self-play. Which paper trains a critic through adversarial games?",
          "first", "which_paper", [], [46], ["Self-Play Critic"]),
     turn("what does the winner of each game get?", "dependent", "fact", [46], [46], ["positive reward"]),
     unf("how long does one game take in wall-clock time?", [46]),
     turn("the minimaximalist RLHF paper \u2014 which notion from social choice theory do its authors build on?", "new_subject", "fact",
          [61], [61], ["Minimax Winner"])],
    [turn("In the Qwen2.5-Math technical report, which model generates the pretraining maths data?",
          "first", "fact", [18], [18], ["Qwen2-Math-Instruct"]),
     turn("on how many maths datasets do they evaluate?", "dependent", "fact", [18], [18],
          ["10 mathematics datasets"]),
     unf("what MATH score does the 72B instruct model get?", [18]),
     turn("DotaMath: what does the name stand for?", "new_subject", "fact", [19], [19],
          ["Decomposition of thought"])],
    [turn("Which papers use N-body simulations?", "first", "list", [], [20, 23, 66], [],
          match_any=["n-body"]),
     turn("which of them is about comets and free-floating planets?", "dependent", "which_paper",
          [20, 23, 66], [66], ["comets"]),
     turn("which simulation code did they modify?", "dependent", "fact", [66], [66], ["NBODY6++GPU"]),
     unf("how many GPUs did its simulations run on?", [66])],
    [turn("count the papers that link a github.com repo", "first", "count", [],
          [4, 7, 10, 11, 19, 21, 24, 27, 37, 41, 44, 45, 47, 49, 70], [], count=15,
          match_any=["github.com"]),
     turn("which of them is about face recognition?", "dependent", "which_paper",
          [4, 7, 10, 11, 19, 21, 24, 27, 37, 41, 44, 45, 47, 49, 70], [49], ["StyleGAN"]),
     turn("what unlabeled datasets did they collect?", "dependent", "fact", [49], [49],
          ["AfricanFaceSet-5M", "AsianFaceSet-3M"]),
     unf("what's their verification accuracy on RFW, in percent?", [49])],
    [turn("What's the Bag of Tricks paper on inference-time computation about?", "first", "describe",
          [45], [45], ["proposer-verifier pipeline"]),
     turn("which model families did they try?", "dependent", "fact", [45], [45],
          ["Llama", "Qwen", "Mistral"]),
     turn("how does that compare with the adaptive inference-time compute paper, on cost?", "new_subject",
          "comparison", [45, 33], [45, 33], ["20,000 A100-80G GPU hours", "1.2 samples"]),
     unf("back to the Bag of Tricks one: which of the six methods came out best?", [45])],
    [turn("which papers are about preference optimisation or preference data?", "first", "list", [],
          [3, 6, 9, 36, 41, 61], [],
          match_any=["preference optimization", "preference learning", "preference data"]),
     turn("which of them uses a Bayesian neural network?", "dependent", "which_paper",
          [3, 6, 9, 36, 41, 61], [9], ["Bayesian neural network"]),
     turn("the one using tree search: what does it get on MATH with Mistral-7B?", "dependent", "fact",
          [41], [41], ["34.7%"]),
     unf("what beta did it use for DPO?", [41])],
    [turn("How many papers bring up OpenAI's o1?", "first", "count", [], [7, 10, 38], [], count=3,
          match_any=["openai o1", "o1 models", "o1-preview", "openais o1", "openai's o1"]),
     turn("which of them targets medicine?", "dependent", "which_paper", [7, 10, 38], [10],
          ["clinical"]),
     turn("the iterative deepening one \u2014 which benchmarks?", "dependent", "fact", [38], [38],
          ["Math500", "AIME"]),
     unf("by how many points did its success rate go up?", [38])],
    [turn("what is GASP about?", "first", "describe", [22], [22], ["4D occupancy"]),
     turn("what exactly does it predict?", "dependent", "fact", [22], [22],
          ["general occupancy", "ego occupancy"]),
     unf("how many hours of driving data did they pretrain on?", [22]),
     turn("the Knightian blindspot paper also brings up self-driving \u2014 what example do its authors give?",
          "new_subject", "fact", [17], [17], ["US to the UK"])],
    [turn("Which papers deal with uncertainty or calibration?", "first", "list", [],
          [9, 17, 28, 35, 37, 39], [], match_any=["calibrat", "uncertainty"]),
     turn("which of them attacks uncertainty with a backdoor?", "dependent", "which_paper",
          [9, 17, 28, 35, 37, 39], [37], ["backdoor"]),
     turn("what attack success rate did it report?", "dependent", "fact", [37], [37],
          ["100 attack success rate"]),
     unf("which four models did it attack?", [37])],
    [turn("My advisor mentioned the LongPO paper \u2014 what was its main result?", "first", "describe",
          [3], [3], ["512K"]),
     turn("which much bigger model does it rival on long-context benchmarks?", "dependent", "fact",
          [3], [3], ["GPT-4-128K"]),
     unf("how many GPUs did the 512K training need?", [3]),
     turn("how does that compare with the Long\u2297Short reasoning paper?", "new_subject", "comparison",
          [3, 11], [3, 11], ["512K", "80%"])],
    [turn("Which papers mention continual or lifelong learning?", "first", "list", [],
          [15, 16, 50, 75], [], match_any=["continual learning", "lifelong"]),
     turn("which of them is about audio deepfakes?", "dependent", "which_paper", [15, 16, 50, 75],
          [16], ["Radian Weight Modification"]),
     turn("what does it use to tell genuine from fake audio classes?", "dependent", "fact", [16], [16],
          ["in-class cosine distance"]),
     unf("what equal error rate does it reach on ASVspoof 2019?", [16])],
    [turn("For my reading group on small models doing maths: what's the core idea of the 'small LLMs can master math reasoning' paper?",
          "first", "describe", [7], [7], ["Monte Carlo Tree Search"]),
     turn("how did it do on the olympiad problems, as a fraction?", "dependent", "fact", [7], [7],
          ["8/15"]),
     turn("how does that compare with SPHERE?", "new_subject", "comparison", [7, 6], [7, 6],
          ["53.3%", "GPT-4o"]),
     unf("back to the rStar one: how many days did the four rounds take?", [7])],
]

# ---------------------------------------------------------------- serialise
def answerable_record(n, q, intent, subjects, gold, facts, near_miss=False):
    record = {"id": f"n10-{'u' if near_miss else 'a'}-{n:03d}", "question": q,
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
            rows.append({"id": f"n10-u-{i:03d}", "question": q, "type": "unanswerable",
                         "intent": intent, "subjects": t(subjects), "gold_titles": [],
                         "must_include": [], "why": why})
        else:
            _, q, intent, subjects, gold, facts = row
            rows.append(answerable_record(i, q, intent, subjects, gold, facts, near_miss=True))
    out["unanswerable.jsonl"] = rows
    rows = []
    for i, (q, intent, gold, match_any, count) in enumerate(LISTS, 1):
        record = {"id": f"n10-l-{i:03d}", "question": q, "type": TYPE_OF[intent],
                  "intent": intent, "subjects": [], "gold_titles": t(gold), "must_include": []}
        if count is not None:
            record["count"] = count
        if match_any is not None:
            record["match_any"] = match_any
        rows.append(record)
    out["lists.jsonl"] = rows
    out["conversations.jsonl"] = [{"id": f"n10-c-{i:03d}", "turns": turns}
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
