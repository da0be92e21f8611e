"""Write README.md from nbs/index.ipynb (what `nbdev_readme` does, without needing Quarto).

Markdown cells are copied, code cells become ```python blocks with their text outputs, `#| hide` cells
are left out, and so are markdown cells that start with `<!-- docs only` (sections for the documentation's
front page, which index.ipynb also is). Links are written for the notebook's place in the docs site
(`07_projection/#fidelity`, `changelog/`, `images/x.svg`); in README.md they point to the site
(settings.ini's doc_host and doc_baseurl) and pictures to nbs/. `python tools/make_readme.py --check` exits
1 if README.md is out of date.
"""
import json, re, sys
from configparser import ConfigParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = "<!-- Generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook, not this file. -->\n\n"
DOCS_ONLY = '<!-- docs only'

def site()->str:
    "The documentation site's address, from settings.ini."
    c = ConfigParser(delimiters=['=']); c.read(ROOT/'settings.ini', encoding='utf-8'); d = c['DEFAULT']
    return d['doc_host'].rstrip('/') + '/' + d['doc_baseurl'].strip('/') + '/'

def readme_links(md:str, base:str)->str:
    "Links of the docs' front page as README.md needs them: pages and anchors on the docs site, pictures in nbs/."
    def fix(m):
        text, url = m.group(1), m.group(2)
        if re.match(r'[a-z]+:', url): return m.group(0)   # absolute already
        return f"{text}(nbs/{url})" if url.startswith('images/') else f"{text}({base}{url})"
    return re.sub(r'(!?\[[^\]]*\])\(([^)\s]+)\)', fix, md)

def render(nb_path=ROOT/'nbs'/'index.ipynb')->str:
    nb = json.loads(Path(nb_path).read_text(encoding='utf-8'))
    parts = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        lines = src.splitlines()
        if c['cell_type'] == 'markdown':
            if not src.lstrip().startswith(DOCS_ONLY): parts.append(readme_links(src.strip(), site()))
            continue
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
