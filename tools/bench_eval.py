"""Benchmark: `depthclip eval` wall time over pure model time, and peak memory against the number of images.

Uses a random CLIP with RN50's full architecture (3-4-6-3 bottleneck blocks, 2048-channel layer4) and a
synthetic NYU fixture, so it runs anywhere; the numbers are ratios and memory, not accuracy.

    python tools/bench_eval.py [--images 16] [--batch-size 8] [--device cpu]

Prints, from one run:
  model   = time of DepthCLIP's forward passes alone on the same images, already in memory
  eval    = time of `evaluate` on the same images (reading, decoding, metrics, writing, resumable records)
  ratio   = eval / model, best of --repeats interleaved runs (target <= 1.05: loading and metrics
            hidden behind the model, or negligible beside it)
  peak RSS of an eval of N and of 3N images, each in a fresh process, and the RSS over the first and
  last third of its batches (streaming: no upward trend)
"""
import argparse, subprocess, sys, tempfile, time
from pathlib import Path

def rn50_like(device):
    from depthclip.testing import tiny_clip
    return tiny_clip(vision_layers=(3, 4, 6, 3)).to(device)

def peak_rss_mb(mat, batch_size, device):
    "Peak RSS (MB) of a fresh process that only evaluates the split of `mat` (main process, data worker)."
    code = f"""
import resource, tempfile, dataclasses
from pathlib import Path
from depthclip.data import open_nyu
from depthclip.evaluation import evaluate, depthclip_predictor
from depthclip.projection import DepthCLIP
import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); from bench_eval import rn50_like
pr = depthclip_predictor(DepthCLIP(rn50_like({device!r})))
trace = []
def traced(c, i):
    r = pr(c, i); trace.append(int(open('/proc/self/statm').read().split()[1]) * 4096 // 2**20); return r
evaluate(dataclasses.replace(pr, fn=traced), open_nyu({str(mat)!r}), Path(tempfile.mkdtemp())/'out', batch_size={batch_size}, progress=False)
k = max(1, len(trace) // 3)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, max(trace[:k]), max(trace[-k:]))
"""
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True).stdout.split()
    return tuple(int(x) for x in out[-3:])

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--images', type=int, default=16); ap.add_argument('--batch-size', type=int, default=8)
    ap.add_argument('--device', default='cpu'); ap.add_argument('--no-memory', action='store_true')
    ap.add_argument('--repeats', type=int, default=2)
    a = ap.parse_args()
    import numpy as np, torch
    from depthclip.data import write_nyu_fixture, open_nyu
    from depthclip.evaluation import evaluate, depthclip_predictor, network_crop
    from depthclip.projection import DepthCLIP
    dev = torch.device(a.device)
    sync = (lambda: torch.cuda.synchronize()) if dev.type == 'cuda' else (lambda: None)
    tmp = Path(tempfile.mkdtemp())
    fx = write_nyu_fixture(tmp/'nyu', n_frames=2 * a.images, test=range(0, 2 * a.images, 2))
    ds = open_nyu(fx['mat'])
    dc = DepthCLIP(rn50_like(dev)); pr = depthclip_predictor(dc)
    # the same images, decoded and cropped in memory, in the same batches
    crops = torch.from_numpy(np.stack([network_crop(ds[k]['image']) for k in range(len(ds))]))
    batches = [crops[i:i + a.batch_size] for i in range(0, len(ds), a.batch_size)]
    pr(batches[0], list(range(len(batches[0])))); sync()   # warm-up (one-time costs out of both timings)
    def model_only():
        t = time.perf_counter()
        for b in batches:
            pad = a.batch_size - len(b)
            if pad: b = torch.cat([b, b[-1:].expand(pad, *b.shape[1:])])
            pr(b, list(range(len(b))))
        sync(); return time.perf_counter() - t
    def full_eval(k):
        t = time.perf_counter()
        evaluate(pr, ds, tmp/f'out{k}', batch_size=a.batch_size, progress=False); sync()
        return time.perf_counter() - t
    runs = [(model_only(), full_eval(k)) for k in range(a.repeats)]   # interleaved, so drifts hit both alike
    model_s, eval_s = min(m for m, _ in runs), min(e for _, e in runs)
    print(f"device {dev}, {len(ds)} images, batch {a.batch_size}, random CLIP with RN50's architecture")
    print('runs (model s, eval s): ' + ', '.join(f'({m:.2f}, {e:.2f})' for m, e in runs))
    print(f"model {model_s:.2f} s   eval {eval_s:.2f} s   ratio eval/model {eval_s / model_s:.3f}   (best of {a.repeats}; target <= 1.05)")
    if not a.no_memory:
        for n in (a.images, 3 * a.images):
            f = write_nyu_fixture(tmp/f'nyu{n}', n_frames=2 * n, test=range(0, 2 * n, 2))
            peak, first, last = peak_rss_mb(f['mat'], a.batch_size, a.device)
            print(f"eval of {n:>3} images: peak RSS {peak} MB; RSS after batches, max over first third {first} MB, last third {last} MB")

if __name__ == '__main__':
    main()
