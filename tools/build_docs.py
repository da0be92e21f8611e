"""Build the documentation site into _docs/ from the notebooks, without Quarto.

The site is what `nbdev_docs` makes with Quarto (use that if you have Quarto), built with tools that
install from PyPI: MkDocs with the Material theme and mkdocs-jupyter, which renders notebooks with
their saved outputs, and MathJax 2 from the jupyter-server-mathjax package for equations (served by the
site itself, so it works offline). Each notebook is processed the way nbdev's processors do it: `#| hide` cells are
dropped, directive lines removed, and after each exported definition its API documentation (signature,
docstring, a table of parameters from the docments) is inserted, as nbdev's `show_doc` does. An API
reference page lists every exported name. Search comes with MkDocs.

Read like nbdev's own sites: the content column is wide enough for the code's 120-character lines (Material's grid
widened, the page's table of contents in the sidebar beside it), no `In [ ]:` prompts, the import and setup cells
folded after the page's first explanation, and mentions of a notebook (`09_metrics`) or of an exported name
(`protocol_metrics`) in the prose turned into links to its page and anchor, as nbdev's doclinks do. The build fails
on a mention of a notebook that does not exist and on any internal link, in any page, to a page or anchor the site
lacks (`check_links`).

    python tools/build_docs.py          # writes _docs/ (open _docs/index.html or serve the folder)
"""
import ast, importlib, importlib.util, inspect, json, re, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGE, SITE = ROOT/'_proc_docs', ROOT/'_docs'
sys.path.insert(0, str(Path(__file__).parent))
from execute_nbs import directives   # one parser of `#| ...` directives for the tools

SITE_CSS = """/* Material's grid, wider than its 61rem, so that the code's 120-character lines fit beside the sidebar, which holds
   the navigation and the page's table of contents (toc.integrate); narrow screens keep the theme's own layout */
.md-grid { max-width: 72rem; }
/* prose at a readable measure; code, tables and figures use the whole column */
.jp-RenderedMarkdown > p, .jp-RenderedMarkdown > ul, .jp-RenderedMarkdown > ol, .jp-RenderedMarkdown > blockquote { max-width: 50rem; }
/* code blocks in the prose (API signatures, examples) in the code cells' font and size, not the prose's 16px */
.jp-RenderedMarkdown pre, .jp-RenderedMarkdown pre code { font-size: var(--jp-code-font-size, 13px); line-height: 1.4; }
/* a folded cell (imports, setup): one grey line until opened */
.md-typeset details.fold { border-color: var(--md-default-fg-color--lightest); box-shadow: none; margin: 0.6em 0 1em; }
.md-typeset details.fold > summary { background: var(--md-code-bg-color); color: var(--md-default-fg-color--light); }
.md-typeset details.fold > summary::before { background-color: var(--md-default-fg-color--light); }
.md-typeset details.fold pre { margin: 0; overflow-x: auto; padding: 0.6em 0.8em; }
/* MathJax's hidden copy of each equation for screen readers (AssistiveMML) in the page's font: MathJax's MathML styles
   would give a script letter (\\mathcal) a TeX web font that the vendored MathJax lacks (only STIX-Web ships), asked
   for, and missed, by every page that has one; nobody sees this copy */
span.MJX_Assistive_MathML * { font-family: inherit; }
"""

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

def _default(v)->str: return v.__name__ if callable(v) and hasattr(v, '__name__') else repr(v)   # (a function by its name, not its address)

def _esc(s)->str: return str(s).replace('|', '\\|').replace('\n', ' ')

def api_markdown(obj, name:str, module:str)->str:
    "nbdev-style documentation of one exported function or class, as Markdown."
    from fastcore.docments import docments
    target = obj.__init__ if inspect.isclass(obj) else obj
    try:
        ps = [p for p in inspect.signature(target).parameters.values() if p.name != 'self']
        fmt = lambda p: (('**' if p.kind == p.VAR_KEYWORD else '*' if p.kind == p.VAR_POSITIONAL else '') + p.name
                         + (f':{_anno(p.annotation)}' if p.annotation is not p.empty else '')
                         + (f'={_default(p.default)}' if p.default is not p.empty else ''))
        sig = '(' + ', '.join(fmt(p) for p in ps) + ')'
        if len(sig) + len(name) > 100: sig = '(\n    ' + ',\n    '.join(fmt(p) for p in ps) + '\n)'   # one parameter a line, as the source has them
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
            d = '' if v.default is inspect.Parameter.empty else f'`{_default(v.default)}`'
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

def only_imports(src:str)->bool:
    "Whether a cell's code is nothing but imports (also inside `with warnings.catch_warnings():` and `try:` blocks)."
    try: body = ast.parse(src).body
    except SyntaxError: return False
    def ok(n): return (isinstance(n, (ast.Import, ast.ImportFrom)) or (isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)
                       and 'warnings' in ast.unparse(n)) or (isinstance(n, (ast.With, ast.Try)) and all(ok(m) for m in n.body)))
    return bool(body) and all(ok(n) for n in body)

def fold(src:str, summary:str)->dict:
    "A code cell shown folded (a `<details>` block, highlighted as the notebook's cells are), as a markdown cell."
    from pygments import highlight
    from pygments.lexers import PythonLexer
    from pygments.formatters import HtmlFormatter
    code = highlight(src, PythonLexer(), HtmlFormatter(cssclass='highlight-ipynb hl-python')).strip().replace('\n', '&#10;')   # one line: markdown ends an HTML block at a blank line
    n = len(src.splitlines())
    return dict(cell_type='markdown', metadata=dict(generated=True), source=f'<details class="fold"><summary>{summary} ({n} line{"s" * (n != 1)})</summary>{code}</details>')

NB_MENTION = re.compile(r'\d\d_[a-z][a-z0-9_]*(?:\.ipynb)?')

def doclink(code:str, pages:dict, names:dict, here:str)->str|None:
    "Where a mention in backticks points (a notebook, an exported name, a module), relative to the page `here`; None: no link."
    up = '' if here == 'index' else '../'
    if NB_MENTION.fullmatch(code):
        stem = code.removesuffix('.ipynb')
        if stem not in pages: raise SystemExit(f"docs: {here}.ipynb mentions the notebook `{code}`, which does not exist")
        return f'{up}{stem}/'
    bare = re.sub(r'\(\)$', '', code)
    if bare in pages.values():   # `depthclip.metrics`: its notebook (not on its own page)
        page = [k for k, v in pages.items() if v == bare][0]
        return None if page == here else f'{up}{page}/'
    name = bare.rsplit('.', 1)[-1] if bare.startswith('depthclip.') else bare
    if name in names and re.fullmatch(r'[A-Za-z_]\w*', name):
        page = names[name]
        return f'#{name}' if page == here else f'{up}{page}/#{name}'
    return None

def doclinks(md:str, pages:dict, names:dict, here:str)->str:
    "Markdown with its mentions in backticks linked, as nbdev's doclinks do (not in code blocks, not what is already a link)."
    parts = re.split(r'(^```.*?^```)', md, flags=re.M | re.S)   # fenced code blocks stay as they are
    def one(m):
        if m.string[m.start() - 1:m.start()] == '[' and m.string[m.end():m.end() + 2] == '](': return m.group(0)   # already a link's text
        url = doclink(m.group(1), pages, names, here)
        return m.group(0) if url is None else f'[{m.group(0)}]({url})'
    return ''.join(p if i % 2 else re.sub(r'`([^`\n]+)`', one, p) for i, p in enumerate(parts))

def check_links(site:Path)->list:
    "Every internal link of every page (href to a page of the site, with its #anchor): those that lead to nothing."
    from urllib.parse import urljoin, urlparse, unquote
    html = {p: p.read_text(encoding='utf-8') for p in site.rglob('*.html')}
    ids = {p: set(re.findall(r'\b(?:id|name)="([^"]+)"', h)) for p, h in html.items()}
    bad = []
    for p, h in html.items():
        if p.name == '404.html': continue
        base = 'http://site/' + p.relative_to(site).as_posix()
        for href in re.findall(r'<a\b[^>]*\bhref="([^"]+)"', h):
            u = urlparse(urljoin(base, href))
            if u.netloc != 'site' or u.scheme != 'http': continue
            t = site/unquote(u.path).lstrip('/')
            if t.is_dir(): t = t/'index.html'
            if not t.exists(): bad.append(f'{p.relative_to(site)}: link to a missing page {href}')
            elif u.fragment and t.suffix == '.html' and unquote(u.fragment) not in ids.get(t, ()): bad.append(f'{p.relative_to(site)}: link to a missing anchor {href}')
    return bad

def exported_names(src:str)->list:
    "Top-level functions and classes defined in a cell."
    try: tree = ast.parse(src)
    except SyntaxError: return []
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]

def process(nb_path:Path, dest:Path)->dict:
    "A docs copy of a notebook (its cells; written by `main` once the links are known) and its page info (title, module, exported names)."
    nb = json.loads(nb_path.read_text(encoding='utf-8'))
    title, sub = _title(nb, nb_path.stem)
    module, names, cells, setup = None, [], [], []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] != 'code': cells.append(c); continue
        d = directives(src)
        if 'default_exp' in d: module = f"depthclip.{d['default_exp'][0]}"
        if 'hide' in d or d.get('include:', [''])[0] == 'false' or 'nbdev_export(' in src: continue
        body = '\n'.join(l for l in src.splitlines() if not l.strip().startswith('#|')).strip()
        if not body: continue
        prose = [k for k in cells if k['cell_type'] == 'markdown']
        imports = only_imports(body)
        if len(prose) < 2 or imports:   # before the page's first explanation, or only imports: folded
            f = fold(body, 'Imports' if imports else 'Setup')
            if len(prose) < 2: setup.append(f)
            else: cells.append(f)
        else: cells.append({**c, 'source': body})
        if module and ('export' in d or 'exports' in d):
            target = (d.get('export') or d.get('exports') or [None])[0]   # `#| export testing`: into another module
            cell_module = f"depthclip.{target}" if target else module
            mod = importlib.import_module(cell_module)
            for n in exported_names(body):
                if n in getattr(mod, '__all__', []) and hasattr(mod, n):
                    names.append((n, cell_module))
                    cells.append(dict(cell_type='markdown', metadata=dict(generated=True), source=api_markdown(getattr(mod, n), n, cell_module)))
    if sub and cells and cells[0]['cell_type'] == 'markdown':  # subtitle as the page's lead paragraph
        cells[0] = {**cells[0], 'source': f'# {title}\n\n*{sub}*'}
    at = min(2, len(cells)); cells[at:at] = setup   # the folded setup after the purpose and the first explanation
    return dict(file=dest.name, dest=dest, nb=nb, cells=cells, title=title, module=module, names=names)

def main():
    nbs = ROOT/'nbs'
    shutil.rmtree(STAGE, ignore_errors=True); docs = STAGE/'docs'; docs.mkdir(parents=True)
    pages = [process(nbs/'index.ipynb', docs/'index.ipynb')]
    pages += [process(p, docs/p.name) for p in sorted(nbs.glob('[0-9]*.ipynb'))]
    stems = {pg['dest'].stem: pg['module'] for pg in pages}
    where = {}
    for pg in pages:
        for n, _ in pg['names']: where.setdefault(n, pg['dest'].stem)   # a name documented on two pages: its first
    for pg in pages:
        cells = [{**c, 'source': doclinks(''.join(c['source']), stems, where, pg['dest'].stem)}   # (the notebook's own prose; not the API blocks and folds made here)
                 if c['cell_type'] == 'markdown' and not c['metadata'].get('generated') else c for c in pg['cells']]
        pg['dest'].write_text(json.dumps({**pg['nb'], 'cells': cells}, indent=1), encoding='utf-8')
    api = ['# API reference', '', 'Every exported function and class of the `depthclip` package, with a link to its '
           'documentation in the notebook that defines it.', '']
    for pg in pages[1:]:
        if not pg['names']: continue
        api += [f"## {pg['module']}", '', f"From [{pg['title']}]({pg['file']}).", '']
        api += [f"- [`{n}`]({pg['file']}#{n})" + ('' if m == pg['module'] else f" (in `{m}`)") for n, m in pg['names']] + ['']
    (docs/'api.md').write_text('\n'.join(api), encoding='utf-8')
    css = ROOT/'nbs'/'styles.css'
    if css.exists(): shutil.copy(css, docs/'styles.css')
    (docs/'site.css').write_text(SITE_CSS, encoding='utf-8')
    if (ROOT/'nbs'/'images').is_dir(): shutil.copytree(ROOT/'nbs'/'images', docs/'images')   # pictures the notebooks show
    shutil.copy(ROOT/'CHANGELOG.md', docs/'changelog.md')
    # MathJax 2 for the notebooks' equations, served from the site itself (works offline): the static files
    # of the jupyter-server-mathjax package, loaded by a two-line script next to them (found, not imported: importing it
    # imports Jupyter's server, 1.7-4.8 s here, for a folder's path)
    spec = importlib.util.find_spec('jupyter_server_mathjax')
    if spec is None: sys.exit("jupyter-server-mathjax is not installed: pip install -e '.[dev]'")
    shutil.copytree(Path(spec.origin).parent/'static', docs/'assets'/'mathjax')
    (docs/'assets'/'mathjax-loader.js').write_text(
        "window.MathJax = {'HTML-CSS': {availableFonts: [], webFont: 'STIX-Web', imageFont: null}, SVG: {font: 'STIX-Web'}};\n"  # the package ships only STIX-Web fonts
        "(function () { var s = document.createElement('script');\n"
        "  s.src = new URL('mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full', document.currentScript.src).href;\n"
        "  document.head.appendChild(s); })();\n")
    nav = [{'Home': 'index.ipynb'}, {'Notebooks': [{pg['title']: pg['file']} for pg in pages[1:]]}, {'API reference': 'api.md'}, {'Changelog': 'changelog.md'}]
    cfg = dict(site_name='depthclip', site_description=pages[0]['title'], docs_dir='docs', site_dir=str(SITE),
               use_directory_urls=True, nav=nav, theme=dict(name='material', font=False, features=['navigation.sections', 'search.highlight', 'toc.integrate']),
               plugins=['search', {'mkdocs-jupyter': dict(execute=False, include_source=True, ignore_h1_titles=True, no_prompt=True)}],
               markdown_extensions=['tables', 'toc', 'admonition'], extra_css=(['styles.css'] if css.exists() else []) + ['site.css'],
               extra_javascript=['assets/mathjax-loader.js'])
    (STAGE/'mkdocs.yml').write_text(json.dumps(cfg, indent=1), encoding='utf-8')   # JSON is valid YAML
    shutil.rmtree(SITE, ignore_errors=True)
    r = subprocess.run([sys.executable, '-m', 'mkdocs', 'build', '--strict', '-f', str(STAGE/'mkdocs.yml')],
                       capture_output=True, text=True, env={**__import__('os').environ, 'NO_MKDOCS_2_WARNING': '1'})
    if r.returncode: sys.exit(f"mkdocs build failed:\n{r.stdout}{r.stderr}")
    bad = check_links(SITE)
    if bad: sys.exit(f"docs: {len(bad)} link(s) to nothing:\n" + '\n'.join(bad[:40]))
    n = sum(1 for _ in SITE.rglob('index.html'))
    print(f"built {n} pages into {SITE} ({len(pages)} notebooks + API reference)")

if __name__ == '__main__':
    main()
