"""Run every notebook in nbs/ as a test (as `nbdev_test` does, one notebook per test), plus the sync check.

Cells flagged `weights`, `nyu` or `slow` are skipped unless listed in $DEPTHCLIP_TEST_FLAGS
(e.g. DEPTHCLIP_TEST_FLAGS="weights nyu" pytest), which is passed to `nbdev_test --flags`.
"""
import os, shutil, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
NBS = sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))

def _tool(name):
    exe = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if exe is None: pytest.fail(f"{name} is not installed: pip install -e '.[dev]'")
    return exe

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_notebook(nb):
    cmd = [_tool('nbdev_test'), '--path', str(nb.relative_to(ROOT)), '--n_workers', '0']
    flags = os.environ.get('DEPTHCLIP_TEST_FLAGS', '').strip()
    if flags: cmd += ['--flags', flags]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    out = r.stdout + r.stderr
    assert r.returncode == 0 and 'Success.' in out, f"{nb.name} failed:\n{out[-8000:]}"

def test_sync():
    "nbdev_export / nbdev_clean change nothing and README.md matches index.ipynb."
    r = subprocess.run(['bash', str(ROOT/'tools'/'check_sync.sh')], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, 'PATH': f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"})
    assert r.returncode == 0, r.stdout + r.stderr
