"""Cost of one epoch of `train_prompts` at NYU's real sizes, on this machine.

    python tools/bench_prompts.py [--images 795] [--epochs 2] [--batch-size 16]

A random CLIP with RN50's text encoder (width 512, 12 layers) and RN50's patch features (221 × 1024 per image, and
their mirrors) in a feature cache of `--images` synthetic frames: what an epoch costs once the cache exists (the
image encoder does not run). Weights are random: this measures time, not quality. Prints seconds per epoch and per
image, and the time the feature cache itself took to build, for scale.
"""
import argparse, tempfile, time, warnings
from pathlib import Path
import numpy as np, torch
with warnings.catch_warnings():
    warnings.simplefilter('ignore'); from clip.model import CLIP

from depthclip.projection import DepthCLIP
from depthclip.learning import train_prompts, make_bins

class Frames(torch.utils.data.Dataset):
    "Synthetic 480×640 frames with smooth depth."
    def __init__(self, n): self.n, self.indices, self.source, self.split = n, list(range(n)), 'synthetic', 'train'
    def __len__(self): return self.n
    def ground_truth(self, k):
        y = np.linspace(1, 6, 480, dtype=np.float32)[:, None] * np.ones((1, 640), np.float32)
        return dict(depth=y + 0.1 * (k % 7), scene='synthetic', index=k)
    def __getitem__(self, k):
        rng = np.random.default_rng(k)
        return dict(image=rng.integers(0, 256, (480, 640, 3), dtype=np.uint8), **self.ground_truth(k))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--images', type=int, default=795); ap.add_argument('--epochs', type=int, default=2); ap.add_argument('--batch-size', type=int, default=16)
    a = ap.parse_args()
    torch.manual_seed(0)
    m = CLIP(embed_dim=1024, image_resolution=224, vision_layers=(3, 4, 6, 3), vision_width=64, vision_patch_size=None,
             context_length=77, vocab_size=49408, transformer_width=512, transformer_heads=8, transformer_layers=12).eval().requires_grad_(False)
    dc, ds, out = DepthCLIP(m), Frames(a.images), Path(tempfile.mkdtemp())
    t0 = time.time(); from depthclip.cache import build_feature_cache
    build_feature_cache(dc, ds, out/'train_features.h5', embedding=False, progress=False); cache_s = time.time() - t0
    t0 = time.time(); train_prompts(dc, ds, out, make_bins(7), epochs=a.epochs, batch_size=a.batch_size, progress=False); train_s = time.time() - t0
    print(f"feature cache of {a.images} images (RN50 trunk, once): {cache_s:.1f} s")
    print(f"train_prompts, {a.epochs} epochs over {a.images} cached images (RN50 text encoder, batch {a.batch_size}): "
          f"{train_s / a.epochs:.1f} s per epoch, {1000 * train_s / a.epochs / a.images:.0f} ms per image")
