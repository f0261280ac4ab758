"""The policy templates Bedside ships. Each arrives as version 1 awaiting
approval: the organization edits it into its own words (a new version) and a
compliance reviewer approves it before it is in force. Written for Bedside;
{organization} is filled with our name when shown."""

from __future__ import annotations

COMMUNITY_TITLE = "Community policy"
COMMUNITY = """\
Thank you for joining the conversation on {organization}'s social media pages. These pages are for sharing \
news, celebrating our teams and answering general questions. To keep them useful and safe for everyone, \
please read how they work.

This is not medical advice. What we post and what we answer here is general information. It is not a \
diagnosis or treatment plan and does not start a care relationship. For advice about your own health, talk \
with your care team. In an emergency, call 911. If you are thinking about harming yourself, call or text 988.

Please keep your health information private. Do not post your own or anyone else's medical details, \
appointment times, room numbers, test results or account numbers. We will not discuss anyone's care in \
public, and we will not confirm whether someone is or was our patient. If you need help with your care or a \
bill, call us and we will talk privately.

What we remove, and why. We may hide or delete, without notice:
- posts that share someone's health information, including your own, to protect privacy;
- threats, harassment, hate speech, or personal attacks on patients, visitors or staff;
- spam, advertising, and links to unrelated or unsafe sites;
- false claims that could harm someone's health;
- anything unlawful, or that names or shows a patient without their permission.

If we remove a comment that shared health information, we may send you a private message explaining why and \
how to reach us. Repeated violations may lead us to block an account.

We read these pages during business hours and cannot answer every comment. Complaints and compliments are \
welcome: call our patient relations team so we can follow up properly."""

EMPLOYEE_TITLE = "Employee social media policy"
EMPLOYEE = """\
This policy applies to everyone at {organization} who posts, replies or publishes on our behalf, and to what \
you post about work on your own accounts.

Never post about patients. Do not describe your day at work in a way that involves patients: not the person \
you cared for, not the unusual case, not the funny moment at the nurses' station. Leaving out the name is not \
enough. A gender and a symptom, a unit and a time, an age and a town can be enough for someone to recognise \
a patient, and so can a photo with a whiteboard, a wristband or a screen in the background.

Do not confirm that anyone is or was a patient, even when they say so themselves in public. Thank them, do \
not repeat what they shared, and move the conversation to a phone call.

Use Bedside for everything you send on the organization's behalf:
- every reply and post is checked by the HIPAA guard before it goes out;
- what the guard flags waits for a compliance reviewer; never work around it by posting directly on the \
network;
- use approved canned responses where one fits.

On your own accounts, say that your views are your own, do not speak for {organization}, and do not post \
photos taken in patient-care areas.

Crises, media enquiries and legal threats follow the responsibility matrix: tell the people it names at once \
and do not answer on your own.

If you see a post that may identify a patient, tell compliance straight away. Breaking this policy can lead \
to disciplinary action and, for a privacy breach, to reporting under HIPAA."""

TEMPLATES = {"community": (COMMUNITY_TITLE, COMMUNITY), "employee": (EMPLOYEE_TITLE, EMPLOYEE)}
