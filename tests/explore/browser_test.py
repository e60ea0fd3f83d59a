#!/usr/bin/env python3
"""The explore page in a real headless Chromium, driven through chromedriver's WebDriver HTTP
protocol (urllib only): for om n = 3, f = 1 a user clicks through the steps of the IC2
counterexample and the page then shows IC2 violated, with the last step's variables marked;
Back and another branch work; a shared URL reproduces the state, and a link for other
parameters or with a bad path says what is wrong; a saved trace loads and Forward steps through
it; Run check jumps to the counterexample. With --screenshots DIR it also saves the pictures in docs/.

usage: browser_test.py PROTOCHECK_BINARY [--screenshots DIR]"""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from explore_server import ExploreServer, expect, om_trace_file, scratch_dir

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """One headless Chromium session through chromedriver."""

    def __init__(self, profile):
        driver = shutil.which("chromedriver") or "/usr/lib/chromium/chromedriver"
        browser = shutil.which("chromium") or "/usr/bin/chromium"
        if not os.path.exists(driver) or not os.path.exists(browser):
            raise AssertionError("needs chromium and chromium-driver (scripts/test installs them)")
        self.port = free_port()
        self.driver = subprocess.Popen([driver, "--port=%d" % self.port],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait_for_driver()
        options = {"binary": browser,
                   "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                            "--disable-dev-shm-usage", "--window-size=1500,1000",
                            "--user-data-dir=" + profile]}
        answer = self._call("POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options}}})
        self.session = "/session/" + answer["sessionId"]

    def _wait_for_driver(self, seconds=20):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if self._call("GET", "/status")["ready"]:
                    return
            except (OSError, urllib.error.URLError):
                time.sleep(0.1)
        raise AssertionError("chromedriver did not start within %d s" % seconds)

    def _call(self, method, path, body=None, timeout=60):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request("http://127.0.0.1:%d%s" % (self.port, path), data=data,
                                         method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return json.loads(response.read())["value"]
        except urllib.error.HTTPError as error:
            raise AssertionError("WebDriver %s %s: %s" % (method, path, error.read()[:500]))

    def open(self, url):
        self._call("POST", self.session + "/url", {"url": url})

    def find(self, css):
        return self._call("POST", self.session + "/element",
                          {"using": "css selector", "value": css})[ELEMENT]

    def click(self, css):
        self._call("POST", self.session + "/element/%s/click" % self.find(css), {})

    def type_into(self, css, text):
        self._call("POST", self.session + "/element/%s/value" % self.find(css), {"text": text})

    def run(self, script, *args):
        return self._call("POST", self.session + "/execute/sync", {"script": script, "args": args})

    def wait_for(self, script, what, seconds=15):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.run(script)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError("the page did not show %s within %d s (message: %r)" %
                             (what, seconds, self.run(
                                 "return document.getElementById('message').textContent")))

    def screenshot(self, path):
        with open(path, "wb") as file:
            file.write(base64.b64decode(self._call("GET", self.session + "/screenshot")))

    def close(self):
        try:
            self._call("DELETE", self.session, timeout=20)
        finally:
            self.driver.terminate()
            self.driver.wait(timeout=20)


def wait_for_path(browser, path):
    browser.wait_for("return document.body.dataset.path === %s" % json.dumps(path),
                     "the state at path " + path)


def property_status(browser, name):
    return browser.run("const item = document.querySelector('#properties li[data-name=\"' + "
                       "arguments[0] + '\"]'); return item ? item.dataset.status : null;", name)


def changed_variables(browser):
    return set(browser.run("return [...document.querySelectorAll('#state tr.changed')]"
                           ".map(row => row.dataset.name);"))


def state_text(browser):
    return browser.run("return document.getElementById('state').textContent;")


def main():
    started = time.perf_counter()
    binary = sys.argv[1]
    shots = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None
    scratch = scratch_dir()
    trace_path = om_trace_file(binary, scratch)
    with open(trace_path) as file:
        trace = json.load(file)
    server = ExploreServer(binary, ["om", "--n", "3", "--f", "1"])
    browser = None
    try:
        # The ordinals of the IC2 counterexample, as the server follows the saved trace.
        with open(trace_path, "rb") as file:
            _, loaded = server.request("POST", "/api/trace", body=file.read())
        ordinals = loaded["path"].split(".")
        browser = Browser(os.path.join(scratch, "profile"))
        browser.open(server.url)
        wait_for_path(browser, "0")
        expect(property_status(browser, "IC2") == "holds", "IC2 holds initially")
        if shots:
            browser.screenshot(os.path.join(shots, "explore-start.png"))

        # A user clicks the counterexample's steps one by one.
        for k in range(1, len(ordinals)):
            browser.click('#choices button[data-ordinal="%s"]' % ordinals[k])
            wait_for_path(browser, ".".join(ordinals[:k + 1]))
            history = browser.run("return document.querySelectorAll('#history li').length;")
            expect(history == k + 1, "the run so far lists %d entries: %d" % (k + 1, history))
            expect(browser.run("return document.querySelectorAll('#chart svg').length;") == 1,
                   "a chart after step %d" % k)
        full = ".".join(ordinals)
        expect(property_status(browser, "IC2") == "violated", "IC2 violated after the steps")
        last_changes = set(trace["trace"]["steps"][-1]["changes"])
        expect(changed_variables(browser) == last_changes,
               "marked %r, the last step changed %r" % (changed_variables(browser), last_changes))
        violated_state = state_text(browser)
        if shots:
            browser.screenshot(os.path.join(shots, "explore-om-ic2.png"))

        # Back, then another branch: back to the latest choice (the traitor's message), and
        # the other message this time.
        taken = list(ordinals)
        while True:
            browser.click("#back")
            taken.pop()
            wait_for_path(browser, ".".join(taken))
            expect(property_status(browser, "IC2") == "holds", "IC2 holds before the violation")
            if browser.run("return document.querySelectorAll('#choices button').length;") >= 2:
                break
            expect(len(taken) > 1, "a state with two choices on the way back")
        other = "0" if ordinals[len(taken)] != "0" else "1"
        browser.click('#choices button[data-ordinal="%s"]' % other)
        wait_for_path(browser, ".".join(taken + [other]))
        expect(state_text(browser) != violated_state, "the other branch is another state")

        # A shared link reproduces the state.
        browser.open("about:blank")
        browser.open(server.base + "#" + server.fragment[1:].rsplit("/path=", 1)[0] +
                     "/path=" + full)
        wait_for_path(browser, full)
        expect(state_text(browser) == violated_state, "the shared link shows the same state")
        expect(property_status(browser, "IC2") == "violated", "and IC2 violated")

        # A link for other parameters, or with a path the model does not have, says so.
        browser.open(server.base + "#/om?n=4&f=1/path=0")
        browser.wait_for("return document.getElementById('message').textContent.includes("
                         "'but this server explores om')", "the message about another link")
        browser.open(server.url.rsplit("/path=", 1)[0] + "/path=0.99")
        browser.wait_for("return document.getElementById('message').textContent.includes("
                         "'path element 2 is 99')", "the message about a bad path")

        # A saved trace loads.
        browser.click("#restart")
        wait_for_path(browser, "0")
        browser.type_into("#trace-file", trace_path)
        wait_for_path(browser, full)
        message = browser.run("return document.getElementById('message').textContent;")
        expect("confirmed" in message, "the trace is confirmed: %r" % message)
        # ... and Forward steps through it from the start.
        browser.click("#restart")
        wait_for_path(browser, "0")
        for k in range(1, len(ordinals)):
            browser.click("#forward")
            wait_for_path(browser, ".".join(ordinals[:k + 1]))
        expect(browser.run("return document.getElementById('forward').disabled;"),
               "Forward is disabled at the end of the trace")
        expect(property_status(browser, "IC2") == "violated", "IC2 violated at the trace's end")

        # Run check, and jump to its counterexample.
        browser.click("#restart")
        wait_for_path(browser, "0")
        browser.click("#check")
        browser.wait_for("return document.querySelector('#check-result li[data-name=\"IC2\"] "
                         "button.jump') !== null", "the check's result")
        browser.click('#check-result li[data-name="IC2"] button.jump')
        wait_for_path(browser, full)
        if shots:
            browser.screenshot(os.path.join(shots, "explore-check.png"))
    finally:
        if browser:
            browser.close()
        code, err = server.stop()
    expect(code == 0, "the server stops cleanly: %d %r" % (code, err))
    print("explore page in Chromium: all checks passed in %.1f s" % (time.perf_counter() - started))


if __name__ == "__main__":
    main()
