#!/usr/bin/env python3
"""Add counted messages to the one catalogue: poadd_plural.py 'singular|plural|中文' ... (from the repository root).

The companion of /work/notes/poadd.py for ngettext: appends raw plural entries (msgid, msgid_plural; one Chinese
form, two English forms) to messages.pot and the zh_CN / en catalogues when the singular is not there yet, then
compiles the .mo files. Placeholders are named (`%(num)d` is the count).
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


def main() -> None:
    for arg in sys.argv[1:]:
        one, many, zh = arg.split("|")
        targets = {
            f"{ROOT}/messages.pot": ["", ""],
            f"{ROOT}/zh_CN/LC_MESSAGES/messages.po": [zh],
            f"{ROOT}/en/LC_MESSAGES/messages.po": [one, many],
        }
        for path, forms in targets.items():
            if has(path, one):
                print(f"exists in {path}: {one!r} (left as is)", file=sys.stderr)
                continue
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(f"\n#, python-format\nmsgid {quote(one)}\nmsgid_plural {quote(many)}\n")
                handle.writelines(f"msgstr[{i}] {quote(f)}\n" for i, f in enumerate(forms))
    pybabel = os.path.join(os.path.dirname(sys.executable), "pybabel")
    subprocess.run(
        [pybabel if os.path.exists(pybabel) else ".venv/bin/pybabel", "-q", "compile", "-d", ROOT], check=True
    )


if __name__ == "__main__":
    main()
