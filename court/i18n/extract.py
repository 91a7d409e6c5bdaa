"""Every msgid the Python code shows a reader, found by reading the source (no import, no running).

Found: the detail of each `CourtError` construction (a literal, or the first argument of `msg()`/`Msg()`/`nmsg()`),
the English msgids of `court.errors.MESSAGES` and of `court.i18n.labels`, and `gettext(locale, "…")` calls.
`python -m court.i18n.extract` lists those the zh_CN catalogue lacks, as `poadd.py` arguments to fill in.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

COURT = Path(__file__).resolve().parent.parent
MESSAGE_FUNCTIONS = frozenset({"msg", "Msg", "nmsg", "gettext", "ngettext", "label_msg"})
# Errors raised only at start-up for an operator (a bad environment variable), never shown to a court user.
OPERATOR_ERRORS = frozenset({"InvalidSetting"})


@dataclass(frozen=True, slots=True)
class Found:
    msgid: str
    path: str
    line: int
    plural: str | None = None


def _files() -> list[Path]:
    """The court's modules, but migrations and the command line's (an operator's terminal, in English)."""
    return sorted(
        p for p in COURT.rglob("*.py") if "migrations" not in p.parts and not p.name.endswith("cli.py")
    )


def error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """`CourtError` and every class that derives from it, by name."""
    names = {"CourtError"}
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names:
                    bases = {
                        b.id if isinstance(b, ast.Name) else getattr(b, "attr", None) for b in node.bases
                    }
                    if bases & names:
                        names.add(node.name)
                        grew = True
    return names - OPERATOR_ERRORS


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def found_in_code() -> Iterator[Found]:
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in _files()}
    errors = error_classes(trees)
    for path, tree in trees.items():
        rel = str(path.relative_to(COURT.parent))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = _name(node.func)
            args = node.args
            if name in ("gettext", "ngettext") and len(args) >= 2:
                args = args[1:]  # gettext(locale, msgid, …)
            if name == "label_msg":
                continue  # the label tables are read below
            if name in errors or name in MESSAGE_FUNCTIONS:
                text = _literal(args[0])
                if text:
                    plural = _literal(args[1]) if name in ("nmsg", "ngettext") and len(args) > 1 else None
                    yield Found(text, rel, node.lineno, plural)
    from court.errors import MESSAGES
    from court.i18n.labels import all_label_msgids

    for code, text in MESSAGES.items():
        yield Found(text, "court/errors.py", 0)
        del code
    for text in all_label_msgids():
        yield Found(text, "court/i18n/labels.py", 0)


def missing(locale: str = "zh_CN") -> list[Found]:
    from court.i18n import has_translation

    seen: set[str] = set()
    out = []
    for f in found_in_code():
        if f.msgid in seen or has_translation(locale, f.msgid):
            continue
        seen.add(f.msgid)
        out.append(f)
    return out


if __name__ == "__main__":
    for f in missing(sys.argv[1] if len(sys.argv) > 1 else "zh_CN"):
        print(f"{f.path}:{f.line}\t{f.msgid}" + (f"\t[plural: {f.plural}]" if f.plural else ""))
