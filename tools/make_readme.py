"""Write README.md from nbs/index.ipynb (what `nbdev_readme` does, without needing Quarto).

Markdown cells are copied, code cells become ```python blocks with their text outputs, `#| hide` cells
are left out. `python tools/make_readme.py --check` exits 1 if README.md is out of date.
"""
import json, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = "<!-- Generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook, not this file. -->\n\n"

def render(nb_path=ROOT/'nbs'/'index.ipynb')->str:
    nb = json.loads(Path(nb_path).read_text(encoding='utf-8'))
    parts = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        lines = src.splitlines()
        if c['cell_type'] == 'markdown': parts.append(src.strip()); continue
        if any(l.strip().replace(' ', '') in ('#|hide', '#|include:false') for l in lines): continue
        code = '\n'.join(l for l in lines if not l.lstrip().startswith('#|')).strip()
        if code: parts.append(f"```python\n{code}\n```")
        for o in c.get('outputs', []):
            txt = ''.join(o.get('text', '')) or ''.join(o.get('data', {}).get('text/plain', ''))
            if txt.strip(): parts.append(f"```\n{txt.rstrip()}\n```")
    return HEADER + '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    text, readme = render(), ROOT/'README.md'
    if '--check' in sys.argv:
        if readme.read_text(encoding='utf-8') != text: sys.exit("README.md is out of date: run python tools/make_readme.py")
    else: readme.write_text(text, encoding='utf-8'); print(f"wrote {readme}")
