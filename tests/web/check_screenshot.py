#!/usr/bin/python3
"""Headless Chromium shows the web package of `hcgis web`: the page is served from 127.0.0.1, a screenshot
is taken, and it must show the indicator's class colours (those of legend.json that classify a district).

Usage: check_screenshot.py PACKAGE_DIR CHROMIUM
Prints 'N passed, N failed'.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib


def read_png(path):
    """(width, height, rows of (r, g, b)) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    data = open(path, "rb").read()
    pos, chunks = 8, []
    width = height = ctype = None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), "8-bit RGB(A) expected"
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + n
    raw = zlib.decompress(b"".join(chunks))
    bpp = 3 if ctype == 2 else 4
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(width)])
        prev = line
    return width, height, rows


def serve(package, port):
    """A static server of `package`, but index.html is held: it gets an image that loads after HOLD_S
    seconds, so that Chromium's screenshot (taken at the page's load event) comes when MapLibre, whose
    workers virtual time does not wait for, has drawn."""
    import http.server

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=package, **k)

        def log_message(self, *a):
            pass

        def do_GET(self):
            if self.path.startswith("/hold"):
                time.sleep(HOLD_S)
                self.send_response(204)
                self.end_headers()
                return
            if self.path.startswith("/index.html"):
                page = open(os.path.join(package, "index.html"), "rb").read()
                page = page.replace(b"</body>", b'<img src="/hold" alt="" style="display:none"></body>')
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)
                return
            super().do_GET()

    http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


HOLD_S = 6


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def screenshot(chromium, url, shot, profile):
    subprocess.run([chromium, "--headless", "--no-sandbox", "--use-gl=angle", "--use-angle=swiftshader",
                    "--enable-unsafe-swiftshader", "--hide-scrollbars", f"--user-data-dir={profile}",
                    "--window-size=1000,700", "--virtual-time-budget=30000", f"--screenshot={shot}", url],
                   check=True, timeout=120, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return read_png(shot)[2]


def class_pixels(rows, legend):
    """For each legend class that holds a district: its label, colour on screen and how many pixels show it."""
    seen = {}
    for row in rows:
        for px in row:
            seen[px] = seen.get(px, 0) + 1
    out = []
    for item in legend["items"]:
        if item["count"] <= 0:
            continue
        rgb = tuple(int(item["colour"][i:i + 2], 16) for i in (1, 3, 5))
        # The fill is drawn at 0.85 opacity on white: the colour on screen is that blend (a unit or so off).
        blend = tuple(round(0.85 * c + 0.15 * 255) for c in rgb)
        near = sum(n for px, n in seen.items() if max(abs(a - b) for a, b in zip(px, blend)) <= 3)
        out.append((item["label"], blend, near))
    return out


def main():
    package, chromium = sys.argv[1:3]
    legend = json.load(open(os.path.join(package, "legend.json")))
    port = free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", package, str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            # A slow machine may take the screenshot before every source has loaded: up to three tries.
            for attempt in range(3):
                time.sleep(1)
                rows = screenshot(chromium, f"http://127.0.0.1:{port}/index.html", f"{tmp}/shot.png", f"{tmp}/p{attempt}")
                found = class_pixels(rows, legend)
                if found and all(n >= 200 for _, _, n in found):
                    break
            if os.environ.get("HCGIS_KEEP_SHOT"):
                shutil.copy(f"{tmp}/shot.png", os.environ["HCGIS_KEEP_SHOT"])
    finally:
        server.terminate()
    passed = failed = 0
    for label, blend, n in found:
        if n >= 200:
            passed += 1
        else:
            failed += 1
            print(f"FAILED: {label} (on screen {blend}): {n} pixels", file=sys.stderr)
    print(f"web: {passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        serve(sys.argv[2], int(sys.argv[3]))
    sys.exit(main())
