"""A real SMTP server on 127.0.0.1 (aiosmtpd) for e-mail alerts, sent
through Django's SMTP backend as a hospital's relay would receive them.
Addresses listed in ``refuse`` are answered 550, as a relay refuses an
unknown mailbox."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Mailbox:
    received: list[Message] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,  # noqa: N802 - aiosmtpd's name
                          rcpt_options: list[str]) -> str:
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        mail = message_from_bytes(envelope.content)
        mail["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.received.append(mail)
        return "250 Message accepted"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.received if address in m["X-Envelope-To"]]


def subject(mail: Message) -> str:
    """The Subject as a person reads it (decoded from its RFC 2047 form)."""
    return str(make_header(decode_header(mail["Subject"]))).replace("\r\n", "").strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start() -> tuple[Controller, Mailbox]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, box
