"""Prompt files, checked when loaded.

Each YAML file declares the variables it uses; the loader checks the declaration against the
templates and against what the caller will supply, so a mismatch fails at start-up, not
mid-answer.
"""

from __future__ import annotations

import string
from importlib import resources

import yaml
from langchain_core.prompts import ChatPromptTemplate

from assistant.errors import ConfigError


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def load_prompt(name: str, supplied: set[str]) -> ChatPromptTemplate:
    """The chat prompt `name`.yaml; raises ConfigError unless its variables are exactly
    `supplied`."""
    try:
        raw = resources.files(__package__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
        spec = yaml.safe_load(raw)
    except (FileNotFoundError, yaml.YAMLError) as exc:
        raise ConfigError(f"prompt {name!r} cannot be read: {exc}") from exc
    if not isinstance(spec, dict) or not {"variables", "system", "user"} <= spec.keys():
        raise ConfigError(f"prompt {name!r} needs 'variables', 'system' and 'user'")
    declared = set(spec["variables"])
    used = _fields(spec["system"]) | _fields(spec["user"])
    if used != declared:
        raise ConfigError(f"prompt {name!r} declares {sorted(declared)} but uses {sorted(used)}")
    if declared != supplied:
        raise ConfigError(
            f"prompt {name!r} expects {sorted(declared)} but the chain supplies {sorted(supplied)}"
        )
    return ChatPromptTemplate.from_messages(
        [("system", spec["system"].strip()), ("human", spec["user"].strip())]
    )
