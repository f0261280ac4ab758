from .alerting import Acknowledgement, AlertDelivery, OnCallShift
from .messages import OPEN_STATES, Message, State
from .queues import Alert, AlertRule, Queue, RoutingRule
from .replies import CannedResponse, CannedVersion, Reply, Takedown
from .summaries import ResponseTimeSummary

__all__ = [
    "OPEN_STATES",
    "Acknowledgement",
    "AlertDelivery",
    "OnCallShift",
    "Alert",
    "AlertRule",
    "CannedResponse",
    "CannedVersion",
    "Message",
    "Queue",
    "Reply",
    "ResponseTimeSummary",
    "RoutingRule",
    "State",
    "Takedown",
]
