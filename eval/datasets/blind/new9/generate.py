"""Blind batch n9: hand-written questions, this script only serialises them.

Papers are referred to by their corpus index (order of the Daily Papers file); the exact
titles are looked up from the corpus at run time, so the files always carry exact titles.

    python3 eval/datasets/blind/new9/generate.py

Styles of this batch: paraphrased key terms (lay words instead of the abstract's terms),
values asked in another form than the abstract gives, research-workflow framing,
non-native phrasing, very short questions, asked-thing-first questions.
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
    ("Accuracy on MATH \u2014 what does rStar-Math get when it starts from the 7B Qwen math model?",
     "fact", [7], [7], ["58.8%", "90.0%"]),
    ("In rstar math, what do they call the step-scoring reward model they train instead of labelling each step with a score?",
     "fact", [7], [7], ["process preference model", "PPM"]),
    ("how many times did rStar-Math repeat its self-evolution loop",
     "fact", [7], [7], ["4 rounds"]),
    ("Darwin G\u00f6del Machine SWE-bench: from what to what? roughly how many times better is that?",
     "fact", [13], [13], ["20.0%", "50.0%"]),
    ("What percentage of the GAIA validation questions does Alita get right on its first attempt?",
     "fact", [4], [4], ["75.15%"]),
    ("Alita pass@3 on GAIA?",
     "fact", [4], [4], ["87.27%"]),
    ("The entropy-minimisation approach (EMPO): how much does it lift the Qwen2.5 math 7B base on maths without any labels?",
     "fact", [12], [12], ["30.7", "48.1"]),
    ("Mobile-Agent-E, how much did it beat the earlier best mobile agents by?",
     "fact", [8], [8], ["22%"]),
    ("What base model is LongPO built on top of?",
     "fact", [3], [3], ["Mistral-7B-Instruct-v0.2"]),
    ("LongPO stretches the context window up to how long?",
     "fact", [3], [3], ["512K"]),
    ("Which vision-language models did the MSTaR people run their self-evolving recipe on?",
     "fact", [0], [0], ["MiniCPM-V-2.5", "Phi-3.5-Vision", "InternVL2"]),
    ("SuperGLUE average \u2014 what did the Vega v2 submission from JD Explore score?",
     "fact", [5], [5], ["91.3"]),
    ("SPHERE's pipeline, what are the three phases it cycle through?",
     "fact", [6], [6], ["Self-Generation", "Self-Correction", "Diversity Induction"]),
    ("MedS3 seed data, roughly how big?",
     "fact", [10], [10], ["8,000"]),
    ("By what fraction do the reasoning traces get shorter in the long-thought/short-thought two-model approach?",
     "fact", [], [11], ["80%"]),
    ("DotaMath-deepseek-7B: what percentage on MATH?",
     "fact", [19], [19], ["64.8%"]),
    ("Qwen2.5-Math-Instruct comes in which model sizes?",
     "fact", [18], [18], ["1.5B", "72B"]),
    ("The AI co-scientist from Google \u2014 which LLM does it sit on top of?",
     "fact", [26], [26], ["Gemini 2.0"]),
    ("For what cancer did the AI co-scientist suggest repurposed drugs?",
     "fact", [26], [26], ["acute myeloid leukemia"]),
    ("Self-J as a reward model for best-of-N: what did it do for WizardLM-13B on the first AlpacaEval?",
     "fact", [28], [28], ["89.17", "92.48"]),
    ("MC-NEST is an extension of which earlier tree-based self-refinement method?",
     "fact", [29], [29], ["MCTSr"]),
    ("how much does CoT Monitor+ cut deceptive behaviour, in percent?",
     "fact", [30], [30], ["43.8%"]),
    ("In the Guided Evolution paper, which network did the LLM evolve and how did its accuracy move?",
     "fact", [31], [31], ["ExquisiteNetV2", "92.52%", "93.34%"]),
    ("With the mid-generation 'should I restart?' self-evaluation, how many samples on average recover most of the best-of-16 gain?",
     "fact", [], [33], ["1.2 samples", "74%"]),
    ("RAIN harmlessness on LLaMA 30B, before and after?",
     "fact", [36], [36], ["82%", "97%"]),
    ("SWE-Search: how much relative improvement over agents without tree search?",
     "fact", [40], [40], ["23%"]),
    ("ARC-C accuracy of the Mistral-7B model trained with tree-search preference learning \u2014 what is it and how much above SFT?",
     "fact", [], [41], ["76.4%", "+15.8%"]),
    ("OneChart parameter count, roughly?",
     "fact", [43], [43], ["0.2 billion"]),
    ("How much GPU compute went into the Bag of Tricks inference-time study?",
     "fact", [45], [45], ["20,000 A100-80G GPU hours"]),
    ("Telecom LLM paper: which accuracy did fine-tuned BERT and RoBERTa reach when identifying 3GPP working groups?",
     "fact", [], [25], ["84.6%"]),
    ("How many chaotic systems are in the chaos forecasting benchmark database?",
     "fact", [], [59], ["131"]),
    ("The AI-ideas creativity experiment \u2014 how many people took part, from how many countries?",
     "fact", [], [14], ["800+", "40+"]),
    ("Diffusion spectral entropy paper, across how many ImageNet models did they predict accuracy?",
     "fact", [24], [24], ["962"]),
    ("In PSEC, in what form is each skill kept in the library?",
     "fact", [74], [74], ["LoRA"]),
    ("TecoGAN's new loss for long-term temporal consistency is called what?",
     "fact", [27], [27], ["Ping-Pong loss"]),
    ("What kind of grid does LifeGPT play the Game of Life on?",
     "fact", [65], [65], ["toroidal"]),
    ("For a reading group, what's the gist of the Darwin Gödel Machine?",
     "describe", [13], [13], ["its own code", "archive"]),
    ("give me a short summary of Evolution Gym",
     "describe", [73], [73], ["soft robots", "voxels"]),
    ("What is the 'sharpening' idea about, in plain words?",
     "describe", [54], [54], ["verifier"]),
    ("explain me what Random Teachers are Good Teachers found",
     "describe", [70], [70], ["random initialization"]),
    ("Which paper proposes a bandit setting where actions have delayed effects through a hidden state?",
     "which_paper", [], [71], ["Dynamical Linear Bandits"]),
    ("Which paper's long-term-memory-based agent framework took first place on GAIA?",
     "which_paper", [], [50], ["OMNE"]),
    ("Which paper trains a critic by playing against a generator that plants hard-to-spot mistakes?",
     "which_paper", [], [46], ["Self-Play Critic"]),
    ("The one about detecting fake speech with continual learning \u2014 which paper, and what is the method called?",
     "which_paper", [], [16], ["Radian Weight Modification"]),
    ("which paper lets the model look back and redo its generation to become safer without any fine-tuning?",
     "which_paper", [], [36], ["RAIN"]),
    ("rStar-Math vs MedS3: they both use tree search \u2014 what's different about their domains and model scale?",
     "comparison", [7, 10], [7, 10], ["math reasoning", "clinical"]),
    ("How does Satori-SWE stack up against SWE-Search in how they use test-time search?",
     "comparison", [57, 40], [57, 40], ["EvoScale", "Monte Carlo Tree Search"]),
    ("Mobile-Agent-E or MobileSteward: which one is hierarchical with a Manager, and which has a central Steward agent?",
     "comparison", [8, 1], [8, 1], ["Manager", "StewardAgent"]),
    ("SPO and SPC both use self-play \u2014 how do they differ in what is being learned?",
     "comparison", [61, 46], [61, 46], ["Minimax Winner", "critic"]),
    ("EMPO, SELF and SPHERE: which of the three needs no labels or supervision at all?",
     "comparison", [12, 2, 6], [12, 2, 6], ["unsupervised"]),
    ("The Knightian blindspot essay: what example do they give of a transfer that RL policies can't manage but humans can?",
     "fact", [17], [17], ["self-driving car", "UK"]),
    ("calibrating CoT with internal consistency — between which layers do they see the disagreement?",
     "fact", [39], [39], ["middle layers", "final layers"]),
    ("AgentGym's own self-evolution algorithm, what is it called?",
     "fact", [47], [47], ["AgentEvol"]),
    ("In the stochastic parrots detection-evasion paper, what optimiser did they combine with the critic-style loss tweak?",
     "fact", [48], [48], ["AdamW"]),
    ("Reward Design thesis: how does the agent end up designing its own rewards without an expert?",
     "fact", [52], [52], ["meta-learning"]),
    ("Koopman learning limits: on what kind of systems do they show eigenfunctions can't be found by any algorithm?",
     "fact", [67], [67], ["tori"]),
]

# ---------------------------------------------------------------- unanswerable + near-misses
# ("u", question, intent, subjects, why)  /  ("n", question, intent, subjects, gold, must_include)
UNANSWERABLE = [
    ("u", "rStar-Math GSM8K accuracy?", "fact", [7], "absent_benchmark"),
    ("n", "rStar-Math with Phi3-mini on MATH \u2014 what percentage?", "fact", [7], [7], ["86.4%"]),
    ("u", "How many GPUs did they need to train the rStar-Math policy and reward models?", "fact", [7], "cost"),
    ("n", "How many math problems did rStar-Math synthesise solutions for?", "fact", [7], [7], ["747k"]),
    ("u", "what did running the Darwin Godel Machine cost in dollars?", "fact", [13], "cost"),
    ("n", "What safety precautions did the Darwin Godel Machine experiments use?", "fact", [13], [13], ["sandboxing", "human oversight"]),
    ("u", "Which foundation model exactly is the DGM using to write the new agent versions?", "fact", [13], "absent_model"),
    ("n", "DGM on Polyglot: start and end numbers?", "fact", [13], [13], ["14.2%", "30.7%"]),
    ("u", "Alita score on the GAIA test split (not validation)?", "fact", [4], "absent_benchmark"),
    ("n", "Alita PathVQA accuracy on first try?", "fact", [4], [4], ["52.00%"]),
    ("u", "which LLM is powering Alita underneath?", "fact", [4], "absent_model"),
    ("n", "Alita on MathVista, what pass@1?", "fact", [4], [4], ["74.00%"]),
    ("u", "EMPO \u2014 what learning rate and batch size did they train with?", "fact", [12], "hyperparameter"),
    ("n", "TruthfulQA with EMPO on the Qwen2.5-7B Instruct model: before and after?", "fact", [12], [12], ["87.16", "97.25"]),
    ("u", "What accuracy does SPC reach on DeltaBench?", "fact", [46], "absent_detail"),
    ("n", "SPC's accuracy on ProcessBench, from what to what?", "fact", [46], [46], ["70.8%", "77.7%"]),
    ("u", "Self-Play Critic: which base LLM do they copy for the two players?", "fact", [46], "absent_model"),
    ("n", "In SPC, what are the two roles the copies of the model play?", "fact", [46], [46], ["sneaky generator", "critic"]),
    ("u", "How well does Mobile-Agent-E do on AndroidWorld?", "fact", [8], "absent_benchmark"),
    ("n", "Mobile-Agent-E new benchmark name?", "fact", [8], [8], ["Mobile-Eval-E"]),
    ("u", "LongPO: how many GPU hours did the 512K training take?", "fact", [3], "cost"),
    ("n", "Which big closed model does LongPO say it matches or beats on long-context tasks?", "fact", [3], [3], ["GPT-4-128K"]),
    ("u", "What weight do they put on the KL term in LongPO?", "fact", [3], "hyperparameter"),
    ("n", "How does LongPO keep short-context performance from dropping?", "fact", [3], [3], ["KL constraint"]),
    ("u", "MSTaR score on MathVista, what number?", "fact", [0], "absent_benchmark"),
    ("n", "On how many multimodal reasoning benchmarks does MSTaR beat the pre-evolved model?", "fact", [0], [0], ["5 multimodal reasoning benchmarks"]),
    ("u", "How many tokens was Vega v2 pretrained on?", "fact", [5], "dataset_size"),
    ("n", "On how many of the SuperGLUE tasks was Vega v2 state of the art?", "fact", [5], [5], ["4/8 tasks"]),
    ("u", "which small language model exactly is SPHERE training, Qwen or Llama?", "fact", [6], "absent_model"),
    ("n", "SPHERE evaluated on what math benchmarks?", "fact", [6], [6], ["GSM8K", "AIME", "Olympiad"]),
    ("u", "MedS3 on MedQA \u2014 what accuracy?", "fact", [10], "absent_benchmark"),
    ("n", "How many evaluation datasets are in the MedS3 test suite?", "fact", [10], [10], ["eleven"]),
    ("u", "What model is MedS3's base policy model?", "fact", [10], "absent_model"),
    ("n", "MedS3 seed data spans how many domains and source datasets?", "fact", [10], [10], ["five domains", "16 datasets"]),
    ("u", "the long/short thought RL method \u2014 what learning rate did they use for the multi-turn RL?", "fact", [], "hyperparameter"),
    ("n", "Long\u2297Short puts Qwen2.5-7B on par with which distilled model?", "fact", [11], [11], ["DeepSeek-R1-Distill-Qwen-7B"]),
    ("u", "DotaMath-deepseek-7B on AIME, what percentage?", "fact", [19], "absent_benchmark"),
    ("n", "DotaMath-deepseek-7B on GSM8K, what percentage?", "fact", [19], [19], ["86.7%"]),
    ("u", "What MATH score does Qwen2.5-Math-72B-Instruct get?", "fact", [18], "absent_detail"),
    ("n", "Which older model generates the pretraining maths data for Qwen2.5-Math?", "fact", [18], [18], ["Qwen2-Math-Instruct"]),
    ("u", "How many tokens of math data in the Qwen2.5-Math pre-training?", "fact", [18], "dataset_size"),
    ("n", "Qwen2.5-Math-Instruct, which languages it support?", "fact", [18], [18], ["Chinese and English"]),
    ("u", "How much compute does one AI co-scientist run use, in TPU hours?", "fact", [26], "cost"),
    ("n", "What kind of targets did the AI co-scientist propose for liver fibrosis?", "fact", [26], [26], ["epigenetic targets"]),
    ("u", "Self-J experiments: what are the names of the five open models they use?", "fact", [28], "absent_detail"),
    ("n", "Self-J on AlpacaEval v2 for WizardLM-13B: what were the numbers?", "fact", [28], [28], ["12.03", "15.90"]),
    ("u", "MC-NEST, what accuracy exactly on Number Theory?", "fact", [29], "absent_detail"),
    ("n", "MC-NEST: with which selection policy did GPT-4o do best?", "fact", [29], [29], ["Importance Sampling Policy"]),
    ("u", "How many prompts are in DeceptionBench?", "fact", [30], "dataset_size"),
    ("n", "DeceptionBench has how many categories?", "fact", [30], [30], ["five-category"]),
    ("u", "The adaptive inference-time compute paper \u2014 how many training examples went into the dataset?", "fact", [33], "dataset_size"),
    ("n", "Where do the prompts for the adaptive inference-time compute training data come from?", "fact", [33], [33], ["LMSYS"]),
    ("u", "Adaptive inference-time compute, what happens with Llama 3.1 70B on GSM8K?", "fact", [33], "absent_model"),
    ("n", "GSM8K for Llama 3.1 8B with the adaptive self-evaluation: from what to what?", "fact", [33], [33], ["84%", "91%"]),
    ("u", "RAIN harmlessness rate for Llama-2-7B?", "fact", [36], "absent_model"),
    ("n", "Under the llm-attacks adversarial attack on Vicuna 33B, what does RAIN do to the attack success rate?", "fact", [36], [36], ["94%", "19%"]),
    ("u", "SWE-Search, which five models did they test?", "fact", [40], "absent_detail"),
    ("n", "SWE-Search's agents \u2014 what are the three of them?", "fact", [40], [40], ["SWE-Agent", "Value Agent", "Discriminator Agent"]),
    ("u", "The MCTS-DPO method on Llama-2-7B, what GSM8K score?", "fact", [41], "absent_model"),
    ("n", "MCTS preference learning on Mistral-7B: MATH accuracy?", "fact", [41], [41], ["34.7%"]),
    ("u", "How fast is OneChart at inference, charts per second?", "fact", [43], "absent_detail"),
    ("n", "How much does OneChart help LLaVA-1.6 on ChartQA?", "fact", [43], [43], ["10%+"]),
    ("u", "mmE5's exact MMEB score?", "fact", [44], "absent_detail"),
    ("n", "mmE5: how do they make sure the synthetic data stays faithful?", "fact", [44], [44], ["self-evaluation and refinement"]),
    ("u", "Bag of Tricks inference-time paper: what temperature value was best?", "fact", [45], "hyperparameter"),
    ("n", "In the Bag of Tricks paper, how much can just tuning temperature help reasoning?", "fact", [45], [45], ["5%"]),
    ("u", "Satori-SWE-32B resolve rate on SWE-Bench-Verified, what percentage?", "fact", [57], "absent_detail"),
    ("n", "Satori-SWE \u2014 the name of its evolutionary test-time scaling method?", "fact", [57], [57], ["EvoScale"]),
    ("u", "Guided Evolution: which LLM did they use to mutate the code?", "fact", [31], "absent_model"),
    ("n", "Guided Evolution's reflection trick, what is it called?", "fact", [31], [31], ["Evolution of Thought"]),
    ("u", "What accuracy did distilled BERT get on the 3GPP task, exact number?", "fact", [], "absent_detail"),
    ("n", "GPT-2 accuracy on identifying 3GPP working groups?", "fact", [], [25], ["83%"]),
    ("u", "what licence is the chaos benchmark dataset released under?", "fact", [], "absent_detail"),
    ("n", "The chaos benchmark systems come from which scientific fields?", "fact", [], [59], ["astrophysics", "climatology", "biochemistry"]),
    ("u", "How many identities does the RB-WebFace benchmark contain?", "fact", [49], "dataset_size"),
    ("n", "AsianFaceSet: how many images?", "fact", [49], [49], ["3 million"]),
    ("u", "How many tasks exactly are in Evolution Gym?", "fact", [73], "dataset_size"),
    ("n", "What are Evolution Gym robots built out of?", "fact", [73], [73], ["voxels"]),
    ("u", "How many slides or image patches went into pretraining the histopathology foundation models?", "fact", [], "dataset_size"),
    ("n", "How many cancer types does the histopathology SSL benchmark cover?", "fact", [], [51], ["12 unique cancer types"]),
    ("u", "Which ChatGPT version produced the AI ideas in the creativity experiment?", "fact", [], "absent_model"),
    ("n", "In the AI-ideas experiment, what did heavy AI exposure change?", "fact", [], [14], ["collective idea diversity"]),
    ("u", "How many research ideas in total were written in the 100+ NLP researchers study?", "fact", [], "dataset_size"),
    ("n", "Where did LLM-generated research ideas score slightly worse than human ones?", "fact", [], [42], ["feasibility"]),
    ("u", "LifeGPT parameter count?", "fact", [65], "absent_detail"),
    ("n", "LifeGPT \u2014 what transformer architecture it uses?", "fact", [65], [65], ["decoder-only"]),
    ("u", "Does SPC beat Math-Shepherd as a step verifier?", "comparison", [46], "absent_comparison"),
    ("n", "Does SPC beat the distilled R1 model as a critic?", "fact", [46], [46], ["distilled R1 model"]),
    ("u", "By how much does Mobile-Agent-E beat AppAgent specifically?", "comparison", [8], "absent_comparison"),
    ("u", "SELF-FAMILIARITY: by how many percentage points does it reduce hallucinations?", "fact", [34], "absent_detail"),
    ("n", "On how many LLMs was SELF-FAMILIARITY tested?", "fact", [34], [34], ["four"]),
    ("u", "In the 'know what they know' paper, what is the biggest model size they study?", "fact", [35], "absent_detail"),
    ("n", "what is P(IK) in Language Models (Mostly) Know What They Know?", "fact", [35], [35], ["I know"]),
    ("u", "DynLin-UCB, how long does it take to run on the real-world data?", "fact", [71], "cost"),
    ("n", "DynLin-UCB regret bound, what does it depend on?", "fact", [71], [71], ["stability of the system", "dimension of the action vector"]),
    ("u", "What defence against the uncertainty backdoor does 'Uncertainty is Fragile' propose?", "fact", [37], "absent_detail"),
    ("n", "Uncertainty backdoor attack success rate, and on how many models?", "fact", [], [37], ["100 attack success rate", "four models"]),
    ("u", "Foundation inference model for Markov jump processes: how many parameters does the network have?", "fact", [68], "absent_detail"),
    ("n", "What does the pretrained Markov jump process model output for a target system?", "fact", [68], [68], ["initial condition", "rate matrix"]),
    ("u", "Which Mamba checkpoint size did the token dynamics paper analyse?", "fact", [56], "absent_model"),
    ("n", "Mamba token dynamics, 1-D case: what are the only two things that can happen to the tokens?", "fact", [56], [56], ["converge to zero", "diverge to infinity"]),
    ("u", "Temporally-aware RL algorithm discovery: which benchmark suites (MinAtar, Brax...) did they use?", "fact", [72], "absent_benchmark"),
    ("n", "In the temporally-aware learned RL objectives paper, was it meta-gradients or evolution strategies that found dynamic learning rules?", "fact", [72], [72], ["evolution strategies"]),
    ("u", "AlphaEvolve base model?", "fact", [], "absent_paper"),
    ("u", "what does the Chinchilla paper say about the compute-optimal ratio of tokens to parameters?", "fact", [], "absent_paper"),
    ("u", "DeepSeek-R1's AIME 2024 pass@1, from its own paper?", "fact", [], "absent_paper"),
    ("u", "Reflexion (verbal reinforcement for agents) \u2014 what HumanEval score does it report?", "fact", [], "absent_paper"),
    ("u", "Summarise the Voyager Minecraft agent paper and its skill library for me", "describe", [], "absent_paper"),
    ("u", "Constitutional AI from Anthropic: what principles do they use for the AI feedback?", "fact", [], "absent_paper"),
    ("u", "what's a good recipe for mushroom risotto", "off_topic", [], "off_topic"),
    ("u", "capital of Australia?", "off_topic", [], "off_topic"),
    ("u", "Convert 30 degrees Celsius to Fahrenheit please", "off_topic", [], "off_topic"),
    ("u", "write me a haiku about autumn leaves", "off_topic", [], "off_topic"),
    ("u", "When is sunset in Lisbon today?", "off_topic", [], "off_topic"),
    ("u", "Recommend a gaming laptop under 1500 euros", "off_topic", [], "off_topic"),
]

# ---------------------------------------------------------------- lists and counts
# (question, intent, gold, match_any or None, count or None)
LISTS = [
    ("Tree search for LLM reasoning \u2014 which papers here use it (the Monte Carlo kind)?", "list",
     [7, 10, 29, 40, 41], ["monte carlo tree search", "mcts"], None),
    ("How many papers report GAIA results?", "count", [4, 50], ["gaia"], 2),
    ("which papers here use, or compare against, direct preference optimisation (DPO)?", "list", [3, 41],
     ["dpo", "direct preference optimization"], None),
    ("Number of papers that evaluate on AIME competition problems?", "count",
     [6, 7, 11, 18, 38, 46], ["aime24", "aime2024", "(aime)", "aime,", "aime benchmarks"], 6),
    ("Qwen models \u2014 which papers build on them or test them?", "list",
     [7, 11, 12, 18, 45], ["qwen"], None),
    ("I need every paper that compares against or uses GPT-4o (mini included)", "list", [6, 10, 29], ["gpt-4o"], None),
    ("how many papers bring up genetic programming?", "count", [31, 32], ["genetic programming"], 2),
    ("For my related-work section on LLMs making things up: which papers deal with hallucination?",
     "list", [21, 34], ["hallucinat"], None),
    ("How many papers in the collection are about quantum computing?", "count", [], ["quantum"], 0),
    ("Which papers talk about multi-agent systems or frameworks?", "list",
     [1, 8, 15, 26, 40, 50, 60, 75], ["multi-agent"], None),
    ("papers that use low-rank adapters (LoRA)?", "list", [74], ["low-rank adaptation"], None),
    ("Which papers mention process rewards, i.e. reward models scoring the intermediate steps?", "list",
     [7, 45, 46], ["process reward"], None),
    ("How many papers test on the MATH500 subset?", "count", [6, 11, 38, 46], ["math500", "math 500"], 4),
    ("Dark matter papers, list them", "list", [20, 23], ["dark matter"], None),
    ("Which papers report AlpacaEval numbers?", "list", [28, 33], ["alpacaeval"], None),
    ("single-cell biology \u2014 any papers on it here? give me all", "list", [55, 58], ["single-cell"], None),
    ("How many papers use a Phi-3 family model?", "count", [0, 7, 29], ["phi-3", "phi3"], 3),
    ("I'm collecting health-related work: which papers touch medicine, clinical or biomedical problems?",
     "list", [10, 26, 51, 53, 55, 69], ["medical", "histopatholog", "clinical", "medicine"], None),
    ("Which papers involve self-supervised learning or some form of self-supervision?", "list",
     [12, 22, 24, 27, 49, 51, 53, 70], ["self-supervis"], None),
    ("how many papers use recurrent networks?", "count", [27, 62], ["recurrent"], 2),
    ("Mistral models: which papers use them?", "list", [3, 41, 45], ["mistral"], None),
    ("Which papers run experiments with LLaMA-family models?", "list", [11, 33, 36, 45], ["llama"], None),
    ("How many papers are about robots?", "count", [73], ["robot"], 1),
    ("Which papers give agents or models some kind of memory to learn from experience?", "list",
     [1, 8, 15, 50, 75], ["memory"], None),
    ("How many papers tackle the GitHub-issue benchmark SWE-bench?", "count", [13, 40, 57], ["swe-bench"], 3),
    ("Papers that use or compare against GPT-4 (any variant) \u2014 list please", "list",
     [3, 6, 10, 28, 29, 33, 36], ["gpt-4"], None),
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
    [turn("tell me about rstar-math in a couple of sentences", "first", "describe", [7], [7],
          ["Monte Carlo Tree Search"]),
     turn("what base models did they boost, and how far?", "dependent", "fact", [7], [7],
          ["Qwen2.5-Math-7B", "90.0%"]),
     unf("and how long did those self-evolution rounds take to train, in days?", [7]),
     turn("does MedS3 do its tree search the same way? how big is its seed data?", "new_subject",
          "fact", [10], [10], ["8,000"])],
    [turn("Which papers evaluate on SWE-bench, the GitHub-issues benchmark?", "first", "list", [],
          [13, 40, 57], [], match_any=["swe-bench"]),
     turn("which of them plan with Monte Carlo-style tree search?", "dependent", "which_paper", [13, 40, 57], [40],
          ["Monte Carlo Tree Search"]),
     turn("and the one that rewrites its own code \u2014 how much did it improve there?", "dependent",
          "fact", [13], [13], ["20.0%", "50.0%"]),
     unf("what did that cost in API fees?", [13])],
    [turn("Alita \u2014 what's the main design idea?", "first", "describe", [4], [4],
          ["minimal predefinition", "maximal self-evolution"]),
     turn("how does it get new tools when it needs them?", "dependent", "fact", [4], [4],
          ["model context protocols"]),
     turn("and OMNE, what is its secret for doing well on that same benchmark?", "new_subject",
          "fact", [50], [50], ["long-term memory"]),
     unf("did it give a pass@1 percentage?", [50])],
    [turn("I'm writing a related-work section on self-play, which papers here should I cite?",
          "first", "list", [], [46, 61], [], match_any=["self-play"]),
     turn("which of them gets by without training any reward model?", "dependent", "which_paper",
          [46, 61], [61], ["Minimax Winner"]),
     turn("and for the other one, what are the two roles?", "dependent", "fact", [46], [46],
          ["sneaky generator", "critic"])],
    [turn("for a reading group, what's the gist of RAIN?", "first", "describe", [36], [36],
          ["rewind"]),
     turn("how big were the harmlessness gains?", "dependent", "fact", [36], [36], ["82%", "97%"]),
     unf("how much slower does generation get with it?", [36]),
     turn("Self-Judge goes another way \u2014 what does its judge model predict?", "new_subject",
          "fact", [28], [28], ["numerical quality scores"])],
    [turn("How many of these papers report GSM8K results?", "first", "count", [],
          [6, 18, 19, 33, 41], [], count=5, match_any=["gsm8k"]),
     turn("which of them gives the highest GSM8K number?", "dependent", "which_paper",
          [6, 18, 19, 33, 41], [33], ["91%"]),
     turn("now DotaMath specifically: what's its training set called and how big is it?",
          "new_subject", "fact", [19], [19], ["DotaMathQA", "574K"])],
    [turn("what is the darwin godel machine", "first", "describe", [13], [13],
          ["archive", "SWE-bench"]),
     turn("and the Guided Evolution paper \u2014 what model do they evolve there?", "new_subject",
          "fact", [31], [31], ["ExquisiteNetV2"]),
     turn("by how much did its accuracy move?", "dependent", "fact", [31], [31],
          ["92.52%", "93.34%"]),
     turn("going back to the G\u00f6del machine one, what's its Polyglot result?", "new_subject",
          "fact", [13], [13], ["14.2%", "30.7%"])],
    [turn("anything in here on self-supervised learning for medical images?", "first", "list", [],
          [51, 53], ["MedMNIST"], qtype="multi_paper"),
     turn("which of them uses the MedMNIST collection?", "dependent", "which_paper", [51, 53],
          [53], ["MedMNIST"]),
     turn("what label fractions did it test?", "dependent", "fact", [53], [53],
          ["1%, 10%, and 100%"]),
     unf("which SSL method came out on top there?", [53])],
    [turn("papers on chaotic dynamical systems?", "first", "list", [], [59, 62, 63], [],
          match_any=["chaotic", "chaos"]),
     turn("which of them is a benchmark database, and how many systems has it?", "dependent",
          "which_paper", [59, 62, 63], [59], ["131"]),
     turn("the one with the teacher forcing trick \u2014 what RNN do they pair it with?", "dependent",
          "fact", [62], [62], ["PLRNN"])],
    [turn("phone automation agents in this collection?", "first", "list", [], [1, 8], [],
          match_any=["mobile"]),
     turn("which of them keeps reusable shortcuts in its memory?", "dependent", "which_paper",
          [1, 8], [8], ["Shortcuts"]),
     turn("what benchmark did the other one build?", "dependent", "fact", [1], [1], ["CAPBench"]),
     unf("what success rate does it reach on that benchmark?", [1])],
    [turn("What problem is LongPO trying to fix?", "first", "describe", [3], [3], ["long-context"]),
     turn("what is its preference data made of?", "dependent", "fact", [3], [3],
          ["compressed short-context"]),
     turn("UPO also does iterative preference optimisation; how does it deal with noisy pairs?",
          "new_subject", "fact", [9], [9], ["uncertainty", "dropout"]),
     unf("which benchmarks did it test on, by name?", [9])],
    [turn("what's the sharpening view of self-improvement?", "first", "describe", [54], [54],
          ["verifier"]),
     turn("per their theory, is the SFT route or the RLHF route better?", "dependent", "fact", [54],
          [54], ["online exploration"]),
     turn("B-STaR looks at this empirically \u2014 what two things does it monitor?", "new_subject",
          "fact", [64], [64], ["exploration", "exploitation"]),
     turn("what happens to the first of those over iterations?", "dependent", "fact", [64], [64],
          ["deteriorate"])],
    [turn("how many surveys are in this collection?", "first", "count", [], [15, 21, 75], [],
          count=3, match_any=["survey"]),
     turn("which of them organises the field by what, when and how to evolve?", "dependent",
          "which_paper", [15, 21, 75], [75], ["how to evolve"]),
     turn("and the internal consistency one \u2014 what are the two modules of its framework?",
          "dependent", "fact", [21], [21], ["Self-Evaluation", "Self-Update"])],
    [turn("are there astrophysics papers in here", "first", "list", [], [20, 23, 66], [],
          match_any=["n-body"]),
     turn("which of them is about the Sagittarius dwarf galaxy?", "dependent", "which_paper",
          [20, 23, 66], [20], ["Sagittarius"]),
     turn("what interaction cross-section did they assume?", "dependent", "fact", [20], [20],
          ["30 cm^2/g"]),
     turn("the NBODY6++GPU-MASSLESS one: do its massless particles mass-segregate like stars?",
          "new_subject", "fact", [66], [66], ["mass segregation"])],
    [turn("AI co-scientist, what's it built on?", "first", "fact", [26], [26], ["Gemini 2.0"]),
     turn("which biomedical areas did they validate it in?", "dependent", "fact", [26], [26],
          ["drug repurposing", "novel target discovery"]),
     unf("how many accelerators does one run of it need?", [26]),
     turn("the study with 100+ NLP researchers \u2014 were the LLM ideas judged more original?",
          "new_subject", "fact", [42], [42], ["more novel"])],
    [turn("EMPO \u2014 does it need labels?", "first", "fact", [12], [12], ["unsupervised"]),
     turn("so what does it minimise?", "dependent", "fact", [12], [12], ["entropy"]),
     turn("SELF uses what kind of feedback then?", "new_subject", "fact", [2], [2],
          ["language feedback"]),
     turn("what skills does it learn first, before evolving?", "dependent", "fact", [2], [2],
          ["self-feedback", "self-refinement"])],
    [turn("Which papers mention best-of-N style sampling?", "first", "list", [], [28, 33, 45], [],
          match_any=["best-of-n", "best-of-32"]),
     turn("which of them benchmarks lots of inference tricks, and how much GPU time did it burn?",
          "dependent", "which_paper", [28, 33, 45], [45], ["20,000 A100-80G GPU hours"]),
     turn("the one where the model predicts if restarting would help \u2014 how many samples on average does it need?",
          "dependent", "fact", [33], [33], ["1.2 samples"])],
]


# ---------------------------------------------------------------- serialise
def answerable_record(n, q, intent, subjects, gold, facts, near_miss=False):
    record = {"id": f"n9-{'un' if near_miss else 'an'}-{n:03d}", "question": q,
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
            rows.append({"id": f"n9-un-{i:03d}", "question": q, "type": "unanswerable",
                         "intent": intent, "subjects": t(subjects), "gold_titles": [],
                         "must_include": [], "why": why})
        else:
            _, q, intent, subjects, gold, facts = row
            rows.append(answerable_record(i, q, intent, subjects, gold, facts, near_miss=True))
    out["unanswerable.jsonl"] = rows
    rows = []
    for i, (q, intent, gold, match_any, count) in enumerate(LISTS, 1):
        record = {"id": f"n9-li-{i:03d}", "question": q, "type": TYPE_OF[intent],
                  "intent": intent, "subjects": [], "gold_titles": t(gold), "must_include": []}
        if count is not None:
            record["count"] = count
        if match_any is not None:
            record["match_any"] = match_any
        rows.append(record)
    out["lists.jsonl"] = rows
    out["conversations.jsonl"] = [{"id": f"n9-cv-{i:03d}", "turns": turns}
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
    for name, records in out.items():
        with open(HERE / name, "w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{name}: {len(records)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
