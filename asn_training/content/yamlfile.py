"""YAML reading that remembers line numbers, so that every problem can name its file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem


class LineDict(dict):
    """A mapping read from YAML, with the line of the mapping and of each of its keys."""

    line: int = 0
    key_lines: dict


class LineList(list):
    line: int = 0
    item_lines: list


class _Loader(yaml.SafeLoader):
    duplicate_keys: list[tuple[object, int]]


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in data:
            loader.duplicate_keys.append((key, key_node.start_mark.line + 1))
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = key_node.start_mark.line + 1
    return data


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    data = LineList(loader.construct_object(child, deep=True) for child in node.value)
    data.line = node.start_mark.line + 1
    data.item_lines = [child.start_mark.line + 1 for child in node.value]
    return data


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
# Dates stay text: the schema checks their form, and nothing is silently turned into another type.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)  # type: ignore[type-var]


def read(path: Path, display: str) -> tuple[Any, list[Problem]]:
    """Parse ``path``; return the data (``None`` if unreadable) and the problems found while reading."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(display, None, None, "file.unreadable", {"detail": str(exc)})]
    loader = _Loader(text)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        detail = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(display, line, None, "file.yaml_error", {"detail": detail})]
    finally:
        loader.dispose()
    problems = [
        Problem(display, line, None, "file.duplicate_key", {"key": key}) for key, line in loader.duplicate_keys
    ]
    return data, problems


def line_of(data: object, path: list) -> int | None:
    """The line of the deepest element of ``path`` (keys and indexes) that exists in ``data``."""
    line = getattr(data, "line", None)
    node = data
    for step in path:
        if isinstance(node, LineDict) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line
