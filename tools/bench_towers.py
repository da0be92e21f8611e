"""Benchmark: each image-tower family's cost per image on this machine, against its FLOP floor (issue 31).

Random towers of RN50-like size, built without downloading: CLIP's RN50 (OpenAI's ModifiedResNet), an OpenAI-style
ViT-S/16 (width 384, 12 blocks), and, through OpenCLIP's timm towers, ConvNeXt-Tiny (timm's `convnext_tiny` sizes),
EVA-02-CLIP and SigLIP at ViT-S/16's sizes (width 384, 12 blocks, 6 heads: their published towers' structure, rotary
embeddings and sub-LayerNorms, or the attention-pool head, at a fifth of ViT-B's compute). It measures time, not accuracy.

    python tools/bench_towers.py [--size 416,544] [--repeats 3] [--device cpu]
    python tools/bench_towers.py --smoke   # the code path at its smallest (the tiny stand-ins, 96x128, one run): what the test suite runs; its numbers mean nothing.

Prints, for DepthCLIP's whole forward pass (an image and its mirror in one batch, as `eval` runs them, in each
tower's default mode, the head included), the best of --repeats interleaved runs: seconds per image; the pass's
floating-point operations (counted by torch.utils.flop_counter on the pass: matrix products, convolutions,
attention); the floor, those operations at the rate this machine reaches on one 4096² fp32 matrix product
(`bench_eval.py`'s matmul peak, measured in the same run); and the time over the floor. No tower can beat its floor; the gap is what the
element-wise work (norms, activations, softmax) and small, badly shaped products cost.
"""
import argparse
import bench_eval   # the floor as the evaluation's benchmark measures it (its matmul peak), and its best-of timing
from bench_eval import best, matmul_peak

def towers(smoke:bool)->dict:
    "Family -> a random CLIP of RN50-like size (the tiny stand-ins with --smoke)."
    from depthclip.testing import tiny_clip, tiny_timm_clip
    if smoke: return {'resnet': tiny_clip(vision_width=16, embed_dim=256), 'vit': tiny_clip(embed_dim=256, vision_layers=2, vision_width=64, vision_patch_size=16),
                      **{k: tiny_timm_clip(k) for k in ('convnext', 'eva', 'siglip')}}
    vit_s = dict(embed_dim=384, depth=12, num_heads=6)
    return {'resnet': tiny_clip(embed_dim=1024, vision_width=64, vision_layers=(3, 4, 6, 3)),   # RN50
            'vit': tiny_clip(embed_dim=384, vision_layers=12, vision_width=384, vision_patch_size=16, image_resolution=224),   # ViT-S/16, OpenAI's blocks (6 heads of 64)
            'convnext': tiny_timm_clip('convnext', image_size=224, depths=(3, 3, 9, 3), dims=(96, 192, 384, 768)),   # ConvNeXt-Tiny
            'eva': tiny_timm_clip('eva', image_size=224, **vit_s), 'siglip': tiny_timm_clip('siglip', image_size=224, **vit_s)}

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--size', default='416,544'); ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--device', default='cpu'); ap.add_argument('--smoke', action='store_true')
    a = ap.parse_args()
    if a.smoke: a.size, a.repeats = '96,128', 1
    import torch
    from torch.utils.flop_counter import FlopCounterMode
    from depthclip.projection import DepthCLIP
    from depthclip.features import encoder_kind
    dev = torch.device(a.device); sync = (lambda: torch.cuda.synchronize()) if dev.type == 'cuda' else (lambda: None)
    H, W = (int(s) for s in a.size.split(','))
    models = {k: DepthCLIP(m.to(dev)) for k, m in towers(a.smoke).items()}
    x = torch.randn(1, 3, H, W, device=dev)
    runs = {k: (lambda dc=dc: dc(x)) for k, dc in models.items()}
    t, flops = {k: [] for k in runs}, {}
    with torch.inference_mode():
        for k, f in runs.items():
            with FlopCounterMode(display=False) as fc: f()   # (also the warm-up)
            flops[k] = fc.get_total_flops()
        bench_eval.SMOKE = a.smoke; rate = matmul_peak(dev, sync) * 1e9   # FLOP/s of a 4096² fp32 product (512² with --smoke)
        for _ in range(a.repeats):
            for k, f in runs.items(): t[k].append(best(f, 1, sync))
    t = {k: min(v) for k, v in t.items()}
    print(f"device {dev} ({torch.get_num_threads()} threads), {H}x{W} input, an image and its mirror per pass, best of {a.repeats}; "
          f"fp32 matrix product: {rate / 1e9:.1f} GFLOP/s")
    print(f"{'tower':<9} {'kind':<9} {'mode':<9} {'image params':>12} {'s/img':>7} {'GFLOP':>7} {'floor s':>8} {'/ floor':>8}")
    for k, dc in models.items():
        n = sum(p.numel() for p in dc.clip.visual.parameters())
        print(f"{k:<9} {encoder_kind(dc.clip):<9} {dc.config.features:<9} {n / 1e6:>11.1f}M {t[k]:>7.3f} {flops[k] / 1e9:>7.1f} {flops[k] / rate:>8.3f} {t[k] * rate / flops[k]:>8.2f}")

if __name__ == '__main__':
    main()
