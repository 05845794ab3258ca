"""``som-xl experience serve --workers N`` keeps Nagle's algorithm off (TCP_NODELAY) on
every connection, which uvicorn's own protocol loses on a socket it bound itself."""

from __future__ import annotations

import asyncio
import socket

import pytest


async def _nodelay_of_a_connection(http: str) -> int:
    """Serve on a socket bound as uvicorn's ``--workers`` supervisor binds it (``proto`` 0)
    and report TCP_NODELAY of the server's side of one connection."""
    import uvicorn

    async def app(scope, receive, send):
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 204, "headers": []})
            await send({"type": "http.response.body", "body": b""})

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # proto 0, like uvicorn's bind_socket
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, http=http, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[listener]))
    try:
        for _ in range(200):  # bounded by count
            if server.started:
                break
            await asyncio.sleep(0.01)
        reader, writer = await asyncio.open_connection(*listener.getsockname())
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        await reader.readline()
        (connection,) = server.server_state.connections
        value = connection.transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        writer.close()
        return value
    finally:
        server.should_exit = True
        await task


@pytest.mark.skipif(not hasattr(socket, "TCP_NODELAY"), reason="platformen har ikke TCP_NODELAY")
def test_serve_protocol_sets_tcp_nodelay_where_uvicorns_does_not():
    from som_xl.web.nodelay import SERVE_WITH

    assert asyncio.run(_nodelay_of_a_connection(SERVE_WITH)) != 0
    # If this fails, uvicorn has fixed its issue #3149 and som_xl.web.nodelay can go.
    assert asyncio.run(_nodelay_of_a_connection("auto")) == 0
