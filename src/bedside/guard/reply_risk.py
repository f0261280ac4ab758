"""The learned reply-risk model: how likely an outbound reply or post is to
confirm or reveal that a person is or was a patient.

The patient-relationship rules (recognizers/relationship.py) catch the
phrasings they were written for; a light rewording slips past them. This is a
logistic regression over features that carry across wordings:
- designed features, each one a thing a compliance reviewer would point at
  (speaking to the reader about their own care, attendance verbs, a particular
  patient described, a staff member on shift, clinical vocabulary from
  ICD-10-CM next to "you" or "he/she", a named person, the organization's
  privacy-safe phrasing, ...), each also crossed with "this is a post" because
  in a post "you" is the public;
- word unigrams and bigrams hashed into 2**HASH_BITS buckets (crc32), with
  numbers, times and amounts of money folded into one token each.

Inference is plain Python over a list of weights loaded once from
data/reply_risk.json.gz (trained by scripts/train_reply_risk.py with fixed
seeds on bench/data/reply_risk/train_dev.jsonl). Nothing is downloaded.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

from bedside.guard import public_names
from bedside.guard.lexicons import data_path, term_list

MODEL_FILE = "reply_risk.json.gz"
ICD_WORDS_FILE = "icd10cm_words.txt.gz"
HASH_BITS = 15
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")
_TOKEN = re.compile(
    r"\$\s?\d[\d,]*(?:\.\d+)?|\d{1,2}(?::\d\d)?\s?(?:am|pm)(?![a-z])|\d{1,2}:\d\d|\d+(?:st|nd|rd|th)?|"
    r"[a-z]+(?:'[a-z]+)*|#[a-z0-9_]+"
)
_YOU = r"(?:you|your|yours|you're|youre|u|ur|ya|yourself)"
_CARE = (
    r"appointments?|appts?|appt|visits?|stay|sessions?|cleaning|filling|crown|bridge|implant|dentures?|braces|"
    r"aligners|retainer|x-?rays?|glasses|lenses|contacts|frames|specs|progressives|prescriptions?|refills?|"
    r"meds|medications?|inhaler|insulin|shots?|vaccine|results?|scans?|mri|ct|ultrasound|mammogram|biopsy|"
    r"draw|labs?|blood\s?work|tests?|surgery|procedure|treatment|therapy|adjustments?|exam|checkup|"
    r"check-up|follow-?up|consult(?:ation)?|bill|statement|balance|account|copay|co-pay|deductible|claim|"
    r"insurance|plan|chart|records?|discharge|admission|diagnosis|recovery|stitches|cast|splint|iv|"
    r"hearing\saids?|aids|cpap|fistula|dressing|wound|incision|injections?|filler|botox|botox|peel|"
    r"laser|lashes|brows|results|dosage|dose|pill\spacks|delivery|epidural|labor|pregnancy|bite|gums|teeth|"
    r"tooth|knee|back|neck|shoulder|hip|ankle|wrist|eyes?|skin|heart|sleep\sstudy|brace|orthotics|night\sguard|"
    r"molds?|sample|specimen|paperwork|pre-?op|post-?op|before\sphotos|photos|touch-?up|pickup|order|"
    r"referral|authorization|sessions?|physical|shots|scripts?"
)
_RELATIVE = (
    r"mom|mother|dad|father|son|daughter|husband|hubby|wife|partner|child|kids?|baby|toddler|twins|"
    r"grandmother|grandfather|grandma|grandpa|sister|brother|aunt|uncle|little\sone|little\sguy|family"
)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9'])(?:" + pattern + r")(?![a-z0-9'])")


# Designed features: (name, what a reviewer is told when it weighs for a risk,
# regex over the lower-cased sentence or None for those computed in code).
_PATTERNS: tuple[tuple[str, str, re.Pattern[str] | None], ...] = (
    ("your_care", "speaks to the reader about their own visit, device, bill or treatment",
     _rx(r"(?:your|ur|yer)\s(?:[a-z'-]+\s){0,2}?(?:" + _CARE + r")")),
    ("you_attended", "says the reader came in, was seen or was here",
     _rx(_YOU + r"(?:'ve|\s(?:have|had))?\s(?:been\s(?:coming|seeing|getting|bringing|trusting)|trusted\sus|waited|came|come|coming|visited|arrived|stopped|were\s(?:seen|here|in|admitted|discharged|"
         r"treated|given|told|offered|triaged|referred|brought|moved|assessed|diagnosed|fitted|shown)|"
         r"left|checked\sin|walked|made\sit|went\shome|got\shere|had\sblood|picked|filled|attended|missed|"
         r"canceled|cancelled|signed|declined|refused|agreed|chose|asked|stopped\scoming|never\scame)")),
    ("welcomes_patient", "thanks or welcomes the reader as a patient or client",
     _rx(r"(?:thank(?:s|\syou)?|thx|welcome|glad|happy|pleasure|honou?r(?:ed)?|privilege|joy|loved|enjoyed|"
         r"great|nice|so\sfun|miss)\s(?:[a-z']+\s){0,3}?(?:having\syou|seeing\syou|meeting\syou|for\schoosing|"
         r"chose|choosing|for\strusting|trusting|being\s(?:a|one\sof\sour|our)|for\scoming|coming\sin|"
         r"for\sbringing|bringing|to\shave\syou|to\ssee\syou|to\scare|caring\sfor|looking\safter|"
         r"for\sletting|for\sfilling|for\sstopping|doing\syour|working\son\syou|in\sthe\schair|for\svisiting|"
         r"to\sbe\sthere)")),
    ("staff_memory", "a staff member recalls the reader or a patient from their work",
     _rx(r"(?:remember(?:s|ed)?|recalls?|miss(?:es)?|talk\sabout|ask\sabout|asks\sabout)\s(?:you|your|him|her|"
         r"speaking|talking|meeting|seeing|treating|"
         r"them|seeing\syou)|(?:still|always|keep|keeps|often)\s(?:ask(?:ing|s)?|mention(?:ing|s)?|"
         r"bring(?:ing|s)?\s(?:you\s)?up|talk(?:ing|s)?\sabout|think(?:ing|s)?\sof|laugh(?:ing|s)?\sabout|"
         r"brighten)|(?:haven't|have\snot|never|won't)\s(?:forgotten|forget)\s(?:you|your)|think\sof\syou|"
         r"i\s(?:was|am|'m)\s(?:your|his|her|the\s(?:nurse|tech|pa|doctor|assistant|aide|"
         r"therapist|hygienist|one))|i'm\s(?:your|the)\s(?:[a-z]+\s)?(?:nurse|tech|aide|therapist|hygienist|"
         r"who)|as\s(?:his|her|your|their)\s(?:[a-z]+\s)?(?:nurse|therapist|counselor|case\smanager|doctor|"
         r"aide)|i\s(?:drew|filled|stitched|adjusted|saw|treated|did)\s(?:your|you)|was\s(?:on\sshift|working)")),
    ("staff_recall_you", "says our staff still remember, miss or ask about the reader",
     _rx(r"(?:team|staff|crew|girls|guys|ladies|everyone|everybody|all\sof\sus|we|desk|office|dr\s[a-z]+|she|he|"
         r"they|[a-z]+s|your\s[a-z]+)\s(?:[a-z']+\s){0,2}?(?:remember(?:s|ed|ing)?|ask(?:s|ed|ing)?\s(?:about|after|how)|"
         r"miss(?:es|ed|ing)?|forg[eo]t(?:ten)?|talk(?:s|ed|ing)?\sabout|think(?:s|ing)?\sof|"
         r"mention(?:s|ed|ing)?|wonder(?:s|ed|ing)?\show|bring(?:s|ing)?\s(?:you\s)?up)\s(?:you|your|how\syou|"
         r"when\syou)")),
    ("particular_patient", "describes a particular patient or client",
     _rx(r"(?:the|this|that|our|my|a)\s(?:[a-z0-9-]+\s)?(?:patient|client|reviewer|resident|customer|"
         r"individual|gentleman|lady|guy|man|woman|kid|teen|teenager|mom|mama|dad|girl|boy|person\swho|"
         r"frequent\sflyer|writer|author|parent|mother|couple|grandpa|grandma|bride|groom|regular|"
         r"[a-z]+-year-old)(?!s)|one\sof\sour\s(?:[a-z-]+\s){0,2}(?:patients|clients|regulars|members)")),
    ("patients_general", "speaks of patients in general",
     _rx(r"(?:every|any|all|our|new|many|most)\s(?:[a-z]+\s)?(?:patients|clients|families|people)|patients|"
         r"anyone|everyone|everybody|our\scommunity|the\scommunity")),
    ("staff_shift", "a staff member posts about a shift or a case",
     _rx(r"shift|night\sshift|nightshift|tonight|today\si|this\smorning\sa|came\sin\s(?:with|after|by)|"
         r"brought\sin|rolled\sin|had\sa\s(?:guy|patient|woman|man|kid|lady)|#[a-z]*(?:life|nurse|shift)[a-z]*|"
         r"lol|😂|💀")),
    ("you_past", "recounts what the reader did, said or was told",
     _rx(r"(?:you|he|she)\s(?:were|was|had|did|told|said|never|only|didn't|did\snot|were\snot|was\snot|"
         r"declined|refused|left|asked|admitted|stopped|signed|agreed|understood)")),
    ("we_did", "says what the practice did for the reader",
     _rx(r"(?:we|our\s[a-z]+|the\s(?:doctor|nurse|tech|provider|pharmacist|hygienist|therapist|dentist|"
         r"phlebotomist|radiologist|team))(?:'ve|'d|\shave|\shad)?\s(?:did|told|mailed|called|gave|offered|explained|tried|sent|checked|"
         r"billed|charged|refunded|credited|scheduled|booked|moved|waived|removed|reversed|corrected|"
         r"updated|placed|fixed|repaired|set\sup|re-?ran|pulled|put|resent|ordered|applied|treated|saw|"
         r"examined|adjusted|counseled|triaged|discharged|admitted|found|caught|recommended|advised|"
         r"referred|diagnosed|prescribed|made|fitted|fit|switched|started|changed|repaired|dilated|took|drew)\s"
         r"(?:you|your|him|her|it|the|a|no|that|up|back)")),
    ("relative_care", "speaks of the reader's relative",
     _rx(r"(?:your|ur)\s(?:little\s)?(?:" + _RELATIVE + r")(?:'s)?")),
    ("wishes_health", "wishes the reader well about a health matter",
     _rx(r"(?:hope|hoping|glad|happy|wishing|thrilled)\s(?:[a-z']+\s){0,5}?(?:heal|healing|healed|better|"
         r"recover|recovering|mend|cleared|gone|working|helping|easier|stronger|improved|fixed|doing\swell|"
         r"doing\sbetter|feeling|went\swell|back\son|back\sto|finally)")),
    ("privacy_safe", "uses the privacy-safe wording of a careful reply",
     _rx(r"(?:can't|cannot|can\snot|not\sable\sto|unable\sto|never|won't|will\snot|do\snot|don't)\s"
         r"(?:discuss|confirm|comment|share|respond|talk|look\sup|go\sinto|disclose)|privacy|hipaa|"
         r"confidential(?:ity)?|in\s(?:a\s)?(?:public|private)|privately|offline|neither\sconfirm")),
    ("moves_offline", "moves the conversation offline",
     _rx(r"(?:please\s)?(?:call|contact|reach\sout|message|dm|email|text|give\sus\sa\s(?:call|ring))\s"
         r"(?:us|our|the|me|to)|direct\smessage|private\smessage|patient\s(?:relations|experience|advocate)|"
         r"please\s(?:see|visit|read)|talk\s(?:with|to)\sa\s|https?://|www\.")),
    ("thanks_feedback", "thanks the reader for feedback",
     _rx(r"(?:thank(?:s|\syou)?|appreciate)\s(?:[a-z]+\s){0,3}?(?:feedback|review|kind\swords|comments?|"
         r"sharing|writing|stars|shout\sout|support|taking\sthe\stime)")),
    ("advice_to_public", "gives advice to anyone (\"ask your doctor\", \"if you\", an instruction)",
     re.compile(r"(?:^|[.!?]\s+|\n)(?:ask|tell|talk\sto|call|book|schedule|get|make|remember|drink|brush|"
                r"never|always|try|protect|wear|keep|know|learn|join|bring|stop\sby|check|don't|do\snot|"
                r"did\syou\sknow|need|looking|want|thinking|afraid|not\ssure|desk\sjob|questions?)(?![a-z])|"
                r"(?<![a-z])(?:if|when|whenever|before|anytime)\s(?:you|your|anyone|someone)(?![a-z])|"
                r"(?<![a-z])your\s(?:doctor|provider|dentist|pharmacist|physician|eye\sdoctor|care\steam|"
                r"phlebotomist|therapist|nurse|insurance\splan|plan|lab\sslip|skin\swill|kids|family|community|"
                r"teeth|hands)(?![a-z])")),
    ("passes_feedback_on", "passes the reader's feedback on inside the organization",
     _rx(r"(?:shared|passed|forwarded|sent|shown|brought)\s(?:[a-z]+\s)?(?:your|the|this)\s(?:kind\s)?"
         r"(?:feedback|review|comments?|note|concerns?|thoughts|message|words)")),
    ("like_yours", "compares a procedure or case to the reader's own (\"an extraction like yours\")",
     _rx(r"(?:like|as)\s(?:yours|the\sone\syou\s(?:had|got)|you\shad)|(?:one|case|procedure|surgery)\slike\syours")),
    ("your_progress", "follows the reader's own progress or treatment plan",
     _rx(r"(?:watching|seeing|see)\syou\s(?:go|get|hit|walk|run|come|grow|make|finish|ring|move|climb)|"
         r"you(?:'re|\sare)\s(?:almost|nearly|all|so\sclose\sto)\s(?:done|there|finished|healed)|"
         r"(?:more|last|final)\s(?:[a-z]+\s)?(?:trays|adjustments|sessions|visits|treatments|shots|injections|"
         r"appointments|rounds|weeks\sof\s(?:pt|therapy))|you\sput\sin\sthe\swork|every\sexercise\swe\sgave|"
         r"(?:sessions|treatments|visits|rounds|trays|adjustments|injections|shots|weeks|appointments)\s"
         r"(?:left|to\sgo)|(?:halfway|half\sway|most\sof\sthe\sway)\sthrough|one\smore\s(?:round|session|"
         r"treatment|visit|adjustment|tray)")),
    ("symptom_eased", "hopes a particular symptom or illness has eased",
     _rx(r"(?:hope|hopefully|hoping|glad|wishing|relieved|sorry)\s(?:that\s|the\s|your\s|that\s(?:the|your)\s)?"
         r"(?:[a-z-]+\s){0,3}?(?:is|has|are|have|'s|finally)\s(?:[a-z]+\s)?(?:gone|cleared|fading|easing|calming|"
         r"better|behind\syou|let\sgo|let\sup|settled|healed|improving|down|clearing|subsided|under\scontrol|"
         r"came\sback|back|nagging|holding|closing)")),
    ("we_helped_you", "says the practice treated, fitted or helped the reader",
     _rx(r"(?:we|our\s[a-z]+)\s(?:could|were\sable\sto|got\sto|managed\sto|did)\s(?:get|help|see|treat|fit|"
         r"patch|stitch|squeeze|take\scare\sof)\s(?:you|your)|(?:be\s|been\s)?there\sfor\s(?:you|the\sdelivery|"
         r"your)|there\swhen\s(?:you|he|she|they|your)|(?:we|i)\s(?:made|fitted|fit|filled|ordered|prescribed|"
         r"placed|pulled|drew|gave|used|did)\s(?:[a-z-]+\s){0,5}?for\syou(?![a-z])|"
         r"(?:brace|orthotics|guard|glasses|lenses|crown|retainer|aids?|molds?|splint|boot|cast)\s(?:that\s)?"
         r"(?:we|i)\s(?:made|fitted|fit|ordered|placed|gave)|walk\swith\syou|let\s(?:our|us)\s(?:team\s)?(?:care|walk|help|treat)")),
    ("birth_here", "tells of a birth, a discharge or a stay on one of our units",
     _rx(r"born\s(?:here|on\sour|at\sour|in\sour|this\smorning|last\snight|today|yesterday)|"
         r"welcomed\s(?:a\sbaby|baby|twins|triplets|a\slittle|their)|baby\s(?:boy|girl)|"
         r"(?:on|in)\sour\s(?:[a-z0-9]+\s)?(?:unit|floor|ward|nicu|icu|maternity\sfloor|rehab\sfloor)\s"
         r"(?:last\snight|this\smorning|yesterday|today)|went\shome\stoday|home\sat\slast|"
         r"discharge\sbell|ring\s(?:that|the)\sbell|(?:room|bed|bay)\s\d+(?:'s)?\s(?:got|just|is|was|had|"
         r"mama|mom|dad|patient)|in\s(?:room|bed)\s\d+")),
    ("news_casualty", "ties people from a news event to our care",
     _rx(r"(?:last\snight's|yesterday's|this\smorning's|today's|saturday's|sunday's)\s(?:[a-z0-9-]+\s){0,2}?"
         r"(?:crash|fire|pileup|accident|shooting|collision|storm|explosion|wreck)|victims|sent\s(?:\w+\s)?"
         r"(?:people|patients|kids)\sto\sour|patients\sfrom\s(?:saturday|sunday|last|yesterday|today|this|our)|"
         r"with\stheir\snames|tag\syourself")),
    ("staff_news", "is news of a member of staff (an anniversary, a retirement, an award, a new hire)",
     _rx(r"work\sanniversary|years\s(?:of\sservice|with\s(?:us|our|the))|retir(?:es|ing|ed|ement)|"
         r"award|honou?red|recogni[sz]ed|welcome\s(?:to\sthe\steam|our\snew|dr)|joins\sour|newest|"
         r"certification|fellowship|promoted|appointed|named\s(?:chief|director|one|a|our)|employee\sof|"
         r"nurses\sweek|hiring|now\shiring|apply")),
    ("general_your", "says \"your\" of everyone (\"your teeth will thank you\", \"your child's first visit\")",
     _rx(r"will\sthank\syou|(?:^|[.!?]\s)your\s(?:[a-z']+\s){1,2}(?:should|needs?|matters?|deserves?|starts?|"
         r"affects?|may|can|means)|(?:desk\sjob|sitting\sall\sday|grinding\syour\steeth|sensitive\steeth)\?")),
    ("answer_delay", "apologizes for answering late",
     _rx(r"(?:slow|late|delayed)\s(?:reply|response|answer)|delay\sin\s(?:answering|responding|replying|"
         r"getting\sback)|took\s(?:us\s)?(?:a\sfew|so\slong|several|two|three)\s(?:[a-z]+\s)?to\s(?:reply|"
         r"respond|answer|get\sback)|inbox\swas|short\son\s(?:social|staff)")),
    ("patient_tenure", "says how long the reader has been a patient or client (\"since your first visit\", \"all these years\")",
     _rx(r"(?:been|being)\s(?:your|his|her)\s(?:[a-z]+\s)?(?:dentist|doctor|provider|chiropractor|audiologist|"
         r"pharmacist|therapist|counselor|optometrist|hygienist|nurse|pediatrician|surgeon|clinic|pharmacy|team|"
         r"practice)|since\s(?:your|his|her)\s(?:very\s)?first|(?:years|decade)\sof\s(?:your|his|her)|"
         r"(?:grow\sup|grew\sup|growing\sup)\sin\sour|(?:longtime|long-time|loyal|regular|favorite)\s(?:[a-z]+\s)?"
         r"(?:patient|client|regular)|having\syou\sin\sour|practically\sfamily|years\sof\s(?:filling|seeing|"
         r"caring|treating|fitting)")),
    ("care_event", "tells of a care event of someone in particular (recovering, discharged, stitched, went home)",
     _rx(r"recovering|recovered\s(?:from|on|in|at)|(?:was|were|got|been|is|are)\s(?:discharged|admitted|hurt|injured|"
         r"rushed|brought|airlifted|transferred)|patched\s(?:up|you)|stitched\s(?:up|you)|went\shome|"
         r"finished\s(?:therapy|treatment|chemo|rehab|radiation|physical\stherapy)|"
         r"(?:had|got)\s(?:her|his|their)\s(?:very\s)?(?:first|last|final)\s|celebrated\s(?:her|his)\s|"
         r"(?:too\ssick|sick\senough)\sto|(?:saw|heard|walked|stood)\s(?:[a-z']+\s)?(?:for\sthe\sfirst\stime|"
         r"clearly|again)")),
    ("cheers_you_on", "cheers the reader on in their own care (\"so proud of you\", \"crushing it\")",
     _rx(r"proud\sof\s(?:you|him|her|them|your)|crushing\sit|rocking\sit|killing\sit|you\sdid\s(?:it|great|"
         r"amazing|so\swell)|so\sbrave|such\sa\s(?:trooper|champ|warrior|rock\sstar)|hang\sin\sthere|"
         r"keep\s(?:it\sup|going|pushing|fighting)|you've\sgot\sthis|you\sgot\sthis")),
    ("care_today", "tells of a case or delivery on a given day (\"came in today with\", \"delivered a baby this morning\")",
     _rx(r"(?:came\sin|delivered|pulled|removed|stitched|treated|fitted|moved\sout|braces\soff|cast\soff|"
         r"found|saw|rescued|revived|intubated|resuscitated|welcomed|operated)\s(?:[a-z0-9'-]+\s){0,8}?"
         r"(?:today|tonight|this\smorning|this\safternoon|this\sevening|last\snight|yesterday|this\sweekend)")),
    ("wish_on_condition", "wishes or apologizes about a condition, symptom or device (\"hope the infection clears\")",
     None),
    ("event_invite", "invites the reader to a public event",
     _rx(r"(?:see\syou|see\sya|to\ssee\syou|join\sus)\s(?:at|for)\s(?:the|our)\s(?:[a-z0-9-]+\s){0,2}?"
         r"(?:5k|10k|fair|walk|run|booth|event|open\shouse|race|festival|gala|picnic|parade|class|workshop|"
         r"fundraiser)")),
    ("clock_time", "gives a time, date or weekday, like a visit's details", None),
    ("money", "states an amount of money", None),
    ("age", "gives a person's age", _rx(r"\d{1,3}\s?(?:yo|y/o|year\sold|years\sold|yr\sold)|\d{1,3}[,)]|age\s\d")),
    ("title_name", "names a person with a title (Mr., Mrs., Ms.)", None),
    ("named_person", "names a person the guard's name model found", None),
    ("staff_named", "names a member of staff by role, title or credential (\"our hygienist Ana\", \"Jo Park, RN\")",
     None),
    ("named_condition", "ties a named person to a condition, result or treatment (\"Linda's remission\")", None),
    ("clinical_you", "a clinical term in a sentence addressed to the reader", None),
    ("clinical_third", "a clinical term in a sentence about him, her or a patient", None),
    ("clinical_any", "uses clinical vocabulary", None),
)
DESIGNED = tuple(name for name, _, _ in _PATTERNS)
WHY = {name: why for name, why, _ in _PATTERNS}
_N = len(DESIGNED)
_INDEX = {name: i for i, name in enumerate(DESIGNED)}
_WISH_AT = _INDEX["wish_on_condition"]
_TIME = re.compile(r"\d{1,2}(?::\d\d)?\s?(?:am|pm)(?![a-z])|\d{1,2}:\d\d|(?<![a-z])(?:monday|tuesday|wednesday|"
                   r"thursday|friday|saturday|sunday|mon|tues|wed|thurs|fri|sat)(?![a-z])|\d{1,2}/\d{1,2}")
_MONEY = re.compile(r"\$\s?\d")
_WISH = _rx(r"hope|hoped|hoping|hopefully|sorry|glad|wish|wishing|relieved|get\swell|feel\sbetter")
# "the/your/ur ... <care word>" after the wish: "hope the new ear molds feel better".
_CARE_AFTER_WISH = re.compile(r"(?<![a-z])(?:the|your|ur|his|her)\s(?:[a-z-]+\s){0,2}?(?:" + _CARE + r")(?![a-z'])")
_STAFF_NAMED = re.compile(
    r"(?<![A-Za-z])(?:(?:Dr|Doctor|Nurse|nurse|NP|Prof)\.?\s[A-Z][a-z]+|(?:" + public_names.ROLES + r"),?\s[A-Z][a-z]+|"
    r"[A-Z][a-z]+,?\s(?:RN|MD|DO|NP|PA-C|BSN|MSN|DNP|DDS|DMD|PharmD|DPT|PhD|LCSW|CNM)(?![A-Za-z])|"
    r"[A-Z][a-z]+,\s(?:our|the)\s(?:new\s|newest\s|lead\s|licensed\s|senior\s|head\s|chief\s)*(?:[a-z-]+\s)?"
    r"(?:" + public_names.ROLES + r"))"
)
_POSSESSIVE = re.compile(r"(?<![A-Za-z])[A-Z][a-z]+(?:'s|\u2019s)((?:\s[a-z-]+){1,3})")
_CARE_WORD = re.compile(r"(?:" + _CARE + r"|remission|recovery|results|progress|smile|birth|surgery|stay|"
                        r"discharge|diagnosis|treatment|cancer|stroke|fight|journey|battle|last\ssession)$")
_TITLE = re.compile(r"(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Mx)\.?\s[A-Z][a-z]+")
_YOU_RE = _rx(_YOU)
_THIRD_RE = _rx(r"he|she|his|her|him|patient|client|guy|man|woman|lady|kid|baby|girl|boy")
_WORD = re.compile(r"[a-z]+")
# ICD-10-CM words that say nothing clinical on their own.
_ICD_GENERIC = frozenset(
    ["encounter", "unspecified", "subsequent", "initial", "sequela", "other", "specified", "left", "right", "lower", "upper", "level", "type", "without", "with", "unspecified", "part", "parts", "site", "sites", "region", "due", "effect", "elsewhere", "classified", "bilateral", "routine", "delayed", "healing", "nonunion", "malunion", "open", "closed", "degree", "first", "second", "third", "fourth", "fifth", "current", "history", "personal", "family", "status", "person", "persons", "while", "during", "from", "into", "onto", "other", "than", "more", "less", "each", "both", "multiple", "single", "place", "places", "activity", "activities", "external", "cause", "causes", "accident", "struck", "department", "hospital", "facility", "institution", "office", "room", "building", "school", "home", "service", "services", "team", "staff", "unit", "care"]
)


@lru_cache(maxsize=1)
def clinical_vocabulary() -> frozenset[str]:
    """One-word clinical terms: ICD-10-CM description words (public domain, a
    list built by the training script) plus the guard's own clinical and drug
    words."""
    from bedside.guard.recognizers.vocab import clinical_words

    return frozenset(term_list(ICD_WORDS_FILE)) | clinical_words()


def tokens(text: str) -> list[str]:
    out = []
    for t in _TOKEN.findall(text.lower().replace("\u2019", "'")):
        c = t[0]
        if c == "$":
            out.append("<money>")
        elif c.isdigit():
            out.append("<time>" if (":" in t or t.endswith(("am", "pm"))) else "<num>")
        else:
            out.append(t)
    return out


_BUCKETS: dict[str, int] = {}
_BUCKETS_MAX = 200_000  # words and word pairs remembered (a few MB); past it, computed each time


def _bucket(s: str) -> int:
    b = _BUCKETS.get(s)
    if b is None:
        b = zlib.crc32(s.encode("utf-8")) & ((1 << HASH_BITS) - 1)
        if len(_BUCKETS) < _BUCKETS_MAX:
            _BUCKETS[s] = b
    return b


def dimension() -> int:
    return 2 * _N + 2 * (1 << HASH_BITS)


def features(text: str, post: bool, persons: int = 0, where: dict[int, int] | None = None) -> dict[int, float]:
    """Sparse feature vector {index: value}. Layout: designed features, the
    same crossed with "post", hashed n-grams, the same crossed with "post".

    where, when given, receives the offset at which each designed pattern
    first matched (what sentence_logit needs to place it)."""
    lower = text.lower().replace("\u2019", "'")
    designed = [0.0] * _N
    vocab = clinical_vocabulary()
    for i, (_name, _why, regex) in enumerate(_PATTERNS):
        if regex is not None and (m := regex.search(lower)):
            designed[i] = 1.0
            if where is not None:
                where[i] = m.start()
    for m in _SENTENCE.finditer(lower):
        sentence = m.group()
        clinical = sum(1 for w in _WORD.findall(sentence) if w in vocab)
        if not designed[_WISH_AT] and (wish := _WISH.search(sentence)) and (
            clinical or _CARE_AFTER_WISH.search(sentence, wish.end())
        ):
            designed[_WISH_AT] = 1.0
            if where is not None:
                where[_WISH_AT] = m.start() + wish.start()
        if clinical:
            designed[_INDEX["clinical_any"]] += clinical
            if _YOU_RE.search(sentence):
                designed[_INDEX["clinical_you"]] = 1.0
            if _THIRD_RE.search(sentence):
                designed[_INDEX["clinical_third"]] = 1.0
    designed[_INDEX["clinical_any"]] = math.log1p(designed[_INDEX["clinical_any"]])
    designed[_INDEX["clock_time"]] = 1.0 if _TIME.search(lower) else 0.0
    designed[_INDEX["money"]] = 1.0 if _MONEY.search(lower) else 0.0
    designed[_INDEX["title_name"]] = 1.0 if _TITLE.search(text) else 0.0
    designed[_INDEX["named_person"]] = 1.0 if persons else 0.0
    designed[_INDEX["staff_named"]] = 1.0 if _STAFF_NAMED.search(text) else 0.0
    for m in _POSSESSIVE.finditer(text):
        if any(w in vocab or _CARE_WORD.match(w) for w in m.group(1).split()):
            designed[_INDEX["named_condition"]] = 1.0
            break
    toks = tokens(text)
    vec: dict[int, float] = {}
    for i, v in enumerate(designed):
        if v:
            vec[i] = v
            if post:
                vec[_N + i] = v
    base = 2 * _N
    size = 1 << HASH_BITS
    grams = set(toks)
    grams.update(a + " " + b for a, b in zip(toks, toks[1:], strict=False))
    for g in grams:
        b = base + _bucket(g)
        vec[b] = 1.0
        if post:
            vec[b + size] = 1.0
    return vec


def sentence_logit(model: Model, text: str, start: int, end: int, post: bool, where: dict[int, int]) -> float:
    """The part of the text's logit that text[start:end] carries: the designed
    patterns that first matched inside it (from features(where=...)) and its
    own word n-grams, with no pattern searched again. It ranks the sentences
    of a text the model holds, to show the riskiest one."""
    w = model.weights
    total = 0.0
    for i, at in where.items():
        if start <= at < end:
            total += w[i] + (w[_N + i] if post else 0.0)
    toks = tokens(text[start:end])
    grams = set(toks)
    grams.update(a + " " + b for a, b in zip(toks, toks[1:], strict=False))
    base, size = 2 * _N, 1 << HASH_BITS
    for g in grams:
        b = base + _bucket(g)
        total += w[b] + (w[b + size] if post else 0.0)
    return total


# The cues of which at least one must be present for the model to raise a
# text from its review threshold; without one, only from a higher threshold
# (both chosen on dev), so that most findings have a reason a reviewer can
# check. In a post "you" and "we did" speak to and of the public,
# so only cues about a particular person count there.
_ANCHORS_REPLY = frozenset(
    ["your_care", "you_attended", "welcomes_patient", "staff_memory", "particular_patient", "staff_shift",
     "you_past", "we_did", "relative_care", "wishes_health", "clock_time", "money", "age", "title_name",
     "named_person", "clinical_you", "clinical_third", "like_yours", "your_progress", "symptom_eased",
     "we_helped_you", "named_condition", "staff_recall_you", "patient_tenure", "care_event", "cheers_you_on",
     "care_today", "wish_on_condition"]
)
_ANCHORS_POST = frozenset(
    ["staff_memory", "particular_patient", "staff_shift", "age", "title_name", "named_person", "clinical_third",
     "welcomes_patient", "birth_here", "news_casualty", "named_condition", "care_event", "care_today"]
)


# The wording of a careful reply: with none of the anchors above, a text that
# says one of these is not raised by word n-grams at all.
_CAREFUL = ("privacy_safe", "moves_offline", "thanks_feedback", "passes_feedback_on", "answer_delay", "event_invite")


def anchored(vec: dict[int, float], post: bool) -> bool:
    anchors = _ANCHORS_POST if post else _ANCHORS_REPLY
    return any(vec.get(_INDEX[name]) for name in anchors)


def gate(vec: dict[int, float], post: bool) -> int:
    """1: an anchoring cue is present; -1: none, and the wording is careful;
    0: neither."""
    if anchored(vec, post):
        return 1
    return -1 if any(vec.get(_INDEX[name]) for name in _CAREFUL) else 0


def threshold(model: Model, vec: dict[int, float], post: bool) -> float:
    """The probability from which the guard raises this text: the review
    threshold with an anchoring cue, a higher one without, never (above 1)
    for careful wording with no anchoring cue."""
    g = gate(vec, post)
    return model.review_at if g == 1 else (2.0 if g == -1 else model.unanchored_at)


@dataclass(frozen=True)
class Model:
    weights: list[float]
    bias: float
    review_at: float  # a probability at or above this goes to a person
    block_at: float  # at or above this the text is blocked
    unanchored_at: float  # a text with no anchoring cue is raised only from here
    trained_on: str

    def logit(self, vec: dict[int, float]) -> float:
        w = self.weights
        return self.bias + sum(w[i] * v for i, v in vec.items())

    def probability(self, vec: dict[int, float]) -> float:
        z = self.logit(vec)
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0

    def reasons(self, text: str, vec: dict[int, float], post: bool, top: int = 3) -> list[str]:
        """What weighed most for the risk, in words: designed features by
        name, then the reader's words that carried weight."""
        w = self.weights
        said: list[tuple[float, str]] = []
        for i in range(_N):
            contribution = w[i] * vec.get(i, 0.0) + (w[_N + i] * vec.get(_N + i, 0.0) if post else 0.0)
            if contribution > 0.25:
                said.append((contribution, WHY[DESIGNED[i]]))
        toks = tokens(text)
        grams = dict.fromkeys(toks)
        grams.update(dict.fromkeys(a + " " + b for a, b in zip(toks, toks[1:], strict=False)))
        size = 1 << HASH_BITS
        weighed = []
        for g in grams:
            if g.startswith("<"):
                continue
            b = 2 * _N + _bucket(g)
            c = w[b] + (w[b + size] if post else 0.0)
            if c > 0.15:
                weighed.append((c, g))
        said.sort(reverse=True)
        weighed.sort(reverse=True)
        out = [why for _, why in said[:top]]
        if weighed:
            out.append("words like " + ", ".join(repr(g) for _, g in weighed[:3]))
        return out


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether the model ships (looked up once: a file-system call a scan was
    a tenth of a short post's time); the training script clears the cache."""
    return bool(data_path(MODEL_FILE).is_file())


@lru_cache(maxsize=1)
def model() -> Model:
    raw = json.loads(gzip.decompress(data_path(MODEL_FILE).read_bytes()).decode("utf-8"))
    if raw["designed"] != list(DESIGNED) or raw["hash_bits"] != HASH_BITS:
        raise RuntimeError(f"{MODEL_FILE} was trained with other features; rerun scripts/train_reply_risk.py")
    weights = [0.0] * dimension()
    for i, v in raw["weights"]:
        weights[i] = v
    return Model(weights, raw["bias"], raw["review_at"], raw["block_at"], raw["unanchored_at"], raw["trained_on"])


def score(text: str, post: bool, persons: int = 0) -> float:
    """The model's probability that the text discloses a patient relationship,
    0 when it is below what the guard acts on."""
    vec = features(text, post, persons)
    m = model()
    p = m.probability(vec)
    return p if p >= threshold(m, vec, post) else 0.0
