"""Generate the n7 batch (written by hand; this script only serialises)."""
import json, sys
sys.path.insert(0, '/work/wt-blind7')
from eval.check_dataset import read_corpus
C = read_corpus('/work/wt-blind7/assistant/data/daily_papers_self_evolving.txt')
T = list(C)
OUT = '/work/wt-blind7/eval/datasets/blind/new7/'

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
