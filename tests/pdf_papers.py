"""Papers the PDF tests print: GlimmerNet (the example of issue 19) in several layouts.

Every sentence is known, so a test can say on which page and in which section it must come back.
"""

from __future__ import annotations

from pathlib import Path

from eval.synthetic_pdf import Page, PaperSpec, layout_paper, where, write_pdf

TITLE = "GlimmerNet: Sparse Attention Heads for Fast Mathematical Reasoning"
LEARNING_RATE = ("We train GlimmerNet with AdamW at a learning rate of 3e-4, decayed with a "
                 "cosine schedule over 20k steps.")
SPEED = ("On MATH500, GlimmerNet decodes 2.4 times faster than the dense model while its "
         "accuracy stays within 0.3 points of it (71.2% against 71.5%).")
COMPOUND = ("Our self-supervised head scores need no labelled reasoning traces, and the "
            "pruning mask is fixed once training ends.")

ABSTRACT = [
    "Reasoning models spend most of their decoding time in attention, yet few of their heads "
    "carry the steps of a solution. GlimmerNet keeps only the attention heads that matter for "
    "multi-step reasoning and matches its dense counterpart on competition mathematics at a "
    "fraction of the decoding cost. Code is at https://github.com/glimmer/glimmernet."
]

SECTIONS: list[tuple[str, list[str]]] = [
    ("Introduction", [
        "Chain-of-thought decoding turns every answer into hundreds of tokens, and each token "
        "reads the whole context through every attention head. Profiling a seven billion "
        "parameter reasoning model shows that attention accounts for most of the decoding "
        "latency once solutions grow past a thousand tokens. At the same time, interpretability "
        "studies keep finding that a handful of heads do the work of copying intermediate "
        "results, while the others attend to the first token or to punctuation.",
        "We ask whether a reasoning model can drop the idle heads altogether. Earlier pruning "
        "work measured importance on language modelling loss, which rewards heads that predict "
        "fluent text rather than heads that keep a derivation consistent. " + COMPOUND +
        " The resulting model needs no custom kernels: pruned heads are simply removed from the "
        "projection matrices.",
        "Our contributions are threefold. First, an answer-based importance score that ranks "
        "heads by what they do for the final result rather than for the next token. Second, a "
        "budgeted pruning rule that keeps every layer alive. Third, an evaluation on three "
        "mathematics benchmarks showing that most of the speed of a much smaller model can be "
        "had at the accuracy of the original one.",
    ]),
    ("Related Work", [
        "Structured pruning removes whole heads, layers or channels and keeps dense kernels "
        "usable. Movement pruning and its variants learn masks during fine-tuning, but they "
        "target classification benchmarks and short outputs. Sparse attention patterns such as "
        "sliding windows or block sparsity change which positions a head may read; they leave "
        "the number of heads untouched and need specialised kernels to be fast in practice.",
        "Speculative decoding and early exiting reduce the number of full forward passes "
        "instead of their cost. These techniques are complementary to ours, since a pruned "
        "model can serve as its own draft model or be drafted for by a smaller one.",
        "Distillation into a smaller student is the most common way to cut inference cost. It "
        "needs a full training run for every student size and tends to lose the long-range "
        "consistency that multi-step solutions require, which is the property we set out to "
        "preserve.",
    ]),
    ("Method", [
        "GlimmerNet scores each head by how much the log probability of the correct final "
        "answer drops when that head is masked on a held-out set of solved problems. The score "
        "is averaged over problems and normalised within each layer, so that no layer loses all "
        "of its heads. Heads whose score falls below a threshold are removed, and the "
        "threshold is chosen to meet a target decoding budget.",
        LEARNING_RATE + " The batch holds 256 solutions of up to 4096 tokens, and warm-up "
        "lasts 500 steps. After pruning, the remaining heads and the feed-forward layers are "
        "fine-tuned jointly on the same data, which recovers the small loss in accuracy that "
        "the removal causes.",
        "Scoring needs a single pass over two thousand problems per head group and takes under "
        "an hour on eight accelerators. The mask is computed once and reused for every "
        "downstream task, so the pruned model is a drop-in replacement for the dense one.",
    ]),
    ("Experiments", [
        "We evaluate on MATH500, GSM8K and AIME 2024 with greedy decoding and a limit of 8192 "
        "new tokens. The dense baseline is the same seven billion parameter model before "
        "pruning, fine-tuned for the same number of steps so that both models see identical "
        "data. Decoding speed is measured as generated tokens per second on a single "
        "accelerator with a batch of one, averaged over three runs.",
        "We compare against magnitude pruning, movement pruning and a random mask of the same "
        "size, each followed by the same fine-tuning schedule. All models are served with the "
        "same inference engine and the same quantisation settings.",
    ]),
    ("Results", [
        SPEED + " On GSM8K the gap is smaller still, and on AIME 2024 both models solve the same "
        "number of problems.",
        "Magnitude pruning at the same budget loses more than nine points on MATH500, and "
        "movement pruning loses four, which suggests that answer-based scores find the heads "
        "reasoning depends on. A random mask of the same size fails on most problems that "
        "need more than five steps.",
        "The speed-up grows with solution length, because attention dominates the cost of long "
        "outputs. Memory for the key-value cache shrinks in proportion to the heads removed, "
        "which lets a single accelerator serve longer contexts.",
    ]),
    ("Conclusion", [
        "Few attention heads carry multi-step mathematical reasoning. Removing the others makes "
        "decoding much faster at almost no cost in accuracy, without new kernels or changes to "
        "the serving stack.",
    ]),
    ("Acknowledgments", [
        "We thank the maintainers of the evaluation harness for their help.",
    ]),
]

REFERENCES = [
    "[1] A. Vaswani, N. Shazeer, N. Parmar, J. Uszkoreit, L. Jones, A. N. Gomez, L. Kaiser, and "
    "I. Polosukhin. Attention is all you need. In Advances in Neural Information Processing "
    "Systems, 2017.",
    "[2] P. Michel, O. Levy, and G. Neubig. Are sixteen heads really better than one? In "
    "Advances in Neural Information Processing Systems, 2019.",
    "[3] D. Hendrycks, C. Burns, S. Kadavath, A. Arora, S. Basart, E. Tang, D. Song, and J. "
    "Steinhardt. Measuring mathematical problem solving with the MATH dataset. In NeurIPS "
    "Datasets and Benchmarks, 2021.",
    "[4] V. Sanh, T. Wolf, and A. M. Rush. Movement pruning: adaptive sparsity by fine-tuning. "
    "In Advances in Neural Information Processing Systems, 2020. The learning rate of this "
    "reference is not GlimmerNet's.",
]

APPENDIX = [("A Head Scores per Layer", [
    "Scores concentrate in the middle layers, where more than half of the kept heads sit.",
])]


def glimmernet(columns: int = 1, numbered: bool = True, caps: bool = False,
               appendix: bool = False) -> PaperSpec:
    sections = []
    number = 0
    for name, paragraphs in SECTIONS:
        heading = name.upper() if caps else name
        if numbered and name != "Acknowledgments":
            number += 1
            heading = f"{number} {heading}"
        sections.append((heading, paragraphs))
    return PaperSpec(
        title=TITLE,
        authors=["Ada Lovelace", "Alan Turing", "Grace Hopper"],
        affiliation="Institute for Sparse Computation, University of Somewhere",
        abstract=ABSTRACT,
        sections=sections,
        references=REFERENCES,
        columns=columns,
        running_header="GlimmerNet: Sparse Attention Heads",
        arxiv_stamp="arXiv:2501.01234v2 [cs.LG] 3 Feb 2025",
        appendix=APPENDIX if appendix else [],
    )


def write(folder: Path, name: str, spec: PaperSpec, info: dict[str, str] | None = None
          ) -> tuple[Path, list[Page]]:
    pages = layout_paper(spec)
    path = folder / name
    path.write_bytes(write_pdf(pages, info=info))
    return path, pages


def page_of(pages: list[Page], sentence: str) -> int:
    """The page a sentence starts on in the generated PDF (found by its first words)."""
    return where(pages, " ".join(sentence.split()[:3]))


CHROMIUM = Path("/usr/bin/chromium")


def glimmernet_html(columns: int = 2) -> str:
    """The same paper as a web page with no <title>, as a researcher might print it."""
    import html

    sections = []
    for number, (name, paragraphs) in enumerate(SECTIONS, start=1):
        heading = name if name == "Acknowledgments" else f"{number} {name}"
        sections.append(f"<h2>{html.escape(heading)}</h2>" + "".join(
            f"<p>{html.escape(p)}</p>" for p in paragraphs))
    references = "".join(f"<p class=ref>{html.escape(r)}</p>" for r in REFERENCES)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
@page {{ size: letter; margin: 2cm; }}
body {{ font-family: serif; font-size: 10pt; text-align: justify; }}
h1 {{ text-align: center; font-size: 18pt; }}
h2 {{ font-size: 12pt; margin: 10pt 0 4pt; }}
.authors, .abstract-head {{ text-align: center; }}
.body {{ column-count: {columns}; column-gap: 0.8cm; }}
.ref {{ font-size: 8pt; }}
</style></head><body>
<h1>{html.escape(TITLE)}</h1>
<p class="authors">Ada Lovelace, Alan Turing, Grace Hopper</p>
<div class="body">
<h3 class="abstract-head">Abstract</h3><p>{html.escape(ABSTRACT[0])}</p>
{''.join(sections)}<h2>References</h2>{references}
</div></body></html>"""


def print_with_chromium(html_text: str, folder: Path, name: str) -> Path:
    """Chromium's own PDF printer, headless and offline; the page has no <title>, so the PDF's
    metadata title becomes the file name, as in issue 19."""
    import shutil
    import subprocess
    import tempfile

    page = folder / name.replace(".pdf", ".html")
    page.write_text(html_text, encoding="utf-8")
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    target = folder / name
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update",
         "--no-pdf-header-footer", f"--user-data-dir={profile}",
         f"--print-to-pdf={target}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    shutil.rmtree(profile, ignore_errors=True)
    return target


def pdf_page_of(path: Path, sentence: str) -> int:
    """The page of a printed PDF whose text holds the sentence's first words."""
    from pypdf import PdfReader

    words = " ".join(sentence.split()[:4])
    for number, page in enumerate(PdfReader(path).pages, start=1):
        if words in " ".join((page.extract_text() or "").split()):
            return number
    return 0
