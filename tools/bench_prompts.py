"""Cost of an epoch of `train_prompts` at NYU's real sizes on this machine, against its floor and against the step before 0.4.

    python tools/bench_prompts.py [--images 80] [--epochs 2] [--batch-size 16]
    python tools/bench_prompts.py --smoke   # --smoke: the code path at its smallest (a tiny random CLIP, one image, one run): what the test suite runs, so that a change that breaks the benchmark fails there; its numbers mean nothing.

A random CLIP with RN50's text encoder (width 512, 12 layers) and RN50's patch features (221 × 1024 per image, and
their mirrors) in a feature cache of `--images` synthetic frames: what an epoch costs once the cache exists (the image
encoder does not run). Weights are random: this measures time, not quality. In one run it prints

- ms per image and epoch of `train_prompts` as it is, and of the step as it was before 0.4 (the text encoder on all 77
  positions, bilinear upsampling by `F.interpolate`, the loss on gathered pixels), run the same way: their ratio;
- the floor: the step's FLOPs (PyTorch's FLOP counter: matrix products and attention, forward and backward) at this
  machine's fp32 matrix-product peak (measured here on a 2048³ product), per image; and a memory floor: the text
  encoder's weights, read forward and again backward at every step (its few rows make it memory-bound), at this
  machine's copy rate; the ratio to the larger floor;
- each part of the step (reading the batch, text encoder, head, upsampling, loss) timed apart, per step and per image, and
  the upsampling and the loss as they were before 0.4;
- how far the learned tokens of the two runs are apart after the epochs (same seed, same order): the same to 1e-5.
"""
import argparse, contextlib, tempfile, time, warnings
from pathlib import Path
from unittest import mock
import numpy as np, torch, torch.nn.functional as F
with warnings.catch_warnings():
    warnings.simplefilter('ignore'); from clip.model import CLIP

from depthclip.projection import DepthCLIP, project, upsample
from depthclip.data import dataset_protocol
from depthclip.cache import build_feature_cache
from depthclip import learning
from depthclip.learning import train_prompts, make_bins, LearnedPrompts, Targets, text_embedding

class Frames(torch.utils.data.Dataset):
    "Synthetic 480×640 frames with smooth depth."
    def __init__(self, n): self.n, self.indices, self.source, self.split, self.protocol = n, list(range(n)), 'synthetic', 'train', dataset_protocol('nyu')   # scored as NYU's frames
    def __len__(self): return self.n
    def ground_truth(self, k):
        y = np.linspace(1, 6, 480, dtype=np.float32)[:, None] * np.ones((1, 640), np.float32)
        return dict(depth=y + 0.1 * (k % 7), scene='synthetic', index=k)
    def __getitem__(self, k):
        rng = np.random.default_rng(k)
        return dict(image=rng.integers(0, 256, (480, 640, 3), dtype=np.uint8), **self.ground_truth(k))

def old_text_features(self, model):
    "Before 0.4: the model's own encode_text on all 77 positions, the learned token put in by a hook."
    emb = text_embedding(model); tokens, slot = self.sentence(model)
    def put(module, inputs, out): out = out.clone(); out[:, slot] = self.ctx.to(out.device, out.dtype); return out
    hook = emb.register_forward_hook(put)
    try: f = model.encode_text(tokens.to(emb.weight.device).expand(len(self.ctx), -1))
    finally: hook.remove()
    return (f / f.norm(dim=-1, keepdim=True)).T.float()

def old_silog(pred, target):
    "Before 0.4: SILog on the gathered valid pixels, autograd's gradient."
    gt = target.float(); m = (gt > 1e-3) & (gt < 10.); e = torch.log(pred[m].clamp(min=1e-3)) - torch.log(gt[m])
    return 10 * torch.sqrt((e ** 2).mean() - 0.85 * e.mean() ** 2 + 1e-12)

def old_step(learner, dc, f, grid, target, max_depth=10.):
    "Before 0.4: F.interpolate to the ground truth's size, the loss on the gathered valid pixels (NYU's 10 m then; since 0.8 the targets come masked to the range, `max_depth` inf)."
    assert max_depth in (10., float('inf')), max_depth
    c = dc.config
    d = project(f, old_text_features(learner, dc.clip), learner.bins, grid, c.temperature, c.scale)
    return old_silog(upsample(d, target.shape[-2:])[:, 0], target)

def matmul_peak(n:int=2048)->float:
    "This machine's fp32 matrix-product rate, GFLOP/s (best of three)."
    a, b = torch.randn(n, n), torch.randn(n, n); a @ b
    best = min((lambda t: (a @ b, time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(3))
    return 2 * n ** 3 / best / 1e9

def copy_rate(n:int=2**26)->float:
    "This machine's memory bandwidth as a large copy sees it, GB/s read and written (best of three)."
    a = torch.empty(n); b = torch.empty(n); b.copy_(a)
    best = min((lambda t: (b.copy_(a), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(3))
    return 2 * 4 * n / best / 1e9

def parts(dc, cache:Path, batch:int, n:int=5)->dict:
    "ms per step of each part of the step, forward and backward, timed apart (in memory, after a warm-up)."
    import h5py
    from depthclip.projection import upsample_mm
    from depthclip.metrics import silog_loss
    lp, h = LearnedPrompts(512, make_bins(7)), h5py.File(cache)
    t = torch.stack([Targets(Frames(batch), batch)[i] for i in range(batch)]); c = dc.config
    f = torch.from_numpy(h['features'][:batch]).float(); text = lp.text_features(dc.clip).detach().requires_grad_()
    d = project(f, text, lp.bins, (13, 17), c.temperature, c.scale).detach().requires_grad_(); up = upsample_mm(d, t.shape[-2:]).detach().requires_grad_()
    runs = {'reading the batch (features from the cache, targets)': lambda: (np.stack([h['features'][i] for i in range(batch)]), torch.stack([x.flip(-1) for x in t])),
            'text encoder (7 prompts)': lambda: lp.text_features(dc.clip).sum().backward(),
            'head (similarities, softmax, bins)': lambda: project(f, text, lp.bins, (13, 17), c.temperature, c.scale).sum().backward(),
            'upsampling to 416×544': lambda: upsample_mm(d, t.shape[-2:]).sum().backward(),
            '  (before 0.4: F.interpolate)': lambda: upsample(d, t.shape[-2:]).sum().backward(),
            'SILog loss': lambda: silog_loss(up, t).backward(),
            '  (before 0.4: gathered pixels, autograd)': lambda: old_silog(up, t).backward()}
    out = {}
    for k, fn in runs.items():
        fn(); t0 = time.perf_counter()
        for _ in range(n): fn()
        out[k] = 1000 * (time.perf_counter() - t0) / n
    return out

def text_weight_bytes(model)->int:
    "Bytes of the text encoder's block weights: each step reads them forward and again backward (the input gradients)."
    return sum(p.numel() * p.element_size() for p in model.transformer.parameters())

def step_flops(dc, cache:Path, batch:int)->int:
    "FLOPs of one training step (forward and backward), as PyTorch's FLOP counter counts them."
    import h5py
    from torch.utils.flop_counter import FlopCounterMode
    lp = LearnedPrompts(512, make_bins(7))
    with h5py.File(cache) as h: f = torch.from_numpy(h['features'][:batch]).float()
    t = torch.stack([Targets(Frames(batch), batch)[i] for i in range(batch)])
    with FlopCounterMode(display=False) as fc: learning._step(lp, dc, f, (13, 17), t).backward()
    return fc.get_total_flops()

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--images', type=int, default=80); ap.add_argument('--epochs', type=int, default=2); ap.add_argument('--batch-size', type=int, default=16)
    ap.add_argument('--smoke', action='store_true')
    a = ap.parse_args()
    if a.smoke: a.images, a.epochs, a.batch_size = 2, 1, 2
    torch.manual_seed(0)
    m = CLIP(embed_dim=1024, image_resolution=224, vision_layers=(1, 1, 1, 1) if a.smoke else (3, 4, 6, 3), vision_width=64, vision_patch_size=None,
             context_length=77, vocab_size=49408, transformer_width=512, transformer_heads=8, transformer_layers=1 if a.smoke else 12).eval().requires_grad_(False)
    dc, ds, out = DepthCLIP(m), Frames(a.images), Path(tempfile.mkdtemp())
    t0 = time.time(); build_feature_cache(dc, ds, out/'train_features.h5', embedding=False, progress=False); cache_s = time.time() - t0
    kw = dict(bins=make_bins(7), epochs=a.epochs, batch_size=a.batch_size, progress=False)
    secs, tokens = {}, {}
    for name in ('before 0.4', 'now', 'now, again'):   # (the second 'now' shows the run-to-run spread)
        d = out/name.replace(' ', '_').replace(',', ''); d.mkdir(); (d/'train_features.h5').hardlink_to(out/'train_features.h5')
        with mock.patch.object(learning, "_step", old_step) if name == "before 0.4" else contextlib.nullcontext():
            t0 = time.time(); lp = train_prompts(dc, ds, d, **kw); secs[name] = time.time() - t0
        tokens[name] = lp.ctx.detach().clone()
    ms = {k: 1000 * v / a.epochs / a.images for k, v in secs.items()}
    peak = matmul_peak(); flops = step_flops(dc, out/'train_features.h5', a.batch_size)
    floor = 1000 * flops / (peak * 1e9) / a.batch_size
    bw, wb = copy_rate(), text_weight_bytes(m); mem_floor = 1000 * 2 * wb / (bw * 1e9) / a.batch_size
    print(f"feature cache of {a.images} images (RN50 trunk, once): {cache_s:.1f} s")
    print(f"train_prompts, RN50 sizes, batch {a.batch_size}, {a.epochs} epochs over {a.images} images: "
          f"{ms['now']:.1f} ms per image and epoch (again: {ms['now, again']:.1f}); before 0.4: {ms['before 0.4']:.1f} ms, {ms['before 0.4'] / ms['now']:.1f}x slower")
    print(f"floor: {flops / 1e9:.2f} GFLOP per step (forward and backward) at the measured fp32 matrix-product peak of {peak:.0f} GFLOP/s "
          f"= {floor:.2f} ms per image; train_prompts is {ms['now'] / floor:.1f}x the floor")
    print(f"memory floor: the text encoder's {wb / 1e6:.0f} MB of weights read twice per step (forward, backward) at the measured copy rate "
          f"of {bw:.1f} GB/s = {mem_floor:.2f} ms per image: the step is {ms['now'] / max(floor, mem_floor):.1f}x the larger floor")
    print("per step, forward and backward, each part timed apart:")
    for k, v in parts(dc, out/'train_features.h5', a.batch_size).items(): print(f"  {k:55s} {v:6.1f} ms = {v / a.batch_size:5.2f} ms per image")
    print(f"learned tokens after {a.epochs} epochs, now vs before 0.4 (same seed, same order): max |difference| {(tokens['now'] - tokens['before 0.4']).abs().max():.1e}")
