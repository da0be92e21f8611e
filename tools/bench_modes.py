"""Benchmark: the cost of each Vision Transformer feature mode relative to `maskclip`, and of sliding windows.

Uses a random CLIP with ViT-B/16's image encoder (12 blocks of width 768, 12 heads, 16 px patches), so it runs
anywhere; it measures time, not accuracy.

    python tools/bench_modes.py [--size 416,544] [--window 224,112] [--repeats 3] [--device cpu]
    python tools/bench_modes.py --smoke   # --smoke: the code path at its smallest (a tiny random CLIP, one image, one run): what the test suite runs, so that a change that breaks the benchmark fails there; its numbers mean nothing.

Prints, for DepthCLIP's whole forward pass on an image (the image and its mirror in one batch, as `eval` runs them;
the head included: per patch for maskclip/tokens/values, per pixel for SCLIP, ClearCLIP, NACLIP, SC-CLIP and ResCLIP as
their authors read windows), the best of --repeats interleaved runs: each mode's time over the whole image and its ratio to
`maskclip`'s; each mode in sliding windows and its ratio to the same mode over the whole image; and the windows'
tokens over the whole image's (the encoder's work grows with them: linearly in the projections and MLPs,
quadratically within each window's attention). Targets (issue 29): each mode within 1.3x maskclip, windows within
the token ratio x 1.05.
"""
import argparse, time

def best(f, repeats, sync):
    ts = []
    for _ in range(repeats):
        t = time.perf_counter(); f(); sync(); ts.append(time.perf_counter() - t)
    return min(ts)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--size', default='416,544'); ap.add_argument('--window', default='224,112')
    ap.add_argument('--repeats', type=int, default=3); ap.add_argument('--device', default='cpu'); ap.add_argument('--smoke', action='store_true')
    a = ap.parse_args()
    if a.smoke: a.size, a.window, a.repeats = '96,128', '96,32', 1   # (windows of 36 patches: SC-CLIP's outlier test takes 30 neighbours)
    import torch
    from depthclip.testing import tiny_clip
    from depthclip.features import feature_modes, window_boxes
    from depthclip.projection import DepthCLIP
    dev = torch.device(a.device); sync = (lambda: torch.cuda.synchronize()) if dev.type == 'cuda' else (lambda: None)
    H, W = (int(s) for s in a.size.split(',')); win = tuple(int(s) for s in a.window.split(','))
    clip = tiny_clip(**(dict(embed_dim=256, vision_layers=12, vision_width=64) if a.smoke else dict(embed_dim=512, vision_layers=12, vision_width=768)), vision_patch_size=16).to(dev)
    modes = feature_modes(clip)   # every ViT mode: 12 blocks, as SC-CLIP and ResCLIP need
    x = torch.randn(1, 3, H, W, device=dev)
    models = {(m, w): DepthCLIP(clip, features=m, window=w) for m in modes for w in (None, win)}
    runs = {k: (lambda dc=dc: dc(x)) for k, dc in models.items()}
    t = {k: [] for k in runs}
    with torch.inference_mode():
        for f in runs.values(): f()   # warm-up
        for _ in range(a.repeats):     # interleaved, so that drifts of the machine hit all alike
            for k, f in runs.items(): t[k].append(best(f, 1, sync))
    t = {k: min(v_) for k, v_ in t.items()}
    boxes = window_boxes((H, W), *win); tok_whole, tok_win = (H // 16) * (W // 16), len(boxes) * (min(win[0], H) // 16) * (min(win[0], W) // 16)
    print(f"device {dev} ({torch.get_num_threads()} threads), ViT-B/16-shaped random CLIP, {H}x{W} input, an image and its mirror per pass, best of {a.repeats}")
    print(f"windows {win[0]}/{win[1]}: {len(boxes)} per image, {tok_win} patch tokens against {tok_whole} for the whole image ({tok_win / tok_whole:.2f}x)")
    print(f"{'mode':<10} {'whole s/img':>11} {'/ maskclip':>10} {'windows s/img':>13} {'/ whole':>8}")
    for m in modes:
        print(f"{m:<10} {t[(m, None)]:>11.3f} {t[(m, None)] / t[('maskclip', None)]:>10.2f} {t[(m, win)]:>13.3f} {t[(m, win)] / t[(m, None)]:>8.2f}")

if __name__ == '__main__':
    main()
