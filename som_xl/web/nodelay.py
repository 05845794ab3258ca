"""uvicorn's HTTP protocol with TCP_NODELAY on every connection.

With ``--workers N`` uvicorn binds the listening socket itself, with ``proto`` 0, and
asyncio switches Nagle's algorithm off only on sockets whose ``proto`` is TCP. Every
response then sends its headers, and the rest of the body waits for the client's delayed
ACK: about 40 ms per request on Linux (uvicorn issue #3149). ``som-xl experience serve
--workers N`` uses this protocol instead. gunicorn sets TCP_NODELAY on its listening
socket, which Linux passes on to each connection, so the production recipe is not affected.
"""

from __future__ import annotations

import socket

from uvicorn.protocols.http.auto import AutoHTTPProtocol

SERVE_WITH = "som_xl.web.nodelay:HTTPProtocol"
"""What ``uvicorn.run(http=…)`` takes (an import string reaches every worker process)."""


class HTTPProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
    """uvicorn's own HTTP protocol (httptools or h11), with Nagle's algorithm off."""

    def connection_made(self, transport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
