"""Dry-run the cells flagged `weights` / `nyu` with stand-ins, to catch code errors in cells CI never runs.

CLIP RN50 is replaced by the tiny random checkpoint (`load_clip('RN50')` in flagged cells, on CPU) and
NYU Depth v2 by the synthetic fixture ($NYU_ROOT is pointed at it). The flagged cells then run their
code end to end; their checks against the paper's numbers must fail on random weights, so an
AssertionError inside a flagged cell is reported as "reached the real-data checks", anything else as an
error. Numbers from this run mean nothing.

    python tools/dry_run_flagged.py [nbs/08_ablations.ipynb ...]   (default: every notebook with flagged cells)
"""
import os, sys, tempfile, traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def main(paths):
    import matplotlib; matplotlib.use('Agg')
    from execnb.nbio import read_nb
    from execnb.shell import CaptureShell
    from depthclip.data import TEST_SCENE_COUNTS
    from depthclip.testing import write_nyu_fixture, write_tiny_clip
    tmp = Path(tempfile.mkdtemp())
    scenes = [sorted(TEST_SCENE_COUNTS)[(i // 2) % 16] for i in range(24)]
    write_nyu_fixture(tmp/'nyu', n_frames=24, scenes=scenes)
    tiny = write_tiny_clip(tmp/'tiny.pt')
    standin = f"__import__('depthclip.clip').clip.load_clip({str(tiny)!r}, 'cpu')"
    os.environ.update(NYU_ROOT=str(tmp/'nyu'), DEPTHCLIP_RUNS=str(tmp/'runs'))
    paths = paths or [p for p in sorted((ROOT/'nbs').glob('[0-9]*.ipynb')) if '#| weights' in p.read_text() or '#| nyu' in p.read_text()]
    bad = 0
    for p in [Path(q).resolve() for q in paths]:   # absolute: the loop changes directory
        nb = read_nb(p); flagged = 0
        for c in nb.cells:
            if c.cell_type != 'code': continue
            if 'nbdev_export()' in c.source: c.source = ''
            if c.source.lstrip().startswith(('#| weights', '#| nyu')): flagged += 1; c.source = c.source.replace("load_clip('RN50')", standin)
        os.chdir(p.parent)
        try: CaptureShell().run_all(nb, exc_stop=True); print(f"{p.name}: {flagged} flagged cell(s) ran to the end")
        except AssertionError as e: print(f"{p.name}: {flagged} flagged cell(s) reached the real-data checks (AssertionError {str(e)[:80]!r}: expected with stand-ins)")
        except Exception as e:
            bad += 1; print(f"{p.name}: ERROR {type(e).__name__}: {e}"); traceback.print_exc(limit=3)
    return 1 if bad else 0

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
