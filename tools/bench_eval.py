"""Benchmark: `evaluate` against the physical floor of the machine and against the released code's per-image loop.

Uses a random CLIP with RN50's full architecture (3-4-6-3 bottleneck blocks, 2048-channel layer4) and a
synthetic NYU fixture, so it runs anywhere; it measures time and memory, not accuracy.

    python tools/bench_eval.py [--images 16] [--device cpu] [--repeats 3] [--no-memory]
    python tools/bench_eval.py --dataset kitti [--images 8]   # KITTI's 352x1216 input under its protocol (issue 21)
    python tools/bench_eval.py --bf16 [--images 16]            # and CLIP in bfloat16 beside fp32, against a bf16 floor (issue 33; a CPU with AVX512-BF16 or AMX, or a GPU)
    python tools/bench_eval.py --smoke [--bf16] [--dataset kitti]   # --smoke: the code path at its smallest (a tiny random CLIP, one image, one run): what the test suite runs, so that a change that breaks the benchmark fails there; its numbers mean nothing.

Prints, from one run, on the same images:
  floor     = the trunk's FLOPs for an image and its mirror (counted with torch.utils.flop_counter) at the
              machine's measured peak: (a) the fp32 matmul peak (4096x4096 matmul), the issue's definition,
              and (b) the best throughput any convolution of the trunk reaches alone (a tighter floor where the
              convolution library outruns the matmul one); both peaks measured between the timed runs,
              the best kept (the machine's drifts do not lower the floor)
  released  = the released code's loop, written here: one image at a time, the image and its mirror as two
              forward passes of CLIP as loaded, the head, upsampling and the metrics
  previous  = `evaluate` as it ran before (batch 8, the mirrors in the same batch, CLIP's trunk as loaded)
  eval      = `evaluate` with its defaults (on CPU: one image and its mirror per forward, fast trunk)
  eval bf16 = with --bf16: `evaluate` with CLIP in bfloat16 as `load_clip(..., bf16=True)` makes it (convolutions and
              projections in bf16, normalisation in fp32), BatchNorm folded as in fp32, against its own floor: the
              same FLOPs at the bf16 matmul peak and at the best rate a bf16 convolution of the trunk reaches alone;
              its parts and convolutions as for fp32 (refused, in one line, on a CPU without bf16 units; with --smoke
              it runs emulated there, to test the code path)
  and the ratios eval/floor and released/eval (best of --repeats interleaved runs); eval's parts (reading the
  frame, collating, the input, the trunk, the head, upsampling, scoring; each timed alone, best of --repeats) against
  eval's time and the floor, and the rest (eval less its parts); the trunk's convolutions by stage, each at the rate
  it reaches alone against the peak (where the trunk's time beyond the floor goes); the trunk through oneDNN's
  convolution op directly, its weights put in oneDNN's layout once and/or its ReLUs and residual additions fused into
  the convolutions (what each would save; each checked bit for bit against the trunk eval runs; CPU only); then the peak RSS of an
  eval of N and of 3N images, each in a fresh process that loads the checkpoint from a file, and the RSS
  over its first and last third (flat: memory does not grow with the number of images).
"""
import argparse, copy, dataclasses, subprocess, sys, tempfile, time
from pathlib import Path

SMOKE = False   # --smoke: the tiny CLIP (RN50's layer4 width and grid, one block per stage) and small matrices

def rn50_like(device):
    from depthclip.testing import tiny_clip
    return tiny_clip(**({} if SMOKE else dict(vision_layers=(3, 4, 6, 3)))).to(device)

def peak_rss_mb(ckpt, mat, device):
    "Peak RSS (MB) of a fresh process that loads a checkpoint and evaluates the split of `mat` with the defaults, and its RSS trend."
    code = f"""
import tempfile, dataclasses
from pathlib import Path
from depthclip.clip import load_clip
from depthclip.data import open_nyu
from depthclip.evaluation import evaluate, depthclip_predictor
from depthclip.projection import DepthCLIP
pr = depthclip_predictor(DepthCLIP(load_clip({str(ckpt)!r}, {device!r})))
trace = []
def traced(c, i):
    r = pr(c, i); trace.append(int(open('/proc/self/statm').read().split()[1]) * 4096 // 2**20); return r
evaluate(dataclasses.replace(pr, fn=traced), open_nyu({str(mat)!r}), Path(tempfile.mkdtemp())/'out', progress=False)
k = max(1, len(trace) // 3)
hwm = int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) // 1024   # this process's peak (ru_maxrss would count the forking parent's)
print(hwm, max(trace[:k]), max(trace[-k:]))
"""
    out = subprocess.run([sys.executable, '-W', 'ignore', '-c', code], capture_output=True, text=True, check=True).stdout.split()
    return tuple(int(x) for x in out[-3:])

def units(dev)->str:
    "What the figures relied on: the CPU's vector and matrix units (`cpu_features`: AVX2, AVX-512, AVX512-BF16, AMX), or the GPU."
    import torch
    if dev.type == 'cuda': return f"GPU {torch.cuda.get_device_name(dev)}"
    from depthclip.clip import cpu_features
    f = cpu_features(); lacks = [n for n in ('AVX-512', 'AMX') if n not in f]
    return f"CPU with {', '.join(f) or 'none of AVX2, AVX-512, AMX'}" + (f" (no {', no '.join(lacks)})" if lacks else '')

def bf16_refusal(dev)->str:
    "Why CLIP in bf16 would be emulated (slow) on `dev`: `check_precision_device`'s one line; '' where it runs on bf16 units."
    from depthclip.clip import check_precision_device
    try: check_precision_device(dev, bf16=True); return ''
    except ValueError as e: return str(e)

def best(f, repeats, sync):
    "Best wall time of `repeats` calls."
    ts = []
    for _ in range(repeats):
        t = time.perf_counter(); f(); sync(); ts.append(time.perf_counter() - t)
    return min(ts)

def matmul_peak(dev, sync, dtype=None):
    "GFLOP/s of a 4096x4096 matmul in `dtype` (default fp32), best of several."
    import torch
    n = 512 if SMOKE else 4096; a, b = (torch.randn(n, n, device=dev, dtype=dtype or torch.float32) for _ in range(2))
    a @ b; sync()
    return 2 * n ** 3 / best(lambda: a @ b, 1 if SMOKE else 5, sync) / 1e9

def conv_inputs(visual, x)->dict:
    "Each convolution of the trunk and the shape of its input when the trunk runs on `x`, in the order they run."
    import torch
    from depthclip.features import trunk
    shapes = {}
    hooks = [m.register_forward_pre_hook(lambda m, inp: shapes.setdefault(m, inp[0].shape) and None)
             for m in visual.modules() if isinstance(m, torch.nn.Conv2d)]
    with torch.inference_mode(): trunk(visual, x)
    for h in hooks: h.remove()
    return shapes

def conv_times(visual, x, sync)->list:
    "Each convolution of the trunk timed alone on its own input (batch of an image and its mirror; in its weights' dtype): (name, GFLOP, seconds)."
    import torch
    from torch.utils.flop_counter import FlopCounterMode
    names, out = {m: n for n, m in visual.named_modules()}, []
    with torch.inference_mode():
        for conv, shape in conv_inputs(visual, x).items():
            z = torch.randn(shape, device=x.device, dtype=conv.weight.dtype).contiguous(memory_format=torch.channels_last)
            with FlopCounterMode(display=False) as fc: conv(z)
            conv(z); sync()
            out.append((names.get(conv, '?'), fc.get_total_flops() / 1e9, best(lambda: conv(z), 1 if SMOKE else 3, sync)))
    return out

def onednn_trunk(v, x, pack:bool, fuse:bool):
    """The fast trunk `v` (BatchNorm folded) run through oneDNN's convolution op directly, the op PyTorch's compiler uses
    (`eval` does not): `pack`, each weight put in oneDNN's layout once, for its input's shape in a batch like `x`, not at
    every call; `fuse`, each ReLU and residual addition done inside the convolution before it. A function of an input
    like `x`, or None where PyTorch lacks the op (a build without oneDNN) or the device is not a CPU."""
    import torch
    op = getattr(getattr(torch.ops, 'mkldnn', None), '_convolution_pointwise', None)
    if op is None or x.device.type != 'cpu': return None
    w = {c: torch._C._nn.mkldnn_reorder_conv2d_weight(c.weight.to_mkldnn(), list(c.padding), list(c.stride), list(c.dilation), c.groups, list(s))
         if pack else c.weight for c, s in conv_inputs(v, x).items()}
    def conv(c, x, act, other=None):   # act(conv(x)), or act(conv(x) + other)
        if other is not None: return op.binary(x, other, w[c], c.bias, c.padding, c.stride, c.dilation, c.groups, 'add', None, act, [], '')
        return op(x, w[c], c.bias, c.padding, c.stride, c.dilation, c.groups, act, [], '')
    relu = (lambda c, x: conv(c, x, 'relu')) if fuse else (lambda c, x: conv(c, x, 'none').relu_())
    def block(b, x):
        y = b.avgpool(relu(b.conv2, relu(b.conv1, x)))
        idt = x if b.downsample is None else conv(b.downsample._modules['0'], b.downsample._modules['-1'](x), 'none')
        return conv(b.conv3, y, 'relu', idt) if fuse else conv(b.conv3, y, 'none').add_(idt).relu_()
    def run(x):
        x = v.avgpool(relu(v.conv3, relu(v.conv2, relu(v.conv1, x.contiguous(memory_format=torch.channels_last)))))
        for layer in (v.layer1, v.layer2, v.layer3, v.layer4):
            for b in layer: x = block(b, x)
        return x
    return run

ONEDNN = {'weights in its layout once, not at each call': (True, False), 'ReLUs and additions fused': (False, True), 'both': (True, True)}

def conv_peak(visual=None, x=None, sync=None, times=None):
    "The best GFLOP/s that any single convolution of the trunk reaches on its own input (batch of an image and its mirror): timed here, or read from `times` (`conv_times`'s output)."
    return max(g / t for _, g, t in (times or conv_times(visual, x, sync)))

def floors(gflop, conv_runs, mm_runs)->tuple:
    """From the runs between eval's: each convolution's best (name, GFLOP, s), the matmul and best-convolution peaks (the
    best kept), and the floors (s/image: the trunk's FLOPs for an image and its mirror at each peak)."""
    convs = [(n, g, min(run[j][2] for run in conv_runs)) for j, (n, g, _) in enumerate(conv_runs[0])]
    peak_mm, peak_conv = max(mm_runs), conv_peak(times=convs)
    return convs, peak_mm, peak_conv, 2 * gflop / peak_mm, 2 * gflop / max(peak_mm, peak_conv)

def released_loop(clip_model, ds, dev, sync):
    "The released code's evaluation, one image at a time: two forward passes (image, mirror), head, upsampling, metrics."
    import numpy as np, torch, torch.nn.functional as F
    from depthclip.prompts import text_features, PAPER_WORDS
    from depthclip.data import dataset_protocol, crop_input, paste_prediction
    from depthclip.metrics import protocol_metrics
    nyu = dataset_protocol('nyu')
    text = text_features(clip_model, PAPER_WORDS).float()
    bins = torch.tensor([1.00, 1.50, 2.00, 2.25, 2.50, 2.75, 3.00], device=dev).reshape(1, 7, 1, 1)
    mean, std = torch.tensor([0.485, 0.456, 0.406]).view(3, 1, 1), torch.tensor([0.229, 0.224, 0.225]).view(3, 1, 1)
    v = clip_model.visual
    def run(img):
        y = v.relu1(v.bn1(v.conv1(img))); y = v.relu2(v.bn2(v.conv2(y))); y = v.relu3(v.bn3(v.conv3(y)))
        y = v.layer4(v.layer3(v.layer2(v.layer1(v.avgpool(y)))))
        y = y.reshape(-1, 2048, 221).permute(0, 2, 1); y = F.interpolate(y / y.norm(dim=-1, keepdim=True), scale_factor=0.5)
        w = F.softmax((100. * y @ text).permute(0, 2, 1).reshape(-1, 7, 13, 17) / 0.1, dim=1)
        return (w * bins).sum(1, keepdim=True)
    def loop():
        with torch.no_grad():
            for k in range(len(ds)):
                it = ds[k]
                x = ((torch.from_numpy(crop_input(it['image'], nyu).astype(np.float32).transpose(2, 0, 1) / 255.) - mean) / std)[None].to(dev)
                d = 0.5 * (run(x) + torch.flip(run(torch.flip(x, [3])), [3]))
                pred = F.interpolate(d, size=[416, 544], mode='bilinear', align_corners=True)[0, 0].cpu()
                protocol_metrics(it['depth'], paste_prediction(pred, it['depth'].shape, nyu), nyu)
        sync()
    return loop

def eval_parts(dc, ds, dev, sync):
    """`evaluate`'s per-image work split into its parts, in the order `evaluate` runs them at batch 1: reading the frame
    (image and ground truth), collating (the network crop), the input (uint8 to normalised float on the device), the
    trunk (image and mirror), the head (projection and flip averaging), upsampling (to 416x544, back on the CPU), and
    scoring (pasting into the frame, the metrics). Returns a function that times each part once over the split
    (s/image), to be called between eval's own runs so that the machine's drifts hit both alike."""
    import torch
    from depthclip.data import split_protocol, paste_prediction
    from depthclip.evaluation import collate_frames, crops_to_input
    from depthclip.metrics import protocol_metrics
    p, v = split_protocol(ds, 'depthclip'), {}   # v: each part's output, the next part's input
    steps = dict(read=lambda: [ds[k] for k in range(len(ds))],
                 collate=lambda: [collate_frames([it], p) for it in v['read']],
                 input=lambda: [crops_to_input(b['crop'][0][None], dc.config.normalization, dc.device) for b in v['collate']],
                 trunk=lambda: [dc.encode(x) for x in v['input']],
                 head=lambda: [dc.patch_depth(*e) for e in v['trunk']],
                 upsample=lambda: [dc.upsample(d, tuple(b['crop'][0].shape[:2]))[0, 0].float().cpu() for d, b in zip(v['head'], v['collate'])],
                 score=lambda: [protocol_metrics(b['depth'][0], paste_prediction(q, tuple(b['depth'][0].shape), p), p) for q, b in zip(v['upsample'], v['collate'])])
    with torch.inference_mode():
        for name, f in steps.items(): v[name] = f()
    def once():
        with torch.inference_mode(): return {name: best(f, 1, sync) / len(ds) for name, f in steps.items()}
    return once

def print_parts(parts, e, floor_conv, convs, peak, label=''):
    """The parts against `evaluate`'s own time per image and the convolution floor: where eval's time beyond the floor goes;
    then the trunk's own: its convolutions, each at the rate it reaches alone, by stage, against the peak rate."""
    print(f"parts of eval{label}, s/image (each timed alone over the split between eval's runs, best of them; x floor: against the convolution floor):")
    for name, t in parts.items(): print(f"   {name:10s} {t:.4f}   {100 * t / e:5.1f}% of eval   {t / floor_conv:5.2f} x floor")
    rest = e - sum(parts.values())
    print(f"   {'the rest':10s} {rest:.4f}   {100 * rest / e:5.1f}% of eval   {rest / floor_conv:5.2f} x floor   "
          f"(eval less its parts: the loop, the progress, the records; negative: the parts ran slower alone than inside eval)")
    stage = lambda n: n.split('.')[0] if n.startswith('layer') else 'stem'
    print(f"the trunk's convolutions{label}, each timed alone (image and mirror; between eval's runs, best of them), by stage: seconds at their own rate against seconds at the peak rate ({peak:.0f} GFLOP/s):")
    for st in dict.fromkeys(stage(n) for n, _, _ in convs):
        g, t = sum(g for n, g, _ in convs if stage(n) == st), sum(t for n, _, t in convs if stage(n) == st)
        print(f"   {st:8s} {g:6.1f} GFLOP   {t:.4f} s at {g / t:4.0f} GFLOP/s   ({t / (g / peak):.2f} x its time at the peak)")
    g, t = sum(g for _, g, _ in convs), sum(t for _, _, t in convs)
    print(f"   {'all':8s} {g:6.1f} GFLOP   {t:.4f} s at {g / t:4.0f} GFLOP/s   ({t / (g / peak):.2f} x); the trunk less its convolutions: "
          f"{parts['trunk'] - t:.4f} s (ReLU, pooling, additions, the last layer's attention; negative: the convolutions ran slower alone)")

def bench_kitti(a):
    "`evaluate` on KITTI-sized frames (three sizes, the 352x1216 benchmark crop in, pasted back, Garg's crop scored) against the floor at that input, and beside NYU's."
    import torch
    from torch.utils.flop_counter import FlopCounterMode
    from depthclip.testing import write_kitti_fixture, write_nyu_fixture
    from depthclip.datasets import open_data
    from depthclip.data import open_nyu
    from depthclip.features import trunk
    from depthclip.evaluation import evaluate, depthclip_predictor
    from depthclip.projection import DepthCLIP
    dev = torch.device(a.device); sync = (lambda: torch.cuda.synchronize()) if dev.type == 'cuda' else (lambda: None)
    tmp = Path(tempfile.mkdtemp())
    kit = open_data(f"kitti:{write_kitti_fixture(tmp/'kitti', sizes=(((375, 1242), (370, 1224), (376, 1241)) * a.images)[:a.images])['root']}")
    nyu = open_nyu(write_nyu_fixture(tmp/'nyu', n_frames=2 * a.images, test=range(0, 2 * a.images, 2))['mat'])
    model = rn50_like(dev); dc = DepthCLIP(model, 'outdoor'); pr = depthclip_predictor(dc)
    gflop = {}
    for name, hw in (('kitti', (352, 1216)), ('nyu', (416, 544))):
        with FlopCounterMode(display=False) as fc, torch.inference_mode(): trunk(dc.visual, torch.zeros(1, 3, *hw, device=dev))
        gflop[name] = fc.get_total_flops() / 1e9
    peak_mm = matmul_peak(dev, sync); peak_conv = conv_peak(dc.visual, torch.zeros(2, 3, 352, 1216, device=dev), sync)
    for ds in (kit, nyu): evaluate(pr, ds, None, limit=1, progress=False)   # warm-up
    ts = {'kitti': [], 'nyu': []}
    for k in range(a.repeats):   # interleaved
        for name, ds in (('kitti', kit), ('nyu', nyu)): ts[name].append(best(lambda: evaluate(pr, ds, None, progress=False), 1, sync) / len(ds))
    e = {n: min(v) for n, v in ts.items()}
    floor_mm, floor_conv = 2 * gflop['kitti'] / peak_mm, 2 * gflop['kitti'] / max(peak_mm, peak_conv)
    print(f"device {dev} ({torch.get_num_threads()} threads), {len(kit)} KITTI frames (3 sizes) and {len(nyu)} NYU frames, random CLIP with RN50's architecture, best of {a.repeats}")
    print(f"trunk per forward: KITTI 352x1216 {gflop['kitti']:.1f} GFLOP, NYU 416x544 {gflop['nyu']:.1f} GFLOP ({gflop['kitti'] / gflop['nyu']:.2f}x); "
          f"matmul peak {peak_mm:.0f} GFLOP/s; best single convolution {peak_conv:.0f} GFLOP/s")
    print(f"KITTI floor (matmul peak) {floor_mm:.3f} s/image; floor (best convolution) {floor_conv:.3f} s/image")
    print(f"KITTI eval {e['kitti']:.3f} s/image; NYU eval {e['nyu']:.3f} s/image ({e['kitti'] / e['nyu']:.2f}x)")
    print(f"ratios: KITTI eval/floor(matmul) {e['kitti'] / floor_mm:.2f}   eval/floor(conv) {e['kitti'] / floor_conv:.2f}   (target: eval <= 1.1 x floor)   on: {units(dev)}")

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--images', type=int, default=16); ap.add_argument('--device', default='cpu')
    ap.add_argument('--repeats', type=int, default=3); ap.add_argument('--no-memory', action='store_true')
    ap.add_argument('--dataset', choices=('nyu', 'kitti'), default='nyu'); ap.add_argument('--smoke', action='store_true')
    ap.add_argument('--bf16', action='store_true', help="also CLIP in bfloat16, against a bf16 floor (a CPU with AVX512-BF16 or AMX, or a GPU)")
    a = ap.parse_args()
    if a.smoke:
        global SMOKE; SMOKE = True; a.images, a.repeats, a.no_memory = 1, 1, True
    if a.dataset == 'kitti' and a.bf16: ap.error("--bf16 is measured on NYU's input: leave out --dataset kitti")
    if a.dataset == 'kitti': return bench_kitti(a)
    import torch
    from torch.utils.flop_counter import FlopCounterMode
    from depthclip.testing import write_nyu_fixture
    from depthclip.data import open_nyu
    from depthclip.features import trunk
    from depthclip.evaluation import evaluate, depthclip_predictor
    from depthclip.projection import DepthCLIP
    dev = torch.device(a.device)
    emulated = a.bf16 and bf16_refusal(dev)   # (the reason bf16 would be slow here)
    if emulated and not SMOKE: sys.exit(f"bench_eval.py --bf16: {emulated}")
    sync = (lambda: torch.cuda.synchronize()) if dev.type == 'cuda' else (lambda: None)
    tmp = Path(tempfile.mkdtemp())
    fx = write_nyu_fixture(tmp/'nyu', n_frames=2 * a.images, test=range(0, 2 * a.images, 2))
    ds = open_nyu(fx['mat'])
    model = rn50_like(dev)
    x = torch.zeros(2, 3, 416, 544, device=dev)
    xc = x[..., :128, :160] if SMOKE else x   # the convolutions timed alone get their inputs at eval's size (--smoke: small)
    with FlopCounterMode(display=False) as fc, torch.inference_mode(): trunk(model.visual, x[:1])
    gflop = fc.get_total_flops() / 1e9
    dc = DepthCLIP(model)
    new, old = depthclip_predictor(dc), depthclip_predictor(DepthCLIP(model, fast=False), batch_size=2 if SMOKE else 8)
    released = released_loop(model, ds, dev, sync)
    if a.bf16:   # CLIP in bfloat16 as `load_clip(..., bf16=True)` converts it, then folded as eval folds it
        from depthclip.clip import to_half
        dcb = DepthCLIP(to_half(copy.deepcopy(model), torch.bfloat16)); newb, partsb = depthclip_predictor(dcb), eval_parts(dcb, ds, dev, sync)
        if not SMOKE: evaluate(newb, ds, None, limit=2, progress=False)   # warm-up, as below
        evalb_s, partsb_s, convb_s, mmb_s = [], [], [], []
    for p in (new, old) if not SMOKE else (): evaluate(p, ds, None, limit=2, progress=False)   # warm-up: one-time costs out of the timings (--smoke: none)
    released_s, prev_s, eval_s, parts_s, parts = [], [], [], [], eval_parts(dc, ds, dev, sync)
    conv_s, mm_s = [], []   # the peaks: measured between eval's runs, the best kept
    inputs = [torch.randn(2, 3, *((128, 160) if SMOKE else (416, 544)), device=dev) for _ in range(min(len(ds), 4))]   # (an image and its mirror)
    ways = {'as eval runs it': lambda z: trunk(dc.visual, z), **{k: onednn_trunk(dc.visual, inputs[0], *f) for k, f in ONEDNN.items()}}
    ways = {k: f for k, f in ways.items() if f is not None}
    with torch.inference_mode():
        ref = [trunk(dc.visual, z) for z in inputs]; same = {w: all(torch.equal(r, f(z)) for r, z in zip(ref, inputs)) for w, f in list(ways.items())[1:]}   # bit for bit
    trunks_s = []   # each way's s/image
    for k in range(a.repeats):   # interleaved, so that drifts of the machine hit all alike
        released_s.append(best(released, 1, sync) / len(ds))
        prev_s.append(best(lambda: evaluate(old, ds, tmp/f'prev{k}', progress=False), 1, sync) / len(ds))
        eval_s.append(best(lambda: evaluate(new, ds, tmp/f'eval{k}', progress=False), 1, sync) / len(ds))
        parts_s.append(parts()); conv_s.append(conv_times(dc.visual, xc, sync)); mm_s.append(matmul_peak(dev, sync))
        with torch.inference_mode(): trunks_s.append({w: best(lambda: [f(z) for z in inputs], 1, sync) / len(inputs) for w, f in ways.items()})
        if a.bf16:
            evalb_s.append(best(lambda: evaluate(newb, ds, tmp/f'evalb{k}', progress=False), 1, sync) / len(ds))
            partsb_s.append(partsb()); convb_s.append(conv_times(dcb.visual, xc, sync)); mmb_s.append(matmul_peak(dev, sync, torch.bfloat16))
    r, p, e = min(released_s), min(prev_s), min(eval_s)
    convs, peak_mm, peak_conv, floor_mm, floor_conv = floors(gflop, conv_s, mm_s)
    print(f"device {dev} ({torch.get_num_threads()} threads), {len(ds)} images 416x544, random CLIP with RN50's architecture; "
          f"eval batch {new.batch_size} (image + mirror per forward), best of {a.repeats}")
    print(f"trunk {gflop:.1f} GFLOP per forward; matmul peak {peak_mm:.0f} GFLOP/s; best single convolution {peak_conv:.0f} GFLOP/s")
    print(f"floor (matmul peak)         {floor_mm:.3f} s/image")
    print(f"floor (best convolution)    {floor_conv:.3f} s/image")
    print(f"released per-image loop     {r:.3f} s/image")
    print(f"previous eval (batch 8)     {p:.3f} s/image")
    print(f"eval                        {e:.3f} s/image")
    print(f"ratios: eval/floor(matmul) {e / floor_mm:.2f}   eval/floor(conv) {e / floor_conv:.2f}   released/eval {r / e:.2f}   "
          f"previous/eval {p / e:.2f}   (targets: eval <= 1.1 x floor)   on: {units(dev)}")
    print_parts({n: min(q[n] for q in parts_s) for n in parts_s[0]}, e, floor_conv, convs, max(peak_mm, peak_conv))
    if len(ways) == 1: print("the trunk through oneDNN's convolution op directly: not on this device (a CPU op)")
    else:
        t = {k: min(q[k] for q in trunks_s) for k in ways}; t0 = t.pop('as eval runs it')
        print(f"the trunk through oneDNN's convolution op directly (eval does not), s/image against {t0:.4f} as eval runs it (best of {a.repeats}):")
        for k, tk in t.items(): print(f"   {k:46s} {tk:.4f}   speed-up {t0 / tk:.2f}x   {(tk - t0) / floor_conv:+.2f} x floor   the same map bit for bit: {same[k]}")
    if a.bf16:
        eb = min(evalb_s); convsb, peakb_mm, peakb_conv, floorb_mm, floorb_conv = floors(gflop, convb_s, mmb_s)
        print(f"bf16 (CLIP as load_clip(..., bf16=True) runs it{'; EMULATED: ' + emulated + ' (--smoke: the code path only)' if emulated else ''}): "
              f"matmul peak {peakb_mm:.0f} GFLOP/s ({peakb_mm / peak_mm:.2f}x fp32's); best single bf16 convolution {peakb_conv:.0f} GFLOP/s")
        print(f"bf16 floor (bf16 matmul peak)      {floorb_mm:.3f} s/image")
        print(f"bf16 floor (best bf16 convolution) {floorb_conv:.3f} s/image")
        print(f"eval bf16                          {eb:.3f} s/image")
        print(f"ratios bf16: eval/floor(bf16 matmul) {eb / floorb_mm:.2f}   eval/floor(bf16 conv) {eb / floorb_conv:.2f}   "
              f"speed-up over fp32 eval {e / eb:.2f}x   on: {units(dev)}")
        print_parts({n: min(q[n] for q in partsb_s) for n in partsb_s[0]}, eb, floorb_conv, convsb, max(peakb_mm, peakb_conv), ' in bf16')
    if not a.no_memory:
        from depthclip.testing import write_tiny_clip
        ckpt = write_tiny_clip(tmp/'rn50_like.pt', vision_layers=(3, 4, 6, 3))   # loaded from a file, as a user's run does
        for n in (a.images, 3 * a.images):
            f = write_nyu_fixture(tmp/f'nyu{n}', n_frames=2 * n, test=range(0, 2 * n, 2))
            peak, first, last = peak_rss_mb(ckpt, f['mat'], a.device)
            print(f"eval of {n:>3} images: peak RSS {peak} MB; RSS after batches, max over first third {first} MB, last third {last} MB "
                  f"(target: <= 1200 MB, flat)")

if __name__ == '__main__':
    main()
