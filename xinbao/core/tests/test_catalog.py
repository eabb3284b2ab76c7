"""The English catalog is complete: no untranslated or fuzzy entry, every msgstr keeps its msgid's placeholders,
and the committed .mo says what the .po says (compilemessages was run).

Parsed with a small PO reader here (no extra dependency); the checks themselves are tested on a hand-made
catalog below so that each of them is seen to fail."""

from __future__ import annotations

import ast
import gettext
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

ENGLISH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
NAMED = re.compile(r"%\([A-Za-z_]\w*\)[sdifr]|\{[A-Za-z_]\w*\}|\{\}")
POSITIONAL = re.compile(r"%[sdifr]")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    def key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def parse_po(text: str) -> Iterator[Entry]:
    """Entries of a PO file in order (the header included, obsolete ``#~`` entries skipped)."""
    entry: Entry | None = None
    target: tuple[str, int] | None = None  # which field the next continuation string extends
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and entry.msgstr:
                yield entry
                entry = None
            if line.startswith("#,"):
                entry = entry or Entry(number)
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = "", line
        value = ast.literal_eval(rest)  # PO strings use Python's escapes: \" \\ \n \t
        if keyword == "":
            assert entry is not None and target is not None, f"line {number}: stray string"
            _extend(entry, target, value)
            continue
        if keyword in ("msgctxt", "msgid") and entry is not None and entry.msgstr:
            yield entry
            entry = None
        entry = entry or Entry(number)
        match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        target = ("msgstr", int(match[1])) if match else (keyword, 0)
        if target == ("msgid", 0):
            entry.line = number
        _extend(entry, target, value)
    if entry is not None:
        yield entry


def _extend(entry: Entry, target: tuple[str, int], value: str) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] = entry.msgstr.get(index, "") + value
    elif name in ("msgid", "msgid_plural", "msgctxt"):
        setattr(entry, name, (getattr(entry, name) or "") + value)
    else:
        raise AssertionError(f"unknown PO keyword {name!r}")


def placeholders(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """Named placeholders (any order, any number of uses) and positional ones (in order)."""
    text = text.replace("%%", "")
    return frozenset(NAMED.findall(text)), tuple(POSITIONAL.findall(text))


def problems(entries: list[Entry]) -> list[str]:
    found: list[str] = []
    for entry in entries:
        if entry.msgid == "" and entry.msgctxt is None:
            continue  # the header
        where = f"line {entry.line} {entry.msgid!r}"
        if "fuzzy" in entry.flags:
            found.append(f"{where}: fuzzy")
        texts = [entry.msgstr.get(i, "") for i in (range(2) if entry.msgid_plural is not None else range(1))]
        if not all(texts):
            found.append(f"{where}: untranslated")
            continue
        named, positional = placeholders(entry.msgid)
        expected = (named | placeholders(entry.msgid_plural or "")[0], positional)
        for text in texts:
            if placeholders(text) != expected:
                found.append(f"{where}: placeholders of {text!r} differ from the msgid's")
    return found


def english() -> list[Entry]:
    return list(parse_po((ENGLISH / "django.po").read_text(encoding="utf-8")))


def test_english_catalog_is_complete_and_keeps_placeholders() -> None:
    entries = english()
    assert len(entries) > 1000  # the parser read the real catalog, not an empty file
    assert problems(entries) == []


def test_compiled_catalog_matches_the_po_file() -> None:
    with (ENGLISH / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    stale = []
    for entry in english():
        if not entry.msgid:
            continue
        if entry.msgid_plural is None:
            if compiled.get(entry.key()) != entry.msgstr[0]:
                stale.append(entry.msgid)
        elif any(compiled.get((entry.key(), i)) != text for i, text in entry.msgstr.items()):
            stale.append(entry.msgid)
    assert stale == [], "run: .venv/bin/python manage.py compilemessages -l en -i .venv -i var"


SAMPLE = r"""# header comment
msgid ""
msgstr ""
"Language: en\n"

#: a.html:1
msgid "首页"
msgstr "Home"

#: a.html:2
#, fuzzy
#| msgid "已吊销"
msgid "已撤销"
msgstr "Revoked"

#: a.html:3
msgid "暂无"
msgstr ""

#: a.py:4
#, python-format
msgid "您好，%(name)s"
msgstr "Hello, %(who)s"

#: a.py:5
#, python-format
msgid "%(n)s条"
msgid_plural "%(n)s条"
msgstr[0] "%(n)s item"
msgstr[1] ""

#: a.py:6
msgid ""
"共 {n} 条，"
"第 %s 页"
msgstr ""
"{n} in all, "
"page %s"

#~ msgid "旧的"
#~ msgstr ""
"""


def test_the_checks_catch_fuzzy_untranslated_and_changed_placeholders() -> None:
    entries = list(parse_po(SAMPLE))
    assert [e.msgid for e in entries] == [
        "",
        "首页",
        "已撤销",
        "暂无",
        "您好，%(name)s",
        "%(n)s条",
        "共 {n} 条，第 %s 页",
    ]
    assert entries[2].flags == {"fuzzy"}
    assert entries[5].msgid_plural == "%(n)s条"
    assert entries[6].msgstr == {0: "{n} in all, page %s"}
    assert [p.split(": ", 1)[1] for p in problems(entries)] == [
        "fuzzy",
        "untranslated",
        "placeholders of 'Hello, %(who)s' differ from the msgid's",
        "untranslated",
    ]


def test_placeholders_compare_names_as_sets_and_positional_ones_in_order() -> None:
    assert placeholders("%(a)s和%(b)d，{c}") == placeholders("{c}: %(b)d, %(a)s and %(a)s")
    assert placeholders("%s 于 %d") != placeholders("%d at %s")
    assert placeholders("采用率（%）") == placeholders("Adoption rate (%)")
    assert placeholders("100%%完成 %(n)s") == placeholders("%(n)s, 100%% done")
