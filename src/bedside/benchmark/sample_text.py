"""Sentences the sample history's posts are made of, per content type.

Written for the demo, in the voice of a hospital's social team; ``{org}``,
``{day}`` and ``{n}`` are filled in per post. Separate from the labelled set
the classifier is measured on (bench/data/contentmix.jsonl).
"""

TEMPLATES: dict[str, list[str]] = {
    "patient_story": [
        "Meet {name}. Diagnosed with {condition} at {n}, she's now back to the things she loves. #PatientStory",
        "After {n} days in our care, {name} went home this week. His family says the nurses became family.",
        "{name} rang the bell today after her last round of chemo. We're so proud of her journey.",
        "\"I never thought I'd walk again.\" {name}'s recovery after a spinal injury, in her own words.",
        "{name} was {n} when he was diagnosed with {condition}. Today he's cancer-free and coaching soccer.",
    ],
    "health_advice": [
        "5 ways to lower your risk of {condition}, starting today.",
        "Know the signs of {condition}. If you notice them, talk to your doctor.",
        "Did you know? Walking 20 minutes a day can help prevent {condition}.",
        "Our experts explain how to protect yourself from {condition} this season.",
        "Tips for better sleep: keep a regular bedtime and put screens away an hour before bed.",
    ],
    "promotion": [
        "Now open: our new urgent care in {place}, open 8am to 8pm every day.",
        "Book a virtual visit with a {org} provider from your phone. Same-day appointments available.",
        "Schedule your mammogram online. Most insurance accepted, no referral needed.",
        "We're hiring nurses! Join our team at {place}. Apply today.",
        "Proud to be ranked among the nation's best hospitals for {specialty}.",
    ],
    "event": [
        "Join us {day} at 9am for the community health fair in {place}. Free screenings and flu shots.",
        "Free webinar on {condition}, {day} at noon. Register at the link.",
        "Save the date: our annual 5K walk is {day}. Sign up today!",
        "Blood drive {day}, 8am-4pm, in the main lobby. Every donation counts.",
    ],
    "news": [
        "Today we announced a ${n} million expansion of our {specialty} program.",
        "Our researchers published a study on {condition} in a leading journal.",
        "{org} has been awarded a ${n} million NIH grant to study {condition}.",
        "We welcome our new chief medical officer, appointed this week.",
        "Our surgeons performed the region's first robotic {specialty} procedure.",
    ],
    "curated": [
        "Great read from the American Heart Association on {condition}.",
        "Via @CDCgov: what to know about {condition} this season.",
        "Worth a listen: this NPR episode on caring for people with {condition}.",
        "From our friends at the American Cancer Society: new screening guidelines.",
    ],
}
NAMES = ["Rosa", "Marcus", "Denise", "Elijah", "Gloria", "Tommy", "Priya", "James", "Ava", "Walter", "Kayla", "Luis"]
CONDITIONS = ["heart disease", "stroke", "type 2 diabetes", "breast cancer", "the flu", "skin cancer", "asthma"]
PLACES = ["Maple Avenue", "the North campus", "Eastgate", "Lakeview", "downtown"]
SPECIALTIES = ["cardiology", "orthopedics", "cancer care", "neurology", "pediatrics"]
CURATED_LINKS = ["https://www.heart.org/en/news", "https://www.cdc.gov/flu/", "https://www.npr.org/sections/health/"]
