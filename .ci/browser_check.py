"""Open every page of the offline docs (`_docs_offline/`, written by `.ci/check_docs.py`) in headless Chromium and
report what a reader's browser would complain about: uncaught JavaScript exceptions, `console.error` messages, local
files (scripts, images, styles) that fail to load, and images that do not render. Loads of external resources
(http/https: a CDN's MathJax, say) are listed separately, since this check may run offline.

Talks to Chromium over the DevTools protocol with `websocket-client` (installed with jupyterlab, a dev requirement).
Skips with a message, exit 0, when no Chromium is installed (`apt-get install chromium`) or `websocket-client` is
missing, so CI can always call it. Exit 1 when any page has errors.

Usage: python .ci/browser_check.py [--docs _docs_offline] [--shots DIR] [--shot-pages index.html,tutorials/x.html]
       (screenshots are 1280 × 2000 px PNGs of the named pages; default: all pages when --shots is given)"""
import argparse, base64, json, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROWSERS = ('chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome')

def find_browser():
    "Path of a Chromium-family browser: $CHROMIUM, or the first of `BROWSERS` on PATH."
    if os.environ.get('CHROMIUM'): return os.environ['CHROMIUM']
    return next((p for p in map(shutil.which, BROWSERS) if p), None)

class Browser:
    "A headless Chromium driven over the DevTools protocol: one tab, events collected per page."
    def __init__(self, exe, width=1280, height=2000, timeout=30):
        import websocket
        self.tmp = tempfile.mkdtemp(prefix='browser-check-')
        self.err = open(Path(self.tmp) / 'stderr.txt', 'w+')
        self.proc = subprocess.Popen([exe, '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--hide-scrollbars',
                                      '--remote-debugging-port=0', f'--user-data-dir={self.tmp}/profile', f'--window-size={width},{height}',
                                      'about:blank'], stdout=subprocess.DEVNULL, stderr=self.err)
        url, t0 = None, time.time()
        while url is None and time.time() - t0 < timeout:
            time.sleep(0.1); self.err.seek(0)
            url = next((l.split('listening on ', 1)[1].strip() for l in self.err if 'DevTools listening on ws://' in l), None)
            if self.proc.poll() is not None: break
        if url is None: self.close(); raise RuntimeError(f"{exe} did not start its DevTools endpoint:\n{Path(self.tmp, 'stderr.txt').read_text()[-2000:]}")
        self.id, self.events, self.session, self.ws = 0, [], None, None
        try:
            self.ws = websocket.create_connection(url, timeout=timeout, suppress_origin=True)
            target = self.call('Target.createTarget', {'url': 'about:blank'})['targetId']
            self.session = self.call('Target.attachToTarget', {'targetId': target, 'flatten': True})['sessionId']
            for m in ('Runtime.enable', 'Log.enable', 'Page.enable', 'Network.enable'): self.call(m)
            self.call('Emulation.setDeviceMetricsOverride', {'width': width, 'height': height, 'deviceScaleFactor': 1, 'mobile': False})
        except Exception: self.close(); raise

    def _recv(self, timeout):
        self.ws.settimeout(timeout)
        try: return json.loads(self.ws.recv())
        except Exception as ex:
            if type(ex).__name__ in ('WebSocketTimeoutException', 'TimeoutError', 'timeout'): return None
            raise

    def call(self, method, params=None, timeout=30):
        "Send a DevTools command (to the tab once attached) and return its result; events that arrive meanwhile are kept."
        self.id += 1
        msg = {'id': self.id, 'method': method, 'params': params or {}}
        if self.session and not method.startswith('Target.'): msg['sessionId'] = self.session
        self.ws.send(json.dumps(msg))
        t0 = time.time()
        while time.time() - t0 < timeout:
            m = self._recv(timeout)
            if m is None: break
            if m.get('id') == self.id:
                if 'error' in m: raise RuntimeError(f"{method}: {m['error']}")
                return m.get('result', {})
            if 'method' in m: self.events.append(m)
        raise TimeoutError(f"no answer to {method} in {timeout} s")

    def drain(self, until=None, timeout=20.0, quiet=1.0):
        "Collect events until `until` arrives (or `timeout`), then until nothing arrives for `quiet` seconds."
        t0, seen = time.time(), until is None
        while time.time() - t0 < timeout:
            m = self._recv(quiet if seen else 1.0)
            if m is None:
                if seen: return
                continue
            if 'method' in m:
                self.events.append(m)
                if m['method'] == until: seen = True

    def open(self, url) -> list:
        "Navigate to `url`, wait for the load event and a quiet second, and return the events of that page."
        self.events = []
        self.call('Page.navigate', {'url': url})
        self.drain('Page.loadEventFired')
        return self.events

    def evaluate(self, js):
        r = self.call('Runtime.evaluate', {'expression': js, 'returnByValue': True})
        return r.get('result', {}).get('value')

    def screenshot(self, path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(base64.b64decode(self.call('Page.captureScreenshot', {'format': 'png'})['data']))

    def close(self):
        try: self.ws and self.ws.close()
        except Exception: pass
        self.proc.terminate()
        try: self.proc.wait(10)
        except subprocess.TimeoutExpired: self.proc.kill()
        self.err.close(); shutil.rmtree(self.tmp, ignore_errors=True)

def _external(url): return url.startswith(('http://', 'https://'))

def classify(events, requests=None) -> tuple[list, list, list]:
    "`(errors, warnings, external)` messages of one page's DevTools events."
    errors, warnings, external, urls = [], [], [], {}
    for e in events:
        m, p = e['method'], e.get('params', {})
        if m == 'Network.requestWillBeSent': urls[p['requestId']] = p['request']['url']
        elif m == 'Runtime.exceptionThrown':
            d = p['exceptionDetails']
            errors.append(f"uncaught: {d.get('exception', {}).get('description') or d.get('text')} ({d.get('url', '')}:{d.get('lineNumber', '')})")
        elif m == 'Runtime.consoleAPICalled' and p['type'] in ('error', 'assert', 'warning'):
            text = ' '.join(str(a.get('value', a.get('description', ''))) for a in p.get('args', []))
            (warnings if p['type'] == 'warning' else errors).append(f"console.{p['type']}: {text[:300]}")
        elif m == 'Network.loadingFailed' and not p.get('canceled'):
            url = urls.get(p['requestId'], '?')
            (external if _external(url) else errors).append(f"failed to load {url[:200]} ({p.get('errorText')})")
        elif m == 'Log.entryAdded' and p['entry']['level'] == 'error':
            url = p['entry'].get('url', '')
            if p['entry'].get('source') == 'network': continue          # reported by Network.loadingFailed
            (external if _external(url) else errors).append(f"{p['entry']['source']}: {p['entry']['text'][:300]}")
    return errors, warnings, external

BROKEN_IMAGES = "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src').slice(0, 120))"

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--docs', default=str(ROOT / '_docs_offline'), help='folder of HTML pages (default _docs_offline/)')
    ap.add_argument('--shots', default=None, help='write screenshots into this folder')
    ap.add_argument('--shot-pages', default=None, help='comma-separated pages to screenshot (default: all)')
    a = ap.parse_args(argv)
    exe = find_browser()
    if exe is None:
        print(f"browser check skipped: no Chromium found (tried $CHROMIUM and {', '.join(BROWSERS)}; apt-get install chromium)"); return 0
    try: import websocket  # noqa: F401
    except ImportError:
        print("browser check skipped: the websocket-client package is missing (pip install websocket-client)"); return 0
    docs = Path(a.docs)
    pages = sorted(p for p in docs.rglob('*.html'))
    if not pages: print(f"browser check FAILED: no HTML pages under {docs} (run python .ci/check_docs.py first)"); return 1
    shot = set(a.shot_pages.split(',')) if a.shot_pages else None
    br = Browser(exe)
    n_err, report = 0, []
    try:
        for p in pages:
            rel = p.relative_to(docs).as_posix()
            try:
                events = br.open(p.resolve().as_uri())
                errors, warnings, external = classify(events)
                errors += [f"image does not render: {s}" for s in br.evaluate(BROKEN_IMAGES) or [] if not _external(s)]
                title = br.evaluate('document.title')
                if a.shots and (shot is None or rel in shot): br.screenshot(Path(a.shots) / (rel.replace('/', '__')[:-5] + '.png'))
            except Exception as ex:
                errors, warnings, external, title = [f"could not check the page: {type(ex).__name__}: {ex}"], [], [], '?'
            n_err += len(errors)
            status = 'ok' if not errors else f'{len(errors)} error(s)'
            line = f"{rel:45s} {status:12s} title {title!r}" + (f"; {len(external)} external resource(s) not loaded" if external else '')
            report.append(line)
            for m in errors: report.append(f"    ERROR {m}")
            for m in warnings: report.append(f"    warning {m}")
            for m in sorted(set(external)): report.append(f"    external {m}")
    finally: br.close()
    print('\n'.join(report))
    print(f"browser check: {len(pages)} pages, {n_err} error(s) ({Path(exe).name})")
    return 1 if n_err else 0

if __name__ == '__main__': sys.exit(main())
