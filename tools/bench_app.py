"""Benchmark: what a change in the page of `depthclip app` costs, at RN50's sizes on this machine.

Uses a random CLIP with RN50's architecture, image and text towers both (3-4-6-3 bottleneck blocks; a 12-layer,
512-wide text transformer), so it runs anywhere; it measures time, not accuracy.

    python tools/bench_app.py [--repeats 5] [--device cpu]
    python tools/bench_app.py --smoke   # --smoke: the code path at its smallest (a tiny random CLIP, one image, one run): what the test suite runs, so that a change that breaks the benchmark fails there; its numbers mean nothing.

Prints, best of --repeats: an edit of the words (a new word list: the text encoder runs, then the head), an edit of
the bins or the temperature (the text features kept: the head alone), against the target of 100 ms; and a new image
in the page against `predict` on the same image (target: within 1.2x).
"""
import argparse, time

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--repeats', type=int, default=5); ap.add_argument('--device', default='cpu'); ap.add_argument('--smoke', action='store_true')
    a = ap.parse_args()
    if a.smoke: a.repeats = 1
    import numpy as np, torch
    from depthclip.testing import tiny_clip
    from depthclip.clip import LoadedCLIP
    from depthclip.projection import predict
    from depthclip.app import Explorer, load_image, example_images
    m = (tiny_clip() if a.smoke else tiny_clip(vision_layers=(3, 4, 6, 3), transformer_width=512, transformer_heads=8, transformer_layers=12)).to(a.device)
    ex = Explorer(a.device); ex.loaded['rn50-like'] = LoadedCLIP(m, None)
    rgb, _ = load_image(example_images()[0]); dc = ex.model('rn50-like')
    ex.run(rgb, 'rn50-like'); predict(dc, rgb)   # warm-up: the image's features kept, one-time costs out
    def best(f):
        ts = []
        for k in range(a.repeats): t = time.perf_counter(); f(k); ts.append(time.perf_counter() - t)
        return min(ts)
    words = lambda k: [f'{w} {k}' for w in ('touching', 'near', 'close', 'middle', 'far', 'farther', 'horizon')]   # new each time: never cached
    edit_words = best(lambda k: ex.run(rgb, 'rn50-like', words=words(k), bins=[0.5, 1, 1.5, 2.5, 4, 6, 9]))
    edit_head = best(lambda k: ex.run(rgb, 'rn50-like', bins=[1, 1.5, 2, 2.25, 2.5, 2.75, 3 + k / 100], temperature=0.1 + k / 100))
    page_new = best(lambda k: ex.run(np.ascontiguousarray(np.roll(rgb, 7 * (k + 1), axis=1)), 'rn50-like'))   # a new image each time
    pred = best(lambda k: predict(dc, np.ascontiguousarray(np.roll(rgb, 7 * (k + 1), axis=1))))
    print(f"device {a.device} ({torch.get_num_threads()} threads), RN50-shaped random CLIP (image and text towers), a 544x416 image, best of {a.repeats}")
    print(f"edit of the words (text encoder + head)   {edit_words * 1000:6.1f} ms   (target: under 100 ms)")
    print(f"edit of bins / temperature (head alone)   {edit_head * 1000:6.1f} ms")
    print(f"a new image in the page                   {page_new * 1000:6.1f} ms")
    print(f"predict on the same image                 {pred * 1000:6.1f} ms   page / predict {page_new / pred:.2f} (target: within 1.2)")

if __name__ == '__main__':
    main()
