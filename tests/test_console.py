"""The installed `depthclip` console script (not just `main()` in-process) runs the README's demo in the test environment."""
import os, shutil, subprocess, sys
from pathlib import Path
import numpy as np

def test_console_demo(tmp_path):
    exe = shutil.which('depthclip', path=str(Path(sys.executable).parent))
    assert exe, "the depthclip console script is not installed: pip install -e ."
    env = {**os.environ, 'DEPTHCLIP_CACHE': str(tmp_path/'cache'), 'MPLBACKEND': 'Agg'}
    r = subprocess.run([exe, 'demo', '--out', str(tmp_path/'demo'), '--no-progress'], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    d = np.load(tmp_path/'demo'/'predictions'/'demo.npy')
    assert d.shape == (416, 544) and d.dtype == np.float32 and np.isfinite(d).all() and d.min() > 0
    assert not list((tmp_path/'demo').rglob('*.pt')), "the demo checkpoint belongs in the weights cache, not in --out"
    assert (tmp_path/'cache'/'depthclip-demo-tiny-clip.pt').is_file()
