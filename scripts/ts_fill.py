"""Fill unfinished entries of a Qt .ts file from "source<TAB>translation" lines on stdin.

Usage: python scripts/ts_fill.py resources/i18n/kiosk_vi.ts < pairs.tsv && scripts/i18n.sh
Vietnamese has a single plural form, so a %n entry gets one <numerusform>.
"""

import sys
import xml.etree.ElementTree as ET

path = sys.argv[1]
pairs = dict(line.rstrip("\n").split("\t", 1) for line in sys.stdin if "\t" in line)
tree = ET.parse(path)
filled = 0
for message in tree.iter("message"):
    source, translation = message.find("source").text, message.find("translation")
    if source not in pairs or translation.get("type") != "unfinished":
        continue
    for child in list(translation):
        translation.remove(child)
    if message.get("numerus") == "yes":
        translation.text = None
        ET.SubElement(translation, "numerusform").text = pairs[source]
    else:
        translation.text = pairs[source]
    del translation.attrib["type"]
    filled += 1
tree.write(path, encoding="utf-8", xml_declaration=True)
print(f"filled {filled} entries")
