"""Run every notebook in nbs/ as a test (as `nbdev_test` does, one notebook per test), every benchmark in tools/ at its
smallest size (`--smoke`: a change that breaks one fails here), plus the sync check.

The notebooks the session selected run as soon as it is collected, `WORKERS` at a time (default: one per core), each in its own
process with `THREADS` threads for PyTorch, run by nbdev's `test_nb` as `nbdev_test` runs it: forked from a worker
that imported the libraries once (tests/nb_worker.py; where there is no fork, one `nbdev_test` process each), the longest first (by their times in the previous
run, kept in pytest's cache; by size on a first run or without that cache), sharing one folder of fixtures built once
($DEPTHCLIP_FIXTURES, see `from_cache` in 00_fixtures). Each test waits for its notebook's result; the
summary at the end lists each notebook's own time, slowest first (`conftest.py`).

Cells flagged `weights`, `nyu` or `slow` are skipped unless listed in $DEPTHCLIP_TEST_FLAGS
(e.g. DEPTHCLIP_TEST_FLAGS="weights nyu" pytest), which is passed to `nbdev_test --flags`.
$DEPTHCLIP_TEST_WORKERS sets how many notebooks run at a time (1: one after another).
"""
import json, os, shutil, subprocess, sys, tempfile, threading, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
NBS = sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))
CORES = os.cpu_count() or 1
WORKERS = max(1, int(os.environ.get('DEPTHCLIP_TEST_WORKERS') or CORES))
THREADS = max(1, CORES // WORKERS)
RUNS = {}   # notebook stem (or 'tools/NAME') -> future of (return code, output, seconds)
TOOLS = {   # a benchmark's run at its smallest size -> a line its output must hold
    'bench_eval': (['--smoke', '--bf16'], "the trunk's convolutions in bf16"), 'bench_eval_kitti': (['--smoke', '--dataset', 'kitti'], 'ratios: KITTI eval/floor'),
    'bench_suite': (['--smoke'], 'all settings, one pass over the ground truth'), 'bench_modes': (['--smoke'], 'resclip'),
    'bench_towers': (['--smoke'], 'siglip    siglip    maskclip'),
    'bench_app': (['--smoke'], 'page / predict'), 'bench_prompts': (['--smoke'], 'learned tokens after 1 epochs')}
FIXTURES = {}   # 'path': the session's folder of fixtures, each built once and copied (depthclip.testing.from_cache)

def _tool(name):
    exe = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if exe is None: pytest.fail(f"{name} is not installed: pip install -e '.[dev]'")
    return exe

LOCAL, WORKER_PROCS = threading.local(), []   # each pool thread's worker process (tests/nb_worker.py); all of them

def _env(fixtures:bool=True)->dict:
    "The environment of a notebook's run (its threads, matplotlib's backend, the session's fixtures) or, without fixtures, a benchmark's."
    return {**os.environ, 'OMP_NUM_THREADS': str(THREADS), 'MKL_NUM_THREADS': str(THREADS), 'MPLBACKEND': 'Agg', **({'DEPTHCLIP_FIXTURES': FIXTURES['path']} if fixtures else {})}

def _run(nb:Path)->tuple:
    "One notebook, forked from this thread's worker (started on first use); without fork, through nbdev_test."
    if not hasattr(os, 'fork'): return _run_nbdev_test(nb)
    w = getattr(LOCAL, 'worker', None)
    if w is None or w.poll() is not None:
        log = tempfile.TemporaryFile('w+')
        w = LOCAL.worker = subprocess.Popen([sys.executable, str(ROOT/'tests'/'nb_worker.py')], cwd=ROOT, env=_env(), text=True,
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log)
        w.log = log; WORKER_PROCS.append(w)
        if not w.stdout.readline(): log.seek(0); return 1, f"the notebook worker did not start:\n{log.read()[-4000:]}", 0.
    try: w.stdin.write(str(nb.relative_to(ROOT)) + '\n'); w.stdin.flush()
    except ValueError: return 1, f"the session ended before {nb.name} ran", 0.   # (conftest.py closed the workers' input)
    except OSError: pass   # (the worker is gone: the empty line below says so, with its log)
    line = w.stdout.readline()
    if not line: w.log.seek(0); return 1, f"the notebook worker stopped while running {nb.name}:\n{w.log.read()[-4000:]}", 0.
    r = json.loads(line); return r['code'], r['out'], r['secs']

def _run_nbdev_test(nb:Path)->tuple:
    "One notebook through nbdev_test, from the repository root (elsewhere it finds no notebooks and passes falsely)."
    cmd = [_tool('nbdev_test'), '--path', str(nb.relative_to(ROOT)), '--n_workers', '0']
    flags = os.environ.get('DEPTHCLIP_TEST_FLAGS', '').strip()
    if flags: cmd += ['--flags', flags]
    return _timed(cmd, _env())

def _run_tool(name:str)->tuple:
    "One benchmark at its smallest size, in its own process, as a user runs it from the repository root."
    return _timed([sys.executable, str(ROOT/'tools'/f"{name.removesuffix('_kitti')}.py"), *TOOLS[name][0]], _env(fixtures=False))

def _timed(cmd:list, env:dict)->tuple:
    "(return code, output, seconds) of a command run from the repository root with a Gradio cache of its own (see tests/nb_worker.py)."
    with tempfile.TemporaryDirectory(prefix='gradio-') as g:
        t = time.perf_counter(); r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**env, 'GRADIO_TEMP_DIR': g})
    return r.returncode, r.stdout + r.stderr, time.perf_counter() - t

def start(config, nbs:set, tools:set):
    "Start the runs of these notebooks (stems) and benchmarks (`TOOLS` names) not yet started, the notebooks longest first, as the cache remembers them."
    nbs, tools = [p for p in NBS if p.stem in nbs and p.stem not in RUNS], [t for t in TOOLS if t in tools and f'tools/{t}' not in RUNS]
    if not (nbs or tools): return   # e.g. `pytest tests/test_layout.py`, or `-k layout`: none
    cache = getattr(config, 'cache', None)   # (none under -p no:cacheprovider)
    last = cache.get('depthclip/notebook_seconds', {}) if cache else {}
    if 'path' not in FIXTURES: FIXTURES['path'] = tempfile.mkdtemp(prefix='depthclip-fixtures-')
    pool = ThreadPoolExecutor(WORKERS)
    for nb in sorted(nbs, key=lambda p: -last.get(p.stem, p.stat().st_size / 1e4)): RUNS[nb.stem] = pool.submit(_run, nb)
    for t in tools: RUNS[f'tools/{t}'] = pool.submit(_run_tool, t)   # (short: they fill the notebooks' tail)
    pool.shutdown(wait=False)

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_notebook(nb, request):
    if nb.stem not in RUNS: start(request.config, {nb.stem}, set())   # (started by conftest.py when the session is collected; here, if it was not)
    code, out, secs = RUNS[nb.stem].result()
    assert code == 0 and 'Success.' in out, f"{nb.name} failed:\n{out[-8000:]}"

@pytest.mark.parametrize('tool', list(TOOLS))
def test_tool(tool, request):
    if f'tools/{tool}' not in RUNS: start(request.config, set(), {tool})
    code, out, secs = RUNS[f'tools/{tool}'].result()
    assert code == 0 and TOOLS[tool][1] in out, f"tools/{tool}.py {' '.join(TOOLS[tool][0])} failed:\n{out[-4000:]}"

def test_sync():
    "nbdev_export / nbdev_clean change nothing and README.md matches index.ipynb."
    r = subprocess.run(['bash', str(ROOT/'tools'/'check_sync.sh')], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, 'PATH': f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"})
    assert r.returncode == 0, r.stdout + r.stderr

def test_a_selection_runs_only_its_notebooks(tmp_path):
    "`pytest -k NAME` and `pytest --collect-only` from the root start no notebook, exit 0 and leave no fixtures folder."
    for args in (['-k', 'test_unique_notebook_numbers'], ['--collect-only']):
        r = subprocess.run([sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', *args], cwd=ROOT, capture_output=True, text=True,
                           env={**os.environ, 'TMPDIR': str(tmp_path)})   # (its temporary folders, fixtures included, go here)
        out = r.stdout + r.stderr
        assert r.returncode == 0 and 'Traceback' not in out, f"pytest {' '.join(args)} exited {r.returncode}:\n{out[-3000:]}"
        assert 'at a time' not in out and ('1 passed' in out or 'collected' in out), out[-3000:]
    assert not list(tmp_path.glob('depthclip-fixtures-*')), "a fixtures folder was left behind"
