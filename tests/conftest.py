"""The notebooks and benchmarks the session selected start running as soon as it is collected (so that they overlap the
other tests; none for `--collect-only`, or when `-k` or a path leaves them out), and the summary lists what each took:
the test command's time is mostly theirs."""
import shutil, time
from concurrent.futures import wait
import test_notebooks as tn

def pytest_sessionstart(session):
    session.config._depthclip_t0 = time.perf_counter()

def pytest_collection_finish(session):
    if session.config.option.collectonly: return
    picked = lambda test, param: {i.callspec.params[param] for i in session.items if getattr(i, 'originalname', None) == test}
    tn.start(session.config, {p.stem for p in picked('test_notebook', 'nb')}, picked('test_tool', 'tool'))

def pytest_terminal_summary(terminalreporter, exitstatus, config):
    done = {k: f.result() for k, f in tn.RUNS.items() if f.done() and not f.cancelled() and f.exception() is None}
    if not done: return
    secs = {k: r[2] for k, r in done.items()}
    if getattr(config, 'cache', None): config.cache.set('depthclip/notebook_seconds', {k: round(v, 1) for k, v in secs.items()})
    tr = terminalreporter
    tr.section(f"notebooks, {tn.WORKERS} at a time ({tn.THREADS} thread(s) each): their own times, slowest first")
    for k, v in sorted(secs.items(), key=lambda kv: -kv[1]): tr.write_line(f"{v:7.1f} s  {k}" + ('' if done[k][0] == 0 else '   FAILED'))
    tr.write_line(f"{sum(secs.values()):7.1f} s  in all; the session took {time.perf_counter() - config._depthclip_t0:.0f} s of wall time")

def pytest_unconfigure(config):
    for f in tn.RUNS.values(): f.cancel()
    for w in tn.WORKER_PROCS:   # the notebook workers end when their input does
        try: w.stdin.close()
        except OSError: pass
    if tn.FIXTURES.get('path'):
        wait(tn.RUNS.values())   # (a notebook still running holds its copies; its result, if any, is no longer asked for)
        shutil.rmtree(tn.FIXTURES['path'], ignore_errors=True)
