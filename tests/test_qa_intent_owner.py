"""What a question asks is read in one place, `qa/question.py`: no other module of `qa/` keeps a regex of its own
with the words that ask (多少, 几, 哪, 什么, 为什么, 是否 …). Modules that resolve *which* item, table, unit or scope is
named import the patterns they test from `question.py`.

Two kinds of pattern elsewhere may still hold an asking word, each named below with why:
- frame strippers: a pattern that takes the question's frame (asking words included) out of the text, so that what
  is left is a name to look up. It decides nothing about what is asked;
- the follow-up layer (`conversation.py`), which rewrites a follow-up into a whole question before it is parsed.
A new pattern with an asking word anywhere else fails here: move it into `question.py`, or, if it only strips the
frame around a name, add it below with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import budgetqa.qa

QA = Path(budgetqa.qa.__file__).parent
ASKING = ("多少", "几", "哪", "什么", "啥", "吗", "为什么", "为何", "为啥", "是否", "有没有", "是不是")
_RE_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}

# module -> the names of its frame strippers and name resolvers, each with its reason
STRIPPERS: dict[str, dict[str, str]] = {
    "answerer.py": {"_BOUGHT": "the thing bought (采购家具), which ends before an asking word"},
    "counts.py": {
        "_STOP": "the words around what is counted, taken out to leave the counted noun",
        "_NOT_AREA_KIND": "characters that are never the kind of an area (多大面积 names none)",
    },
    "coverage.py": {"_FRAME": "the frame words the coverage rule never needs a citation for"},
    "matching.py": {
        "_NOISE": "the frame taken out of a question to leave an item's name",
        "_ORG_PHRASE": "an organisation's name, after a leading 为什么/如何",
        "_SHORT_PARENTS": "a list of names before 几个/两个",
    },
    "periods.py": {"_ASK_WORDS": "the frame taken out of a quarter's question to leave the item"},
    "quotes.py": {"_TOPIC_NOISE": "the frame taken out of a reason's question to leave its topic"},
    "ranking.py": {"_EXCEPT": "the item a question leaves out, up to the clause's end or its 哪"},
    "safety.py": {"_FILLER": "the frame taken out before telling whether anything is left to name"},
    "scope.py": {
        "_ASKING_LEAD": "a leading 为什么/根据 before a department's name",
        "_GENERIC": "pointing words (这个/哪个) that name no department",
        "_UNDER": "a unit under a department (下属的几家…)",
        "_WHETHER_ANY": "有没有/是否有 before a unit's name",
    },
    "text.py": {"_EXAMPLES": "examples in brackets (…什么的), dropped from any text"},
}
EXEMPT_MODULES = {"question.py": "the one parser", "conversation.py": "the follow-up layer, before parsing"}


def asking_patterns(source: str) -> list[tuple[str, int, str]]:
    """(name, line, words) of every regex literal in `source` holding an asking word; name is the module-level
    name it is assigned to, or "" for a pattern written inline in a call."""
    tree = ast.parse(source)
    owner: dict[int, str] = {}
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        for sub in ast.walk(node):
            for t in targets:
                if isinstance(t, ast.Name):
                    owner[id(sub)] = t.id
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
            continue
        if not (
            isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr in _RE_CALLS
        ):
            continue
        for c in ast.walk(node.args[0]):
            if isinstance(c, ast.Constant) and isinstance(c.value, str):
                words = [w for w in ASKING if w in c.value]
                if words:
                    found.append((owner.get(id(node), ""), node.lineno, "、".join(words)))
    return found


def test_no_module_but_question_keeps_asking_words():
    stray = []
    for path in sorted(QA.glob("*.py")):
        if path.name in EXEMPT_MODULES:
            continue
        allowed = STRIPPERS.get(path.name, {})
        for name, line, words in asking_patterns(path.read_text(encoding="utf-8")):
            if name not in allowed:
                stray.append(f"qa/{path.name}:{line} {name or '(inline)'} holds {words}")
    assert not stray, "move these into qa/question.py:\n" + "\n".join(stray)


def test_every_listed_stripper_still_exists():
    """A name listed above that is gone (moved or renamed) leaves the list; it never allows a new pattern."""
    for module, names in STRIPPERS.items():
        held = {name for name, _, _ in asking_patterns((QA / module).read_text(encoding="utf-8"))}
        assert set(names) <= held, (module, set(names) - held)


def test_the_scan_finds_a_pattern_written_anywhere():
    src = 'import re\n_X = re.compile(r"多少钱")\ndef f(t):\n    return re.search(r"是否|哪些", t)\n'
    assert [(n, w) for n, _, w in asking_patterns(src)] == [("_X", "多少"), ("", "哪、是否")]
