"""The page of `depthclip app`, driven in a real browser (headless Chromium), as a user meets it.

Starts the page on 127.0.0.1 with the tiny random CLIP (no download), uploads an example image, reads the depth map,
changes a distance word and sees the map change, clicks a patch and reads its probabilities over the words, and sets
the temperature to 0: a message in the page, the previous map kept, the server still up. With
$DEPTHCLIP_APP_SCREENSHOT set, saves a screenshot there (the README's, nbs/images/app.png). Without Chromium,
chromium-driver, Selenium or Gradio the test is SKIPPED with a message saying what to install, never passed silently.
"""
import os, shutil, socket, time, urllib.request
from pathlib import Path
import pytest

FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--window-size=1400,1500']

def _browser():
    chromium, driver = shutil.which('chromium'), shutil.which('chromedriver')
    if not (chromium and driver): pytest.skip("app browser check SKIPPED: Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    try: from selenium import webdriver
    except ImportError: pytest.skip("app browser check SKIPPED: selenium is not installed (pip install -e '.[dev]')")
    try: import gradio  # noqa: F401
    except ImportError: pytest.skip("app browser check SKIPPED: gradio is not installed (pip install -e '.[app]')")
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions(); opts.binary_location = chromium
    for f in FLAGS: opts.add_argument(f)
    return webdriver.Chrome(service=Service(driver), options=opts)

def _free_port()->int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def _wait(cond, what:str, timeout:float=60.):
    t = time.time()
    while time.time() - t < timeout:
        try:
            v = cond()
            if v: return v
        except Exception: pass
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")

def test_app_in_browser(tmp_path):
    drv = _browser()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.action_chains import ActionChains
    from depthclip.app import launch, example_images, RANDOM_BANNER
    port = _free_port(); url = f'http://127.0.0.1:{port}'
    page = launch(port=port, block=False, cache_dir=tmp_path/'weights')
    try:
        drv.get(url)
        find = lambda css: drv.find_element(By.CSS_SELECTOR, css)
        _wait(lambda: find('#upload input[type=file]'), 'the upload field').send_keys(example_images()[0])
        src1 = _wait(lambda: find('#depth img').get_attribute('src'), 'the depth map')
        status = find('#status').text
        assert RANDOM_BANNER.split('**')[1] in status and '544×416 px' in status, status           # the random-weights banner
        words = find('#words textarea'); words.clear(); words.send_keys('touching, near, close, middle, far, farther, horizon')
        find('#run').click()
        src2 = _wait(lambda: (s := find('#depth img').get_attribute('src')) != src1 and s, 'a new depth map after the words changed')
        img = find('#depth img'); ActionChains(drv).move_to_element_with_offset(img, -img.size['width'] // 4, img.size['height'] // 4).click().perform()
        probs = _wait(lambda: (t := find('#probs').text) and 'horizon' in t and t, "the clicked patch's probabilities")
        assert 'touching' in probs and '%' in probs, probs
        if os.environ.get('DEPTHCLIP_APP_SCREENSHOT'): drv.execute_script('window.scrollTo(0, 0)'); time.sleep(0.5); drv.save_screenshot(os.environ['DEPTHCLIP_APP_SCREENSHOT'])
        t = find('#temperature input'); t.clear(); t.send_keys('0'); find('#run').click()                 # bad input
        msg = _wait(lambda: (s := find('#status').text) and 'temperature must be a positive number' in s and s, 'the message about the temperature')
        assert msg.startswith('⚠️'), msg
        assert find('#depth img').get_attribute('src') == src2                                              # the previous map kept
        assert urllib.request.urlopen(url, timeout=10).status == 200                                        # the server still up
    finally:
        drv.quit(); page.close()
