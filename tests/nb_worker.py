"""A worker that runs notebooks as `nbdev_test` does (nbdev's own `test_nb`, the same flags), each in a process of its
own forked from this one, after the libraries every notebook imports were imported here once.

Each notebook gets its own Gradio cache ($GRADIO_TEMP_DIR), as the benchmarks and tests/test_app.py do: Gradio names a
cached file by its content and writes it again each time it serves that content, so two pages serving the same picture
at once (the tiny CLIP's depth of the same example) would rewrite each other's files while a browser reads them.

A notebook's first cells import torch, pandas, matplotlib, CLIP, Gradio ...: 3-10 s each time in a fresh process, a
sixth of the suite's time. Forked from a process that already holds them, each notebook still runs alone (its own
process: nothing it changes reaches the next one) but starts at once. Nothing heavy runs here before a fork (no
threads started by torch's kernels), so the children are safe to fork.

    python tests/nb_worker.py        # then one notebook path per line on stdin; one JSON line per notebook on stdout:
                                     # {"code": 0 or 1, "out": what it printed, "secs": its time}
Run by tests/test_notebooks.py, from the repository root, with the environment a notebook run needs.
"""
import gc, json, os, sys, tempfile, time, warnings
from pathlib import Path

PRELOAD = ('numpy', 'torch', 'torchvision', 'pandas', 'matplotlib.pyplot', 'h5py', 'PIL.Image', 'scipy.io', 'fastcore.test',
           'clip', 'open_clip', 'timm', 'transformers', 'gradio', 'gradio_client', 'IPython', 'execnb.shell', 'nbdev.test')

def preload():
    "Import what the notebooks import (a library that is missing here is left to the notebook that needs it), and the package."
    import importlib, pkgutil
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for m in PRELOAD:
            try: importlib.import_module(m)
            except Exception: pass
        import depthclip
        for m in pkgutil.iter_modules(depthclip.__path__):
            try: importlib.import_module(f'depthclip.{m.name}')
            except Exception: pass

def run_one(nb:Path, skip:list, force:list)->dict:
    "Fork; the child runs the notebook with its output to a file and exits with 0 (passed) or 1; return what it did."
    from nbdev.test import test_nb
    from nbdev.config import get_config
    with tempfile.TemporaryFile('w+b') as log, tempfile.TemporaryDirectory(prefix='nb-gradio-') as gradio_dir:
        t = time.perf_counter(); sys.stdout.flush(); sys.stderr.flush()
        pid = os.fork()
        if pid == 0:   # the child: its stdout and stderr (C's too) go to the log
            code = 1
            try:
                os.dup2(log.fileno(), 1); os.dup2(log.fileno(), 2)
                os.environ['GRADIO_TEMP_DIR'] = gradio_dir   # its own Gradio cache (GRADIO_CACHE)
                ok, _ = test_nb(nb, skip_flags=skip, force_flags=force, basepath=get_config().config_path)
                if ok: print("Success.")
                else: print(f"nbdev Tests Failed On The Following Notebooks: {nb.name}", file=sys.stderr)
                code = 0 if ok else 1
            except BaseException as e: print(f"{type(e).__name__}: {e}", file=sys.stderr)
            finally:
                sys.stdout.flush(); sys.stderr.flush(); os._exit(code)
        _, status = os.waitpid(pid, 0)
        secs = time.perf_counter() - t
        log.seek(0); out = log.read().decode('utf-8', 'replace')
    code = os.waitstatus_to_exitcode(status)
    return dict(code=code, out=out + ('' if code >= 0 else f"\nthe notebook's process was killed by signal {-code}"), secs=secs)

def main():
    from nbdev.config import get_config
    preload()
    gc.freeze()   # what was imported stays for good: the children's garbage collections skip it (a full one took 0.45 s otherwise)
    skip, force = get_config().tst_flags.split(), os.environ.get('DEPTHCLIP_TEST_FLAGS', '').split()
    out = os.fdopen(os.dup(1), 'w')   # the answers' channel (a child's prints go to its log, never here)
    print(json.dumps(dict(ready=True)), file=out, flush=True)
    for line in sys.stdin:
        if line.strip(): print(json.dumps(run_one(Path(line.strip()).resolve(), skip, force)), file=out, flush=True)

if __name__ == '__main__':
    main()
