#!/usr/bin/env python3
"""Add messages to the one catalogue: poadd.py 'msgid|zh|en' ... (run from the repository root).

Appends raw entries (no re-wrapping, so parallel branches merge cleanly) to messages.pot and the zh_CN / en
catalogues when the msgid is not there yet, then compiles the .mo files with the worktree's pybabel.
"""

import os
import re
import subprocess
import sys

ROOT = "court/web/i18n"


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def has(path: str, msgid: str) -> bool:
    with open(path, encoding="utf-8") as handle:
        return re.search(r"^msgid " + re.escape(quote(msgid)) + r"$", handle.read(), re.M) is not None


def append(path: str, msgid: str, msgstr: str) -> None:
    fmt = "#, python-format\n" if re.search(r"%\(\w+\)[sd]", msgid) else ""
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"\n{fmt}msgid {quote(msgid)}\nmsgstr {quote(msgstr)}\n")


def main() -> None:
    for arg in sys.argv[1:]:
        msgid, zh, en = arg.split("|")
        targets = {
            f"{ROOT}/messages.pot": "",
            f"{ROOT}/zh_CN/LC_MESSAGES/messages.po": zh,
            f"{ROOT}/en/LC_MESSAGES/messages.po": en,
        }
        for path, msgstr in targets.items():
            if not has(path, msgid):
                append(path, msgid, msgstr)
            elif path.endswith(".po"):
                print(f"exists in {path}: {msgid!r} (left as is)", file=sys.stderr)
    pybabel = os.path.join(os.path.dirname(sys.executable), "pybabel")
    if not os.path.exists(pybabel):
        pybabel = ".venv/bin/pybabel"
    subprocess.run([pybabel, "-q", "compile", "-d", ROOT], check=True)


if __name__ == "__main__":
    main()
