"""Open a local page in headless Chromium with the network blocked, over the DevTools
protocol (CDP, through `websockets`): what it tried to fetch, what failed, the errors it
logged, a value evaluated in the page and a PNG screenshot. No playwright.

    page = open_offline(Path("report.html"), evaluate="document.querySelectorAll('svg').length")
    assert not page.problems()
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import time
import urllib.request
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from websockets.sync.client import connect as ws_connect

# DNS answers nothing and every connection goes to a closed port: a page that reaches for
# the network fails (and we see the attempt) instead of fetching.
OFFLINE_FLAGS = ("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost", "--proxy-server=127.0.0.1:9")
QUIET_FLAGS = (
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--hide-scrollbars",
    "--mute-audio",
)
LOCAL_SCHEMES = ("file:", "data:", "about:")  # about:blank, where the tab starts


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class PageResult:
    external_requests: list[str] = field(default_factory=list)  # anything not file:/data:
    failed_requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # exceptions, console.error, log errors
    value: object = None  # what `evaluate` returned
    screenshot: bytes = b""  # PNG

    def problems(self) -> list[str]:
        return (
            [f"request: {u}" for u in self.external_requests]
            + [f"failed: {u}" for u in self.failed_requests]
            + [f"error: {e}" for e in self.errors]
        )


@contextlib.contextmanager
def _browser(width: int, height: int, timeout: float):
    """Chromium on a throwaway profile; yields the DevTools HTTP address."""
    exe = chromium()
    if exe is None:
        raise FileNotFoundError("chromium is not installed")
    # chromium's helper processes may still write to the profile as it is removed
    with tempfile.TemporaryDirectory(prefix="dateline-chromium-", ignore_cleanup_errors=True) as profile:
        proc = subprocess.Popen(
            [
                exe,
                "--headless=new",
                "--no-sandbox",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                *OFFLINE_FLAGS,
                *QUIET_FLAGS,
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            yield f"127.0.0.1:{_devtools_port(Path(profile), proc, timeout)}"
        finally:
            _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    """End chromium and its helpers (their own process group, started for this page)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            continue


def _devtools_port(profile: Path, proc: subprocess.Popen, timeout: float) -> int:
    """Chromium writes its port to DevToolsActivePort once it listens."""
    marker = profile / "DevToolsActivePort"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chromium exited with code {proc.returncode}")
        text = marker.read_text() if marker.exists() else ""
        if "\n" in text:
            return int(text.split("\n", 1)[0])
        time.sleep(0.05)
    raise TimeoutError("chromium did not open its DevTools port")


def _page_socket(address: str) -> str:
    with urllib.request.urlopen(f"http://{address}/json/list", timeout=10) as r:
        pages = [t for t in json.load(r) if t["type"] == "page"]
    return pages[0]["webSocketDebuggerUrl"]


class _Session:
    """Commands and events on one page's DevTools socket."""

    def __init__(self, ws, result: PageResult):
        self.ws, self.result, self.ids = ws, result, itertools.count(1)
        self.urls: dict[str, str] = {}

    def call(self, method: str, timeout: float = 30, **params) -> dict:
        n = next(self.ids)
        self.ws.send(json.dumps({"id": n, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            msg = json.loads(self.ws.recv(timeout=max(deadline - time.monotonic(), 0.01)))
            if msg.get("id") == n:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.on_event(msg)

    def wait_for(self, event: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while json.loads(msg := self.ws.recv(timeout=max(deadline - time.monotonic(), 0.01))).get("method") != event:
            self.on_event(json.loads(msg))

    def drain(self, seconds: float) -> None:
        """Collect what arrives in the next `seconds` (late requests and errors)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                self.on_event(json.loads(self.ws.recv(timeout=left)))
            except TimeoutError:
                return

    def on_event(self, msg: dict) -> None:
        method, p = msg.get("method"), msg.get("params", {})
        if method == "Network.requestWillBeSent":
            url = p["request"]["url"]
            self.urls[p["requestId"]] = url
            if not url.startswith(LOCAL_SCHEMES):
                self.result.external_requests.append(url)
        elif method == "Network.loadingFailed":
            self.result.failed_requests.append(f"{self.urls.get(p['requestId'], '?')}: {p.get('errorText')}")
        elif method == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            self.result.errors.append(d.get("exception", {}).get("description") or d.get("text", "exception"))
        elif method == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
            self.result.errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in p["args"]))
        elif method == "Log.entryAdded" and p["entry"]["level"] == "error":
            self.result.errors.append(f"{p['entry'].get('source')}: {p['entry']['text']}")


def open_offline(
    path: Path,
    evaluate: str = "document.title",
    width: int = 1280,
    height: int = 900,
    full_page: bool = False,
    max_height: int = 8000,
    top: int = 0,
    timeout: float = 30,
) -> PageResult:
    """Load `path` from the file system with the network blocked; evaluate `evaluate` and
    take a screenshot from `top` down (`full_page`: to the end, at most `max_height` pixels)."""
    result = PageResult()
    with (
        _browser(width, height, timeout) as address,
        ws_connect(_page_socket(address), max_size=None, open_timeout=timeout) as ws,
    ):
        cdp = _Session(ws, result)
        for domain in ("Network", "Runtime", "Log", "Page"):
            cdp.call(f"{domain}.enable")
        cdp.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        cdp.call("Page.navigate", url=Path(path).resolve().as_uri())
        cdp.wait_for("Page.loadEventFired", timeout)
        cdp.drain(0.5)
        result.value = cdp.call("Runtime.evaluate", expression=evaluate, returnByValue=True)["result"].get("value")
        shot_height = height
        if full_page:
            page_height = cdp.call(
                "Runtime.evaluate", expression="document.documentElement.scrollHeight", returnByValue=True
            )["result"]["value"]
            shot_height = min(page_height - top, max_height)
        shot = cdp.call(
            "Page.captureScreenshot",
            format="png",
            captureBeyondViewport=full_page or top > 0,
            clip={"x": 0, "y": top, "width": width, "height": shot_height, "scale": 1},
        )
        result.screenshot = base64.b64decode(shot["data"])
        cdp.drain(0.2)
    return result


def png_pixels(png: bytes) -> tuple[int, int, int, bytes]:
    """Decode an 8-bit RGB/RGBA PNG (what Chromium writes) with zlib: width, height,
    channels and the raw pixel bytes, row after row."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, bytearray(), None
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        chunk = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and not interlace, f"unsupported PNG: {header}"
    channels = 3 if colour == 2 else 4
    return width, height, channels, _unfilter(zlib.decompress(bytes(idat)), width * channels, channels)


def _unfilter(data: bytes, stride: int, bpp: int) -> bytes:
    """Undo the PNG row filters (None, Sub, Up, Average, Paeth)."""
    out, prev = bytearray(), bytearray(stride)
    for start in range(0, len(data), stride + 1):
        kind, row = data[start], bytearray(data[start + 1 : start + 1 + stride])
        if kind == 2:
            row = bytearray((a + b) & 255 for a, b in zip(row, prev, strict=False))
        elif kind in (1, 3, 4):
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                up, corner = prev[i], prev[i - bpp] if i >= bpp else 0
                if kind == 1:
                    row[i] = (row[i] + left) & 255
                elif kind == 3:
                    row[i] = (row[i] + (left + up) // 2) & 255
                else:
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    row[i] = (row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        out += row
        prev = row
    return bytes(out)


def pixel_spread(png: bytes, step: int = 7) -> tuple[int, float]:
    """Distinct colours and the variance of grey levels over every `step`-th pixel."""
    _width, _height, channels, pixels = png_pixels(png)
    samples = [pixels[i : i + 3] for i in range(0, len(pixels), channels * step)]
    greys = [(p[0] + p[1] + p[2]) / 3 for p in samples]
    mean = sum(greys) / len(greys)
    return len(set(samples)), sum((g - mean) ** 2 for g in greys) / len(greys)


def available_or_skip() -> str:
    """Chromium's path; skip without it, except under CI, where a missing browser fails."""
    import pytest

    exe = chromium()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, and CI needs it (.ci/run installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return exe
