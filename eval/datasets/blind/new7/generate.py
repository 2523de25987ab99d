"""Generate the n7 batch (written by hand; this script only serialises)."""
import json, sys
from pathlib import Path
ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))
from eval.check_dataset import DEFAULT_CORPUS, read_corpus
C = read_corpus(DEFAULT_CORPUS)
T = list(C)  # titles in corpus order; items refer to papers by index
OUT = str(Path(__file__).resolve().parent) + '/'

def un(q, why, subj=None, intent='fact'):
    return {"question": q, "type": "unanswerable", "intent": intent,
            "subjects": [T[subj]] if subj is not None else [], "gold_titles": [], "must_include": [], "why": why}

def nm(q, subj, facts, intent='fact'):
    return {"question": q, "type": "factual", "intent": intent, "subjects": [T[subj]],
            "gold_titles": [T[subj]], "must_include": facts, "near_miss": True}

U = [
 # absent_benchmark
 un("dotamath svamp accuracy?", "absent_benchmark", 19),
 un("how does mmE5 score on MTEB, the text-only embedding benchmark", "absent_benchmark", 44),
 un("SPC - did they also try guiding the search on gsm8k? what numbers", "absent_benchmark", 46),
 un("whats qwen2.5-math-instruct's score on minerva math", "absent_benchmark", 18),
 un("satori-swe-32b resolve rate on swe-bench lite?", "absent_benchmark", 57),
 un("MSTaR accuracy on MathVista?", "absent_benchmark", 0),
 un("the histopathology foundation model paper - any results on CAMELYON16?", "absent_benchmark", 51),
 un("how do the agentgym evolved agents do on webarena", "absent_benchmark", 47),
 un("cot monitor+ truthfulqa numbers?", "absent_benchmark", 30),
 # absent_model
 un("did they run EMPO on llama 3.1 8b instruct too? what did it get", "absent_model", 12),
 un("which five open source models did the self-j paper train its judges on", "absent_model", 28),
 un("mobilesteward: which LLM runs the StewardAgent, is it gpt-4o?", "absent_model", 1),
 un("iterative deepening sampling - what model do they fine tune, qwen2.5-math-7b?", "absent_model", 38),
 un("Which LLM did the CoT Monitor+ authors RL-finetune with the self-monitor?", "absent_model", 30),
 un("what LLM is OMNE built on?", "absent_model", 50),
 un("swe-search says five models - which ones? was gpt-4o one of them", "absent_model", 40),
 un("UPO experiments: is the policy zephyr-7b or a llama model?", "absent_model", 9),
 # hyperparameter
 un("what sampling temperature does MC-NEST use", "hyperparameter", 29),
 un("how many rounds of the adversarial game did SPC run before it stopped improving", "hyperparameter", 46),
 un("agentevol learning rate and number of epochs?", "hyperparameter", 47),
 un("B-STaR adjusts the sampling temperature over iterations right? between which values", "hyperparameter", 64),
 un("evoscale: how many refinement iterations, and how many samples per iteration?", "hyperparameter", 57),
 un("diffusion spectral entropy paper - what kernel bandwidth / diffusion time t did they pick?", "hyperparameter", 24),
 un("Self-J: how much weight is put on the self-distillation regulariser?", "hyperparameter", 28),
 # cost
 un("how many gpu hours went into pretraining qwen2.5-math", "cost", 18),
 un("What was the training compute for MSTaR in GPU hours?", "cost", 0),
 un("in the 100+ NLP researchers ideation study how much were the experts paid per idea", "cost", 42),
 un("how many A100s did it take to train dotamath", "cost", 19),
 un("swe-search: what does it cost per issue in api dollars", "cost", 40),
 un("does SELF-FAMILIARITY add much latency at inference? how many ms per query", "cost", 34),
 # dataset_size
 un("how many short-to-long preference pairs does longpo generate for training?", "dataset_size", 3),
 un("how many ideas were written in total in the NLP researcher ideation study", "dataset_size", 42),
 un("RB-WebFace: how many identities and images does it have?", "dataset_size", 49),
 un("in the chaos benchmark how long are the precomputed time series, number of points per trajectory?", "dataset_size", 59),
 un("how many images in total across the MedMNIST datasets used in the SSL robustness benchmark", "dataset_size", 53),
 un("agentgym's trajectory set - how many trajectories?", "dataset_size", 47),
 # absent_detail
 un("who are the authors of mobile-agent-e", "absent_detail", 8),
 un("what year did 'language models (mostly) know what they know' come out?", "absent_detail", 35),
 un("which conference was dynamical linear bandits published at", "absent_detail", 71),
 un("with rStar-Math, what does phi3-mini score on AIME specifically?", "absent_detail", 7),
 un("dotamath's 80.1% average: which out-of-domain benchmarks go into it?", "absent_detail", 19),
 un("EMPO accuracy on MATH500 alone, not the average over math benchmarks?", "absent_detail", 12),
 un("the telecom paper says distilled bert is similar - whats its exact accuracy?", "absent_detail", 25),
 # absent_paper
 un("what does the original STaR paper (Zelikman et al.) do with rationalization?", "absent_paper", None, "describe"),
 un("summarise Self-Refine by Madaan et al. for me", "absent_paper", None, "describe"),
 un("how many games did AlphaZero win against Stockfish", "absent_paper", None, "fact"),
 un("explain the generative agents paper, the smallville town with 25 agents", "absent_paper", None, "describe"),
 un("how was DeepSeek-R1-Zero trained, was it pure RL without SFT?", "absent_paper", None, "describe"),
 un("eureka paper: how do LLMs write reward functions for dexterous robot hands?", "absent_paper", None, "describe"),
 # absent_comparison
 un("dotamath vs ToRA on MATH, which one is better?", "absent_comparison", 19, "comparison"),
 un("does UPO beat SPIN?", "absent_comparison", 9, "comparison"),
 un("how does onechart compare with MatCha on chart-to-table extraction", "absent_comparison", 43, "comparison"),
 un("RWM vs EWC - how much less forgetting does RWM get?", "absent_comparison", 16, "comparison"),
 un("SELF-FAMILIARITY vs SelfCheckGPT, which one catches more hallucinations", "absent_comparison", 34, "comparison"),
 # off_topic
 un("whats the boiling point of water at 2000m altitude", "off_topic", None, "off_topic"),
 un("suggest some names for my new kitten pls", "off_topic", None, "off_topic"),
 un("how do i center a div in css", "off_topic", None, "off_topic"),
 un("usd to eur exchange rate today?", "off_topic", None, "off_topic"),
 un("who painted the mona lisa", "off_topic", None, "off_topic"),
 un("can you write me a cover letter for a barista job", "off_topic", None, "off_topic"),
]

N = [
 nm("on how many multimodal reasoning benchmarks does MSTaR beat the model it started from?", 0, ["5 multimodal reasoning benchmarks"]),
 nm("how many open-source models were in the self-j experiments", 28, ["five open-source models"]),
 nm("self-j judges as reward model: how much does wizardlm gain on alpacaeval v2?", 28, ["12.03", "15.90"]),
 nm("swe-search was tested across how many models?", 40, ["five models"]),
 nm("what's dotamath-deepseek-7b's average score across the in-domain + OOD benchmarks", 19, ["80.1%"]),
 nm("which model is EMPO's truthfulqa result on?", 12, ["Qwen2.5-7B Instruct"]),
 nm("telecom llm paper: the Tdocs they predict on are from which years?", 25, ["2020-2023"]),
 nm("how much smaller is distilled bert than the others in the telecom paper", 25, ["50% less parameters"]),
 nm("rstar-math phi3-mini MATH accuracy, before vs after?", 7, ["41.4%", "86.4%"]),
 nm("By how much does rStar-Math beat o1-preview on MATH?", 7, ["+4.5%", "+0.9%"]),
 nm("what score does MC-NEST rely on to balance exploring vs exploiting", 29, ["Upper Confidence Bound"]),
 nm("what reasoning modes does qwen2.5-math-instruct support", 18, ["Chain-of-Thought", "Tool-Integrated Reasoning"]),
 nm("is AMC23 one of the datasets qwen2.5-math gets evaluated on?", 18, ["AMC23"]),
 nm("mobile-agent-e's gain over prior sota: across how many backbones?", 8, ["three foundation model backbones"]),
 nm("in CoT Monitor+, what does the self-monitor signal stand in for during RL fine-tuning?", 30, ["external weak judge"]),
 nm("which bigger closed model does LongPO match or beat on long-context benchmarks", 3, ["GPT-4-128K"]),
 nm("which baselines does LongPO outperform?", 3, ["naive SFT and DPO"]),
 nm("how many tasks does superglue have, per the vega v2 report?", 5, ["eight"]),
 nm("how much does adding the reward model help MedS3?", 10, ["13 points"]),
 nm("MedS3's seed data spans how many domains and datasets?", 10, ["five domains", "16 datasets"]),
 nm("adaptive inference-time compute: what share of samples can they cut off early without hurting much?", 33, ["50-75%"]),
 nm("uncertainty is fragile: how many triggering strategies did they test?", 37, ["three"]),
 nm("which chart parsing models does onechart outperform?", 43, ["DePlot", "ChartVLM", "ChartAst"]),
 nm("what metric does onechart report for structural extraction", 43, ["Average Precision"]),
 nm("how many experiments did the bag of tricks paper run in total?", 45, ["1,000 experiments"]),
 nm("which R1 model does SPC beat?", 46, ["distilled R1 model"]),
 nm("in SPC's game, what does the winner get and what does the loser get?", 46, ["positive reward", "negative reward"]),
 nm("what coding improvements did the DGM come up with on its own", 13, ["code editing tools", "long-context window management"]),
 nm("which encoder gets fine-tuned in the stylegan face recognition paper?", 49, ["pSp encoder"]),
 nm("how many images in AsianFaceSet?", 49, ["3 million images"]),
 nm("what proof-of-concept experiments does the chaos database paper do", 59, ["surrogate transfer learning", "importance sampling"]),
 nm("foundation inference models for MJPs: which real or experimental systems do they infer?", 68, ["ion channel data", "protein folding"]),
 nm("how accurately does LifeGPT capture the game of life rules?", 65, ["near-perfect accuracy"]),
 nm("do the evolution gym robots ever beat hand-designed ones?", 73, ["outperforming hand-designed robots"]),
 nm("what applications does PSEC get applied to", 74, ["multi-objective composition", "continual policy shift"]),
 nm("which distilled R1 models does long⊗short match?", 11, ["DeepSeek-R1-Distill-Qwen-7B", "DeepSeek-R1-Distill-Llama-8B"]),
 nm("b-star: what happens to the model's exploration across iterations?", 64, ["rapidly deteriorate"]),
 nm("sharpening paper: what lets the RLHF-based approach beat SFT-based self-improvement?", 54, ["online exploration"]),
 nm("DSMI with the input signal - on which datasets does it go up and on which does it go down?", 24, ["MNIST", "CIFAR-10", "STL-10"]),
 nm("what causes the extra mass loss of the sgr progenitor with self-interacting dark matter?", 20, ["ram-pressure evaporation"]),
 nm("massless particles in star clusters: which early high-velocity ejections are left out, and over what period?", 66, ["neutron stars", "50 Myr"]),
 nm("did labelling the ideas as AI change anything in the AI-ideas creativity experiment?", 14, ["no main effects of disclosure"]),
 nm("how statistically significant was the llm-ideas-more-novel result?", 42, ["p < 0.05"]),
 nm("satori-swe-32b holds up against models of what size?", 57, ["100B parameters"]),
 nm("what does mobilesteward's memory-based self-evolution summarise?", 1, ["experience from successful execution"]),
]
assert len(U) == 60 and len(N) == 45, (len(U), len(N))

# order unanswerables by rotating through kinds so every third gets a mix
from collections import defaultdict, deque
byk = defaultdict(deque)
for u in U: byk[u['why']].append(u)
kinds = list(byk)
Urot = []
while any(byk.values()):
    for k in kinds:
        if byk[k]: Urot.append(byk[k].popleft())
# interleave: 60 U and 45 N -> pattern U N U N U N U ... spreading N evenly
items = []
ui = ni = 0
for i in range(105):
    if ni < 45 and (ni + 1) * 105 / 45 <= i + 1 + 1e-9 or ui >= 60:
        items.append(N[ni]); ni += 1
    else:
        items.append(Urot[ui]); ui += 1
def write(name, rows):
    with open(OUT + name, 'w') as f:
        for i, r in enumerate(rows, 1):
            r = {"id": f"n7-{name.split('.')[0][:2]}-{i:03d}", **r}
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
write('unanswerable.jsonl', items)
print(len(items), sum(1 for x in items if x['type']=='unanswerable'))

# ---------------- answerable.jsonl ----------------
def cmp_(q, subs, facts):
    return {"question": q, "type": "comparison", "intent": "comparison", "subjects": [T[s] for s in subs],
            "gold_titles": [T[s] for s in subs], "must_include": facts}
def which(q, gold, facts):
    return {"question": q, "type": "which_paper", "intent": "which_paper", "subjects": [],
            "gold_titles": [T[gold]], "must_include": facts}
def fact(q, subj, facts, intent='fact'):
    return {"question": q, "type": "factual", "intent": intent, "subjects": [T[subj]],
            "gold_titles": [T[subj]], "must_include": facts}

CMP = [
 cmp_("where do self-j and the adaptive inference-time compute paper get their training data from?", [28, 33], ["labeled instruction-tuning data", "LMSYS user prompts"]),
 cmp_("RWM vs PSEC: how does each one take on new tasks without wrecking what it already learned", [16, 74], ["gradient modification direction", "LoRA"]),
 cmp_("what role does evolution play in the knightian blindspot paper compared to the temporally-aware RL algorithms paper?", [17, 72], ["biological evolution", "evolution strategies"]),
 cmp_("SELF-FAMILIARITY vs CoT Monitor+ - at what point does each one step in?", [34, 30], ["pre-detection", "inside the CoT process"]),
 cmp_("uncertainty is fragile and the stochastic parrots paper both describe attacks. what does each attack and how well does it work", [37, 48], ["100 attack success rate", "evades detection"]),
 cmp_("generalized teacher forcing vs the StNN paper: what model or operator does each use to learn dynamical systems", [62, 63], ["piecewise-linear RNNs", "Hankel operator"]),
 cmp_("how do meta flow matching and the MJP foundation inference models generalise to new cases?", [55, 68], ["initial populations", "zero-shot"]),
 cmp_("contrast the sagittarius self-interacting dark matter paper with NBODY6++GPU-MASSLESS: what are they each simulating", [20, 66], ["Sagittarius", "star clusters"]),
 cmp_("how big were the human experiments in the AI-ideas creativity study vs the NLP research ideation study?", [14, 42], ["800+ participants", "over 100 NLP researchers"]),
 cmp_("SPO vs the reward design thesis: where do the rewards come from if there's no learned reward model?", [61, 52], ["proportion of wins", "self-design its reward signals"]),
 cmp_("MSTaR and mmE5 both avoid needing lots of human labels - how does each get its training data", [0, 44], ["its own outputs", "synthetic"]),
 cmp_("compare how qwen2.5-math, rstar-math and MedS3 use a reward model when generating answers", [18, 7, 10], ["guide sampling", "process reward model", "highest reward score"]),
 cmp_("darwin godel machine vs satori-swe: how does each one improve itself?", [13, 57], ["modifies its own code", "reinforcement learning"]),
 cmp_("how do the internal-consistency calibration paper and 'LMs mostly know what they know' get at a model's confidence?", [39, 35], ["intermediate layers", "P(True)"]),
 cmp_("UPO vs SPHERE: how does each deal with bad self-generated training data?", [9, 6], ["uncertainty estimation", "Self-Correction"]),
]
WH = [
 which("is there a paper that tracks how the entropy of learned representations changes during training, using the data manifold?", 24, ["diffusion spectral entropy"]),
 which("which paper fine-tunes language models to sort 3GPP documents into the right working group?", 25, ["3GPP"]),
 which("which paper uses delaunay tessellation to rebuild the density field of dark matter flow", 23, ["collisionless"]),
 which("what's the paper where an expert who knows the optimal policy hand-crafts rewards for a learner", 52, ["reward design"]),
 which("which paper explains self-improvement as the model being its own verifier and concentrating mass on good outputs?", 54, ["sharpening"]),
 which("is there a paper that predicts patient-specific treatment response by learning flows over cell populations", 55, ["Meta Flow Matching"]),
 which("which work recovers gene expression trajectories from snapshots at several time points?", 58, ["Schrödinger"]),
 which("which paper uses neural nets to control agent-based simulations of a patient's biology?", 69, ["digital twins"]),
 which("paper about bandits where the reward depends on a hidden state that keeps evolving, e.g. ads?", 71, ["Dynamical Linear Bandits"]),
 which("which paper simulates comets and free floating planets inside star clusters", 66, ["NBODY6++GPU-MASSLESS"]),
 which("which paper argues long-term memory is the key to ai self-evolution, taking inspiration from cortical columns?", 50, ["long-term memory"]),
 which("which paper solves lotka-volterra and lorenz systems with a small structured network built on hankel matrices", 63, ["StNN"]),
 which("what's the paper that upweights CoT paths where the intermediate layers agree with the final answer?", 39, ["internal consistency"]),
 which("there's a survey that maps agent modules onto parts of the human brain - which one?", 15, ["brain-inspired"]),
 which("which paper trains small models for maths by generating, fixing and diversifying their own reasoning chains", 6, ["SPHERE"]),
]
FD = [
 fact("tl;dr of the knightian blindspot paper?", 17, ["Knightian uncertainty", "biological evolution"], "describe"),
 fact("what are the steps in the ai co-scientist's approach to coming up with hypotheses", 26, ["generate, debate, and evolve"]),
 fact("gist of the stylegan face recognition paper?", 49, ["self-supervised", "AfricanFaceSet-5M"], "describe"),
 fact("in the nbody6++gpu-massless runs, when are MLP escape rates highest?", 66, ["before the core-collapse"]),
 fact("whats the stochastic parrots llm detection paper about", 48, ["hard to detect"], "describe"),
 fact("on the lotka-volterra model, which method does the StNN paper compare against?", 63, ["LEADS"]),
 fact("explain the experiment on how AI ideas affect human creativity, and what did they find?", 14, ["collective idea diversity", "different, not better"], "describe"),
 fact("the medical digital twins controller is benchmarked with how many kinds of agent-based models?", 69, ["two widely-used agent-based model types"]),
 fact("summarize 'calibrating reasoning in language models with internal consistency'", 39, ["internal consistency", "middle layers"], "describe"),
 fact("what's LifeGPT's autoregressive autoregressor for?", 65, ["recursively implement Life"]),
 fact("what is the foundation inference models for markov jump processes paper about?", 68, ["zero-shot", "rate matrix"], "describe"),
 fact("besides deepfake detection, where else does RWM claim to be useful?", 16, ["image recognition"]),
 fact("what tasks are in the evolution gym benchmark?", 73, ["locomotion", "manipulation"]),
 fact("collisionless dark matter flow paper: what scaling law do the even moments of the pairwise velocity follow at small scales?", 23, ["two-thirds law"]),
 fact("the histopathology SSL paper - what else do they evaluate on besides their own benchmark tasks?", 51, ["patch-level", "weakly supervised"]),
]
assert len(CMP) == len(WH) == len(FD) == 15
ans = [x for trio in zip(CMP, WH, FD) for x in trio]
write('answerable.jsonl', ans)

# ---------------- lists.jsonl ----------------
EVAL_NOTE = "Qualifies if the abstract reports results on / evaluates with it (any role as an evaluation set)."
def lst(q, gold, variants, note):
    return {"question": q, "type": "multi_paper", "intent": "list", "subjects": [],
            "gold_titles": [T[g] for g in gold], "must_include": [], "match_any": variants, "note": note}
def cnt(q, gold, variants, note):
    return {"question": q, "type": "count", "intent": "count", "subjects": [],
            "gold_titles": [T[g] for g in gold], "must_include": [], "count": len(gold),
            "match_any": variants, "note": note}

LISTS = [
 lst("anything tested on continuous-control RL tasks, like D4RL or the DeepMind control suite?", [61, 74, 73],
     ["continuous control", "deepmind control", "d4rl", "locomotion"],
     "Qualifies if the abstract evaluates on continuous-control tasks (SPO: a suite of continuous control tasks; PSEC: D4RL, DSRL, DeepMind Control Suite; Evolution Gym: deep-RL control of soft robots for locomotion and manipulation)."),
 cnt("how many papers use some kind of monte carlo method (tree search, rollouts, MC dropout...)?", [7, 9, 10, 11, 29, 40, 41],
     ["monte carlo"],
     "Qualifies if the abstract uses a Monte Carlo technique in its method: MCTS (rStar-Math, MedS3, MC-NEST, SWE-Search, MCTS-DPO), Monte Carlo rollouts (Long-otimes-Short) or MC dropout (UPO)."),
 lst("which papers use MNIST-style or CIFAR image datasets?", [24, 53],
     ["mnist", "cifar"],
     "Qualifies if the abstract uses MNIST, CIFAR or an MNIST-derived collection: DSE (MNIST, CIFAR-10, STL-10) and the medical SSL benchmark (MedMNIST)."),
 lst("anything involving chatgpt or gpt-3.5?", [14, 28],
     ["chatgpt", "gpt-3.5"],
     "Qualifies if the abstract names ChatGPT or GPT-3.5 in any role (AI-ideas study shows ChatGPT ideas; Self-J compares with models distilled from GPT-3.5-turbo). GPT-4/GPT-4o alone does not count."),
 cnt("how many papers bring up AutoML?", [15, 31],
     ["automl"],
     "Qualifies if the abstract mentions AutoML (foundation agents survey; LLM Guided Evolution contrasts itself with AutoML)."),
 lst("which papers talk about mutation, as in evolutionary algorithms?", [31, 32, 57],
     ["mutation", "crossover"],
     "Qualifies if the abstract names mutation (operators or rates); DGM's foundation-model rewrites of sampled agents are not called mutation and do not count: Guided Evolution (LLM-guided mutations and crossovers), the sexual-selection GP paper (mutation rates), Satori-SWE/EvoScale (selection and mutation)."),
 lst("list all work on continual or lifelong learning", [2, 15, 16, 50, 74, 75],
     ["continual learning", "lifelong learning", "continual self-evolution", "continual policy shift"],
     "Qualifies if the abstract is about, or explicitly covers, continual/lifelong learning: RWM (continual learning for deepfake detection), LTM (lifelong learning), the two agent surveys (continual learning), SELF (continual self-evolution), PSEC (continual policy shift). MCTS-DPO's 'continually updating' does not count."),
 cnt("how many of these papers work with 7B-size models?", [3, 7, 11, 12, 18, 19, 41],
     ["7b"],
     "Qualifies if the abstract names a 7B model it trains, evaluates or builds on: Mistral-7B (LongPO, MCTS-DPO), Qwen2.5-Math-7B (rStar-Math, EMPO), Qwen2.5-7B (Long-otimes-Short), Qwen2.5-Math-Instruct-7B (Qwen2.5-Math), DotaMath-deepseek-7B."),
 lst("which papers run studies with human participants or user studies?", [14, 27, 42],
     ["participants", "user studies", "human study"],
     "Qualifies if people take part in a study or experiment: the AI-ideas creativity experiment (800+ participants), TecoGAN (user studies confirm the metrics), the 100+ NLP researcher ideation study. Plain human evaluation of model outputs (RAIN) is not counted."),
 {"question": "papers about web browsing agents, e.g. on WebArena or Mind2Web?", "type": "unanswerable", "intent": "list",
  "subjects": [], "gold_titles": [], "must_include": [],
  "match_any": ["web agent", "browser", "webarena", "web navigation", "web brows", "mind2web", "webshop"],
  "note": "No abstract is about web/browser agents (the agents here are mobile, coding, general GAIA agents).", "why": "absent_paper"},
 lst("anything that tests on commonsense reasoning?", [12, 41, 64],
     ["commonsense"],
     "Qualifies if the abstract evaluates on commonsense reasoning tasks: EMPO (free-form commonsense reasoning), MCTS-DPO (arithmetic and commonsense reasoning, ARC-C), B-STaR."),
 cnt("how many abstracts talk about self-correction?", [6, 19, 38],
     ["self-correct"],
     "Qualifies if the abstract uses self-correction (SPHERE's Self-Correction stage, DotaMath, iterative deepening sampling). Self-refinement under another name is a separate item."),
 lst("which papers use or compare against best-of-N sampling (many samples, pick the best with a scorer)?", [28, 33, 45, 10, 57],
     ["best-of-n", "best-of-32", "selects the one with the highest reward", "selecting the best one"],
     "Qualifies if the abstract uses or discusses generate-many-then-select with a scorer: Self-J (best-of-32), Adaptive Inference-Time Compute (Best-of-N), Bag of Tricks (Best-of-N), MedS3 (reward model picks among multiple responses), Satori-SWE (test-time scaling baseline: score outputs with a verifier and select the best)."),
 lst("which of these use meta-learning?", [13, 52, 72],
     ["meta-learning", "meta-gradient"],
     "Qualifies if the abstract uses or discusses meta-learning: DGM (contrasts with meta-learning), the reward design thesis (meta-learning approach for self-designed rewards), temporally-aware RL algorithm discovery."),
 cnt("how many abstracts actually mention time series?", [59, 62],
     ["time series", "time-series"],
     "Qualifies if the abstract says time series: the chaos benchmark (precomputed time series) and generalized teacher forcing (reconstruction from observed time series). Trajectory data (Koopman), time-delay measurements (StNN) or snapshots (Schroedinger bridges) are not called time series and do not count."),
 lst("which papers name open vision-language models they use, like llava or internvl?", [0, 43],
     ["llava", "internvl", "phi-3.5-vision", "minicpm"],
     "Qualifies if a specific open VLM is named: MSTaR (MiniCPM-V-2.5, Phi-3.5-Vision, InternVL2), OneChart (LLaVA-1.6). mmE5's unnamed multimodal LLM does not count."),
 cnt("how many papers are about recommender systems?", [],
     ["recommender", "recommendation system"],
     "No abstract is about recommender systems: the answer is zero."),
 lst("any papers on detecting fake or machine-generated content?", [16, 48],
     ["deepfake", "detectability", "detectors"],
     "Qualifies if the abstract is about detecting synthetic content: RWM (audio deepfake detection), Stochastic Parrots (LLM-generated text detectors)."),
 lst("papers evaluating on GPQA or ARC?", [11, 41],
     ["gpqa", "arc-c"],
     EVAL_NOTE + " Long-otimes-Short reports GPQA Diamond; MCTS-DPO reports ARC-C."),
 cnt("how many papers mention self-refine or self-refinement", [2, 21, 29],
     ["self-refine", "self-refinement"],
     "Qualifies if the abstract names self-refine/self-refinement: SELF (self-refinement meta-skill), the internal consistency survey (Self-Refine line of work), MC-NEST (Self-Refine Tree)."),
 lst("which papers measure harmlessness or deception in LLMs?", [30, 36],
     ["harmless", "deceptive", "sycophan"],
     "Qualifies if the abstract measures harmful/deceptive behaviour: CoT Monitor+ (DeceptionBench, deceptive behaviours), RAIN (harmlessness rate on HH)."),
 lst("is there any work involving symbolic regression?", [32, 59],
     ["symbolic regression"],
     "Qualifies if symbolic regression is part of the experiments: the sexual-selection GP paper (three symbolic regression problems), the chaos benchmark (benchmarking symbolic regression algorithms)."),
 cnt("how many abstracts bring up entropy?", [12, 23, 24],
     ["entropy"],
     "Qualifies if the abstract uses entropy: EMPO (entropy minimisation), the dark matter flow statistics paper (maximise system entropy), DSE (diffusion spectral entropy)."),
 lst("which papers have anything to do with drugs - drug repurposing, drug screens?", [26, 55],
     ["drug"],
     "Qualifies if the abstract involves drugs: AI co-scientist (drug repurposing), Meta Flow Matching (single-cell drug screen dataset)."),
]
assert len(LISTS) == 24
write('lists.jsonl', LISTS)

# ---------------- conversations.jsonl ----------------
def tf(q, kind, subj, facts, intent='fact', typ='factual'):
    return {"question": q, "kind": kind, "type": typ, "intent": intent, "subjects": [T[subj]],
            "gold_titles": [T[subj]], "must_include": facts}
def tw(q, kind, gold, facts, subjects=None):
    return {"question": q, "kind": kind, "type": "which_paper", "intent": "which_paper",
            "subjects": [T[gold]] if subjects else [], "gold_titles": [T[gold]], "must_include": facts}
def tu(q, subj, why, intent='fact'):
    return {"question": q, "kind": "unanswerable_followup", "type": "unanswerable", "intent": intent,
            "subjects": [T[subj]], "gold_titles": [], "must_include": [], "note": f"unanswerable: {why}"}
def tl(q, gold, variants, facts, note):
    return {"question": q, "kind": "first", "type": "multi_paper", "intent": "list", "subjects": [],
            "gold_titles": [T[g] for g in gold], "must_include": facts, "match_any": variants, "note": note}

CONV = [
 [tf("what are DSE and DSMI in that neural representations paper?", "first", 24, ["diffusion spectral entropy", "diffusion spectral mutual information"], "describe"),
  tf("and what happens to DSMI with the class label when a net overfits?", "dependent", 24, ["stays stagnant"]),
  tu("which network architectures did they train for this?", 24, "absent_detail")],
 [tl("anything on single-cell data?", [55, 58], ["single-cell"], ["Meta Flow Matching", "Schrödinger"],
     "Qualifies if the abstract works with single-cell data (drug screen; single-cell sequencing)."),
  tw("which of them embeds the population with a GNN?", "dependent", 55, ["Meta Flow Matching"], subjects=True),
  tf("what does it predict in the end?", "dependent", 55, ["individual treatment responses"]),
  tu("and the other one - which ecology model did it simulate, by name?", 58, "absent_detail")],
 [tf("what's the telecom llm paper trying to classify?", "first", 25, ["standard working groups"]),
  tf("how did gpt-2 do on that?", "dependent", 25, ["83%"]),
  tu("how long did the fine-tuning take and on what gpus?", 25, "cost")],
 [tf("how does self-j score responses if there are no human quality labels?", "first", 28, ["gold reference answer"]),
  tf("which model do its judges end up agreeing with?", "dependent", 28, ["GPT-4"]),
  tf("and RAIN - how is it told which preference to align with, given it never trains?", "new_subject", 36, ["fixed-template prompt"])],
 [tf("vega v2, how do they deal with the low-resource superglue tasks?", "first", 5, ["prompt transfer"]),
  tf("and what supervises their masked language modelling?", "dependent", 5, ["rectified smooth labels"]),
  tu("how many tokens was it pretrained on?", 5, "dataset_size")],
 [tf("how does llm guided evolution keep diversity up in its population?", "first", 31, ["model temperature"]),
  tf("what about the sexual selection GP paper, what keeps diversity there?", "new_subject", 32, ["mating preferences"]),
  tf("did it also succeed more often?", "dependent", 32, ["three of the six instances"])],
 [tl("which papers are about llm calibration or uncertainty estimation?", [9, 35, 37, 39],
     ["calibration", "calibrating", "calibrated", "uncertainty estimation"], ["P(True)", "backdoor", "internal consistency"],
     "Qualifies if the abstract is about calibration or uncertainty estimation of a model's outputs (UPO, Mostly Know, Uncertainty is Fragile, Calibrating Reasoning). Knightian uncertainty is a different notion and is not matched."),
  tw("which of them attacks it with a backdoor?", "dependent", 37, ["backdoor"], subjects=True),
  tf("does the attack change the model's final answer?", "dependent", 37, ["top-1 prediction remains unchanged"])],
 [tf("how does the ai co-scientist get better hypotheses over time?", "first", 26, ["tournament evolution process"]),
  tf("what did it come up with for liver fibrosis?", "dependent", 26, ["epigenetic targets"]),
  tf("did the 100+ NLP researchers study find llm ideas more feasible too, or just more novel?", "new_subject", 42, ["slightly weaker on feasibility"])],
 [tf("DynLin-UCB's regret bound has a rho in it - what is rho?", "first", 71, ["stability of the system"]),
  tf("what do they validate it on?", "dependent", 71, ["synthetic environment", "real-world data"]),
  tu("how does it do against thompson sampling?", 71, "absent_comparison", "comparison")],
 [tf("foundation inference models for MJPs: what does the network output?", "first", 68, ["initial condition and rate matrix"]),
  tf("is it as good as models that are finetuned on the target data?", "dependent", 68, ["on par with state-of-the-art models"]),
  tf("what does the multi-marginal schrödinger bridge paper need you to specify about its reference dynamics?", "new_subject", 58, ["class of reference dynamics"]),
  tf("is it tried on any real data, or only simulations?", "dependent", 58, ["real motion-capture data"])],
 [tw("which paper derives a continuous-time dynamical system for the tokens in mamba?", "first", 56, ["Mamba"]),
  tf("what goes wrong when the tokens converge to zero?", "dependent", 56, ["negatively impacts the model's performance"]),
  tu("which benchmarks were their refinements tested on?", 56, "absent_detail")],
 [tf("does evolution gym use RL to control the robots?", "first", 73, ["deep reinforcement learning"]),
  tf("do the evolved designs end up looking like anything?", "dependent", 73, ["natural creatures"]),
  tu("what's the max robot size in voxels?", 73, "absent_detail")],
 [tf("in the adaptive inference-time compute paper, why is the self-evaluation so cheap?", "first", 33, ["single predefined token"]),
  tf("what's the gsm8k gain?", "dependent", 33, ["84% to 91%"]),
  tf("and the bag of tricks paper, which model families did they run?", "new_subject", 45, ["Llama", "Qwen", "Mistral"])],
 [tf("stylegan face recognition paper: when is the self-supervised pretraining most useful?", "first", 49, ["limited amounts of labeled training data"]),
  tf("where do they evaluate it?", "dependent", 49, ["RFW", "RB-WebFace"]),
  tu("TAR at FAR=1e-4 on RB-WebFace?", 49, "absent_detail")],
 [dict(tl("which papers involve recurrent nets / RNNs?", [27, 48, 62], ["rnn", "recurrent"], ["PLRNNs", "recurrent networks"],
     "Qualifies if the abstract uses or discusses recurrent networks: TecoGAN (recurrent generator networks), Stochastic Parrots (RNN-driven text GANs), generalized teacher forcing (PLRNNs).")),
  tw("which one is about video?", "dependent", 27, ["Ping-Pong loss"], subjects=True),
  tf("what two video tasks does it cover?", "dependent", 27, ["video super-resolution", "unpaired video translation"])],
 [tf("in the reward design thesis, how does the adaptive reward design part work?", "first", 52, ["learner's current policy"]),
  tf("and how does SPO get a reward for each trajectory without a reward model?", "new_subject", 61, ["proportion of wins"]),
  tf("what tasks do they show it on?", "dependent", 61, ["continuous control tasks"])],
 [tf("chaos benchmark: what can its systems do that static time series datasets can't?", "first", 59, ["re-integrated"]),
  tf("what does the koopman learning paper say about whether more training data helps?", "new_subject", 67, ["unlimited training data"])],
 [tf("how does long⊗short figure out which thoughts actually matter?", "first", 11, ["Monte Carlo rollouts"]),
  tf("what sort of RL do they train the two models with?", "dependent", 11, ["multi-turn reinforcement learning"]),
  tu("what's the exact reward function in their RL?", 11, "absent_detail")],
]
assert len(CONV) == 18
with open(OUT + 'conversations.jsonl', 'w') as f:
    for i, turns in enumerate(CONV, 1):
        f.write(json.dumps({"id": f"n7-cv-{i:03d}", "turns": turns}, ensure_ascii=False) + "\n")
