"""The shape the extraction code keeps: small modules, small functions, vocabulary as data.

A module in `transforms/` is a stage (at most `MAX_MODULE_LINES` lines), a function does one
thing (at most `MAX_FUNCTION_LINES` lines), and no word list of more than `MAX_WORDS` entries
lives in code: it belongs in `seeds/lexicons/`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TRANSFORMS = Path(__file__).resolve().parents[2] / "transforms"
MODULES = sorted(TRANSFORMS.rglob("*.py"))
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
MAX_WORDS = 10


def _rel(path: Path) -> str:
    return str(path.relative_to(TRANSFORMS.parent))


def _word_lists(tree: ast.AST):
    """Set, list, tuple and dict literals whose entries are mostly plain words, and words
    split out of one string (`frozenset(\"\"\"a b c\"\"\".split())`)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        elif isinstance(node, ast.Dict):
            words = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "split"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
        ):
            words = node.func.value.value.split()
        else:
            continue
        words = [w for w in words if w.replace("'", "").replace("-", "").replace(".", "").isalpha()]
        if len(words) > MAX_WORDS:
            yield node.lineno, len(words)


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_module_is_small(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_MODULE_LINES, f"{_rel(path)} has {n} lines (at most {MAX_MODULE_LINES})"


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_functions_are_small(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        f"{f.name} ({f.end_lineno - f.lineno + 1} lines, line {f.lineno})"
        for f in ast.walk(tree)
        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.end_lineno - f.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"{_rel(path)}: functions over {MAX_FUNCTION_LINES} lines: {long}"


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_no_word_lists_in_code(path):
    found = list(_word_lists(ast.parse(path.read_text(encoding="utf-8"))))
    assert not found, (
        f"{_rel(path)}: word lists of more than {MAX_WORDS} entries at (line, words) {found}; "
        "move them to seeds/lexicons/"
    )


def test_the_checker_catches_what_it_should():
    src = (
        "A = {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'}\nB = frozenset('a b c d e f g h i j k'.split())\n"
    )
    assert len(list(_word_lists(ast.parse(src)))) == 2
    assert not list(_word_lists(ast.parse("C = ('a', 'b', 'c')\n")))
