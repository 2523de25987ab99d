"""Data flows one way: a module may import its own layer or lower ones, never a higher one.

    ground      assistant.types, errors, text, tokens, offline, events (import nothing of ours)
    storage     assistant.sources, chunking; vectorstore; prompts
    settings    assistant.settings                                     (factories for the above)
    stages      names, facets, retrieval, indexing, understanding, criteria, sides, answerability,
                composers,
                comparison, contrast, citations, providers, local_model, answering, interop
    service     assistant.service                                      (the facade)
    eval        eval.*
    interfaces  ui.* (the web chat and the CLI)

Imports under `if TYPE_CHECKING:` are annotations only and do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("assistant", "vectorstore", "prompts", "eval", "ui")
LAYERS = [
    ("ground", ("assistant", "assistant.types", "assistant.errors", "assistant.text",
                "assistant.tokens", "assistant.offline", "assistant.data", "assistant.events")),
    ("storage", ("assistant.sources", "assistant.chunking", "vectorstore", "prompts")),
    ("settings", ("assistant.settings",)),
    ("stages", ("assistant.names", "assistant.retrieval", "assistant.indexing",
                "assistant.understanding", "assistant.criteria", "assistant.answerability",
                "assistant.composers",
                "assistant.facets",
                "assistant.comparison", "assistant.contrast", "assistant.citations",
                "assistant.sides",
                "assistant.providers",
                "assistant.local_model", "assistant.answering", "assistant.interop")),
    ("service", ("assistant.service",)),
    ("eval", ("eval",)),
    ("interfaces", ("ui",)),
]


def layer_of(module: str) -> int:
    best, depth = -1, -1
    for rank, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > depth:
                best, depth = rank, len(prefix)
    if best < 0:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS")
    return best


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _runtime_imports(tree: ast.AST, module: str) -> list[tuple[int, str]]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom) and node.level:
            base = module.rsplit(".", node.level - (1 if module.count(".") else 0))[0]
            found.append((node.lineno, f"{base}.{node.module}" if node.module else base))
    return [(line, name) for line, name in found if name.split(".")[0] in PACKAGES]


def violations() -> list[str]:
    problems = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            module = _module_name(path)
            own = layer_of(module)
            for line, imported in _runtime_imports(ast.parse(path.read_text()), module):
                if layer_of(imported) > own:
                    problems.append(f"{path.relative_to(ROOT)}:{line} ({LAYERS[own][0]}) imports "
                                    f"{imported} ({LAYERS[layer_of(imported)][0]})")
    return problems


def test_no_module_imports_a_higher_layer():
    assert violations() == []


def test_the_check_catches_an_upward_import(tmp_path):
    tree = ast.parse("from ui.app import build_app\nif TYPE_CHECKING:\n    import eval.runner\n")
    imports = _runtime_imports(tree, "assistant.retrieval")
    assert imports == [(1, "ui.app")]
    assert layer_of("ui.app") > layer_of("assistant.retrieval")
