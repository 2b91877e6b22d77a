"""The local stack's web app: the gongkai web app served by uvicorn on the socket the supervisor bound for it.

The supervisor binds the port and passes the listening socket down (--fd), so the port cannot be taken by
anyone else between its choice and the start; the app learns its stack id from GONGKAI_STACK_ID.
"""

from __future__ import annotations

import argparse
import socket

import uvicorn


def main() -> None:
    """Serve app.web.app:create_app on the listening socket inherited as --fd."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fd", type=int, required=True, help="a listening socket the supervisor holds for us")
    options = parser.parse_args()
    listener = socket.socket(fileno=options.fd)
    config = uvicorn.Config("app.web.app:create_app", factory=True, log_level="warning")
    uvicorn.Server(config).run(sockets=[listener])


if __name__ == "__main__":
    main()
