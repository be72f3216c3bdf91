"""The package's layers: no import cycle, counting the imports inside functions.

models → scoring → packs → translate → I/O (excel, sessions, batch, …) → commands, TUI.
A module may import from its own layer or the layers before it, never after.
"""

from __future__ import annotations

import ast
from pathlib import Path

import coherence

PACKAGE = Path(coherence.__file__).parent

# Lower numbers are lower layers. A module not listed takes the number of its folder.
LAYERS = {
    "coherence": 0, "coherence.__main__": 9, "coherence.errors": 0, "coherence.terminal": 0, "coherence.enums": 0, "coherence.resources": 0,
    "coherence.i18n": 1, "coherence.ids": 1, "coherence.fileio": 1, "coherence.words": 1,
    "coherence.models": 2, "coherence.scoring": 3,
    "coherence.yamlsafe": 4, "coherence.packcache": 4, "coherence.packs": 4, "coherence.scaffold": 4,
    "coherence.migrations": 4,
    "coherence.bundled": 0,
    "coherence.translate": 5, "coherence.translate.sheets": 6, "coherence.translate.ui_sheets": 6,  # spreadsheets are I/O
    "coherence.excel": 6, "coherence.sessions": 6, "coherence.batch": 6, "coherence.results_json": 6,
    "coherence.compare": 6, "coherence.rounds": 6, "coherence.xlsform": 6, "coherence.locks": 6,
    "coherence.plan": 6, "coherence.docx_report": 6, "coherence.charts": 6,
    "coherence.commands": 8, "coherence.cli": 8, "coherence.tui": 8,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every coherence module ``path`` imports, at the top or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("coherence"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("coherence"):
                continue
            for alias in node.names:  # `from . import packcache` names a module
                candidate = f"{target}.{alias.name}"
                found.add(candidate if _is_module(candidate) else target)
    return {m for m in found if m != name}


def _is_module(name: str) -> bool:
    rel = Path(*name.split("."))
    return (PACKAGE.parent / rel).with_suffix(".py").is_file() or (PACKAGE.parent / rel / "__init__.py").is_file()


def layer(name: str) -> int:
    while name not in LAYERS:
        name = name.rpartition(".")[0]
    return LAYERS[name]


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def test_no_module_imports_a_higher_layer():
    wrong = [
        f"{mod} (layer {layer(mod)}) imports {dep} (layer {layer(dep)})"
        for mod, deps in graph().items()
        for dep in deps
        if layer(dep) > layer(mod)
    ]
    assert wrong == []


def test_no_import_cycle():
    edges = graph()
    seen: set[str] = set()
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        if node in stack:
            cycles.append(" → ".join(stack[stack.index(node):] + [node]))
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for dep in sorted(edges.get(node, ())):
            # a module importing its own package's __init__ is how Python loads it, not a cycle
            if not node.startswith(dep + "."):
                visit(dep)
        stack.pop()

    for node in sorted(edges):
        visit(node)
    assert cycles == []


def test_the_walker_sees_imports_inside_functions(tmp_path):
    probe = PACKAGE / "packs.py"
    assert "coherence.yamlsafe" in imports_of(probe)  # imported inside validate_pack_dir only
