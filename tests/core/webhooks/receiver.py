"""A webhook receiver for the tests, run in its own process:

    python receiver.py PORT LOG [--status CODE] [--fail-first N] [--hang-first N]

Every POST is appended to LOG as one JSON line (path, headers, body) before it is answered:
the first N with 503 (--fail-first), or never (--hang-first: the request is recorded and the
connection left open), then with CODE (200 unless told)."""

import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("port", type=int)
parser.add_argument("log")
parser.add_argument("--status", type=int, default=200)
parser.add_argument("--fail-first", type=int, default=0)
parser.add_argument("--hang-first", type=int, default=0)
options = parser.parse_args()
lock = threading.Lock()
seen = 0


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        global seen
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        with lock:
            seen += 1
            number = seen
            with open(options.log, "a") as log:
                record = {
                    "path": self.path,
                    "headers": {name.lower(): value for name, value in self.headers.items()},
                    "body": body,
                }
                log.write(json.dumps(record) + "\n")
        if number <= options.hang_first:
            time.sleep(3600)
        status = 503 if number <= options.fail_first else options.status
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", options.port), Handler)
server.daemon_threads = True
print("listening", flush=True)
server.serve_forever()
