"""Build the documentation site into _docs/ from the notebooks, without Quarto.

The site is what `nbdev_docs` makes with Quarto (use that if you have Quarto), built with tools that
install from PyPI: MkDocs with the Material theme and mkdocs-jupyter, which renders notebooks with
their saved outputs, and MathJax 2 from the jupyter-server-mathjax package for equations (served by the
site itself, so it works offline). Each notebook is processed the way nbdev's processors do it: `#| hide` cells are
dropped, directive lines removed, and after each exported definition its API documentation (signature,
docstring, a table of parameters from the docments) is inserted, as nbdev's `show_doc` does. An API
reference page lists every exported name. Search comes with MkDocs.

    python tools/build_docs.py          # writes _docs/ (open _docs/index.html or serve the folder)
"""
import ast, importlib, inspect, json, re, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGE, SITE = ROOT/'_proc_docs', ROOT/'_docs'
sys.path.insert(0, str(Path(__file__).parent))
from execute_nbs import directives   # one parser of `#| ...` directives for the tools

def _title(nb:dict, default:str)->tuple:
    "(title, subtitle) from the notebook's first markdown cell ('# Title' then '> subtitle')."
    for c in nb['cells']:
        if c['cell_type'] == 'markdown':
            src = ''.join(c['source'])
            t = re.search(r'^#\s+(.+)$', src, re.M); s = re.search(r'^>\s*(.+)$', src, re.M)
            return (t.group(1).strip() if t else default), (s.group(1).strip() if s else '')
    return default, ''

def _anno(a)->str:
    if a is inspect.Parameter.empty or a is None: return ''
    return a if isinstance(a, str) else getattr(a, '__name__', str(a)).replace('typing.', '')

def _esc(s)->str: return str(s).replace('|', '\\|').replace('\n', ' ')

def api_markdown(obj, name:str, module:str)->str:
    "nbdev-style documentation of one exported function or class, as Markdown."
    from fastcore.docments import docments
    target = obj.__init__ if inspect.isclass(obj) else obj
    try:
        ps = [p for p in inspect.signature(target).parameters.values() if p.name != 'self']
        fmt = lambda p: (('**' if p.kind == p.VAR_KEYWORD else '*' if p.kind == p.VAR_POSITIONAL else '') + p.name
                         + (f':{_anno(p.annotation)}' if p.annotation is not p.empty else '')
                         + (f'={p.default!r}' if p.default is not p.empty else ''))
        sig = '(' + ', '.join(fmt(p) for p in ps) + ')'
    except (TypeError, ValueError): sig = '(...)'
    kind = 'class' if inspect.isclass(obj) else 'def'
    lines = [f'<a id="{name}"></a>', '', f'### {name}', '', f'```python\n{kind} {name}{sig}\n```', '',
             f'*{inspect.getdoc(obj) or ""}*', '', f'<small>`{module}.{name}`</small>', '']
    try: docs = docments(target, full=True, returns=True)
    except Exception: docs = {}
    rows = [(k, v) for k, v in docs.items() if k not in ('self', 'return')]
    if rows:
        lines += ['| | **Type** | **Default** | **Details** |', '|---|---|---|---|']
        for k, v in rows:
            d = '' if v.default is inspect.Parameter.empty else f'`{v.default!r}`'
            lines.append(f'| **{k}** | {_esc(_anno(v.anno))} | {_esc(d)} | {_esc(v.docment or "")} |')
        r = docs.get('return')
        if r is not None and (r.docment or r.anno is not inspect.Parameter.empty):
            lines.append(f'| **Returns** | {_esc(_anno(r.anno))} | | {_esc(r.docment or "")} |')
    if inspect.isclass(obj):
        meths = [(m, f) for m, f in vars(obj).items() if inspect.isfunction(f) and not m.startswith('_')]
        if meths:
            lines += ['', '**Methods**', '']
            lines += [f'- `{m}{inspect.signature(f)}`: {inspect.getdoc(f) or ""}' for m, f in meths]
    return '\n'.join(lines) + '\n'

def exported_names(src:str)->list:
    "Top-level functions and classes defined in a cell."
    try: tree = ast.parse(src)
    except SyntaxError: return []
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]

def process(nb_path:Path, dest:Path)->dict:
    "Write a docs copy of a notebook; return its page info (title, module, exported names)."
    nb = json.loads(nb_path.read_text(encoding='utf-8'))
    title, sub = _title(nb, nb_path.stem)
    module, names, cells = None, [], []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] != 'code': cells.append(c); continue
        d = directives(src)
        if 'default_exp' in d: module = f"depthclip.{d['default_exp'][0]}"
        if 'hide' in d or d.get('include:', [''])[0] == 'false' or 'nbdev_export(' in src: continue
        body = '\n'.join(l for l in src.splitlines() if not l.strip().startswith('#|')).strip()
        if not body: continue
        cells.append({**c, 'source': body})
        if module and ('export' in d or 'exports' in d):
            target = (d.get('export') or d.get('exports') or [None])[0]   # `#| export testing`: into another module
            cell_module = f"depthclip.{target}" if target else module
            mod = importlib.import_module(cell_module)
            for n in exported_names(body):
                if n in getattr(mod, '__all__', []) and hasattr(mod, n):
                    names.append((n, cell_module))
                    cells.append(dict(cell_type='markdown', metadata={}, source=api_markdown(getattr(mod, n), n, cell_module)))
    if sub and cells and cells[0]['cell_type'] == 'markdown':  # subtitle as the page's lead paragraph
        cells[0] = {**cells[0], 'source': f'# {title}\n\n*{sub}*'}
    dest.write_text(json.dumps({**nb, 'cells': cells}, indent=1), encoding='utf-8')
    return dict(file=dest.name, title=title, module=module, names=names)

def main():
    nbs = ROOT/'nbs'
    shutil.rmtree(STAGE, ignore_errors=True); docs = STAGE/'docs'; docs.mkdir(parents=True)
    pages = [process(nbs/'index.ipynb', docs/'index.ipynb')]
    pages += [process(p, docs/p.name) for p in sorted(nbs.glob('[0-9]*.ipynb'))]
    api = ['# API reference', '', 'Every exported function and class of the `depthclip` package, with a link to its '
           'documentation in the notebook that defines it.', '']
    for pg in pages[1:]:
        if not pg['names']: continue
        api += [f"## {pg['module']}", '', f"From [{pg['title']}]({pg['file']}).", '']
        api += [f"- [`{n}`]({pg['file']}#{n})" + ('' if m == pg['module'] else f" (in `{m}`)") for n, m in pg['names']] + ['']
    (docs/'api.md').write_text('\n'.join(api), encoding='utf-8')
    css = ROOT/'nbs'/'styles.css'
    if css.exists(): shutil.copy(css, docs/'styles.css')
    if (ROOT/'nbs'/'images').is_dir(): shutil.copytree(ROOT/'nbs'/'images', docs/'images')   # pictures the notebooks show
    shutil.copy(ROOT/'CHANGELOG.md', docs/'changelog.md')
    # MathJax 2 for the notebooks' equations, served from the site itself (works offline): the static files
    # of the jupyter-server-mathjax package, loaded by a two-line script next to them
    import jupyter_server_mathjax
    shutil.copytree(Path(jupyter_server_mathjax.__file__).parent/'static', docs/'assets'/'mathjax')
    (docs/'assets'/'mathjax-loader.js').write_text(
        "window.MathJax = {'HTML-CSS': {availableFonts: [], webFont: 'STIX-Web', imageFont: null}, SVG: {font: 'STIX-Web'}};\n"  # the package ships only STIX-Web fonts
        "(function () { var s = document.createElement('script');\n"
        "  s.src = new URL('mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full', document.currentScript.src).href;\n"
        "  document.head.appendChild(s); })();\n")
    nav = [{'Home': 'index.ipynb'}, {'Notebooks': [{pg['title']: pg['file']} for pg in pages[1:]]}, {'API reference': 'api.md'}, {'Changelog': 'changelog.md'}]
    cfg = dict(site_name='depthclip', site_description=pages[0]['title'], docs_dir='docs', site_dir=str(SITE),
               use_directory_urls=True, nav=nav, theme=dict(name='material', font=False, features=['navigation.sections', 'search.highlight']),
               plugins=['search', {'mkdocs-jupyter': dict(execute=False, include_source=True, ignore_h1_titles=True)}],
               markdown_extensions=['tables', 'toc', 'admonition'], extra_css=['styles.css'] if css.exists() else [],
               extra_javascript=['assets/mathjax-loader.js'])
    (STAGE/'mkdocs.yml').write_text(json.dumps(cfg, indent=1), encoding='utf-8')   # JSON is valid YAML
    shutil.rmtree(SITE, ignore_errors=True)
    r = subprocess.run([sys.executable, '-m', 'mkdocs', 'build', '--strict', '-f', str(STAGE/'mkdocs.yml')],
                       capture_output=True, text=True, env={**__import__('os').environ, 'NO_MKDOCS_2_WARNING': '1'})
    if r.returncode: sys.exit(f"mkdocs build failed:\n{r.stdout}{r.stderr}")
    n = sum(1 for _ in SITE.rglob('index.html'))
    print(f"built {n} pages into {SITE} ({len(pages)} notebooks + API reference)")

if __name__ == '__main__':
    main()
