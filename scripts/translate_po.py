"""Translate the English catalog by hand, in batches (no machine translation).

    python scripts/translate_po.py dump  [PO] > todo.json   # untranslated + fuzzy entries
    # ...write the English into each object's "msgstr" (or "msgstr_plural": [one, other])...
    python scripts/translate_po.py apply [PO] todo.json [more.json ...]
    python scripts/translate_po.py check [PO]               # what is still to do / placeholder mismatches

`apply` sets msgstr, drops the fuzzy flag and the `#| msgid` previous-msgid lines, refuses an msgstr whose
placeholders differ from the msgid's, and re-wraps the file with `msgcat` (gettext's own wrapping, so the
diff stays minimal). PO defaults to locale/en/LC_MESSAGES/django.po.
Needs polib, which is not a project requirement: run it with a throwaway environment, e.g.
`python3 -m venv /tmp/po && /tmp/po/bin/pip install polib`, then `/tmp/po/bin/python scripts/translate_po.py`.
xinbao/core/tests/test_catalog.py checks the result.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

try:
    import polib  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - a tool, not part of the app
    sys.exit("polib is needed: python3 -m venv /tmp/po && /tmp/po/bin/pip install polib")

DEFAULT_PO = Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES/django.po"
NAMED = re.compile(r"%\([A-Za-z_]\w*\)[sdifr]|\{[A-Za-z_]\w*\}|\{\}")
POSITIONAL = re.compile(r"%[sdifr]")


def placeholders(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """Named placeholders (any order, any number of uses) and positional ones (in order), as the test."""
    text = text.replace("%%", "")
    return frozenset(NAMED.findall(text)), tuple(POSITIONAL.findall(text))


def needs_work(entry: polib.POEntry) -> bool:
    return entry.msgid != "" and not entry.obsolete and (entry.fuzzy or not entry.translated())


def dump(po: polib.POFile) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for entry in po:
        if not needs_work(entry):
            continue
        row: dict[str, object] = {"msgid": entry.msgid, "where": entry.occurrences[0][0] if entry.occurrences else ""}
        if entry.msgctxt:
            row["msgctxt"] = entry.msgctxt
        if entry.fuzzy:
            row["fuzzy_guess"] = entry.msgstr or dict(entry.msgstr_plural)
        if entry.msgid_plural:
            row["msgid_plural"] = entry.msgid_plural
            row["msgstr_plural"] = ["", ""]
        else:
            row["msgstr"] = ""
        rows.append(row)
    return rows


def mismatches(entry: polib.POEntry) -> list[str]:
    named, positional = placeholders(entry.msgid)
    expected = (named | placeholders(entry.msgid_plural or "")[0], positional)
    texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    return [text for text in texts if text and placeholders(text) != expected]


def apply(po: polib.POFile, rows: list[dict[str, object]]) -> tuple[int, list[str]]:
    index = {(e.msgctxt, e.msgid): e for e in po}
    done, problems = 0, []
    for row in rows:
        entry = index.get((row.get("msgctxt"), row["msgid"]))
        if entry is None:
            problems.append(f"not in catalog: {row['msgid']!r}")
            continue
        if entry.msgid_plural:
            given = row.get("msgstr_plural")
            forms = [str(t) for t in given] if isinstance(given, list) else []
            if len(forms) != 2 or not all(forms):
                continue
            entry.msgstr_plural = {0: forms[0], 1: forms[1]}
        else:
            text = str(row.get("msgstr") or "")
            if not text:
                continue
            entry.msgstr = text
        bad = mismatches(entry)
        if bad:
            problems.append(f"placeholders differ: {entry.msgid!r} -> {bad!r}")
            continue
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        done += 1
    return done, problems


def main(argv: list[str]) -> int:
    command, args = argv[0], argv[1:]
    po_path = Path(args.pop(0)) if args and args[0].endswith(".po") else DEFAULT_PO
    po = polib.pofile(str(po_path), wrapwidth=79)
    if command == "dump":
        json.dump(dump(po), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    if command == "apply":
        rows = [row for name in args for row in json.loads(Path(name).read_text(encoding="utf-8"))]
        done, problems = apply(po, rows)
        po.save(str(po_path))
        if shutil.which("msgcat"):
            subprocess.run(["msgcat", str(po_path), "-o", str(po_path)], check=True)
        print(f"applied {done}; problems {len(problems)}", *problems, sep="\n", file=sys.stderr)
        return 1 if problems else 0
    if command == "check":
        todo = [e.msgid for e in po if needs_work(e)]
        bad = [f"{e.msgid!r}: {mismatches(e)!r}" for e in po if e.translated() and mismatches(e)]
        print(f"to do: {len(todo)}; placeholder mismatches: {len(bad)}", *bad, sep="\n")
        return 1 if todo or bad else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
