"""The documentation site, built from the notebooks and checked in a real browser (headless Chromium).

Builds _docs/ with tools/build_docs.py, serves it on 127.0.0.1, opens every page in Debian's Chromium
(driven by Selenium with chromium-driver), and asserts: every page loads, no internal link is broken
(target page and #anchor), every image loads, no asset the browser asks for is missing, equations are typeset. Saves screenshots of the front page and of one notebook
page to _docs_screenshots/. Without chromium/chromedriver/selenium the test is SKIPPED with a message
saying what to install (.ci/run installs them), never passed silently.
"""
import functools, re, subprocess, sys, threading, urllib.request, urllib.error
from http.server import ThreadingHTTPServer, SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import urldefrag, urlparse
import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE, SHOTS = ROOT/'_docs', ROOT/'_docs_screenshots'
MISSING = []   # requests answered with an error by the test server (an asset the site lacks: a script, a font, ...)
sys.path.insert(0, str(ROOT/'tools'))
import browser

def _browser():
    try: return browser.start(1280, 1000, '--disable-background-networking', '--disable-component-update', '--disable-quic')
    except browser.Missing as e: pytest.skip(f"docs browser check SKIPPED: {e}")

@pytest.fixture(scope='module')
def site():
    r = subprocess.run([sys.executable, str(ROOT/'tools'/'build_docs.py')], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
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
    drv = _browser()
    pages = sorted('/' + p.parent.relative_to(SITE).as_posix().replace('.', '') for p in SITE.rglob('index.html'))
    pages = [p if p.endswith('/') else p + '/' for p in pages]
    html_cache, problems, n_links, n_imgs = {}, [], 0, 0
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
            if page == '/07_projection/':   # equations are typeset (MathJax is served by the site itself)
                import time
                for _ in range(40):
                    n_math = drv.execute_script("return document.querySelectorAll('.MathJax, .MathJax_Display').length")
                    if n_math: break
                    time.sleep(0.25)
                if not n_math: problems.append(f'{page}: equations were not typeset by MathJax')
            if page in ('/', '/07_projection/', '/18_plots/'):
                SHOTS.mkdir(exist_ok=True)
                drv.save_screenshot(str(SHOTS/('front.png' if page == '/' else f'notebook{page.replace("/", "_")[:-1]}.png')))
    finally: drv.quit()
    problems += [f'the browser asked for a file the site lacks: {m}' for m in dict.fromkeys(MISSING)]
    assert not problems, '\n'.join(problems[:30])
    assert n_links > 20 and n_imgs >= 2, (n_links, n_imgs)   # the check looked at something
    print(f"{len(pages)} pages, {n_links} internal links, {n_imgs} images checked; screenshots in {SHOTS}")

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
