"""The package's layout: data flows down the notebooks, modules stay readable.

- Each exported cell imports only modules whose notebook comes before it in reading order (or its own
  notebook's module), and the import graph of the modules has no cycle: no upward arrow.
- No module over ~300 lines (MAX_MODULE_LINES) unless LONG_MODULES gives the reason, no function over 40 lines unless
  LONG_FUNCTIONS gives the reason.
- Every notebook shows at least one figure or table in its saved outputs, and has its own number in reading order.
- Commands live in the CLI module: no other module defines a command or parses arguments.
- The front page (README.md) fits on a screen or two: at most README_LINES lines.
"""
import ast, re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT/'depthclip'
MAX_MODULE_LINES, MAX_FUNCTION_LINES, README_LINES = 310, 40, 120
LONG_MODULES = {   # module: (its limit, why it is longer than MAX_MODULE_LINES)
    'cache': (315, "the feature cache: chunked, resumable HDF5 writes checked row by row (CRC-32) and their failures; each image's scene embedding on its tower's own input (issue 31)"),
    'cli': (330, 'the command line: every command (issue 19: none outside it) with its options, one line each with the --help text; it parses and dispatches (issue 30)'),
    'features': (520, 'every dense-feature reading DepthCLIP offers (ResNets, MaskCLIP, SCLIP, ClearCLIP, NACLIP, and SC-CLIP and ResCLIP, which read blocks before the last: issue 29), each its authors\' steps, and the towers OpenCLIP builds through timm (ConvNeXt, EVA-02, SigLIP: issue 31)'),
    'datasets': (335, "every benchmark's reader and download (`download_data`, out of the CLI: issue 30), and the checks every file meets before any work (issue 28)"),
    'data': (390, "each dataset's protocol as data with the regions it cuts and scores (every reader's, NYU's too: issue 30), NYU's two readers with their checks, and its verified download"),
    'projection': (380, 'the head per patch and per pixel (SCLIP, ClearCLIP, NACLIP as their authors read windows, issue 29), its settings validated in the precision the model computes in (issue 28), the module, batching and predict'),
    'testing': (565, "the stand-ins every test runs on, each exported from the notebook that introduces it into this one module (STYLE.md); issue 31 added Hugging Face's converter, a SigLIP saved by transformers and the tiny timm towers"),
    'app': (380, "the live page: its explorer, its fields answered live as one event (its edits numbered, the newest answer kept), an example clicked answered in the same event (its files copied where Gradio serves them), a click kept through an answer already running, the pictures it draws fast (the depth with its colour bar, the bar drawn once per range), the 3-D relief as glTF, its tabs and its API (issue 32)"),
    'clip': (420, "a frozen CLIP from four formats of weights, each with its provenance: OpenAI's, OpenCLIP's and Hugging Face transformers' CLIP and SigLIP (issue 31), in the precision the device runs well (the CPU's bf16 units: issue 33)")}
LONG_FUNCTIONS = {   # 'module.function': why it is longer than MAX_FUNCTION_LINES
    'cli.eval_cmd': 'a command: its signature is its 23 options, one line each with the --help text; the body is 20 lines',
    'cli.ablate_cmd': 'a command: its signature is its 22 options, one line each with the --help text; the body is 20 lines',
    'testing.write_hf_clip': "Hugging Face's converter ported literally: its six copy_* functions nested under their own names, then its convert_clip_checkpoint (issue 31)"}

def modules()->dict:
    "Module name -> source, for the exported modules."
    return {p.stem: p.read_text() for p in sorted(PKG.glob('*.py')) if not p.name.startswith('_')}

def notebook_order()->dict:
    "Notebook stem -> position in reading order (the docs and nbdev order: by name)."
    return {p.stem: k for k, p in enumerate(sorted((ROOT/'nbs').glob('[0-9]*.ipynb')))}

def home(src:str)->str:
    "The notebook a module is the default export of."
    return re.search(r'File to edit: \.\./nbs/(.+?)\.ipynb', src).group(1)

def segments(src:str)->list:
    "(notebook, code) of each exported cell of a module."
    parts = re.split(r'^# %% \.\./nbs/(.+?)\.ipynb.*$', src, flags=re.M)
    return list(zip(parts[1::2], parts[2::2]))

def imported(code:str)->set:
    "The depthclip modules a piece of code imports."
    out = set()
    for n in ast.walk(ast.parse(code)):
        if isinstance(n, ast.ImportFrom) and n.level == 1 and n.module: out.add(n.module.split('.')[0])
        if isinstance(n, ast.ImportFrom) and n.level == 0 and (n.module or '').startswith('depthclip.'): out.add(n.module.split('.')[1])
        if isinstance(n, ast.Import): out |= {a.name.split('.')[1] for a in n.names if a.name.startswith('depthclip.')}
    return out

def test_imports_flow_down():
    mods, order = modules(), notebook_order()
    homes = {m: home(s) for m, s in mods.items()}
    up, edges = [], {m: set() for m in mods}
    for m, src in mods.items():
        for nb, code in segments(src):
            for t in imported(code) - {m}:
                assert t in mods, f"{m} imports unknown module {t}"
                edges[m].add(t)
                if order[homes[t]] > order[nb]: up.append(f"{nb} (into {m}) imports {t} from the later {homes[t]}")
    assert not up, '\n'.join(up)
    seen, stack = set(), []
    def visit(m):
        assert m not in stack, f"import cycle: {' -> '.join(stack + [m])}"
        if m in seen: return
        stack.append(m); [visit(t) for t in edges[m]]; stack.pop(); seen.add(m)
    for m in mods: visit(m)

def test_sizes():
    big = {m: s.count('\n') for m, s in modules().items() if s.count('\n') > LONG_MODULES.get(m, (MAX_MODULE_LINES,))[0]}
    assert not big, f"modules over {MAX_MODULE_LINES} lines: {big}"
    long = []
    for m, src in modules().items():
        for n in ast.walk(ast.parse(src)):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > MAX_FUNCTION_LINES \
               and f'{m}.{n.name}' not in LONG_FUNCTIONS:
                long.append(f'{m}.{n.name} ({n.end_lineno - n.lineno + 1} lines)')
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines without a stated reason: {long}"

def test_the_check_sees_an_upward_import():
    "The graph check catches a planted upward import (so a pass means something)."
    src = "# AUTOGENERATED! DO NOT EDIT! File to edit: ../nbs/04_clip.ipynb.\n# %% ../nbs/04_clip.ipynb #x\nfrom .cache import build_feature_cache\n"
    (nb, code), = segments(src)
    assert (home(src), nb, imported(code)) == ('04_clip', '04_clip', {'cache'})
    assert notebook_order()[home(modules()['cache'])] > notebook_order()[nb]

def test_every_notebook_shows_something():
    "Each notebook carries at least one figure or table in its saved outputs, so that its docs page shows one."
    import json
    bare = []
    for p in sorted((ROOT/'nbs').glob('[0-9]*.ipynb')):
        outs = [o.get('data', {}) for c in json.loads(p.read_text())['cells'] for o in c.get('outputs', [])]
        if not any('image/png' in d or 'text/html' in d for d in outs): bare.append(p.name)
    assert not bare, f"notebooks without a saved figure or table (run tools/execute_nbs.py): {bare}"

def test_commands_live_in_the_cli():
    "A command (a `*_cmd` function) or argument parsing anywhere but `depthclip.cli` (and its parser-maker `depthclip.script`) fails."
    stray = []
    for m, src in modules().items():
        if m in ('cli', 'script'): continue
        tree = ast.parse(src)
        stray += [f'{m}.{n.name}' for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.endswith('_cmd')]
        stray += [f'{m} imports {t}' for t in ('argparse', 'make_parser') if re.search(rf'\bimport\b.*\b{t}\b', src)]
    assert not stray, stray

def test_unique_notebook_numbers():
    nums = {}
    for p in (ROOT/'nbs').glob('[0-9]*.ipynb'): nums.setdefault(p.stem.split('_', 1)[0], []).append(p.name)
    same = {k: v for k, v in nums.items() if len(v) > 1}
    assert not same, f"notebooks sharing a number (python tools/renumber_nbs.py gives each its own): {same}"

def test_front_page_fits():
    n = (ROOT/'README.md').read_text(encoding='utf-8').count('\n')
    assert n <= README_LINES, f"README.md has {n} lines, more than {README_LINES}: move reference material to its docs page"

def test_module_docstrings():
    "Every module opens with a docstring that says what it is (the notebook's `> ` line, which nbdev writes there)."
    missing = [m for m, src in modules().items() if not (ast.get_docstring(ast.parse(src)) or '').strip()]
    assert not missing, f"modules without a docstring (give the notebook's title cell a '> ' line): {missing}"
