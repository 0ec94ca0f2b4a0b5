"""Law citations in what people read follow huanjie.rules.citations (issue 15, finding 9): the law's
full name in 书名号 and the article in Chinese numerals — never `SH art. 28`, `条例 art. 14`, a bare
民法典第…条, an abbreviated 《建筑物区分所有权解释》, or an article without its law."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import huanjie
from huanjie.rules.citations import LAWS

PACKAGE = Path(huanjie.__file__).parent
NUMERAL = "[一二三四五六七八九十百千零]+"
ARTICLE = re.compile(f"第{NUMERAL}条")
CJK = re.compile(r"[\u4e00-\u9fff]")
# The full name, or the formal one with the state's name before it (《中华人民共和国民法典》).
FULL_NAMES = {law.zh for law in LAWS.values()} | {f"中华人民共和国{law.zh}" for law in LAWS.values()}
# Not laws but the community's own documents, which a user may cite by article.
OWN_DOCUMENTS = {"议事规则", "管理规约"}
SHORT_FORM = re.compile(r"(?:\b(?:SH|GR|JI|PIPL)|条例|Civil Code) arts?\. \d+")
BARE_NAME = re.compile(f"(?:民法典|物业管理条例|住宅物业管理规定|指导规则|解释|条例)第{NUMERAL}条")
CITED_NAME = re.compile(f"《([^》]+)》(?=(?:{NUMERAL}|、|第)*第{NUMERAL}条)")


def problems_in(text: str) -> list[str]:
    """What is wrong with the citations in one user-facing string."""
    found = [f"short form {m.group()!r}" for m in SHORT_FORM.finditer(text) if CJK.search(text)]
    found += [f"bare law name {m.group()!r}" for m in BARE_NAME.finditer(text)]
    found += [f"not the law's full name: 《{m.group(1)}》" for m in CITED_NAME.finditer(text)
              if m.group(1) not in FULL_NAMES]
    first = ARTICLE.search(text)
    if first and "《" not in text[:first.start()] and not any(d in text[:first.start()] for d in OWN_DOCUMENTS):
        found.append(f"article without its law: {text[max(0, first.start() - 12):first.end()]!r}")
    return found


def _docstrings(tree: ast.AST) -> set[int]:
    nodes = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {id(node.body[0].value) for node in ast.walk(tree) if isinstance(node, nodes) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}


def python_texts(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module that are not docstrings (comments are not read at all)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    texts = [(n.lineno, n.value) for n in ast.walk(tree)
             if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]
    # Adjacent literals are one string to the reader: join what ast already joined, and f-strings' parts.
    texts += [(n.lineno, "".join(v.value for v in n.values if isinstance(v, ast.Constant) and isinstance(v.value, str)))
              for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)]
    return texts


def template_texts(path: Path) -> list[tuple[int, str]]:
    return [(number, line) for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)]


def _sources() -> list[Path]:
    skip = {"migrations", "rules", "locale"}
    return [p for p in sorted(PACKAGE.rglob("*")) if p.suffix in {".py", ".html", ".txt"}
            and not skip & set(p.relative_to(PACKAGE).parts)]


def test_every_citation_a_user_reads_names_the_law_in_full():
    found = []
    for path in _sources():
        texts = python_texts(path) if path.suffix == ".py" else template_texts(path)
        found += [f"{path.relative_to(PACKAGE)}:{line}: {problem}"
                  for line, text in texts for problem in problems_in(text)]
    assert found == []


def test_the_check_sees_each_wrong_form():
    assert problems_in("依据：条例 art. 14") == ["short form '条例 art. 14'"]
    assert problems_in("（民法典第二百七十八条）")[0] == "bare law name '民法典第二百七十八条'"
    assert problems_in("按《建筑物区分所有权解释》第九条计算") == ["not the law's full name: 《建筑物区分所有权解释》"]
    assert problems_in("面积按登记簿、实测、合同的顺序取（第八条）。")[0].startswith("article without its law")
    assert problems_in("《上海市住宅物业管理规定》第二十八条；新一届（第三十条）") == []
    assert problems_in("《民法典》第二百七十八条第一款第五项、《物业管理条例》第十四条") == []
    assert problems_in("例如：本小区业主大会议事规则第十二条") == []
    assert problems_in("Erase data after the challenge period (JI art. 12).") == []
