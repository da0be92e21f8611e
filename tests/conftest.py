"""The notebooks start running when the session starts (so that they overlap the other tests), and the
summary lists what each took: the test command's time is mostly theirs."""
import shutil, time
import test_notebooks as tn

def pytest_sessionstart(session):
    session.config._depthclip_t0 = time.perf_counter()
    tn.start(session.config)

def pytest_terminal_summary(terminalreporter, exitstatus, config):
    done = {k: f.result() for k, f in tn.RUNS.items() if f.done() and not f.cancelled()}
    if not done: return
    secs = {k: r[2] for k, r in done.items()}
    if config.cache: config.cache.set('depthclip/notebook_seconds', {k: round(v, 1) for k, v in secs.items()})
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
        for f in tn.RUNS.values():
            if not f.cancelled(): f.result()   # (a notebook still running holds its copies)
        shutil.rmtree(tn.FIXTURES['path'], ignore_errors=True)
