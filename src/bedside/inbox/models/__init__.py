from .messages import OPEN_STATES, Message, State
from .queues import Alert, AlertRule, Queue, RoutingRule
from .replies import CannedResponse, CannedVersion, Reply, Takedown

__all__ = [
    "OPEN_STATES",
    "Alert",
    "AlertRule",
    "CannedResponse",
    "CannedVersion",
    "Message",
    "Queue",
    "Reply",
    "RoutingRule",
    "State",
    "Takedown",
]
