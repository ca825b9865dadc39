"""What the tests of `cpts init` share: the command as a coordinator types it, and the geo API
replayed by a local server from a boundaries file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit


def cpts(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("cpts")), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)


def replay_geo_api(collection: Path) -> tuple[ThreadingHTTPServer, str]:
    """geo.api.gouv.fr's /communes?code=… answer, replayed from a boundaries file."""
    features = {str(f["properties"].get("code")): f
                for f in json.loads(collection.read_text(encoding="utf-8"))["features"]}

    class Replay(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            code = parse_qs(urlsplit(self.path).query).get("code", [""])[0]
            body = json.dumps({"type": "FeatureCollection",
                               "features": [features[code]] if code in features else []}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Replay)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"
