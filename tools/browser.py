"""Headless Chromium for the checks that drive a page (tests/test_app.py, tools/bench_app.py): Debian's chromium and
chromium-driver through Selenium. `start` raises `Missing` with what to install when one of them is absent."""
import shutil

class Missing(RuntimeError): "Chromium, its driver or Selenium is not installed (the message says what to install)."

def start(width:int=1366, height:int=768, *flags:str):
    "A headless Chromium window of this size (1366×768: a common laptop screen; its page area is smaller, as a real window's), with Chromium's extra `flags`."
    chromium, driver = shutil.which('chromium'), shutil.which('chromedriver')
    if not (chromium and driver): raise Missing("Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    try: from selenium import webdriver
    except ImportError: raise Missing("selenium is not installed (pip install -e '.[dev]')") from None
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions(); opts.binary_location = chromium
    for f in ('--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', f'--window-size={width},{height}', *flags): opts.add_argument(f)
    return webdriver.Chrome(service=Service(driver), options=opts)

# Time from an edit made in the page (a function of the page's window, given as JS source) to the first frame that
# shows the new depth map (its <img> changed, decoded and painted); arguments[0]: the edit's argument.
EDIT_TO_FRAME = """
const done = arguments[arguments.length - 1], img0 = document.querySelector('#depth img'), src0 = img0 ? img0.src : null;
let finished = false; const t0 = performance.now();
const check = () => { const im = document.querySelector('#depth img');
  if (finished || !im || im.src === src0) return; finished = true; obs.disconnect();
  const fin = () => requestAnimationFrame(() => done(performance.now() - t0));
  im.decode().then(fin, fin); };
const obs = new MutationObserver(check); obs.observe(document.querySelector('#depth'), {subtree: true, childList: true, attributes: true});
(EDIT)(arguments[0]);
setTimeout(() => { if (!finished) { finished = true; obs.disconnect(); done(null); } }, 30000);
"""

def time_edit(drv, edit_js:str, arg)->float|None:
    "Milliseconds from the edit (JS: a function of `arg` that changes the page) to the new depth map on screen; None: no new map in 30 s."
    drv.set_script_timeout(40)
    return drv.execute_async_script(EDIT_TO_FRAME.replace('(EDIT)', f'({edit_js})'), arg)

# Set a text box as typing does (its value, then the input event the page listens to).
TYPE = "v => { const t = document.querySelector('SEL'); t.value = v; t.dispatchEvent(new Event('input', {bubbles: true})); }"

def wait(cond, what:str, timeout:float=60.):
    "The first true value of cond() within timeout seconds (exceptions count as not yet), else an AssertionError naming what."
    import time
    t = time.time()
    while time.time() - t < timeout:
        try:
            if (v := cond()): return v
        except Exception: pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")
