#!/usr/bin/env python3
"""The explore server over HTTP, as the page and as a hostile client use it: the API answers for
om n = 3, f = 1 (states, the IC2 counterexample by check and by a loaded trace), bad paths and
bad traces get a 4xx with a message, requests naming another Host or Origin get 403, oversized
requests are refused, a few hundred random and malformed requests leave it answering, and
SIGTERM stops it cleanly. Also the command line's errors for a bad model, parameter or port.

usage: server_test.py PROTOCHECK_BINARY"""
import random
import signal
import socket
import statistics
import threading
import subprocess
import sys
import time

from explore_server import ExploreServer, expect, om_trace_file, scratch_dir

BINARY = sys.argv[1]


def status_of(properties, name):
    return next(p["status"] for p in properties if p["name"] == name)


def test_command_line_errors():
    for args, words in [(["nosuch"], "nosuch"), (["om", "--n", "99"], "n = 99"),
                        (["om", "--port", "70000"], "--port"), (["om", "--port", "x"], "--port")]:
        run = subprocess.run([BINARY, "explore", *args], capture_output=True, text=True,
                             timeout=30)
        expect(run.returncode == 2, "explore %s: exit %d" % (args, run.returncode))
        expect(run.stderr.count("\n") == 1 and words in run.stderr,
               "explore %s: not one line naming %s: %r" % (args, words, run.stderr))


def test_port_in_use(server):
    run = subprocess.run([BINARY, "explore", "om", "--port", str(server.port)],
                         capture_output=True, text=True, timeout=30)
    expect(run.returncode == 2 and "cannot listen" in run.stderr, "port in use: %r" % run.stderr)


def test_page_and_model(server):
    status, page = server.get("/")
    expect(status == 200 and "protocheck explore" in page, "GET / gives the page")
    for asset in ["/app.js", "/style.css"]:
        status, text = server.get(asset)
        expect(status == 200, "GET " + asset)
        page += text
    # Everything the page needs is in the program: it names no other server.
    expect("http://" not in page and "https://" not in page and "//cdn" not in page,
           "the page fetches nothing from a network")
    status, model = server.get("/api/model")
    expect(status == 200 and model["model"] == "om" and model["params"]["n"] == "3",
           "model: %r" % model)
    expect(server.fragment.startswith(model["fragment_prefix"]), "the printed URL's fragment")


def test_states(server):
    status, start = server.get("/api/state?path=")
    expect(status == 200 and not start["started"] and len(start["choices"]) == 1, "before start")
    status, initial = server.get("/api/state?path=0")
    expect(status == 200 and initial["started"] and initial["chart"] == "", "initial state")
    expect(len(initial["choices"]) == 4, "4 traitor choices: %d" % len(initial["choices"]))
    status, step = server.get("/api/state?path=0.3")
    changed = {v["name"] for v in step["state"] if v["changed"]}
    expect(changed == {c["name"] for c in initial["choices"][3]["changes"]},
           "the changed variables are the choice's: %r" % changed)
    expect(step["chart"].startswith("<svg") or step["chart"].startswith("<?xml"), "a chart")
    # Always the first choice, to a terminal state: there the at-end property is judged.
    path = "0"
    for _ in range(100):
        status, state = server.get("/api/state?path=" + path)
        expect(status_of(state["properties"], "termination") ==
               ("not-judged" if state["choices"] else "holds"), "termination at " + path)
        if state["terminal"]:
            break
        path += ".0"
    expect(state["terminal"] and not state["choices"], "a terminal state within 100 steps")
    for path, words in [("0.99", "path element 2 is 99"), ("abc", "ordinals"), ("0..1", "ordinals"),
                        ("1", "initial state"), (".".join(["0"] * 3000), "at most")]:
        status, body = server.get("/api/state?path=" + path)
        expect(status == 400 and words in body["error"], "path %.20s: %r" % (path, body))


def test_counterexample_by_trace_and_check(server, trace_path):
    with open(trace_path, "rb") as file:
        status, loaded = server.request("POST", "/api/trace", body=file.read())
    expect(status == 200 and loaded["confirmed"] and loaded["property"] == "IC2", "load: %r" % loaded)
    path = loaded["path"]
    expect(len(path.split(".")) == 7, "the path has the initial state and 6 steps: " + path)
    status, end = server.get("/api/state?path=" + path)
    expect(status_of(end["properties"], "IC2") == "violated", "IC2 violated at the end")
    expect(status_of(end["properties"], "termination") in ("holds", "not-judged", "violated"),
           "termination judged")
    up = path.rsplit(".", 1)[0]
    expect(status_of(server.get("/api/state?path=" + up)[1]["properties"], "IC2") == "holds",
           "one step back IC2 holds")
    status, checked = server.request("POST", "/api/check")
    ic2 = next(p for p in checked["properties"] if p["name"] == "IC2")
    expect(status == 200 and ic2["verdict"] == "violated" and ic2["path"] == path,
           "check's IC2 path is the trace's: %r" % ic2)
    verdicts = {p["name"]: p["verdict"] for p in checked["properties"]}
    expect(verdicts == {"IC1": "holds", "IC2": "violated", "termination": "holds",
                        "messages": "holds", "rounds": "holds"},
           "the page's check decides every property: %r" % verdicts)
    for body, words in [(b"not json", "JSON"), (b"{}", "model"),
                        (open(trace_path, "rb").read().replace(b'"n": 3', b'"n": 4'), "n = 4")]:
        status, answer = server.request("POST", "/api/trace", body=body)
        expect(status == 400 and words in answer["error"], "bad trace: %r" % answer)
    return path


def test_host_and_origin(server):
    port = server.port
    for headers in [{"Host": "evil.example:%d" % port}, {"Host": "127.0.0.1"},
                    {"Host": "127.0.0.1:%d" % port, "Origin": "http://evil.example"},
                    {"Host": "127.0.0.1:%d" % port, "Origin": "http://127.0.0.1:%d" % (port + 1)}]:
        status, body = server.get("/api/model", headers=headers)
        expect(status == 403 and "refused" in body["error"], "%r: %d" % (headers, status))
    for headers in [{"Host": "localhost:%d" % port},
                    {"Host": "127.0.0.1:%d" % port, "Origin": "http://127.0.0.1:%d" % port}]:
        expect(server.get("/api/model", headers=headers)[0] == 200, "allowed: %r" % headers)


def test_sizes(server):
    status, body = server.request("POST", "/api/trace", body=b"x" * (17 << 20))
    expect(status == 413, "a 17 MiB body: %d" % status)
    status, _ = server.get("/api/state?path=" + "0." * 6000 + "0")
    expect(status == 414, "a 12 KB request line: %d" % status)
    status, body = server.get("/no/such/page")
    expect(status == 404 and "no such page" in body["error"], "404: %r" % body)


def raw(port, data, timeout=2.0):
    """Sends bytes as they are and reads what comes back (the server may just close)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        try:
            connection.sendall(data)
            connection.shutdown(socket.SHUT_WR)
            return connection.recv(4096)
        except OSError:
            return b""


def fuzzed_request(generator, port):
    host = b"Host: 127.0.0.1:%d\r\n" % port
    kind = generator.randrange(8)
    junk = bytes(generator.randrange(256) for _ in range(generator.randrange(1, 400)))
    if kind == 0:
        return junk
    if kind == 1:
        return b"GET /api/state?path=" + junk.replace(b" ", b"") + b" HTTP/1.1\r\n" + host + b"\r\n"
    if kind == 2:
        numbers = ".".join(str(generator.choice([0, 1, 2, 3, 7, 2**64, -1])) for _ in
                           range(generator.randrange(1, 40)))
        return b"GET /api/state?path=" + numbers.encode() + b" HTTP/1.1\r\n" + host + b"\r\n"
    if kind == 3:
        return (b"POST /api/trace HTTP/1.1\r\n" + host + b"Content-Length: %d\r\n\r\n" % len(junk)
                + junk)
    if kind == 4:
        return b"POST /api/trace HTTP/1.1\r\n" + host + b"Content-Length: 99999999999999999999\r\n\r\n"
    if kind == 5:
        method = generator.choice([b"PUT", b"DELETE", b"BREW", b"", b"G\x00ET", b"OPTIONS"])
        return method + b" /" + junk[:40] + b" HTTP/1.1\r\n" + host + b"\r\n"
    if kind == 6:
        return b"GET / HTTP/1.1\r\n" + host + b"X: " + b"y" * generator.randrange(9000) + b"\r\n\r\n"
    return b"GET /api/state?path=0 HTTP/1.1\r\n" + host + junk + b"\r\n\r\n"


def test_fuzz(server, count=300):
    generator = random.Random(13)
    for k in range(count):
        raw(server.port, fuzzed_request(generator, server.port))
        if k % 50 == 49:
            expect(server.alive(), "the server answers after %d fuzzed requests" % (k + 1))
    expect(server.alive(), "the server answers after the fuzzed requests")


def test_concurrent_clients(server, path, clients=8, each=40):
    """Several clients at once, one of them checking: every answer is a state, a check or 409."""
    statuses = []

    def client(k):
        for i in range(each):
            if k == 0 and i % 10 == 0:
                statuses.append(server.request("POST", "/api/check")[0])
            else:
                statuses.append(server.get("/api/state?path=" + path)[0])

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expect(len(statuses) == clients * each and set(statuses) <= {200, 409},
           "concurrent answers: %r" % sorted(set(statuses)))


def latency(server, path, count=50):
    times = []
    for _ in range(count):
        started = time.perf_counter()
        status, _ = server.get("/api/state?path=" + path)
        times.append(time.perf_counter() - started)
        expect(status == 200, "state request")
    return statistics.median(times) * 1000, max(times) * 1000


def main():
    started = time.perf_counter()
    test_command_line_errors()
    scratch = scratch_dir()
    trace_path = om_trace_file(BINARY, scratch)
    server = ExploreServer(BINARY, ["om", "--n", "3", "--f", "1"])
    try:
        test_port_in_use(server)
        test_page_and_model(server)
        test_states(server)
        path = test_counterexample_by_trace_and_check(server, trace_path)
        test_host_and_origin(server)
        test_sizes(server)
        test_fuzz(server)
        test_concurrent_clients(server, path)
        median, worst = latency(server, path)
    finally:
        code, err = server.stop()
    expect(code == 0 and "stopped" in err, "SIGTERM: exit %d, %r" % (code, err))
    interrupted = ExploreServer(BINARY, ["om"])
    expect(interrupted.alive(), "a second server answers")
    code, err = interrupted.stop(signal.SIGINT)
    expect(code == 0 and "stopped" in err, "Ctrl-C (SIGINT): exit %d, %r" % (code, err))
    print("explore server: all checks passed in %.1f s; /api/state at the IC2 counterexample: "
          "median %.2f ms, max %.2f ms over 50 requests" % (time.perf_counter() - started,
                                                           median, worst))


if __name__ == "__main__":
    main()
