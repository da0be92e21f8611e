"""Outputs of the `depthclip` command on a fixed fixture, and their comparison: proof that a change left the numbers alone.

    python tools/snapshot.py run OUT [--inputs DIR]     # eval (.mat, folder, attnpool, lower bound), ablate --figures, predict
    python tools/snapshot.py compare A B [--tol 0]      # every CSV, metrics.json, .npy, PNG and feature-cache array

Run it before a change (from a checkout of the old code) and after, with the same --inputs folder (the tiny
random CLIP and the synthetic NYU are written there once, so both runs read the same files), then compare.
--tol is the largest absolute difference allowed in a number (0: bit-identical). Numbers come from a random
CLIP on synthetic data: they test the code, they are not results.
"""
import argparse, json, os, subprocess, sys
from pathlib import Path

def run(out:Path, inputs:Path):
    if out.exists(): sys.exit(f"{out} exists: give a new folder")
    env = {**os.environ, 'MPLBACKEND': 'Agg', 'DEPTHCLIP_CACHE': str(inputs/'cache')}
    if not (inputs/'tiny.pt').is_file():
        inputs.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, '-c', f"""
import numpy as np
from PIL import Image
from depthclip.testing import write_tiny_clip, write_nyu_fixture
write_tiny_clip({str(inputs/'tiny.pt')!r})
write_nyu_fixture({str(inputs/'nyu')!r}, n_frames=40, scenes=[('bathroom', 'classroom', 'bedroom', 'kitchen', 'office')[i % 5] for i in range(40)])
rng = np.random.default_rng(0)
Image.fromarray((rng.random((300, 500, 3)) * 255).astype(np.uint8)).save({str(inputs/'a.png')!r})
Image.fromarray((rng.random((480, 640, 3)) * 255).astype(np.uint8)).save({str(inputs/'b.jpg')!r})
"""], check=True, env=env)
    mat, ck = str(inputs/'nyu'/'nyu_depth_v2_labeled.mat'), str(inputs/'tiny.pt')
    common = ['--device', 'cpu', '--no-progress']
    for args in (['eval', '--data', mat, '--clip', ck, '--out', out/'eval', '--save-predictions'],
                 ['eval', '--data', inputs/'nyu', '--clip', ck, '--out', out/'eval_folder', '--batch-size', '3'],
                 ['eval', '--data', mat, '--clip', ck, '--out', out/'eval_attn', '--preset', 'attnpool', '--median-scaling'],
                 ['eval', '--data', mat, '--lower-bound', '--out', out/'lb'],
                 ['ablate', '--data', mat, '--clip', ck, '--out', out/'ablate', '--figures'],
                 ['predict', inputs/'a.png', inputs/'b.jpg', '--clip', ck, '--out', out/'predict']):
        subprocess.run(['depthclip', *map(str, args), *common], check=True, env=env)

def compare(a:Path, b:Path, tol:float)->int:
    import numpy as np, pandas as pd, h5py
    from PIL import Image
    bad, n, worst, added = [], 0, 0., []
    def close(x, y):
        nonlocal worst
        x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
        if x.shape != y.shape: return False
        d = float(np.nanmax(np.abs(x - y))) if x.size else 0.; worst = max(worst, d)
        return d <= tol and np.array_equal(np.isnan(x), np.isnan(y))
    for fa in sorted(p for p in a.rglob('*') if p.is_file()):
        rel = fa.relative_to(a); fb = b/rel
        if 'settings' in rel.parts or fa.suffix in ('.jsonl', '.md', '.json') and fa.name != 'metrics.json': continue
        if not fb.is_file(): bad.append(f'missing {rel}'); continue
        n += 1
        if fa.suffix == '.csv':
            x, y = pd.read_csv(fa), pd.read_csv(fb)
            num = [c for c in x.select_dtypes('number').columns if c != 'index']
            other = [c for c in x.columns if c not in num and c != 'source']
            ok = list(x.columns) == list(y.columns) and x[other].equals(y[other]) and close(x[num], y[num])
        elif fa.suffix == '.npy': ok = close(np.load(fa), np.load(fb))
        elif fa.suffix == '.png':   # colour pictures and figures: pixels; 16-bit depth maps: millimetres
            x, y = np.array(Image.open(fa)), np.array(Image.open(fb))
            ok = np.array_equal(x, y) if x.dtype == np.uint8 else close(x / 1000, y / 1000)   # (at --tol 0 too, so that their difference is counted)
        elif fa.suffix == '.h5':   # every array of A equal in B; arrays only B has (e.g. the checksums added in 0.4) are listed, not compared
            with h5py.File(fa) as x, h5py.File(fb) as y:
                ok = set(x) <= set(y) and all(close(x[k][:], y[k][:]) if x[k].dtype.kind == 'f' else np.array_equal(x[k][:], y[k][:]) for k in x)
                if set(y) - set(x): added.append(f"{rel}: {', '.join(sorted(set(y) - set(x)))}")
        else:
            x, y = json.loads(fa.read_text())['metrics'], json.loads(fb.read_text())['metrics']
            ok = x.keys() == y.keys() and close(list(x.values()), list(y.values()))
        if not ok: bad.append(f'differs {rel}')
    print('\n'.join(bad))
    if added: print('arrays added in B (not compared):', '; '.join(added))
    print(f"compared {n} files: {len(bad)} differ (tolerance {tol:g}; largest difference in a number {worst:.3g})")
    return 1 if bad else 0

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest='cmd', required=True)
    r = sub.add_parser('run'); r.add_argument('out', type=Path); r.add_argument('--inputs', type=Path, default=Path('/tmp/depthclip-snapshot-inputs'))
    c = sub.add_parser('compare'); c.add_argument('a', type=Path); c.add_argument('b', type=Path); c.add_argument('--tol', type=float, default=0.)
    x = ap.parse_args()
    sys.exit(run(x.out, x.inputs) if x.cmd == 'run' else compare(x.a, x.b, x.tol))
