"""Generate the n8 batch (written by hand from the abstracts; this script only serialises).

Papers are referred to by their index in corpus order so the titles are exact.
Run:  python eval/datasets/blind/new8/generate.py
"""
import json, sys
from pathlib import Path
ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))
from eval.check_dataset import DEFAULT_CORPUS, read_corpus, qualifying
C = read_corpus(DEFAULT_CORPUS)
T = list(C)  # titles in corpus order; items refer to papers by index
OUT = str(Path(__file__).resolve().parent) + '/'


def write(name, rows, prefix):
    with open(OUT + name, 'w') as f:
        for i, r in enumerate(rows, 1):
            r = {"id": f"n8-{prefix}-{i:03d}", **r}
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


# ---------------- helpers ----------------
def fact(q, subj, facts, intent='fact'):
    return {"question": q, "type": "factual", "intent": intent, "subjects": [T[subj]],
            "gold_titles": [T[subj]], "must_include": facts}

def which(q, gold, facts):
    return {"question": q, "type": "which_paper", "intent": "which_paper", "subjects": [],
            "gold_titles": [T[gold]], "must_include": facts}

def cmp_(q, subs, facts):
    return {"question": q, "type": "comparison", "intent": "comparison", "subjects": [T[s] for s in subs],
            "gold_titles": [T[s] for s in subs], "must_include": facts}

def un(q, why, subj=None, intent='fact'):
    if isinstance(subj, int):
        subj = [subj]
    return {"question": q, "type": "unanswerable", "intent": intent,
            "subjects": [T[s] for s in (subj or [])], "gold_titles": [], "must_include": [], "why": why}

def nm(q, subj, facts, intent='fact'):
    return {"question": q, "type": "factual", "intent": intent, "subjects": [T[subj]],
            "gold_titles": [T[subj]], "must_include": facts, "near_miss": True}


# ---------------- answerable.jsonl ----------------
FACT = [
    fact("does EMPO need any supervision at all, like gold answers or a reward model?", 12,
         ["not require any supervised information"]),
    fact("what model did longpo get applied to, and how far was its context stretched?", 3,
         ["Mistral-7B-Instruct-v0.2", "512K"]),
    fact("by how much did the darwin godel machine improve on swe-bench", 13, ["20.0% to 50.0%"]),
    fact("mobile-agent-e: how big is the gain over the previous state of the art?", 8, ["22% absolute improvement"]),
    fact("In the telecom LLM paper, what accuracy does GPT-2 reach on identifying the 3GPP working groups?", 25, ["83%"]),
    fact("how many chaotic sytems are in the chaos benchmark database right now", 59, ["131"]),
    fact("hey, I'm reviewing a submission on test-time compute for coding agents and it cites satori-swe as a pure sampling method - does satori-swe actually use reinforcement learning anywhere?", 57, ["reinforcement learning"]),
    fact("what LLM is google's AI co-scientist built on top of", 26, ["Gemini 2.0"]),
    fact("RAIN vs the llm-attacks adversarial attack on vicuna 33b - what % attack success rate before and after?", 36,
         ["94% to 19%"]),
    fact("medmnist SSL benchmark: how many SSL methods and how many datasets?", 53,
         ["8 major SSL methods", "11 different medical datasets"]),
    fact("how big is onechart, parameter-wise?", 43, ["0.2 billion parameters"]),
    fact("which optimiser did the stochastic parots authors pair with their critic-style loss tweak", 48, ["AdamW"]),
    fact("how large are the africanfaceset and asianfaceset collections from the stylegan face recognition work?", 49,
         ["5 million images", "3 million images"]),
    fact("guided evolution (GE) - which network did they evolve and what was the accuracy gain?", 31,
         ["ExquisiteNetV2", "92.52% to 93.34%"]),
    fact("Does PSEC store its skills as LoRA modules?", 74, ["LoRA modules"]),
    fact("the mcts iterative preference learning paper: gsm8k accuracy over the mistral-7b sft baseline?", 41, ["81.8%"]),
    fact("how many people took part in the AI ideas / human creativity experiment, and from how many countries", 14,
         ["800+ participants", "40+ countries"]),
    fact("self-j as a reward model: what does wizardlm-13b go from/to on alpacaeval v1?", 28, ["89.17 to 92.48"]),
    fact("lifegpt simulates the game of life on what kind of grid", 65, ["toroidal grid"]),
    fact("diffusion spectral entropy paper - across how many imagenet models do they predict downstream accuracy with DSMI?", 24,
         ["962 models"]),
    fact("sgr dwarf + self-interacting dark matter: which cross section do they use?", 20, ["30 cm^2/g"]),
    fact("do massless particles take part in mass segregation in the NBODY6++GPU-MASSLESS sims?", 66,
         ["do not participate"]),
]
DESC = [
    fact("tell me about alita", 4, ["minimal predefinition", "maximal self-evolution"], intent='describe'),
    fact("what is MobileSteward?", 1, ["StewardAgent", "StaffAgents"], intent='describe'),
    fact("explain the random teachers are good teachers paper to me, whats the main finding", 70, ["random initialization", "self-distillation"], intent='describe'),
    fact("whats the foundation inferance model for markov jump proceses about?", 68,
         ["zero-shot", "rate matrix"], intent='describe'),
    fact("summarise the limits and powers of koopman learning paper pls", 67,
         ["Koopman operators", "fundamental barriers"], intent='describe'),
    fact("I'm writing a related-work section on LLM multi-agent simulations - what does the cultural evolution in LLM populations paper actually propose?", 60,
         ["simulating cultural evolution", "open-source"], intent='describe'),
    fact("give me a quick overview of meta flow matching", 55, ["Wasserstein manifold", "Graph Neural Network"], intent='describe'),
    fact("what's 'all you need is sex for diversity' about", 32, ["Mate Choice", "genetic diversity"], intent='describe'),
]
WH = [
    which("is there a paper where a transformer learns to run conway's game of life?", 65, ["LifeGPT"]),
    which("which work simulates comets, asteroids and free-floating planets inside star clusters", 66,
          ["NBODY6++GPU-MASSLESS"]),
    which("which paper shows a backdoor trigger can mess with an LLM's confidence while leaving its answer the same?", 37,
          ["backdoor", "top-1 prediction"]),
    which("what paper extends linear bandits with a hidden state, motivated by online advertising", 71,
          ["Dynamical Linear Bandits", "DynLin-UCB"]),
    which("the paper where a critic is trained against a sneaky generator that plants errors - which one?", 46,
          ["Self-Play Critic"]),
    which("which paper builds self-supervised foundation models for pathology slides", 51, ["17 unique tissue types"]),
    which("which paper argues ML has a blind spot for uncertainty that can't be quantified, contrasting RL with biological evolution?", 17,
          ["Knightian uncertainty"]),
    which("who compares against SINDy and HAVOK on the lorenz system?", 63, ["Hankel operator", "StNN"]),
]
CMP = [
    cmp_("rStar-Math and MedS3 both use MCTS - how do they differ in domain?", [7, 10], ["math reasoning", "clinical tasks"]),
    cmp_("how does the darwin godel machine stack up against alita, in terms of what benchmark each shows off", [13, 4],
         ["SWE-bench", "GAIA"]),
    cmp_("Mobile-Agent-E or MobileSteward: which one keeps Tips and Shortcuts in long-term memory?", [8, 1],
         ["Tips and Shortcuts"]),
    cmp_("SPO vs UPO - how does each handle the reward model problem?", [61, 9],
         ["training a reward model", "uncertainty estimation"]),
    cmp_("compare EMPO and B-STaR: what supervision signal does each rely on", [12, 64],
         ["unlabeled user queries", "external rewards"]),
    cmp_("self-familiarity vs rain - do they act before the response is generated or during it?", [34, 36],
         ["pre-detection", "rewind"]),
    cmp_("difference between the internal consistency survey (self-feedback) and the calibrating-reasoning-with-internal-consistency paper?", [21, 39],
         ["Self-Feedback", "intermediate layers"]),
    cmp_("swe-search vs satori-swe: which swe-bench flavour and what gains?", [40, 57],
         ["23% relative improvement", "SWE-Bench-Verified"]),
    cmp_("the chaos benchmark paper and generalized teacher forcing both deal with chaotic systems - how do their contributions differ?", [59, 62],
         ["131", "bounded gradients"]),
    cmp_("how do the histopathology SSL paper and the medmnist SSL robustness benchmark differ in scope", [51, 53],
         ["17 unique tissue types", "11 different medical datasets"]),
]
ANS = FACT + DESC + WH + CMP

# ---------------- unanswerable.jsonl ----------------
U = [
    # absent_benchmark
    un("does rstar-math report gsm8k numbers? what does it get", "absent_benchmark", 7),
    un("alita webarena score?", "absent_benchmark", 4),
    un("how does b-star do on humaneval, given it claims coding gains", "absent_benchmark", 64),
    un("MC-NEST accuracy on MATH500?", "absent_benchmark", 29),
    un("longpo on RULER - what numbers at 128k?", "absent_benchmark", 3),
    un("whats sphere's score on the olympiad benchmark exactly vs gpt-4o", "absent_detail", 6),
    un("did GASP report anything on nuScenes or Waymo Open?", "absent_benchmark", 22),
    un("OneChart PlotQA accuracy?", "absent_benchmark", 43),
    un("how well does PSEC do on Meta-World?", "absent_benchmark", 74),
    # absent_model
    un("which base model does SPHERE fine-tune, qwen or llama?", "absent_model", 6),
    un("mobile-agent-e's three backbones - which foundation models are they?", "absent_model", 8),
    un("what model does SELF start from, vicuna?", "absent_model", 2),
    un("which LLMs were trained in the b-star experiments", "absent_model", 64),
    un("the four LLMs that self-familiarity was validated on - which are they?", "absent_model", 34),
    un("uncertainty is fragile: name the four models where the backdoor hit 100 ASR", "absent_model", 37),
    un("which models were used in the internal-consistency calibration study, llama 2?", "absent_model", 39),
    un("what LLM powers the agents in the cultural evolution simulator - gpt-4?", "absent_model", 60),
    # hyperparameter
    un("learning rate used for LongPO training?", "hyperparameter", 3),
    un("dotamath fine-tuning: epochs and batch size?", "hyperparameter", 19),
    un("what max search depth does SWE-Search use by default", "hyperparameter", 40),
    un("what LoRA rank does PSEC use for its skill primitives?", "hyperparameter", 74),
    un("EMPO - how many responses per query do they sample to estimate the semantic entropy?", "hyperparameter", 12),
    un("iterative deepening sampling: what's the max depth / how many deepening steps?", "hyperparameter", 38),
    un("rstar-math: how many MCTS rollouts per problem?", "hyperparameter", 7),
    un("How many RL training steps did they run for Satori-SWE-32B?", "hyperparameter", 57),
    un("in the sex-for-diversity GP paper, what were the actual mutation rate values", "hyperparameter", 32),
    # cost
    un("I'm putting together a compute budget for reproducing rstar-math, do they say how many gpu hours the four self-evolution rounds took", "cost", 7),
    un("what did a darwin godel machine run cost in API credits?", "cost", 13),
    un("alita: dollar cost per GAIA task?", "cost", 4),
    un("how long does lifegpt take to train and on what hardware", "cost", 65),
    un("ai co-scientist - how much compute does a tournament run burn per research goal", "cost", 26),
    un("What is RAIN's inference slowdown compared with vanilla auto-regressive decoding?", "cost", 36),
    un("how many GPUs were used to train the AgentEvol agents", "cost", 47),
    # dataset_size
    un("how many examples are in DeceptionBench?", "dataset_size", 30),
    un("CAPBench size - how many cross-app tasks?", "dataset_size", 1),
    un("mobile-eval-e: number of tasks in the benchmark?", "dataset_size", 8),
    un("self-j: how many instructions did they collect from hugging face", "dataset_size", 28),
    un("how many synthetic samples are in mmE5's training data?", "dataset_size", 44),
    un("how many 3gpp tdocs were used to train the telecom models", "dataset_size", 25),
    un("meta flow matching's drug screen dataset - how many patients and cells?", "dataset_size", 55),
    un("how many environments does agentgym include in total", "dataset_size", 47),
    # absent_detail
    un("who wrote the darwin godel machine paper", "absent_detail", 13),
    un("is there a github repo for SPHERE?", "absent_detail", 6),
    un("satori-swe claims to match 100B+ models - which ones exactly?", "absent_detail", 57),
    un("bag of tricks: what are the eight reasoning tasks in their benchmark?", "absent_detail", 45),
    un("dynamical linear bandits - what real-world dataset did they validate on", "absent_detail", 71),
    un("list the five categories in DeceptionBench", "absent_detail", 30),
    un("vega v2's 6B model: how many layers and what hidden size?", "absent_detail", 5),
    un("whats RAIN's harmlessness rate on llama 7b", "absent_detail", 36),
    un("GASP - which autonomous driving benchmarks exactly?", "absent_detail", 22),
    un("medical digital twins control paper: which two agent-based model types did they benchmark on?", "absent_detail", 69),
    un("which three symbolic regression problems were used in the mate choice GP study?", "absent_detail", 32),
    un("the temporally-aware RL algorithm discovery paper augments two existing methods - which ones?", "absent_detail", 72),
    # absent_paper
    un("what does the Reflexion paper do with verbal reinforcement?", "absent_paper", None, "describe"),
    un("summarize Voyager, the minecraft agent with a skill library", "absent_paper", None, "describe"),
    un("how many parameters does GPT-3 have", "absent_paper", None, "fact"),
    un("what is tree of thoughts prompting", "absent_paper", None, "describe"),
    un("AlphaEvolve - what did it find for 4x4 matrix multiplication?", "absent_paper", None, "fact"),
    # absent_comparison
    un("how does rstar-math compare with AlphaGeometry on olympiad problems", "absent_comparison", 7, "comparison"),
    un("MCTS-DPO vs Step-DPO on MATH, which is better?", "absent_comparison", 41, "comparison"),
    un("is EMPO better than TTRL?", "absent_comparison", 12, "comparison"),
    un("rain vs constitutional AI - which gives better harmlessness?", "absent_comparison", 36, "comparison"),
    un("how does SPC compare with Math-Shepherd as a PRM on processbench", "absent_comparison", 46, "comparison"),
    un("darwin godel machine vs AlphaEvolve, how do they differ?", "absent_comparison", 13, "comparison"),
    un("mobile-agent-e vs AppAgent on mobile-eval-e, by how much does it win?", "absent_comparison", 8, "comparison"),
    un("lifegpt vs a plain CNN baseline for predicting game of life - who wins?", "absent_comparison", 65, "comparison"),
    # off_topic
    un("what's a good substitute for buttermilk in pancakes", "off_topic", None, "off_topic"),
    un("how do I renew my UK passport online?", "off_topic", None, "off_topic"),
    un("who won the 2018 world cup", "off_topic", None, "off_topic"),
    un("weather in lisbon in march, is it warm enough for the beach?", "off_topic", None, "off_topic"),
]
N = [
    nm("how many A100 GPU hours did the bag of tricks study burn?", 45, ["20,000 A100-80G GPU hours"]),
    nm("how many math problems did rstar-math synthesise solutions for?", 7, ["747k"]),
    nm("how many query-response pairs are in DotaMathQA", 19, ["574K"]),
    nm("how big was MedS3's seed dataset?", 10, ["8,000 instances"]),
    nm("how many rounds of self-evolution does rstar-math run", 7, ["4 rounds"]),
    nm("self-j reward-model experiment: what best-of-N did they sample?", 28, ["best-of-32"]),
    nm("adaptive inference-time compute: how many samples on average do you need to get 74% of the 16-sample gain?", 33,
       ["1.2 samples"]),
    nm("which LVLM did onechart help on chartqa, and by how much", 43, ["LLaVA-1.6", "10%+"]),
    nm("what were the three models MSTaR was demonstrated on?", 0, ["MiniCPM-V-2.5", "Phi-3.5-Vision", "InternVL2"]),
    nm("which LLMs were tried with mc-nest", 29, ["GPT-4o", "Phi-3-mini"]),
    nm("which base models does long⊗short train", 11, ["Qwen2.5-7B", "Llama3.1-8B"]),
    nm("whats alita's pass@3 on gaia", 4, ["87.27%"]),
    nm("does EMPO report TruthfulQA? what numbers", 12, ["87.16", "97.25"]),
    nm("SPC processbench accuracy?", 46, ["70.8% to 77.7%"]),
    nm("what label proportions did the medmnist SSL benchmark try", 53, ["1%, 10%, and 100%"]),
    nm("how many parameters is the vega v2 model", 5, ["6B"]),
    nm("telecom LLM paper - which years were the training tdocs from?", 25, ["2009-2019"]),
    nm("which baselines does longpo beat on long and short context tasks?", 3, ["naive SFT and DPO"], intent='fact'),
    nm("does mobilesteward get compared against multi-agent frameworks?", 1, ["multi-agent frameworks"]),
    nm("what benchmarks did psec evaluate on", 74, ["D4RL", "DSRL", "DeepMind Control Suite"]),
    nm("which chart parsing models does onechart compare against", 43, ["DePlot", "ChartVLM", "ChartAst"]),
    nm("the markov jump process foundation model - what real experimental data was it tried on?", 68, ["ion channel data"]),
    nm("what does the regret bound of DynLin-UCB depend on?", 71, ["stability of the system"]),
    nm("adaptive inference-time compute: where did the training prompts come from", 33, ["LMSYS"]),
    nm("does DSMI with the input go up or down on cifar-10 during training?", 24, ["decreases"]),
]
assert len(U) == 70 and len(N) == 25, (len(U), len(N))
items = []
ui = ni = 0
# interleave near-misses among the unanswerable ones (about 1 in 4)
while ui < len(U) or ni < len(N):
    for _ in range(3):
        if ui < len(U):
            items.append(U[ui]); ui += 1
    if ni < len(N):
        items.append(N[ni]); ni += 1


# ---------------- lists.jsonl ----------------
def lst(q, variants, note, gold=None):
    g = sorted(T.index(t) for t in qualifying(variants, C)) if variants else gold
    if gold is not None:
        assert g == sorted(gold), (q, g, gold)
    r = {"question": q, "type": "multi_paper", "intent": "list", "subjects": [],
         "gold_titles": [T[i] for i in g], "must_include": []}
    if variants:
        r["match_any"] = variants
    r["note"] = note
    return r

def cnt(q, variants, note, gold):
    r = lst(q, variants, note, gold)
    r.update(type="count", intent="count", count=len(r["gold_titles"]))
    return r

AIME = ["aime24", "aime2024", "aime,", "(aime)", "aime benchmarks"]
LISTS = [
    lst("which papers use monte carlo tree search", ["monte carlo tree search", "mcts"],
        "MCTS in the abstract (MC-NEST counts via MCTSr).", [7, 10, 29, 40, 41]),
    cnt("how many papers evaluate on gsm8k?", ["gsm8k"], "GSM8K named in the abstract.", [6, 18, 19, 33, 41]),
    lst("dark matter papers?", ["dark matter"], "Astrophysics papers on dark matter.", [20, 23]),
    lst("anything here on DPO / direct preference optimisation", ["dpo", "direct preference optimization"],
        "LongPO compares with DPO; MCTS-DPO uses it.", [3, 41]),
    lst("which papers bring up GPT-4o", ["gpt-4o"], "GPT-4o or GPT-4o-mini named.", [6, 10, 29]),
    cnt("how many surveys are in the collection", ["survey"], "Papers that are surveys.", [15, 21, 75]),
    lst("give me every paper that uses self-supervised learning or self-supervision", ["self-supervised", "self-supervision"],
        "Self-supervised / self-supervision in the abstract.", [12, 22, 24, 27, 49, 51, 53, 70]),
    cnt("How many of these papers report SWE-bench results?", ["swe-bench"], "SWE-bench (any variant).", [13, 40, 57]),
    lst("which ones deal with hallucinations", ["hallucinat"], "Hallucination in the abstract.", [21, 34]),
    cnt("how many papers use the GAIA benchmark", ["gaia"], "GAIA results reported.", [4, 50]),
    lst("papers on chaotic dynamical systems?", ["chaotic", "chaos"], "Chaos / chaotic systems.", [59, 62, 63]),
    lst("which papers involve koopman operators", ["koopman"], "Koopman (HAVOK = Hankel Alternative view of Koopman).", [63, 67]),
    cnt("how many papers are about agents on mobile phones", ["mobile"], "Mobile phone agents.", [1, 8]),
    lst("which papers run N-body simulations", ["n-body"], "N-body simulations.", [20, 23, 66]),
    lst("list the papers that involve process reward models or process-level rewards", ["process reward", "process preference model"],
        "PRM / PPM / process rewards.", [7, 45, 46]),
    cnt("how many papers report results on MATH500", ["math500", "math 500"], "MATH500 / MATH 500.", [6, 11, 38, 46]),
    lst("papers with alpacaeval results", ["alpacaeval"], "AlpacaEval.", [28, 33]),
    lst("which papers use best-of-n sampling somewhere", ["best-of-n", "best-of-32"], "Best-of-N / best-of-32.", [28, 33, 45]),
    cnt("how many papers are on genetic programming?", ["genetic programming"], "Genetic programming.", [31, 32]),
    lst("which papers have a medical, clinical or biomedical angle", ["medical", "clinical", "medicine"],
        "Medical / clinical / biomedical (co-scientist: biomedical areas; Meta Flow Matching: personalized medicine).", [10, 26, 51, 53, 55, 69]),
    lst("which papers use Qwen models", ["qwen"], "Qwen model family named.", [7, 11, 12, 18, 45]),
    cnt("how many papers mention the AIME competition benchmark", AIME,
        "AIME as a benchmark ('aimed' excluded).", [6, 7, 11, 18, 38, 46]),
    lst("which papers use a microsoft Phi model", ["phi-3", "phi3"], "Phi-3 / Phi-3.5 / Phi3-mini.", [0, 7, 29]),
    lst("which papers involve GANs", ["gan-based", "stylegan", "gans"], "GANs: TecoGAN, text GANs, StyleGAN.", [27, 48, 49]),
    lst("which of the surveys here are NOT about agents?", None,
        "Topical, checked by reading the three surveys (15, 21, 75): only the internal consistency survey is not about agents.",
        [21]),
    cnt("how many abstracts mention reinforcement learning or RLHF in any role", ["reinforcement learning", "rlhf"],
        "Any mention of RL / RLHF (used, compared with, or discussed).", [11, 12, 17, 18, 30, 36, 45, 46, 52, 54, 57, 61, 72, 73]),
]


# ---------------- conversations.jsonl ----------------
def tf(q, kind, subj, facts, intent='fact'):
    return {"question": q, "kind": kind, "type": "factual", "intent": intent, "subjects": [T[subj]],
            "gold_titles": [T[subj]], "must_include": facts}

def tw(q, kind, gold, facts, subjects=False):
    return {"question": q, "kind": kind, "type": "which_paper", "intent": "which_paper",
            "subjects": [T[gold]] if subjects else [], "gold_titles": [T[gold]], "must_include": facts}

def tm(q, kind, gold, facts, subjects, note):
    return {"question": q, "kind": kind, "type": "multi_paper", "intent": "list",
            "subjects": [T[g] for g in subjects], "gold_titles": [T[g] for g in gold], "must_include": facts, "note": note}

def tu(q, subj, why, intent='fact'):
    return {"question": q, "kind": "unanswerable_followup", "type": "unanswerable", "intent": intent,
            "subjects": [T[subj]], "gold_titles": [], "must_include": [], "note": f"unanswerable: {why}"}

def tl(q, variants, gold, facts, note):
    g = sorted(T.index(t) for t in qualifying(variants, C))
    assert g == sorted(gold), (q, g)
    return {"question": q, "kind": "first", "type": "multi_paper", "intent": "list", "subjects": [],
            "gold_titles": [T[i] for i in g], "must_include": facts, "match_any": variants, "note": note}

CONV = [
    [tf("what does satori-swe call its test-time scaling method?", "first", 57, ["EvoScale"]),
     tf("how big is their model", "dependent", 57, ["32B"]),
     tu("and its exact resolve rate on swe-bench-verified?", 57, "absent_detail")],
    [tl("which papers are about dark matter", ["dark matter"], [20, 23], ["Sagittarius"], "Dark matter papers."),
     tw("which of them reconstructs density with a delaunay tessellation?", "dependent", 23, ["Delaunay tessellation"], subjects=True),
     tf("and what scattering cross section did the other one assume?", "dependent", 20, ["30 cm^2/g"])],
    [tf("tell me about PSEC", "first", 74, ["skill library", "LoRA"], intent='describe'),
     tf("ok and what's its counterpart in AgentGym - what is their evolution method called?", "new_subject", 47, ["AgentEvol"]),
     tf("did they release any of it?", "dependent", 47, ["AgentGym suite"])],
    [tf("RWM for audio deepfakes - how does it decide which classes are compact vs spread out?", "first", 16,
        ["in-class cosine distance"]),
     tf("does it work outside audio?", "dependent", 16, ["image recognition"]),
     tu("what EER does it get on ASVspoof 2019?", 16, "absent_benchmark")],
    [tl("which papers evaluate on swe-bench?", ["swe-bench"], [13, 40, 57], ["SWE-bench"], "SWE-bench papers."),
     tw("which of them uses monte carlo tree search", "dependent", 40, ["hybrid value function"], subjects=True),
     tf("by how much did that improve things?", "dependent", 40, ["23% relative improvement"]),
     tu("what was the cost per issue?", 40, "cost")],
    [tf("what is DeceptionBench", "first", 30, ["five-category benchmark"], intent='describe'),
     tf("by how much does their method cut deceptive behaviour?", "dependent", 30, ["43.8%"]),
     tf("and in the RAIN paper, does this method need any finetuning?", "new_subject", 36, ["abstains from any training"])],
    [tf("mamba token dynamics paper: what two regimes can the tokens end up in?", "first", 56,
        ["converge to zero", "diverge to infinity"]),
     tf("what fixes do they suggest", "dependent", 56, ["reordering tokens"]),
     tu("how much perplexity do those fixes save?", 56, "absent_detail")],
    [tw("which paper found that seeing AI ideas made collective ideas more diverse but not more creative?", "first", 14,
        ["collective idea diversity"]),
     tf("did labelling the ideas as AI change anything?", "dependent", 14, ["no main effects of disclosure"]),
     tf("and what did the 100+ NLP researcher study find about how novel LLM ideas are?", "new_subject", 42,
        ["more novel"])],
    [tl("which papers involve koopman?", ["koopman"], [63, 67], ["Koopman"], "Koopman papers."),
     tw("which one uses a hankel operator", "dependent", 63, ["Hankel operator"], subjects=True),
     tf("what systems did it test on", "dependent", 63, ["Lotka-Volterra", "Lorenz"])],
    [tf("qwen2.5-math: how is the reward model used at inference time?", "first", 18, ["guide sampling"]),
     tf("what languages does it support?", "dependent", 18, ["Chinese and English"]),
     tu("what does it score on AIME24?", 18, "absent_detail")],
    [tf("the survey of self-evolving agents - what dimensions is it organised around?", "first", 75,
        ["what to evolve", "when to evolve", "how to evolve"]),
     tf("does the foundation agents survey also cover safety?", "new_subject", 15, ["safe, secure, and beneficial"]),
     tf("how many parts is it split into", "dependent", 15, ["four interconnected parts"])],
    [tf("evolution gym: what are the robots built from?", "first", 73, ["voxels"]),
     tf("do any of the algorithms crack the hardest environments?", "dependent", 73, ["fail to find robots"]),
     tf("and for the temporally-aware RL discovery paper, which found dynamic learning rules - meta-gradients or evolution strategies?",
        "new_subject", 72, ["evolution strategies"])],
    [tf("MCTS iterative preference learning: what algorithm updates the policy?", "first", 41,
        ["Direct Preference Optimization"]),
     tf("arc-c result?", "dependent", 41, ["76.4%"]),
     tu("how many gpu hours did training take?", 41, "cost")],
    [tl("papers reporting alpacaeval?", ["alpacaeval"], [28, 33], ["AlpacaEval"], "AlpacaEval papers."),
     tw("which of them trains judge models", "dependent", 28, ["judge models"], subjects=True),
     tf("which model got boosted there?", "dependent", 28, ["WizardLM-13B-V1.2"]),
     tf("and the other one - what's the win rate jump against gpt-4?", "dependent", 33, ["21% to 34%"])],
    [tf("the sharpening paper: why should self-improvement help at all?", "first", 54,
        ["better at verifying response quality"]),
     tf("sft-based vs rlhf-based self-improvement, which comes out ahead?", "dependent", 54,
        ["minimax optimal", "online exploration"]),
     tu("which models did they run the experiments on?", 54, "absent_model")],
    [tf("GASP - what does it predict during pretraining?", "first", 22, ["general occupancy", "ego occupancy"]),
     tf("which downstream tasks improve?", "dependent", 22, ["online mapping"]),
     tf("does the histopathology one also pretrain with self-supervision?", "new_subject", 51,
        ["self-supervised learning (SSL)"])],
    [tl("any mcts papers in here?", ["monte carlo tree search", "mcts"], [7, 10, 29, 40, 41], [],
        "MCTS papers."),
     tm("which of them apply it outside maths / reasoning benchmarks?", "dependent", [10, 40], ["clinical tasks", "software"], [10, 40],
        "Topical: MedS3 (medical/clinical) and SWE-Search (software); the others are math reasoning (MCTS-DPO: arithmetic and commonsense)."),
     tf("what does the medical one use the reward model for at inference?", "dependent", 10, ["highest reward score"])],
]

if __name__ == "__main__":
    write('answerable.jsonl', ANS, 'an')
    write('unanswerable.jsonl', items, 'un')
    write('lists.jsonl', LISTS, 'li')
    with open(OUT + 'conversations.jsonl', 'w') as f:
        for i, turns in enumerate(CONV, 1):
            f.write(json.dumps({"id": f"n8-cv-{i:03d}", "turns": turns}, ensure_ascii=False) + "\n")
    print(len(ANS), len(items), len(LISTS), len(CONV))
