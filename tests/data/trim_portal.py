"""Make tests/data/national-procedures-2026.trimmed.jsonl.xz from the shared portal file.

The shared file (../shared/data/national-procedures-2026.jsonl.gz, 7.7 MB) is not in the
repository; CI runs on a clean clone. This copy keeps all 5,665 records, each with only the keys
the converter reads (steps, descriptions of the procedure, notes and ids it does not read are
dropped), xz-compressed (about 2 MB). Source: Cổng Dịch vụ công quốc gia, via suzhentxt/VNeGuide
commit 4c8b4aa (see ../shared/data/README.md).

    python tests/data/trim_portal.py ../shared/data/national-procedures-2026.jsonl.gz
"""

import gzip
import json
import lzma
import sys
from pathlib import Path

KEEP = {
    "code",
    "name",
    "isWard",
    "isProvince",
    "isMinistry",
    "isVertical",
    "categoriesDetails",
    "serviceGroupsDetails",
    "executionMethods",
    "cases",
    "executionCases",
    "legalBasisesDetails",
    "resultsDetails",
    "departmentsExecuting",
    "executingAgencies",
    "subjectTypesDetails",
    "procedureProposal",
    "state",
    "formalityType",
    "type",
    "isInternal",
    "keywords",
    "updatedAt",
}
OUT = Path(__file__).with_name("national-procedures-2026.trimmed.jsonl.xz")


def main(source: str) -> None:
    lines = []
    with gzip.open(source, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            detail = {k: v for k, v in rec["detail"].items() if k in KEEP}
            for case in detail.get("cases") or ():
                case.pop("profileComponents", None)
            rec["detail"] = detail
            lines.append(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
    OUT.write_bytes(lzma.compress("\n".join(lines).encode() + b"\n", preset=9))


if __name__ == "__main__":
    main(sys.argv[1])
