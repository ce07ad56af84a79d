"""Headless Chromium driven over the DevTools protocol (websocket-client), for the map tests.

    with Browser(tmp_dir) as b:
        b.open(path.as_uri(), width=1600, height=1000)
        boxes = b.evaluate("...")          # JSON-able value of a JavaScript expression
        b.screenshot(out_png)
        b.requests                         # every URL the page asked for

``CHROMIUM`` is None where no Chromium is installed (tests skip with a reason).
"""
from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Optional

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--force-device-scale-factor=1")


class Browser:
    """One headless Chromium with one page, closed on exit."""

    def __init__(self, tmp_dir, timeout: float = 60.0):
        self.tmp = Path(tmp_dir)
        self.timeout = timeout
        self.requests: list[str] = []
        self._id = 0
        self.proc: Optional[subprocess.Popen] = None
        self.ws = None

    def __enter__(self) -> "Browser":
        import websocket  # websocket-client

        profile = self.tmp / "chromium-profile"
        profile.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}",
                                      "--remote-debugging-port=0", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError("Chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as r:
                    pages = [t for t in json.load(r) if t.get("type") == "page"]
                if pages:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("Chromium has no page target")
            time.sleep(0.1)
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=self.timeout,
                                              suppress_origin=True)
        self.call("Page.enable")
        self.call("Network.enable")
        self.call("Runtime.enable")
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self.ws is not None:
                self.ws.close()
        finally:
            if self.proc is not None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()

    def _event(self, msg: dict) -> None:
        if msg.get("method") == "Network.requestWillBeSent":
            self.requests.append(msg["params"]["request"]["url"])

    def call(self, method: str, **params) -> dict:
        self._id += 1
        mid = self._id
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == mid:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self._event(msg)

    def wait_for(self, event: str) -> dict:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            self._event(msg)
            if msg.get("method") == event:
                return msg.get("params", {})
        raise TimeoutError(event)

    def open(self, url: str, width: int = 1600, height: int = 1000) -> None:
        self.requests = []
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=False)
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        # Let the page's own script (drawing, label placement) and fonts settle.
        self.evaluate("new Promise(r => (document.fonts ? document.fonts.ready : Promise.resolve())"
                      ".then(() => requestAnimationFrame(() => requestAnimationFrame(() => r(1)))))")

    def evaluate(self, expression: str):
        res = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in res:
            raise RuntimeError(f"JavaScript error: {res['exceptionDetails']}")
        return res["result"].get("value")

    def screenshot(self, path) -> Path:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)


# JavaScript: boxes of the map's labels and legend, in CSS pixels of the viewport.
HTML_BOXES = """(() => {
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const labels = [...document.querySelectorAll('#labels .lbl')]
    .filter(el => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().width > 0)
    .map(el => ({node: el.dataset.node, text: el.textContent, box: box(el),
                 font: parseFloat(getComputedStyle(el).fontSize)}));
  const lg = document.getElementById('legend');
  const data = JSON.parse(document.getElementById('graph-data').textContent);
  return {labels, legend: lg ? {box: box(lg), text: lg.innerText,
                               visible: getComputedStyle(lg).display !== 'none'} : null,
          corpus: data.nodes.filter(n => n.in_corpus).map(n => n.id),
          stage: box(document.getElementById('cv')),
          status: Object.assign({}, document.getElementById('status').dataset)};
})()"""

# JavaScript for an SVG figure opened as the document: label text boxes and the legend.
SVG_BOXES = """(() => {
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const labels = [...document.querySelectorAll('g[id^="label-"]')].map(g => {
    const t = g.querySelector('text');
    // font size as drawn on the screen: the SVG's user units scaled to CSS pixels
    const scale = t && t.getScreenCTM() ? Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b) : 1;
    return {node: g.id.slice(6), text: t ? t.textContent : '', box: box(t || g),
            font: t ? parseFloat(getComputedStyle(t).fontSize) * scale : 0};
  });
  const legend = document.getElementById('legend');
  const entries = [...document.querySelectorAll('g[id^="legend-"] text')].map(t => t.textContent);
  const svg = document.documentElement;
  return {labels, legend: legend ? {box: box(legend), entries} : null,
          title: ((document.getElementById('title') || {}).textContent || '').trim(),
          size: [svg.getBoundingClientRect().width, svg.getBoundingClientRect().height]};
})()"""
