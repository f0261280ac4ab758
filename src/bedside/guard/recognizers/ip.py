from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from bedside.guard.recognizers.base import Pattern, PatternRecognizer, fast_start

IPV4_RE = fast_start(r"(?<![\w.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w]|\.\d)")
# Every IPv6 address has a hex group between two colons (at least three groups).
_HEX_BETWEEN_COLONS = re.compile(r":[0-9a-f]{1,4}:")
IPV6_RE = re.compile(r"(?<![\w:])(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}(?![\w:])", re.IGNORECASE)


@dataclass
class IpRecognizer(PatternRecognizer):
    label: str = "IP"
    name: str = "ip"
    what: str = "an IP address"
    needs_digit: bool = True
    patterns: tuple[Pattern, ...] = (Pattern("ipv4", IPV4_RE, 0.85), Pattern("ipv6", IPV6_RE, 0.8, gate=_HEX_BETWEEN_COLONS))

    def validate(self, text: str, pattern: Pattern) -> float | None:
        try:
            ipaddress.ip_address(text)
        except ValueError:
            return 0
        return None
