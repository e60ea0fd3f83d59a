"""A `protocheck explore` server for the tests: started on a free port, its URL read from the
line it prints, asked over HTTP, and stopped with SIGTERM (which must end it cleanly)."""
import http.client
import json
import os
import re
import select
import signal
import subprocess
import tempfile
import time

URL_LINE = re.compile(r"(http://127\.0\.0\.1:(\d+)/)(#\S*)")


class ExploreServer:
    def __init__(self, binary, model_args, startup_seconds=30):
        self.process = subprocess.Popen(
            [binary, "explore", *model_args, "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self._first_line(startup_seconds)
        found = URL_LINE.search(line)
        if not found:
            self.process.kill()
            raise AssertionError("no URL in the first line: %r" % line)
        self.base, self.port, self.fragment = found.group(1), int(found.group(2)), found.group(3)
        self.url = self.base + self.fragment

    def _first_line(self, seconds):
        ready, _, _ = select.select([self.process.stdout], [], [], seconds)
        if not ready:
            self.process.kill()
            raise AssertionError("the server printed no URL within %d s" % seconds)
        return self.process.stdout.readline()

    def request(self, method, path, body=None, headers=None, timeout=30):
        """(status, parsed JSON or text) of one request; Host is this server's unless given."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        all_headers = {"Host": "127.0.0.1:%d" % self.port}
        all_headers.update(headers or {})
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        if response.getheader("Content-Type", "").startswith("application/json"):
            return response.status, json.loads(data)
        return response.status, data.decode("utf-8", "replace")

    def get(self, path, **options):
        return self.request("GET", path, **options)

    def alive(self):
        status, body = self.get("/api/model", timeout=10)
        return status == 200 and body.get("model") is not None

    def stop(self, sent=signal.SIGTERM, seconds=10):
        """Sends `sent` (SIGTERM, or SIGINT as Ctrl-C does); returns (exit code, stderr)."""
        self.process.send_signal(sent)
        try:
            _, err = self.process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError("the server did not stop within %d s of %s" % (seconds, sent.name))
        return self.process.returncode, err


def om_trace_file(binary, directory):
    """The IC2 counterexample of om n = 3, f = 1 as check writes it."""
    path = os.path.join(directory, "om-ic2.json")
    run = subprocess.run([binary, "check", "om", "--n", "3", "--f", "1", "--threads", "1",
                          "--trace", path, "--format", "json"], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    return path


def scratch_dir():
    return tempfile.mkdtemp(prefix="protocheck-explore-test-")


def expect(condition, what):
    if not condition:
        raise AssertionError(what)
