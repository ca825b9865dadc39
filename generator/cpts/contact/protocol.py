"""uvicorn's HTTP/1.1 protocol, answering a malformed request in French.

A request the HTTP parser cannot read never reaches the application, so Starlette's
handlers (app.py) cannot answer it: uvicorn writes « Invalid HTTP request received. »
itself. This subclass writes the service's French words instead (pinned uvicorn: its
`send_400_response` is the one place that text is written).
"""

from __future__ import annotations

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .pages import http_error_text


class FrenchH11Protocol(H11Protocol):
    def send_400_response(self, msg: str) -> None:
        title, text = http_error_text(400)
        body = f"{title} : {text}\n".encode()
        headers = [(b"content-type", b"text/plain; charset=utf-8"),
                   (b"content-length", str(len(body)).encode()),
                   (b"connection", b"close")]
        for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
                      h11.Data(data=body), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()
