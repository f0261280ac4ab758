"""Routing: the first enabled rule that matches decides a message's queue.

Rules are edited by admins (Can.MANAGE_SETTINGS) in the inbox settings; a
message no rule matches goes to the default queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from bedside.inbox.models import Message, Queue, RoutingRule


@dataclass
class Router:
    rules: list[RoutingRule]
    default: Queue | None

    @classmethod
    def load(cls) -> Router:
        rules = list(RoutingRule.objects.filter(enabled=True).select_related("queue").order_by("position", "id"))
        return cls(rules, Queue.objects.filter(is_default=True).order_by("position").first())

    def route(self, message: Message) -> tuple[Queue | None, RoutingRule | None]:
        for rule in self.rules:
            if matches(rule, message):
                return rule.queue, rule
        return self.default, None


def matches(rule: RoutingRule, message: Message) -> bool:
    if rule.match_flag:
        if rule.match_flag == "problem":
            if not message.problem:
                return False
        elif not getattr(message, rule.match_flag, False):
            return False
    if rule.match_intent and rule.match_intent not in (message.intents or [message.intent]):
        return False
    if rule.match_network and rule.match_network != message.network:
        return False
    return not (rule.match_kind and rule.match_kind != message.kind)
