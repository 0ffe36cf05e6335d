#!/usr/bin/env python3
"""Checks this example against the OpenTelemetry compliance matrix's own git history, read
here without any statusgen code.

    python3 verify.py OTEL_SPEC_CLONE OUTPUT/data/history.json

For every calendar month (UTC) in which a first-parent commit changed
spec-compliance-matrix.md, the file as of the month's last such commit is read on its own
terms (sections from `## ` headings, a header row per table, group rows — rows repeating the
titles, a linked label with blank cells, or a label with no cell after it —, placeholder rows
such as `TBD` skipped, the Optional column,
the spellings and aliases of content/site.yaml, repeated rows numbered), then compared with
the built site's history.json: the same item ids, the same count of each code per language,
and the same number of changed cells since the month before. Exit status 1 on any difference.
"""
import collections, re, subprocess, sys, json

REPO = sys.argv[1]
BUILT = sys.argv[2]
FILE = 'spec-compliance-matrix.md'
ALIAS = {'.Net': '.NET', 'Node.js': 'JS'}
SPELL = {'?': '', 'x': '+', 'X': '+'}
# statusgen's default placeholder_rows: prompt rows, never items.
PLACEHOLDERS = {'other?', 'tbd'}

def norm(c):
    c = c.strip()
    m = re.fullmatch(r'\[([^\]]*)\](\[[^\]]*\]|\([^)]*\))', c)
    if m:
        c = m.group(1).strip()
    return SPELL.get(c, c)

def months():
    # Months are calendar months in UTC (committer dates).
    out = subprocess.run(['git', '-C', REPO, 'log', '--first-parent', '--format=%H %cd',
                          '--date=format-local:%Y-%m', '--', FILE],
                         capture_output=True, text=True, check=True, env={'TZ': 'UTC'}).stdout
    ms = {}
    for l in out.splitlines():
        h, d = l.split()
        ms.setdefault(d[:7], h)
    return dict(sorted(ms.items()))

def split(line):
    return [c.strip() for c in line.strip().strip('|').split('|')]

def read(text):
    """{(section, group, label): {impl: code}} with group kept; identity resolved later."""
    rows = []
    section = None
    header = None
    for line in text.splitlines():
        if line.startswith('## '):
            section = line[3:].strip(); header = None; continue
        if not line.startswith('|'):
            header = None if not line.strip() else header
            continue
        cells = split(line)
        if re.fullmatch(r'[\s|:-]*', line):
            continue
        if header is None:
            header = cells; group = None; continue
        label = cells[0]
        # A row with only its label (`|Jaeger|`: no cell after it) heads the rows below it.
        if len(cells) == 1:
            group = plain(label); continue
        # Prompt rows (`| TBD | | |`) are placeholders, never features.
        if plain(label).strip().lower() in PLACEHOLDERS:
            continue
        attrs = [i for i, h in enumerate(header) if h == 'Optional']
        impl_idx = [i for i in range(1, len(header)) if i not in attrs]
        values = [cells[i] if i < len(cells) else '' for i in impl_idx]
        titles = [header[i] for i in impl_idx]
        linked = re.fullmatch(r'(\*\*|_)?\[(?:[^\[\]]|\[[^\]]*\])*\]\((?:[^()]|\([^()]*\))*\)(\*\*|_)?', label) is not None
        blank = all(c == '' for c in cells[1:])
        if values == titles or (linked and blank):
            group = plain(label); continue
        rows.append((section, group, label, {ALIAS.get(t, t): norm(v) for t, v in zip(titles, values)}))
    return rows

def plain(t):
    t = re.sub(r'\[((?:[^\[\]]|\[[^\]]*\])*)\]\((?:[^()]|\([^()]*\))*\)', r'\1', t or '')
    t = re.sub(r'\[([^\]]*)\]\[[^\]]*\]', r'\1', t)
    return t.replace('`', '').replace('*', '')

def slug(t):
    out = ''
    for c in plain(t):
        if c.isascii() and c.isalnum():
            out += c.lower()
        elif out and not out.endswith('-'):
            out += '-'
    return out.strip('-')

def identify(rows):
    per_sec = collections.Counter((s, slug(l)) for s, g, l, _ in rows)
    out = {}
    for s, g, l, cells in rows:
        parts = [slug(s)] + ([slug(g)] if per_sec[(s, slug(l))] > 1 and slug(g) else []) + [slug(l)]
        base = '/'.join(p for p in parts if p)
        key, n = base, 1
        while key in out:  # duplicate_rows: number
            n += 1
            key = f'{base}--{n}'
        out[key] = cells
    return out

def expected():
    ms = months()
    prev = None
    report = {}
    for m, h in ms.items():
        text = subprocess.run(['git', '-C', REPO, 'show', f'{h}:{FILE}'], capture_output=True,
                              text=True, check=True).stdout
        items = identify(read(text))
        counts = collections.defaultdict(collections.Counter)
        for cells in items.values():
            for impl, code in cells.items():
                counts[impl][code] += 1
        changes = 0
        if prev is not None:
            for k, cells in items.items():
                if k in prev:
                    for impl, code in cells.items():
                        if impl in prev[k] and prev[k][impl] != code:
                            changes += 1
        report[m] = {'ids': set(items), 'counts': {i: dict(c) for i, c in counts.items()},
                     'changed_cells': changes}
        prev = items
    return report


def long_form(doc):
    """The snapshots of a history.json in the export's long form: the site's compact form
    (format compact-1: items once, codes as arrays) is expanded; the long form is kept."""
    if doc.get('format') != 'compact-1':
        return doc['snapshots']
    items = doc['items']
    out = []
    for s in doc['snapshots']:
        props = [items[i] for i in s['items']]
        imps = [{'name': i['name'],
                 'cells': {p['id'] if p['number'] is None else str(p['number']): c
                           for p, c in zip(props, i['codes']) if c is not None}}
                for i in s['implementors']]
        out.append({'date': s['date'], 'proposals': props, 'implementors': imps})
    return out


def main():
    exp = expected()
    built = long_form(json.load(open(BUILT)))
    differ = []
    if [s['date'] for s in built] != list(exp):
        differ.append(f'months: {list(exp)} expected, {[s["date"] for s in built]} built')
    prev = None
    total = 0
    for s in built:
        e = exp.get(s['date'])
        if e is None:
            continue
        ids = {p['id'] for p in s['proposals']}
        if ids != e['ids']:
            differ.append(f"{s['date']}: items only in the file {sorted(e['ids'] - ids)[:3]}, "
                          f"only in the site {sorted(ids - e['ids'])[:3]}")
        counts = {i['name']: dict(collections.Counter(i['cells'].values())) for i in s['implementors']}
        for name in sorted(set(counts) | set(e['counts'])):
            if counts.get(name, {}) != e['counts'].get(name, {}):
                differ.append(f"{s['date']} {name}: {e['counts'].get(name)} in the file, {counts.get(name)} in the site")
        cells = {(i['name'], k): v for i in s['implementors'] for k, v in i['cells'].items()}
        if prev is not None:
            changed = sum(1 for k, v in cells.items() if k in prev and prev[k] != v)
            total += changed
            if changed != e['changed_cells']:
                differ.append(f"{s['date']}: {e['changed_cells']} cells changed in the file, {changed} in the site")
        prev = cells
    for d in differ:
        print(d)
    first, last = built[0], built[-1]
    print(f"{len(built)} months ({first['date']} to {last['date']}), items {len(first['proposals'])} "
          f"to {len(last['proposals'])}, {total} changed cells; {len(differ)} difference(s)")
    sys.exit(1 if differ else 0)


main()
