#!/usr/bin/env python3
"""Page-weight budget (issue 26): every HTML page of a built site within the budget.

Usage: .ci/page_weight.py [--max-total-mb N] SITE_DIR...

Each *.html file must be at most 300 KB (300,000 bytes) and hold at most 10,000 elements
(counted with html.parser: every start tag, void elements included). With --max-total-mb the
whole site (every file) must be under N MB (10^6 bytes). Prints the heaviest pages; exits 1
if any page or site is over its budget, 2 on a usage error. Python 3 standard library only.
"""

import argparse
import os
import sys
from html.parser import HTMLParser

MAX_BYTES = 300_000
MAX_NODES = 10_000
MB = 1_000_000


class Counter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = 0

    def handle_starttag(self, tag, attrs):
        self.elements += 1

    def handle_startendtag(self, tag, attrs):
        self.elements += 1


def count_elements(text):
    c = Counter()
    c.feed(text)
    c.close()
    return c.elements


def check_site(site, max_total_mb):
    failures = []
    pages = []
    total = 0
    for dirpath, dirnames, filenames in os.walk(site):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            size = os.path.getsize(path)
            total += size
            if not name.endswith(".html"):
                continue
            with open(path, encoding="utf-8") as f:
                nodes = count_elements(f.read())
            rel = os.path.relpath(path, site)
            pages.append((size, nodes, rel))
            if size > MAX_BYTES:
                failures.append(f"{site}/{rel}: {size:,} bytes > {MAX_BYTES:,}")
            if nodes > MAX_NODES:
                failures.append(f"{site}/{rel}: {nodes:,} elements > {MAX_NODES:,}")
    if not pages:
        failures.append(f"{site}: no HTML pages")
    if max_total_mb is not None and total >= max_total_mb * MB:
        failures.append(f"{site}: {total / MB:.1f} MB in all >= {max_total_mb} MB")
    heaviest = max(pages, default=None)
    densest = max(pages, key=lambda p: p[1], default=None)
    summary = f"{site}: {len(pages)} pages, {total / MB:.1f} MB in all"
    if heaviest:
        summary += f"; heaviest {heaviest[2]} {heaviest[0]:,} bytes; most elements {densest[2]} {densest[1]:,}"
    return summary, failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-total-mb", type=float, default=None)
    ap.add_argument("sites", nargs="+")
    args = ap.parse_args()
    failures = []
    for site in args.sites:
        if not os.path.isdir(site):
            print(f"page_weight: not a directory: {site}", file=sys.stderr)
            return 2
        summary, f = check_site(site, args.max_total_mb)
        print("   " + summary)
        failures += f
    for f in failures[:40]:
        print(f"FAILED: {f}", file=sys.stderr)
    if len(failures) > 40:
        print(f"FAILED: ... and {len(failures) - 40} more", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
