"""The paperchat command line: parse arguments, call the Assistant, print. No logic lives here."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from assistant.errors import PaperchatError
from assistant.text import counted
from assistant.types import MODES, PROVIDERS
from eval.judge import JUDGES

if TYPE_CHECKING:
    from assistant.service import Assistant
    from assistant.types import Answer, Citation



def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="paperchat", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    index = sub.add_parser("index", help="index papers (default: the bundled corpus)")
    index.add_argument("paths", nargs="*", type=Path, help="files or folders of papers")
    index.add_argument("--prune", action="store_true", help="remove papers not in these sources")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")
    index.add_argument("--verbose", "-v", action="store_true",
                       help="a line per stored batch on stderr (for logs, where no bar shows)")

    papers = sub.add_parser("papers", help="list indexed papers")
    papers.add_argument("--json", action="store_true")

    retrieve = sub.add_parser("retrieve", help="rank papers for a question")
    retrieve.add_argument("question")
    retrieve.add_argument("--k", type=int, default=10)
    retrieve.add_argument("--mode", choices=["hybrid", "lexical", "dense"], default="hybrid")
    retrieve.add_argument("--mmr", action="store_true", help="diversify the results")
    retrieve.add_argument("--json", action="store_true")

    ask = sub.add_parser("ask", help="answer a question with citations")
    ask.add_argument("question", nargs="?")
    ask.add_argument("--provider", choices=PROVIDERS)
    ask.add_argument("--mode", choices=MODES, default="auto")
    ask.add_argument("--k", type=int)
    ask.add_argument("--paper", action="append", default=[], metavar="ID",
                     help="answer from this paper only (repeat for several; ids: paperchat papers)")
    ask.add_argument("--json", action="store_true")
    ask.add_argument("--input", type=Path, help="JSONL of {id, question}: answer them all")
    ask.add_argument("--output", type=Path, help="where --input answers go (JSONL)")

    chat = sub.add_parser("chat", help="a conversation in the terminal (/new, /sources N, /quit)")
    chat.add_argument("--provider", choices=PROVIDERS)

    serve = sub.add_parser("serve", help="start the web chat")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--provider", choices=PROVIDERS)

    evaluate = sub.add_parser(
        "eval", help="evaluate on a QA set, a conversation set, a BEIR or PubMedQA folder")
    evaluate.add_argument("--dataset", required=True, type=Path)
    evaluate.add_argument("--config", action="append", default=[])
    evaluate.add_argument("--out", type=Path)
    evaluate.add_argument("--min", action="append", default=[], metavar="METRIC=VALUE")
    evaluate.add_argument("--max", action="append", default=[], metavar="METRIC=VALUE",
                          help="fail when a metric is above this (e.g. leak=0)")
    evaluate.add_argument("--limit", type=int)
    evaluate.add_argument("--split", default="test", help="BEIR/PubMedQA split (test, train, ...)")
    evaluate.add_argument("--judge", choices=JUDGES,
                          help="grade answers 0-2 with this model (calls cached on disk)")
    evaluate.add_argument("--cache", type=Path,
                          help="eval indexes and judge cache (default ~/.cache/paperchat-eval)")
    evaluate.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from pydantic import ValidationError

    from assistant.offline import keep_local

    keep_local()
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except PaperchatError as exc:
        print(f"paperchat: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:  # settings from env/toml; values are hidden in the message
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        print(f"paperchat: bad settings: {problems}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("paperchat: interrupted", file=sys.stderr)
        return 130


def _assistant(provider: str | None = None) -> Assistant:
    from assistant.service import Assistant

    return Assistant.from_settings(provider=provider)


def _run(args: argparse.Namespace) -> int:
    if args.command == "eval":
        from eval.runner import run_cli

        return run_cli(args)
    assistant = _assistant(getattr(args, "provider", None))
    try:
        if args.command == "index":
            return _index(assistant, args)
        if args.command == "serve":
            from ui.app import serve

            serve(assistant, host=args.host, port=args.port)
            return 0
        assistant.ensure_indexed()
        if args.command == "papers":
            return _papers(assistant, args)
        if args.command == "retrieve":
            return _retrieve(assistant, args)
        if args.command == "chat":
            return chat(assistant, sys.stdin, sys.stdout)
        return _ask(assistant, args)
    finally:
        assistant.close()


def _index(assistant: Assistant, args: argparse.Namespace) -> int:
    from tqdm import tqdm

    bar = tqdm(unit="paper", disable=args.json or args.verbose or not sys.stderr.isatty(),
               file=sys.stderr)
    done = 0

    def progress(count: int) -> None:
        nonlocal done
        done += count
        bar.update(count)
        if args.verbose:
            print(f"paperchat: {done} papers done", file=sys.stderr, flush=True)

    def total(count: int) -> None:
        bar.total = count
        bar.refresh()

    def skipped(path: Path, reason: str) -> None:
        # Named as it happens (above the bar), and again in the summary at the end.
        message = f"paperchat: skipped {path}: {reason}"
        if bar.disable:
            if not args.json:
                print(message, file=sys.stderr, flush=True)
        else:
            bar.write(message, file=sys.stderr)

    report = assistant.index(args.paths or None, prune=args.prune, progress=progress,
                             on_total=total, on_skip=skipped)
    bar.close()
    if args.json:
        print(json.dumps(report.model_dump(exclude={"duplicates"})))
    else:
        print(f"{counted(report.papers, 'paper')}: {report.added} added, {report.updated} updated, "
              f"{report.unchanged} unchanged, {report.removed} removed in {report.seconds:.1f}s")
        if report.skipped:
            print(f"{len(report.skipped)} file(s) skipped:")
            for item in report.skipped:
                print(f"  {item.path}: {item.reason}")
    if report.duplicates:
        print(f"duplicate ids skipped: {', '.join(report.duplicates)}", file=sys.stderr)
    return 0


def _papers(assistant: Assistant, args: argparse.Namespace) -> int:
    papers = assistant.papers()
    if args.json:
        print(json.dumps([{"id": p.id, "title": p.title} for p in papers]))
    else:
        for paper in papers:
            print(f"{paper.id}\t{paper.title}")
    return 0


def _retrieve(assistant: Assistant, args: argparse.Namespace) -> int:
    hits = assistant.retrieve(args.question, args.k, mode=args.mode, diversify=args.mmr)
    if args.json:
        print(json.dumps({"hits": [
            {"paper_id": h.paper_id, "title": h.title, "score": h.score,
             "sentences": [h.chunk.sentences[i].text for i in h.sentence_ids]}
            for h in hits]}))
    else:
        for rank, hit in enumerate(hits, start=1):
            print(f"{rank:>2}. {hit.score:.3f}  {hit.title}")
    return 0


def answer_json(answer: Answer) -> dict[str, object]:
    """The documented JSON shape of an answer (CLI --json, batch output, eval)."""
    return {
        "answer": answer.text,
        "abstained": answer.abstained,
        "mode": answer.mode,
        "citations": [_citation_json(c) for c in answer.citations],
        "hits": [{"paper_id": h.paper_id, "title": h.title, "score": h.score}
                 for h in answer.hits],
        "timings": answer.timings,
        "warnings": answer.warnings,
    }


def _citation_json(citation: Citation) -> dict[str, object]:
    record: dict[str, object] = {"n": citation.n, "paper_id": citation.paper_id,
                                 "title": citation.title, "quote": citation.quote}
    # Full-text PDFs only, so an abstract's citation keeps its documented shape.
    if citation.page is not None:
        record["page"] = citation.page
    if citation.section is not None:
        record["section"] = citation.section
    return record


def _ask(assistant: Assistant, args: argparse.Namespace) -> int:
    if args.input:
        return _ask_batch(assistant, args)
    if not args.question:
        print("paperchat: give a question, or --input FILE", file=sys.stderr)
        return 2
    if args.json:
        answer = assistant.ask(args.question, mode=args.mode, k=args.k, papers=args.paper)
        print(json.dumps(answer_json(answer)))
        return 0
    print(_answer_text(assistant.ask(args.question, mode=args.mode, k=args.k,
                                     papers=args.paper)))
    return 0


def _answer_text(answer: Answer) -> str:
    lines = [answer.text]
    if answer.citations:
        lines += ["", _references(answer.citations)]
    return "\n".join(lines)


def _references(citations: Sequence[Citation]) -> str:
    """Each number (a paper) once, with every sentence of it the answer quotes."""
    by_number: dict[int, list[Citation]] = {}
    for c in citations:
        by_number.setdefault(c.n, []).append(c)
    lines: list[str] = []
    for n, quoted in by_number.items():
        places = list(dict.fromkeys(c.location for c in quoted if c.location))
        lines.append(f"[{n}] {quoted[0].title}{', ' + '; '.join(places) if places else ''}")
        lines += [f"    \u201c{c.quote}\u201d" for c in quoted]
    return "\n".join(lines)


_CLEAR = "\r\x1b[K"  # back to the line's start and erase it: the stage line gives way


def chat(assistant: Assistant, lines: TextIO, out: TextIO, *,
         progress: bool | None = None) -> int:
    """A terminal conversation: each question is asked with the earlier turns as history.

    On a terminal (or with `progress`), the answer's stage shows on one line while it is
    worked on ("finding papers ...", "writing ..."), then gives way to the checked answer.
    """
    from assistant.events import Progress
    from assistant.types import Answer, ChatTurn

    shows_stages = out.isatty() if progress is None else progress

    history: list[ChatTurn] = []
    last: Answer | None = None
    out.write("paperchat: ask about the papers (/new starts over, /sources N shows a quote, "
              "/quit ends)\n> ")
    out.flush()
    for raw in lines:
        line = raw.strip()
        if line in ("/quit", "/exit"):
            break
        if line == "/new":
            history, last = [], None
            out.write("(new conversation)\n")
        elif line.startswith("/sources"):
            out.write(_sources(last, line) + "\n")
        elif line:
            try:
                last = None
                for event in assistant.stream(line, history):
                    if isinstance(event, Answer):
                        last = event
                    elif shows_stages and isinstance(event, Progress):
                        out.write(f"\r\x1b[K({event.stage} \u2026)")
                        out.flush()
            except PaperchatError as exc:
                out.write(f"{_CLEAR if shows_stages else ''}paperchat: {exc}\n> ")
                out.flush()
                continue
            if shows_stages:
                out.write(_CLEAR)
            if last is None:  # the stream always ends with an Answer; this guards refactors
                raise RuntimeError("the answer stream ended without an answer")
            history += [ChatTurn(role="user", content=line), ChatTurn.from_answer(last)]
            out.write(_answer_text(last) + "\n")
        out.write("> ")
        out.flush()
    out.write("\n")
    return 0


def _sources(answer: Answer | None, command: str) -> str:
    if answer is None or not answer.citations:
        return "(no citations yet)"
    wanted = command.split()[1:]
    chosen = [c for c in answer.citations if not wanted or str(c.n) in wanted]
    if not chosen:
        return f"(no citation {' '.join(wanted)})"
    return _references(chosen)


def _ask_batch(assistant: Assistant, args: argparse.Namespace) -> int:
    from assistant.errors import CorpusError

    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    try:
        with open(args.input, encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    qid, question = item["id"], item["question"]
                except (ValueError, KeyError, TypeError) as exc:
                    raise CorpusError(f"expected {{\"id\", \"question\"}}: {exc}",
                                      args.input, number) from exc
                record = {"id": qid}
                try:
                    record |= answer_json(assistant.ask(question, mode=args.mode, k=args.k))
                except PaperchatError as exc:
                    record |= {"error": str(exc)}
                out.write(json.dumps(record) + "\n")
                out.flush()
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
