"""The user's path, as CI walks it: run inside a brand-new virtual environment, from the repository root.

1. README.md's install + run command, verbatim (read from README.md, never copied here): it must exit 0
   and write a depth map (a finite, positive float32 .npy and its 16-bit PNG) into its --out folder.
2. The same package as a wheel built from the repository, installed over it, runs `depthclip demo` from
   a folder outside the repository (so that nothing is imported from the clone).
3. `depthclip predict` on real-world inputs: a 1920x1080 RGBA PNG and a 16-bit grayscale PNG among files
   that are not images: both maps written at their image's size, each non-image reported on one line,
   exit status 1.
Finally it prints the versions that pip resolved for every runtime dependency. Exits non-zero on any failure.
"""
import os, re, shlex, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))
from readme_commands import command

def sh(cmd:str, cwd=ROOT, ok=(0,))->subprocess.CompletedProcess:
    print(f"+ {cmd}", flush=True)
    r = subprocess.run(['bash', '-euo', 'pipefail', '-c', cmd], cwd=cwd, text=True, capture_output=True)
    sys.stdout.write(r.stdout[-3000:]); sys.stdout.write(r.stderr[-3000:])
    if r.returncode not in ok: sys.exit(f"user path FAILED: `{cmd}` exited {r.returncode}")
    return r

def check_depth_maps(folder:Path, shapes:dict|None=None):
    "Every .npy under `folder` is a finite, positive float32 depth map with its 16-bit PNG; `shapes`: stem -> (H, W)."
    import numpy as np
    from PIL import Image
    maps = sorted(folder.rglob('*.npy'))
    if not maps: sys.exit(f"user path FAILED: no depth map (.npy) was written under {folder}")
    for m in maps:
        d = np.load(m); png = np.array(Image.open(m.with_suffix('.png')))
        if d.dtype != np.float32 or d.ndim != 2 or not np.isfinite(d).all() or d.min() <= 0 or png.dtype != np.uint16 or png.shape != d.shape:
            sys.exit(f"user path FAILED: {m} is not a depth map ({d.dtype} {d.shape}; png {png.dtype} {png.shape})")
        if shapes and m.stem in shapes and d.shape != shapes[m.stem]: sys.exit(f"user path FAILED: {m} is {d.shape}, not {shapes[m.stem]}")
        print(f"ok: {m.relative_to(folder)} {d.shape} {d.min():.2f}-{d.max():.2f} m (random weights)")
    return maps

def out_folder(cmd:str)->Path:
    "The --out folder of a depthclip command line."
    args = shlex.split(cmd)
    return ROOT/args[args.index('--out') + 1]

if __name__ == '__main__':
    run = command('run')
    out = out_folder(run)
    if out.exists(): sys.exit(f"{out} exists already: the check needs a fresh output folder")
    try:
        sh(run)                                                       # 1. verbatim
        check_depth_maps(out)
        with tempfile.TemporaryDirectory() as tmp:                    # 2. the wheel
            tmp = Path(tmp)
            sh(f"python -m pip wheel -q --no-deps -w {tmp/'dist'} .")
            sh(f"python -m pip install -q --no-deps --force-reinstall {next((tmp/'dist').glob('depthclip-*.whl'))}")
            r = sh("python -c 'import depthclip, sys; print(depthclip.__file__)'", cwd=tmp)
            if str(ROOT) in r.stdout: sys.exit("user path FAILED: the wheel's package was not the one imported")
            sh("depthclip demo --out wheel-demo --no-progress", cwd=tmp)
            check_depth_maps(tmp/'wheel-demo')
            from PIL import Image                                     # 3. real-world inputs
            import numpy as np
            inp = tmp/'photos'; inp.mkdir()
            rng = np.random.default_rng(0)
            Image.fromarray((rng.random((1080, 1920, 4)) * 255).astype(np.uint8), 'RGBA').save(inp/'phone.png')
            Image.fromarray((rng.random((480, 640)) * 65535).astype(np.uint16)).save(inp/'kinect16.png')
            (inp/'notes.txt').write_text('not an image'); (inp/'slides.pdf').write_bytes(b'%PDF-1.4\n')
            cache = Path(os.environ.get('DEPTHCLIP_CACHE') or '~/.cache/clip').expanduser()
            r = sh(f"depthclip predict {inp} --clip {cache/'depthclip-demo-tiny-clip.pt'} --out {tmp/'pred'} --no-progress", cwd=tmp, ok=(1,))
            reported = [l for l in r.stderr.splitlines() if 'not an image' in l]
            if len(reported) != 2: sys.exit(f"user path FAILED: expected one line for each of the 2 non-images, got {reported}")
            check_depth_maps(tmp/'pred', {'phone': (1080, 1920), 'kinect16': (480, 640)})
    finally:
        import shutil; shutil.rmtree(out, ignore_errors=True)
    req = re.search(r'^requirements\s*=\s*(.*)$', (ROOT/'settings.ini').read_text(), re.M).group(1).split()
    names = [re.split(r'[<>=!~ ]', q)[0] for q in req]
    from importlib.metadata import version
    print("runtime dependencies as pip resolved them: " + ', '.join(f"{n} {version(n)}" for n in names))
    print("user path OK")
