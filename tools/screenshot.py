#!/usr/bin/env python3
"""Screenshots of a running demo for the README (headless Chromium over CDP).

    .venv/bin/python tools/screenshot.py URL_PATH OUT.png [--login kam_rep]
        [--size 1400x850] [--base http://localhost:8069] [--click SELECTOR]...

Logs in through /web/login, opens URL_PATH (e.g. /odoo/action-<xmlid>) and
saves a PNG once the page has settled.
"""

import argparse
import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


class Page:
    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=60)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                return message.get("result", {})

    def evaluate(self, expression):
        return self.call("Runtime.evaluate", expression=expression, awaitPromise=True)

    def wait_for(self, selector, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.evaluate(f"!!document.querySelector({json.dumps(selector)})")
            if found.get("result", {}).get("value"):
                return
            time.sleep(0.3)
        raise TimeoutError(selector)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("output")
    parser.add_argument("--login", default="kam_manager")
    parser.add_argument("--base", default="http://localhost:8069")
    parser.add_argument("--size", default="1400x850")
    parser.add_argument("--wait-for", default=".o_action_manager .o_view_controller")
    parser.add_argument(
        "--click", action="append", default=[], help="CSS selector to click before the shot"
    )
    parser.add_argument("--settle", help="CSS selector to wait for after the clicks")
    args = parser.parse_args()
    width, height = (int(value) for value in args.size.split("x"))
    browser = next(filter(None, map(shutil.which, CHROMIUM)))
    profile = tempfile.mkdtemp()
    process = subprocess.Popen(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--remote-debugging-port=9333",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                with urllib.request.urlopen("http://127.0.0.1:9333/json") as response:
                    targets = json.loads(response.read())
                break
            except OSError:
                time.sleep(0.2)
        page = Page(next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"])
        page.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        page.call("Page.navigate", url=f"{args.base}/web/login")
        page.wait_for("input[name=login]")
        page.evaluate(
            f"document.querySelector('input[name=login]').value = {json.dumps(args.login)};"
            f"document.querySelector('input[name=password]').value = {json.dumps(args.login)};"
            "document.querySelector('form.oe_login_form').submit();"
        )
        # the back office, or the portal for a customer's contact
        page.wait_for(".o_main_navbar, body:not(:has(form.oe_login_form)) #wrapwrap")
        page.call("Page.navigate", url=f"{args.base}{args.path}")
        page.wait_for(args.wait_for)
        time.sleep(2)
        for selector in args.click:
            page.wait_for(selector)
            page.evaluate(
                f"{{ const el = document.querySelector({json.dumps(selector)});"
                "el.scrollIntoView({block: 'start'}); el.click(); }"
            )
            time.sleep(1.5)
        if args.settle:
            page.wait_for(args.settle)
            time.sleep(2)
        shot = page.call("Page.captureScreenshot", format="png")
        with open(args.output, "wb") as handle:
            handle.write(base64.b64decode(shot["data"]))
    finally:
        process.terminate()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
