"""Execute notebooks in place so that they carry their outputs (figures, tables) for the docs.

Cells flagged with a test flag from settings.ini (`weights`, `nyu`, `slow`) and `#| eval: false` cells
are skipped, as `nbdev_test` skips them, so the saved outputs come from the tiny checkpoint and synthetic
data. Run from the repository root, then `nbdev_clean` (it keeps outputs, drops execution metadata):

    python tools/execute_nbs.py [nbs/04_projection.ipynb ...] && nbdev_clean && python tools/make_readme.py
"""
import os, sys
from pathlib import Path
from nbdev.config import get_config
from execnb.shell import CaptureShell
from execnb.nbio import read_nb, write_nb
from fastcore.foundation import working_directory

def directives(src:str)->dict:
    "The `#| ...` directives at the top of a cell, as nbdev reads them ({'eval:': ['false'], 'weights': []})."
    d = {}
    for line in src.splitlines():
        s = line.strip()
        if not s: continue
        if not s.startswith('#|'): break
        parts = s[2:].split()
        if parts: d[parts[0]] = parts[1:]
    return d

def skip(cell, flags)->bool:
    if cell.cell_type != 'code' or 'nbdev_export' + '(' in cell.source: return True
    d = directives(cell.source)
    return d.get('eval:', [''])[0].lower() == 'false' or bool(flags & d.keys())

def execute(fn, flags):
    fn = Path(fn).absolute()
    nb = read_nb(fn)
    for c in nb.cells:
        if not skip(c, flags): c.outputs = []   # (execnb keeps a cell's old outputs when it now prints nothing)
    os.environ['IN_TEST'] = '1'
    with working_directory(fn.parent):
        CaptureShell(fn).run_all(nb, exc_stop=True, preproc=lambda c: skip(c, flags))
    write_nb(nb, fn)
    print(f'executed {fn.name}')

if __name__ == '__main__':
    cfg = get_config()
    flags = set(cfg.tst_flags.split())
    nbs = Path(cfg.nbs_path)
    files = sys.argv[1:] or [str(p) for p in sorted(nbs.glob('[0-9]*.ipynb'))] + [str(nbs/'index.ipynb')]
    for f in files: execute(f, flags)
