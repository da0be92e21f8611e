"""The documentation site, built from the notebooks and checked in a real browser (headless Chromium).

Builds _docs/ with tools/build_docs.py, serves it on 127.0.0.1, opens every page in Debian's Chromium
(driven by Selenium with chromium-driver), and asserts: every page loads, no internal link is broken
(target page and #anchor; the notebooks' cross-references among them), every image loads, no asset the browser asks
for is missing, equations are typeset; and, at 1366 and 1920 px wide, that no code block whose lines fit in 120
characters scrolls sideways and that no page shows an `In [` prompt. Saves screenshots of the front page and of
one notebook page at each width to _docs_screenshots/ (the test's artefact). Without chromium/chromedriver/selenium the test is SKIPPED with a message
saying what to install (.ci/run installs them), never passed silently.
"""
import functools, re, shutil, subprocess, sys, threading, urllib.request, urllib.error
from http.server import ThreadingHTTPServer, SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import urldefrag, urlparse
import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE, SHOTS = ROOT/'_docs', ROOT/'_docs_screenshots'
MISSING = []   # requests answered with an error by the test server (an asset the site lacks: a script, a font, ...)
sys.path.insert(0, str(ROOT/'tools'))
import browser

WIDTHS = (1366, 1920)   # a laptop's screen and a desktop's
# Per page, in the browser: every code block (code cells, folded cells opened, API signatures; not outputs) as
# [its longest line, whether it scrolls sideways], whether the page shows an `In [ ]:` prompt (an element, or a line of
# its own), its links from code mentions
LAYOUT = """for (const d of document.querySelectorAll('details.fold')) d.open = true;
const pres = [...document.querySelectorAll('.md-content pre')].filter(p => !p.closest('.jp-OutputArea'));
return [pres.map(p => [Math.max(...p.textContent.split('\\n').map(l => l.length)), p.scrollWidth > p.clientWidth + 1]),
        [...document.querySelectorAll('.jp-InputPrompt, .jp-OutputPrompt')].some(e => e.offsetParent !== null)
          || document.querySelector('.md-content').innerText.split('\\n').some(l => /^\\s*(In|Out)\\s*\\[[ 0-9]*\\]:?\\s*$/.test(l)),   // a prompt (not a mention of one in the prose)
        document.querySelectorAll('.md-content a > code').length];"""

# Wait until the page has settled: MathJax has typeset it (its startup's End; MathJax is on every page) and the fonts
# that laying it out asked for have loaded or failed (a missing font is asked for only then, and only if the page
# stays open that long). True when settled, False when MathJax never started (20 s).
SETTLE = """const done = arguments[arguments.length - 1], t0 = Date.now();
const fin = () => requestAnimationFrame(() => requestAnimationFrame(() => document.fonts.ready.then(() => done(true))));
(function poll() { if (window.MathJax && MathJax.Hub && MathJax.Hub.Register) MathJax.Hub.Register.StartupHook('End', fin);
  else if (Date.now() - t0 > 20000) done(false); else setTimeout(poll, 50); })();"""

def _browser(width=1280):
    try: return browser.start(width, 1000, '--disable-background-networking', '--disable-component-update', '--disable-quic')
    except browser.Missing as e: pytest.skip(f"docs browser check SKIPPED: {e}")

@pytest.fixture(scope='module')
def site():
    r = subprocess.run([sys.executable, str(ROOT/'tools'/'build_docs.py')], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    shutil.rmtree(SHOTS, ignore_errors=True)   # the artefact: this run's screenshots only
    class Handler(SimpleHTTPRequestHandler):   # quiet, but remembers every request the site could not serve
        def log_message(self, *a): pass
        def send_error(self, code, *a, **kw):
            MISSING.append(f'{code} {self.path}'); super().send_error(code, *a, **kw)
    srv = ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Handler, directory=str(SITE)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f'http://127.0.0.1:{srv.server_address[1]}'
    srv.shutdown(); srv.server_close()

def test_site_has_every_notebook(site):
    pages = {p.parent.relative_to(SITE).as_posix() for p in SITE.rglob('index.html')}
    expected = {'.', 'api'} | {p.stem for p in (ROOT/'nbs').glob('[0-9]*.ipynb')}
    assert expected <= pages, expected - pages

def test_pages_in_browser(site):
    drv = _browser(WIDTHS[0]); drv.set_script_timeout(40)
    pages = sorted('/' + p.parent.relative_to(SITE).as_posix().replace('.', '') for p in SITE.rglob('index.html'))
    pages = [p if p.endswith('/') else p + '/' for p in pages]
    html_cache, problems, n_links, n_imgs, n_code = {}, [], 0, 0, 0
    def fetch(url):
        if url not in html_cache:
            try: html_cache[url] = urllib.request.urlopen(url, timeout=10).read().decode('utf-8', 'replace')
            except urllib.error.URLError: html_cache[url] = None
        return html_cache[url]
    try:
        for page in pages:
            url = site + page
            drv.get(url)
            if not drv.title or '404' in drv.title: problems.append(f'{page}: did not load (title {drv.title!r})'); continue
            links = drv.execute_script("return [...document.querySelectorAll('a[href]')].map(a => a.href)")
            for href in links:
                if urlparse(href).netloc != urlparse(site).netloc: continue
                n_links += 1
                target, frag = urldefrag(href)
                html = fetch(target)
                if html is None: problems.append(f'{page}: broken link {href}')
                elif frag and f'id="{frag}"' not in html and f"id='{frag}'" not in html and f'name="{frag}"' not in html:
                    problems.append(f'{page}: link to missing anchor {href}')
            imgs = drv.execute_script("return [...document.images].map(i => [i.src.slice(0, 80), i.complete && i.naturalWidth > 0])")
            n_imgs += len(imgs)
            problems += [f'{page}: image did not load {src}' for src, ok in imgs if not ok]
            if not drv.execute_async_script(SETTLE): problems.append(f'{page}: MathJax did not start'); continue
            if page == '/07_projection/' and not drv.execute_script("return document.querySelectorAll('.MathJax, .MathJax_Display').length"):
                problems.append(f'{page}: equations were not typeset by MathJax')   # (MathJax is served by the site itself)
            n_code += _layout(drv, page, WIDTHS[0], problems)
            drv.set_window_size(WIDTHS[1], 1000); _layout(drv, page, WIDTHS[1], problems); drv.set_window_size(WIDTHS[0], 1000)   # the same page, wider
    finally: drv.quit()
    problems += [f'the browser asked for a file the site lacks: {m}' for m in dict.fromkeys(MISSING)]
    assert not problems, '\n'.join(problems[:30])
    assert n_links > 20 and n_imgs >= 2 and n_code > 100, (n_links, n_imgs, n_code)   # the check looked at something (n_code: links from mentions)
    print(f"{len(pages)} pages, {n_links} internal links ({n_code} from mentions in the prose), {n_imgs} images checked; screenshots in {SHOTS}")

def _layout(drv, page:str, width:int, problems:list)->int:
    "Check one loaded page's layout at this width (code blocks, prompts); keep the screenshots; return its links from mentions."
    blocks, prompt, n_code = drv.execute_script(LAYOUT)
    problems += [f'{page} at {width} px: a code block of {n} characters a line scrolls sideways' for n, scrolls in blocks if scrolls and n <= 120]
    if prompt: problems.append(f'{page} at {width} px: shows an In [ ] prompt')
    if page in ('/', '/09_metrics/'):
        SHOTS.mkdir(exist_ok=True)
        drv.execute_script("for (const d of document.querySelectorAll('details.fold')) d.open = false; window.scrollTo(0, 0);")
        drv.save_screenshot(str(SHOTS/(('front' if page == '/' else 'notebook_09_metrics') + f'_{width}.png')))
    return n_code

def test_readme_links_resolve(site):
    "Every link README.md gives into the documentation site names a page, and an anchor, that the built site has; its pictures exist."
    sys.path.insert(0, str(ROOT/'tools')); from make_readme import site as docs_site
    base, text = docs_site(), (ROOT/'README.md').read_text(encoding='utf-8')
    links = re.findall(r'\]\((' + re.escape(base) + r'[^)\s]*)\)', text)
    assert len(links) >= 5, links   # the front page points to its reference pages
    bad = []
    for url in links:
        path, _, anchor = url[len(base):].partition('#')
        page = SITE/path/'index.html'
        if not page.is_file(): bad.append(f'{url}: no page {page.relative_to(SITE)}'); continue
        if anchor and f'id="{anchor}"' not in page.read_text(encoding='utf-8'): bad.append(f'{url}: no anchor #{anchor} on its page')
    bad += [f'picture {p} is missing' for p in re.findall(r'!\[[^\]]*\]\(([^)\s]+)\)', text) if not (ROOT/p).is_file()]
    assert not bad, '\n'.join(bad)
