"""What a fresh install starts with: queues, routing rules, alert rules and
the canned responses health lawyers' practice suggests.

Shipped templates follow that practice: thank the person; never confirm or
imply they are a patient ("your visit", "your doctor"); never repeat what they
shared; move the conversation offline to a phone line. They arrive awaiting
approval: the hospital's own compliance reviewer approves each before use.
"""

from __future__ import annotations

from typing import Any

# slug, name, description, target minutes, position, default
QUEUES = [
    ("compliance", "Compliance", "Crisis language and PHI: answered first, never in public.", 15, 10, False),
    ("patient-relations", "Patient relations", "Complaints and billing questions.", 240, 20, False),
    ("access-center", "Access center", "Appointments, referrals and getting through to us.", 120, 30, False),
    ("social", "Social team", "Everything else: praise, questions, misinformation, spam.", 480, 40, True),
]
# position, name, flag, intent, queue slug, alert
RULES = [
    (10, "Crisis to compliance", "crisis", "", "compliance", True),
    (20, "PHI to compliance", "phi", "", "compliance", True),
    (30, "Complaints to patient relations", "", "complaint", "patient-relations", False),
    (40, "Appointments to the access center", "", "appointment", "access-center", False),
    (50, "Billing to patient relations", "", "billing", "patient-relations", False),
]
LOW_REVIEW_RULE = "Review of 2 stars or fewer: patient relations and the department leader"
# name, trigger, email_on_call
ALERT_RULES = [
    ("Crisis: on-call now", "crisis", True),
    ("PHI and crisis routed to compliance", "routed", True),
    ("Response-time target missed", "overdue", True),
    # Add patient relations' address in Inbox settings; the reviewed
    # provider's department leader is alerted too (Reputation).
    (LOW_REVIEW_RULE, "low_review", False),
]
CRISIS_REPLY = (
    "We're concerned about what you shared and we want you to be safe. Please call or text 988 to reach "
    "the 988 Suicide & Crisis Lifeline, any time, free and confidential. If you are in immediate danger, "
    "call 911."
)
TAKEDOWN_NOTICE = (
    "Hello, we removed your comment from public view because it included personal health information, "
    "and we want to protect your privacy. We would still like to help: please call {phone} so that we can "
    "talk privately. Thank you, {organization}"
)
# slug, name, intent, private, body
CANNED: list[tuple[str, str, str, bool, str]] = [
    ("thanks", "Thank you for the kind words", "praise", False,
     "Thank you for taking the time to share this! We will pass your kind words along to our teams. "
     "- {organization}"),
    ("complaint-offline", "Sorry, let's talk privately", "complaint", False,
     "Thank you for reaching out, and we are sorry to hear this. We take all feedback seriously and would "
     "like to learn more. Please call our patient relations team at {phone} so we can follow up privately. "
     "- {organization}"),
    ("appointments", "How to make an appointment", "appointment", False,
     "Thanks for reaching out! To schedule or change an appointment, please call {phone} or visit {website}. "
     "To protect your privacy, please do not share personal or medical details here."),
    ("medical-question", "We can't give medical advice here", "medical_question", False,
     "Thank you for your question. We cannot give medical advice on social media. Please call {phone} and "
     "we will help you find the right care. If this is an emergency, call 911."),
    ("billing", "Billing questions offline", "billing", False,
     "Thanks for reaching out. Our billing team would be glad to help: please call {phone}. To protect your "
     "privacy, please do not post account or insurance details here."),
    ("misinformation", "Point to reliable information", "misinformation", False,
     "Thanks for joining the conversation. For accurate, up-to-date information on this topic, please see "
     "{website} or talk with a health care provider you trust."),
    ("crisis-988", "Crisis resources (988)", "crisis", False, CRISIS_REPLY),
    ("takedown-notice", "Why we removed a comment (private)", "", True, TAKEDOWN_NOTICE),
]
PLACEHOLDERS = {
    "organization": "our organization's name",
    "phone": "our main phone line",
    "website": "our website",
}


def install(apps: Any) -> None:
    """Create the defaults that are missing; run from a data migration."""
    Queue = apps.get_model("inbox", "Queue")
    RoutingRule = apps.get_model("inbox", "RoutingRule")
    AlertRule = apps.get_model("inbox", "AlertRule")
    CannedResponse = apps.get_model("inbox", "CannedResponse")
    CannedVersion = apps.get_model("inbox", "CannedVersion")
    queues = {}
    for slug, name, description, target, position, default in QUEUES:
        queues[slug], _ = Queue.objects.get_or_create(slug=slug, defaults={
            "name": name, "description": description, "response_target_minutes": target,
            "position": position, "is_default": default})
    if not RoutingRule.objects.exists():
        for position, name, flag, intent, queue, alert in RULES:
            RoutingRule.objects.create(position=position, name=name, match_flag=flag, match_intent=intent,
                                       queue=queues[queue], alert=alert)
    if not AlertRule.objects.exists():
        for name, trigger, on_call in ALERT_RULES:
            AlertRule.objects.create(name=name, trigger=trigger, email_on_call=on_call)
    for slug, name, intent, private, body in CANNED:
        canned, made = CannedResponse.objects.get_or_create(slug=slug, defaults={
            "name": name, "intent": intent, "private": private, "shipped": True})
        if made:
            CannedVersion.objects.create(canned=canned, number=1, body=body)


def ensure() -> None:
    """The same defaults on a live database (tests that empty tables, the demo)."""
    from django.apps import apps

    install(apps)
