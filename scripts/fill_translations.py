"""Fill Japanese translations into locale/ja/LC_MESSAGES/django.po from a dict.

    make messages                                   # extract new strings
    .venv/bin/python scripts/fill_translations.py my_terms.py   # my_terms.py defines T = {msgid: ja}

Prints the msgids still lacking Japanese (empty or fuzzy). Plural msgids take one form.
"""
import runpy
import sys

import polib

table = runpy.run_path(sys.argv[1])["T"] if len(sys.argv) > 1 else {}
po = polib.pofile("locale/ja/LC_MESSAGES/django.po")
po.metadata["Language"] = "ja"
missing = []
for entry in po:
    if entry.obsolete:
        continue
    if entry.msgid in table:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: table[entry.msgid]}
        else:
            entry.msgstr = table[entry.msgid]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    elif "fuzzy" in entry.flags or not (
        any(entry.msgstr_plural.values()) if entry.msgid_plural else entry.msgstr
    ):
        missing.append(entry.msgid)
po.save()
print(f"still missing: {len(missing)}")
for msgid in missing:
    print(repr(msgid))
