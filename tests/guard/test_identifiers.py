"""Table-driven: one table per identifier recognizer, with rows that must match
and rows that must not."""

from __future__ import annotations

import pytest

from bedside.guard import Context
from tests.guard.helpers import flags, found

INBOUND = Context(direction="inbound", kind="message")

MUST_MATCH = [
    # label, text, the part that must be covered
    ("EMAIL", "write to jane.doe+care@example.org today", "jane.doe+care@example.org"),
    ("EMAIL", "MAIL ME: BOB_99@MAIL.CO.UK", "BOB_99@MAIL.CO.UK"),
    ("URL", "photos at https://example.com/p/123?x=1.", "https://example.com/p/123?x=1"),
    ("URL", "see www.janes-blog.net/about", "www.janes-blog.net/about"),
    ("URL", "my page is mysite.org/me", "mysite.org/me"),
    ("IP", "logged in from 192.168.10.23 last night", "192.168.10.23"),
    ("IP", "v6 2001:db8:85a3:0:0:8a2e:370:7334 too", "2001:db8:85a3:0:0:8a2e:370:7334"),
    ("PHONE", "call me at (617) 555-0199 please", "(617) 555-0199"),
    ("PHONE", "my cell: 617.555.0199", "617.555.0199"),
    ("PHONE", "phone +44 20 7946 0958", "+44 20 7946 0958"),
    ("PHONE", "text 6175550199 anytime", "6175550199"),
    ("PHONE", "Fax: 582-304-7719x214", "582-304-7719x214"),
    ("PHONE", "no one picks up at 47 903316", "47 903316"),
    ("PHONE", "my registered 0874-3316042 never gets the code", "0874-3316042"),
    ("PHONE", "call me (617-555-0199) after six", "617-555-0199"),
    ("PHONE", "his daughter can be reached at (318207-5594)", "318207-5594"),
    ("PHONE", "page the resident, Pager #61730 tonight", "61730"),
    ("PHONE", "call back via PG 48812", "48812"),
    ("PHONE", "anesthesia is on beeper number 29164 all night", "29164"),
    ("ID", "SSN 078-05-1120 on file", "078-05-1120"),
    ("ID", "card 4111 1111 1111 1111 was charged", "4111 1111 1111 1111"),
    ("ID", "MRN: 00482913 in the chart", "00482913"),
    ("ID", "member id ABC1234567 for the plan", "ABC1234567"),
    ("ID", "my IBAN is GB82WEST12345698765432", "GB82WEST12345698765432"),
    ("ID", "her driver's license number is 8802417", "8802417"),
    ("ID", "the car was 1M8GDM9AXKP042788 all along", "1M8GDM9AXKP042788"),
    ("ID", "my insulin pump serial is SN-88213-XZ and it keeps failing", "SN-88213-XZ"),
    ("DATE", "born on 3/14/1950 in the city", "3/14/1950"),
    ("DATE", "seen 2021-07-04 09:30 in clinic", "2021-07-04 09:30"),
    ("DATE", "admitted March 3rd, 2022 with chest pain", "March 3rd, 2022"),
    ("DATE", "discharged on 4 July", "4 July"),
    ("DATE", "surgery on 7/22", "7/22"),
    ("DATE", "stress test 5/91 read as normal", "5/91"),
    ("DATE", "DIGOXIN LEVEL HIGH-6/3/94. NO ALLERGIES", "6/3/94"),
    ("DATE", "ONSET:7/19 drowsy", "7/19"),
    ("DATE", "labs repeated on the 23rd. Both normal", "the 23rd"),
    ("DATE", "stayed with her aunt in oct. and then moved", "oct"),
    ("DATE", "his first fall was in June of 1988", "June of 1988"),
    ("DATE", "We'll meet Monday at the clinic", "Monday"),
    ("DATE", "urine sent 9/3 via left PICC", "9/3"),
    ("DATE", "consult placed to OT for review 12/14.", "12/14"),
    ("DATE", "will revisit the diet plan 5/22 with dietary", "5/22"),
    ("AGE", "a 93 year old man", "93"),
    ("AGE", "she is 45 y/o", "45"),
    ("AGE", "he just turned 91", "91"),
    ("LOCATION", "she lives at 1200 Maple Avenue now", "1200 Maple Avenue"),
    ("LOCATION", "Boston, MA 02115", "MA 02115"),
    ("LOCATION", "the office in Suite 318", "Suite 318"),
    ("LOCATION", "the flat at 8 rue Lepic is hers", "8 rue Lepic"),
    ("LOCATION", "my address: 2217 Koivutie 9", "2217 Koivutie 9"),
    ("LOCATION", "please send it to 12 oak lane", "12 oak lane"),
    ("LOCATION", "our new clinic at 8 Mile Road opens soon", "8 Mile Road"),
    ("LOCATION", "I live at 2418 walnut st", "2418 walnut st"),
    ("PERSON", "Dr. Okonkwo saw me today", "Okonkwo"),
    ("PERSON", "my nurse was Jessica Alvarez", "Jessica Alvarez"),
    ("PERSON", "shoutout to nurse jessica on 4 west", "jessica"),
    ("PERSON", "JOHN SMITH WAS MY SURGEON", "JOHN SMITH"),
    ("PERSON", "My name is Sigrún Þórðardóttir", "Sigrún Þórðardóttir"),
    ("PERSON", "MARIA GONZALEZ STARTED ON MILRINONE TODAY", "MARIA GONZALEZ"),
    ("LOCATION", "we drove from Chicago to Boston", "Chicago"),
]

MUST_NOT_MATCH = [
    # label, text
    ("DATE", "Founded in 1923, we have served the city for 100 years"),
    ("DATE", "Open 24/7 for emergencies"),
    ("DATE", "half the dose, 1/2 tablet"),
    ("DATE", "the 2024 annual report"),
    ("DATE", "we moved to the 11th floor"),
    ("DATE", "in may we trust"),
    ("DATE", "bp 120/80 and 3/4 of the dose"),
    ("DATE", "rated 5/100 by critics"),
    ("DATE", "range 10:30/45 on the chart"),
    ("PERSON", "We'll meet Monday at noon"),
    ("LOCATION", "urine sent 9/3 via left PICC double lumen"),
    ("LOCATION", "consult placed to OT for review 12/14."),
    ("LOCATION", "Ranked #1 in the state for 3 years in a row!"),
    ("LOCATION", "It is a 10 minute drive from downtown."),
    ("LOCATION", "Only 2 more days on the way to our goal!"),
    ("LOCATION", "3 Years In A Row For Our Heart Team"),
    ("PHONE", "we raised 1,250,000 dollars"),
    ("PHONE", "scores were 10 20 30"),
    ("PHONE", "the 2019-2020 season"),
    ("PHONE", "NURSING PROGRESS NOTE 0700-1930"),
    ("PHONE", "ABG 7.38-33-169 on these settings"),
    ("PHONE", "temps 101- 101.4 overnight"),
    ("PHONE", "a pressure of (120 80) at rest"),
    ("PHONE", "see page 12345 of the pg 13 guide"),
    ("PHONE", "room #4 is ready"),
    ("ID", "our 2024 report"),
    ("ID", "version 3.14.159 released"),
    ("ID", "card 4111 1111 1111 1112 is not a valid number"),
    ("ID", "ABCDEFGHJKLMNPRST is no vehicle"),
    ("IP", "version 1.2.3.4567 of the app"),
    ("IP", "999.1.1.1 is no address"),
    ("AGE", "we have 300 beds"),
    ("EMAIL", "@mention without a domain"),
    ("PERSON", "Happy Nurses Week to all our amazing staff!"),
    ("PERSON", "The Emergency Department is open 24 hours"),
    ("PERSON", "Flu shots are available at all locations this Saturday"),
    ("PERSON", "Call 911 in an emergency"),
    ("PERSON", "PT STARTED ON MILRINONE AND ADMITTED TO CCU"),
    ("PERSON", "Pt given Lopressor and Lasix, Ativan overnight"),
    ("ID", "Our record is 12 wins and 3 losses this season"),
]


def test_it_reports_the_name_after_a_title_not_the_title() -> None:
    for text in ("Dear Mrs. Johnson, we apologize.", "Hi Dr. Smith, thanks for the shout-out."):
        names = flags(text, "PERSON", INBOUND)
        assert names and all(n.rstrip(".") not in ("Mrs", "Dr") for n in names), (text, names)


@pytest.mark.parametrize(("label", "text", "part"), MUST_MATCH)
def test_it_flags_each_identifier(label: str, text: str, part: str) -> None:
    assert found(text, label, part, INBOUND), (label, text)


@pytest.mark.parametrize(("label", "text"), MUST_NOT_MATCH)
def test_it_does_not_flag_lookalikes(label: str, text: str) -> None:
    assert flags(text, label, INBOUND) == []


def test_it_does_not_flag_the_organizations_own_phone_number() -> None:
    ctx = Context(kind="review_reply", org_phones=("617-555-0100",))
    assert flags("Please reach our team at (617) 555-0100.", "PHONE", ctx) == []
    assert flags("Please reach our team at (617) 555-0177.", "PHONE", ctx) != []


def test_it_does_not_flag_the_organizations_own_contact_line() -> None:
    assert flags("Please call us at 617-555-0100 so we can help.", "PHONE", Context(kind="reply")) == []


def test_it_does_not_flag_a_doctors_name_in_the_signature_the_organization_chose() -> None:
    text = "Thank you for your kind words, we will share them with the team.\n— Dr. Amy Lee, Chief Medical Officer"
    signed = Context(kind="review_reply", org_signers=("Amy Lee",))
    assert flags(text, "PERSON", signed) == []
    # Nobody configured her as a signer: a name after a dash is just a name.
    assert flags(text, "PERSON", Context(kind="review_reply")) == ["Amy Lee"]


def test_it_does_not_flag_the_organizations_own_names_and_website() -> None:
    ctx = Context(org_names=("Mercy General",), org_websites=("https://www.mercygeneral.org",))
    text = "Mercy General is hiring! Apply at https://www.mercygeneral.org/careers"
    assert flags(text, "URL", ctx) == []
    assert flags(text, "PERSON", ctx) == []
