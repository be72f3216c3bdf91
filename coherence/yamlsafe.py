"""Safe YAML loading that remembers where every value came from.

Packs are written by people; their mistakes must be reported as ``file:line``. We
compose the node tree once (safe tags only), refuse aliases of collections (they allow
exponential "billion laughs" documents and packs never need them), then build plain
Python data and a map from each key path to its line number.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import UserError

MAX_YAML_BYTES = 2_000_000

Path_ = tuple[str | int, ...]


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster


def load_yaml_with_lines(path: Path) -> tuple[Any, dict[Path_, int]]:
    """Return (data, lines) where ``lines[path_tuple]`` is the 1-based line of that value."""
    from .fileio import read_bounded

    data = read_bounded(path, MAX_YAML_BYTES)  # a regular file only, bounded while reading
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"not UTF-8 text (byte {exc.start})", file=path) from None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, {}
            lines: dict[Path_, int] = {}
            _index(node, (), lines, set())
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise UserError(f"invalid YAML: {problem}", file=path, place=str(line)) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        raise UserError(f"invalid YAML: unacceptable character #x{exc.character:04x}", file=path, place=str(line)) from None
    except yaml.YAMLError as exc:
        raise UserError(f"invalid YAML: {exc}", file=path, place="1") from None
    except (ValueError, TypeError, OverflowError) as exc:
        # e.g. an integer with thousands of digits; the composer already checked syntax
        raise UserError(f"invalid YAML value: {str(exc).splitlines()[0][:120]}", file=path, place="1") from None
    except RecursionError:
        raise UserError("invalid YAML: nesting too deep", file=path) from None
    return data, lines


def _index(node: yaml.Node, path: Path_, lines: dict[Path_, int], seen: set[int]) -> None:
    # An alias makes the composer reuse a node object: seeing one twice means an
    # alias. Refusing it here, before construction, keeps "billion laughs" harmless.
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if id(node) in seen:
            raise yaml.MarkedYAMLError(None, None, "anchors and aliases are not allowed", node.start_mark)
        seen.add(id(node))
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith((":int", ":float")) and len(node.value) > 100:
        raise yaml.MarkedYAMLError(None, None, "number too long", node.start_mark)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark.line)
            child = path + (key,)
            _index(value_node, child, lines, seen)
            lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, path + (i,), lines, seen)


def line_of(lines: dict[Path_, int], loc: tuple) -> int:
    """The line of the deepest known prefix of ``loc`` (pydantic error locations)."""
    loc = tuple(str(p) if not isinstance(p, int) else p for p in loc)
    for end in range(len(loc), -1, -1):
        key = loc[:end]
        if key in lines:
            return lines[key]
        # YAML int keys (e.g. actions: {1: ...}) are indexed by their text
        alt = tuple(str(p) for p in key)
        if alt in lines:
            return lines[alt]
    return 1
