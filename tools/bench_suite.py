"""Benchmark: the whole ablation suite (Tables 1-3 + automatic per-scene bins) over one `evaluate` pass.

Uses a random CLIP with RN50's full architecture (3-4-6-3 bottleneck blocks, 2048-channel layer4) and a
synthetic NYU fixture with the real split's train/test proportion (795:654), so it runs anywhere; the
numbers are ratios, not accuracy.

    python tools/bench_suite.py [--images 16] [--batch-size N] [--device cpu] [--repeats 2]
    python tools/bench_suite.py --smoke   # --smoke: the code path at its smallest (a tiny random CLIP, one image, one run): what the test suite runs, so that a change that breaks the benchmark fails there; its numbers mean nothing.

Prints, from one run:
  eval   = time of one `evaluate` pass of DepthCLIP (paper preset) on the test images
  suite  = time of `run_ablation` on the same images: feature cache (the one network pass, plus CLIP's
           224 px scene embedding), scene -> partition table from the training split, scene labels,
           the 9 settings of Tables 2-3 (8 distinct) and the 3 of the automatic bins (2 new) scored in
           one pass over the ground truth, Table 1's random lower bound, CSVs and report.md
  ratio  = suite / eval, best of --repeats interleaved runs (target <= 1.2; the released code re-ran the
           network per setting: about 8 passes for Tables 2-3 alone)
and the suite's time split into its stages (from the best suite run).
"""
import argparse, tempfile, time, functools
from pathlib import Path

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--images', type=int, default=16); ap.add_argument('--batch-size', type=int, default=None)
    ap.add_argument('--device', default='cpu'); ap.add_argument('--repeats', type=int, default=2); ap.add_argument('--smoke', action='store_true')
    a = ap.parse_args()
    if a.smoke: a.images, a.repeats = 2, 1
    import torch
    from depthclip import ablations
    from depthclip.data import open_nyu, TEST_SCENE_COUNTS
    from depthclip.testing import tiny_clip, write_nyu_fixture
    from depthclip.clip import LoadedCLIP, CLIPInfo
    from depthclip.evaluation import evaluate, depthclip_predictor
    from depthclip.projection import DepthCLIP
    dev = torch.device(a.device)
    sync = (lambda: torch.cuda.synchronize()) if dev.type == 'cuda' else (lambda: None)
    tmp = Path(tempfile.mkdtemp())
    n_train = round(a.images * 795 / 654); n = a.images + n_train
    scenes = [sorted(TEST_SCENE_COUNTS)[(i // 2) % 16] for i in range(n)]   # test frames (even) cycle through all 16 scenes
    fx = write_nyu_fixture(tmp/'nyu', n_frames=n, test=range(0, 2 * a.images, 2), scenes=scenes)
    ds = open_nyu(fx['mat'])
    info = CLIPInfo('random RN50-shaped', '', 'none', '0' * 64, 'fp32', 'float32')
    dc = DepthCLIP(LoadedCLIP(tiny_clip(**({} if a.smoke else dict(vision_layers=(3, 4, 6, 3)))).to(dev), info))
    pr = depthclip_predictor(dc)
    evaluate(pr, ds, None, batch_size=a.batch_size, limit=2, progress=False); sync()   # warm-up
    stages = {}
    for name in ('build_feature_cache', 'scene_partitions', 'classify_scenes', 'evaluate_settings', 'evaluate', 'ablation_report'):
        f = getattr(ablations, name)
        def timed(*args, _f=f, _n=name, **kw):
            t = time.perf_counter(); r = _f(*args, **kw); sync(); stages[_n] = stages.get(_n, 0) + time.perf_counter() - t; return r
        setattr(ablations, name, functools.wraps(f)(timed))
    def one_eval(k):
        t = time.perf_counter(); evaluate(pr, ds, tmp/f'eval{k}', batch_size=a.batch_size, progress=False); sync()
        return time.perf_counter() - t
    def suite(k):
        stages.clear(); t = time.perf_counter()
        ablations.run_ablation(dc, ds, tmp/f'suite{k}', batch_size=a.batch_size, progress=False); sync()
        return time.perf_counter() - t, dict(stages)
    runs = [(one_eval(k), suite(k)) for k in range(a.repeats)]   # interleaved, so drifts hit both alike
    eval_s = min(e for e, _ in runs); suite_s, parts = min((s for _, s in runs), key=lambda s: s[0])
    print(f"device {dev}, {len(ds)} test images ({n_train} train), batch {a.batch_size or pr.batch_size}, random CLIP with RN50's architecture")
    print('runs (eval s, suite s): ' + ', '.join(f'({e:.2f}, {s:.2f})' for e, (s, _) in runs))
    print(f"eval {eval_s:.2f} s   suite {suite_s:.2f} s   ratio suite/eval {suite_s / eval_s:.3f}   (best of {a.repeats}; target <= 1.2)")
    names = dict(build_feature_cache='feature cache (network pass + scene embedding)', scene_partitions='scene -> partition table (train depths)',
                 classify_scenes='scene labels', evaluate_settings='all settings, one pass over the ground truth',
                 evaluate='lower bound (random predictor)', ablation_report='report')
    for k, v in parts.items(): print(f"  {names[k]:<48} {v:6.2f} s  ({v / eval_s:.3f} of one eval)")

if __name__ == '__main__': main()
