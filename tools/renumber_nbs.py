"""Give the notebooks numbers in reading order, and update every reference to them.

    python tools/renumber_nbs.py fixtures io script images clip ...   # the notebooks' names (without numbers), in reading order
    python tools/renumber_nbs.py --check                              # exit 1 if two notebooks share a number

Each notebook `NN_name.ipynb` becomes `MM_name.ipynb` (`git mv`, so history follows it), with MM its place in
the order given; every `NN_name` in the tracked text files (notebooks, tools, tests, docs sources) is
rewritten to `MM_name`. Run `nbdev_export` and `python tools/make_readme.py` afterwards: the modules' headers
and README.md are generated from the notebooks. Names not given keep their place after the given ones.
"""
import re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT/'nbs'
SKIP = {'CHANGELOG.md'}   # history names the notebooks as they were then

def numbered()->dict:
    "name -> current stem ('io' -> '00_io') of the numbered notebooks."
    return {p.stem.split('_', 1)[1]: p.stem for p in sorted(NBS.glob('[0-9]*_*.ipynb'))}

def duplicates()->list:
    "Numbers used by more than one notebook."
    nums = [p.stem.split('_', 1)[0] for p in NBS.glob('[0-9]*_*.ipynb')]
    return sorted({n for n in nums if nums.count(n) > 1})

def plan(order:list)->dict:
    "old stem -> new stem for the reading order given (the names not given follow, in their current order)."
    have = numbered()
    unknown = [n for n in order if n not in have]
    if unknown: sys.exit(f"no notebook named {', '.join(unknown)}; the names are {', '.join(have)}")
    names = list(order) + [n for n in have if n not in order]
    width = max(2, len(str(len(names) - 1)))
    return {have[n]: f"{k:0{width}d}_{n}" for k, n in enumerate(names)}

def rewrite(mapping:dict):
    "Rename the notebooks and rewrite every reference in the tracked text files."
    pat = re.compile(r'\b(' + '|'.join(map(re.escape, sorted(mapping, key=len, reverse=True))) + r')\b')
    files = subprocess.run(['git', 'ls-files'], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for f in files:
        p = ROOT/f
        if p.name in SKIP or p.suffix not in ('.ipynb', '.py', '.md', '.yml', '.ini', '.txt', '.sh', '.css') or not p.is_file(): continue
        text = p.read_text(encoding='utf-8'); new = pat.sub(lambda m: mapping[m.group(1)], text)
        if new != text: p.write_text(new, encoding='utf-8')
    for old, new in mapping.items():
        if old != new: subprocess.run(['git', 'mv', f'nbs/{old}.ipynb', f'nbs/{new}.ipynb'], cwd=ROOT, check=True)

if __name__ == '__main__':
    if sys.argv[1:] == ['--check']:
        d = duplicates(); print(f"notebook numbers used twice: {d}" if d else "every notebook has its own number"); sys.exit(1 if d else 0)
    if len(sys.argv) < 2: sys.exit(__doc__)
    m = plan(sys.argv[1:]); rewrite(m)
    for old, new in m.items(): print(f"{old} -> {new}" if old != new else f"{old} (unchanged)")
