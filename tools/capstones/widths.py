import glob, pathlib, re, sys, tomllib
ROOT = str(pathlib.Path(__file__).resolve().parents[2])
def cells(line):
    parts = line.strip().strip('|').split('|')
    return [re.sub(r'[`*]', '', p).strip() for p in parts]
def tables(text):
    out, cur = [], []
    for line in text.splitlines():
        if line.strip().startswith('|'):
            cur.append(line)
        elif cur:
            out.append(cur); cur = []
    if cur: out.append(cur)
    return out
def check(name, text):
    for t in tables(text):
        rows = [cells(l) for l in t if not re.match(r'^\|[-| :]+\|$', l.strip())]
        n = max(len(r) for r in rows)
        widths = [max(len(r[i]) if i < len(r) else 0 for r in rows) for i in range(n)]
        total = sum(widths) + 3 * n + 1
        if total > 80:
            print(f"{name}: table width {total} cols {widths}; first row: {rows[0]}")
            for r in rows:
                if sum(len(c) for c in r) + 3*n+1 > 80: print("    ", r)
for p in sorted(glob.glob(ROOT + '/content/1[5-9]-cap-*/*.md') + glob.glob(ROOT + '/content/20-cap-*/*.md')):
    check(p.split('/')[-2], open(p).read())
for p in sorted(glob.glob(ROOT + '/exercises/1[5-9]-cap-*/*.toml') + glob.glob(ROOT + '/exercises/20-cap-*/*.toml')):
    d = tomllib.load(open(p, 'rb'))
    check(d['id'], d['prompt'])
