#!/usr/bin/env python3
"""The tutorial cannot rot: every ```cpp and ```cmake block of docs/writing-a-model.md is preceded
by a line <!-- region: FILE#NAME --> and equals the lines between `[docs:NAME]` and `[docs:end]`
in FILE (a path from the repository root).

Usage: check_doc_regions.py SOURCE_DIR
"""
import re
import sys
from pathlib import Path


def region(path, name):
    lines = path.read_text().splitlines()
    starts = [k for k, line in enumerate(lines) if line.strip().endswith(f"[docs:{name}]")]
    if len(starts) != 1:
        sys.exit(f"{path}: expected one region [docs:{name}], found {len(starts)}")
    end = next(k for k in range(starts[0] + 1, len(lines)) if lines[k].strip().endswith("[docs:end]"))
    return lines[starts[0] + 1:end]


def main():
    source = Path(sys.argv[1])
    doc = source / "docs" / "writing-a-model.md"
    lines = doc.read_text().splitlines()
    checked = 0
    k = 0
    while k < len(lines):
        fence = re.fullmatch(r"```(\w*)", lines[k])
        if not fence:
            k += 1
            continue
        end = lines.index("```", k + 1)
        block = lines[k + 1:end]
        if fence.group(1) in ("cpp", "cmake"):
            marker = re.fullmatch(r"<!-- region: (\S+)#(\S+) -->", lines[k - 1] if k else "")
            if not marker:
                sys.exit(f"{doc}:{k + 1}: a {fence.group(1)} block without <!-- region: FILE#NAME -->")
            expected = region(source / marker.group(1), marker.group(2))
            if block != expected:
                sys.exit(f"{doc}:{k + 1}: the block differs from {marker.group(1)} "
                         f"[docs:{marker.group(2)}]; copy the region into the document")
            checked += 1
        k = end + 1
    if checked == 0:
        sys.exit(f"{doc}: no code block checked")
    print(f"{checked} code blocks equal their regions")


if __name__ == "__main__":
    main()
