"""python -m eval.bench [--sizes 76,5183,20000] [--scale 100000] [--out eval/reports/bench-DATE]"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

from eval.bench.report import write
from eval.bench.run import Plan, run


def _default_work() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "paperchat-bench"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__)
    parser.add_argument("--sizes", default="76,5183,20000",
                        help="76 = bundled, 5183 = SciFact, more = SciFact + synthetic")
    parser.add_argument("--scale", type=int, default=100_000,
                        help="retrieval-only size filled with recycled vectors (0 = skip)")
    parser.add_argument("--out", type=Path,
                        default=Path("eval/reports") / f"bench-{time.strftime('%Y-%m-%d')}")
    parser.add_argument("--work", type=Path, default=_default_work(),
                        help="generated corpora, indexes and logs (not committed)")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--answers", type=int, default=20, help="extractive answers per size")
    parser.add_argument("--local-answers", type=int, default=4,
                        help="local-model answers at the bundled size (the first starts it)")
    parser.add_argument("--dense-embed-max", type=int, default=5183,
                        help="above this size the dense baseline reuses paperchat's vectors")
    parser.add_argument("--no-resume", action="store_true", help="skip the kill-and-rerun step")
    args = parser.parse_args(argv)

    plan = Plan(sizes=[int(s) for s in args.sizes.split(",") if s.strip()],
                work=args.work.resolve(), scale=args.scale, queries=args.queries,
                answers=args.answers, local_answers=args.local_answers,
                dense_embed_max=args.dense_embed_max, resume=not args.no_resume)
    command = "python -m eval.bench " + shlex.join(sys.argv[1:] if argv is None else argv)
    results = run(plan, lambda partial: write(partial, args.out, command))
    print(f"[bench] wrote {args.out}/bench.md", flush=True)
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())
