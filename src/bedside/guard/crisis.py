"""Crisis language: the one place that says whether a text is a crisis.

Plain Python, no Django. The guard's crisis recognizer turns these hits into
findings for every scan, and the guard's policy turns a finding into the
verdict; the inbox's triage reads the guard's verdict and nothing else.

Recall comes first (a missed crisis can cost a life, a false alarm a minute
of an on-call person's time), but a crisis word needs its context: "this
parking price will kill me lol" and "a razor sharp team" page nobody. So the
rules are families of *constructions*, not lists of phrases:

- who: I, you, or someone else ("my sister says she is going to kill herself");
- what: ideation (active and passive), farewells, means and plans, self-harm,
  overdose, an attempt, or a medical emergency happening now;
- how sure: ``strong`` escalates alone; ``soft`` (figurative-prone, such as
  "want to die") is dropped next to laughter or a retraction ("lol", "jk");
  ``weak`` (despair without a plan: "hopeless", "psych ward") escalates only
  when two different weak cues meet, as they do in a long history of posts.

Every hit is then checked against its left context (negation: "I'm not
suicidal", "no longer self harming") and its right context (the topic, not a
person: "suicide prevention walk", "signs of a stroke", "stroke rehab").
Measured on short messages written for this purpose, on the C-SSRS Reddit
users and on everyday text: bench/crisis_short.py and BENCHMARKS.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from bedside.guard import literals
from bedside.guard.hashed import HashedLinear

SELF_HARM = "self_harm"
IDEATION = "ideation"
FAREWELL = "farewell"
MEANS = "means"
OVERDOSE = "overdose"
ATTEMPT = "attempt"
EMERGENCY = "emergency"
KINDS = (IDEATION, FAREWELL, MEANS, SELF_HARM, OVERDOSE, ATTEMPT, EMERGENCY)

STRONG, SOFT, WEAK, LONE = "strong", "soft", "weak", "lone"
# A history of posts this long that carries even one of the LONE cues is
# escalated: despair named outright ("hopeless", "psych ward") in a long
# account of someone's life is how ideation shows before the words above.
LONG = 1000

# Building blocks, spelled the way people type them (apostrophes optional).
_REFL = r"(?:my ?self|him ?self|her ?self|them ?sel(?:f|ves)|your ?sel(?:f|ves)|our ?selves|themself)"
_POSS = r"(?:my|his|her|their|your|our)"
_NT = r"(?:n'?t| ?not)"  # "don't", "dont", "do not" and "donot" alike
_DONT = rf"(?:do{_NT}|does{_NT}|did{_NT}|dont|doesnt|didnt|never|no longer)"
_WANT = r"(?:want(?:s|ed|ing)?|wanna|wish(?:es|ed)?|need(?:s|ed)? to|hope(?:s|d)?|would like|'d like|like)"
_MEANING = r"(?:going to|gonna|about to|ready to|planning to|plan(?:s|ned)? to|decided to|will|'ll|want(?:s|ed)? to|wanna)"
_PILLS = (r"(?:pills?|tablets?|tabs|meds|medications?|medicine|paracetamol|acetaminophen|tylenol|ibuprofen|aspirin|"
          r"xanax|valium|diazepam|lithium|insulin|antidepressants?|sertraline|citalopram|fluoxetine|opioids?|"
          r"oxy\w*|codeine|tramadol|morphine|sleeping (?:pills|tablets)|sleepers|painkillers?|pain meds|"
          r"heart pills|blood pressure pills|co-?codamol|zopiclone|amitriptyline|mirtazapine|pregabalin|gabapentin|"
          r"benzos|benzodiazepines|quetiapine|propranolol|nurofen|panadol|anadin|naproxen)")
_LIFE = r"(?:life|living|going on|keep(?:ing)? going|carry(?:ing)? on|being alive|staying alive|being here|existing)"
_SOON = r"(?:tonight|today|tomorrow|this (?:weekend|week|time)|now|soon|on (?:\w+day)|for good|forever)"
# A person someone reports about ("my sister", "a friend of mine", "he").
_WHO3 = (r"(?:he|she|they|him|her|them|my \w+(?: \w+)?|a friend(?: of mine)?|someone|somebody|a (?:guy|man|woman|"
         r"kid|girl|boy|patient|student)|our \w+)")

# A rule may name its triggers (a 4th element): words one of which it needs;
# it is then tried only on a text the gate found one of them in.
_RULES: tuple[tuple[str, str, str] | tuple[str, str, str, tuple[str, ...]], ...] = (
    # -- naming the act, any person -------------------------------------------------
    (SELF_HARM, STRONG, r"\bsu[i]?c[i]?de?(?:al|s)?\b|\bsuicid\w*|\bsucid\w*|\bsuicde\w*|\bkys\b"),
    (SELF_HARM, STRONG, rf"\b(?:kill(?:s|ed|ing)?|hang(?:s|ed|ing)?|hung|drown(?:s|ed|ing)?|shoot(?:s|ing)?|shot|"
                        rf"poison(?:s|ed|ing)?|stab(?:s|bed|bing)?|suffocat\w*|smother\w*|off(?:ing|ed)?|unalive|unaliv(?:ing|ed)|"
                        rf"delete|deleting|end(?:ing)?) {_REFL}\b|\bkms\b|\bunaliv(?:e|ing|ed)\b"),
    (SELF_HARM, STRONG, rf"\b(?:hurt(?:s|ing)?|harm(?:s|ed|ing)?|cut(?:s|ting)?|burn(?:s|ed|t|ing)?|starv(?:e|es|ed|ing)|"
                        rf"hit(?:s|ting)?|punch(?:es|ed|ing)?|scratch(?:es|ed|ing)?|injur(?:e|es|ed|ing)) {_REFL}"
                        rf"(?! (?:at|while|playing|falling|lifting|doing|on (?:the|a)|in (?:the|a)|shaving|"
                        rf"cooking|gardening|by accident|accidentally|slightly|a bit|when (?:i )?(?:fell|slipped|tripped|was "
                        rf"(?:playing|running|lifting|cooking))))\b"),
    (SELF_HARM, STRONG, r"\bself[- ]?(?:harm\w*|injur\w*|mutilat\w*|poison\w*)|\bnssi\b"),
    (SELF_HARM, STRONG, rf"\b(?:end(?:s|ed|ing)?|take|takes|taking|took|taken) {_POSS} (?:own )?life\b"),
    (SELF_HARM, STRONG, rf"\b(?:use|using|used|turn(?:ed|ing)?|point(?:ed|ing)?) (?:it|them|(?:the|his|her|my|their|a|dad's|mum's|mom's) \w+) on {_REFL}\b"),
    (SELF_HARM, STRONG, r"\b(?:urge|urges|need|going|want|wanted|started|start|starting|keep|kept) (?:to )?cut(?:ting)?\b"
                        r"(?! (?:the|my|his|her|a|down|back|it|out|off|in|up|costs?|hair|grass|queue))"),
    (SELF_HARM, STRONG, rf"\bcutting {_POSS} (?:arms?|wrists?|legs?|thighs?|skin|stomach|body)\b|\bcut {_POSS} "
                        rf"(?:wrists?|(?:arms?|legs?|thighs?) (?:again|open|deep))\b"),
    (SELF_HARM, STRONG, rf"\bburn(?:ing|ed|t|s)? {_POSS} (?:skin|arms?|legs?|hands?|wrists?|thighs?) (?:with|on "
                        rf"purpose)|\bsliced {_POSS} (?:leg|arm|wrist|skin|thigh)s?"),
    (SELF_HARM, STRONG, r"\b(?:cut|cutting|burning|harming|hurting) (?:again|tonight|too deep|deep(?:er)?)\b"),
    (SELF_HARM, STRONG, r"\brelapsed?\b(?: \w+){0,2} (?:cut\w*|self[- ]?harm\w*|harm\w*|hurt\w*|burn\w*)"),
    (SELF_HARM, STRONG, rf"\bcuts (?:on|all over) {_POSS} (?:wrists?|arms?|thighs?|legs?|stomach)"),
    (SELF_HARM, STRONG, rf"\bscars? (?:on {_POSS} \w+ )?(?:are|is) from me\b|\bslit {_POSS} wrists?"),
    (SELF_HARM, STRONG, r"\b(?:until|till|til|'til) (?:they|it|my \w+) (?:bled|bleed|bleeds|bleeding)\b"),
    (SELF_HARM, STRONG, r"\b(?:deliberately|on purpose|intentionally) (?:burn|burned|burnt|cut|hit|hurt|scald|scalded)"
                        r"|\b(?:burn|burned|burnt|cut|hit|hurt|punch(?:ed)?|smash(?:ed)?|bang(?:ed)?|scald(?:ed)?|broke) \w+ (?:\w+ ){0,4}"
                        r"(?:deliberately|on purpose)|\bpunch(?:ed|ing)? (?:the |a )?walls? (?:until|till|til)\b"),
    (SELF_HARM, SOFT, r"\b(?:to )?feel (?:something|pain)\b(?=.{0,40}\b(?:cut|burn|hurt|harm|blade|razor))"
                      r"|\b(?:cut|burn|hurt|harm)\w*\b.{0,40}\bto feel (?:something|pain)\b"),
    # -- ideation, active and passive ----------------------------------------------
    (IDEATION, SOFT, rf"\b{_WANT} (?:to )?(?:die|be dead|not (?:be )?(?:alive|here|exist)|stop existing|"
                     r"not wake up|never wake up|disappear (?:forever|for good|permanently)|end it(?: all)?|"
                     r"end (?:things|everything)|be gone|"
                     r"(?:it all|everything|it|the pain|this|life) to (?:stop|end)(?= *(?:$|[.,!]| forever| for good| "
                     r"permanently)))\b"),
    (IDEATION, STRONG, rf"\b{_MEANING} (?:kill|end|take|off) (?:{_REFL}|{_POSS} (?:own )?life|it all|it(?= *(?:$|[.,!]|"
                       rf"{_SOON}))|things(?= *(?:$|[.,!]|{_SOON})))"),
    (IDEATION, STRONG, rf"\b(?:ending|end(?:ed)?) (?:it all|things|everything|it)(?: \w+)? (?:for good|{_SOON}|again|"
                       r"forever|tonight)\b|\b(?:thinking|thought|think|thinks) (?:of|about) (?:ending|killing|"
                       r"dying|death|not (?:existing|being here|being alive|waking up)|suicide|taking my)\b"),
    (IDEATION, STRONG, rf"\b{_DONT} (?:want|wanna|wish|wants|feel like|see (?:a|any) (?:reason|point)) (?:to |in )?"
                       r"(?:live|living|be alive|being alive|be here|being here|exist|existing|"
                       r"wake up(?! (?:early|late|on time|in time|before|for|at|until))|go on|going on|keep going|"
                       r"keep living|carry on|carrying on|be around|stay alive|do (?:this|life)|be in this world)\b"),
    (IDEATION, STRONG, r"\b(?:wish(?:ing)?|hope|hoping|pray(?:ing)?) (?:that )?i (?:was|were|would|could|had|'d|don'?t|do not|wouldn'?t|would not|couldn'?t|"
                       r"didn'?t|won'?t|wasn'?t|never|just)(?: \w+){0,3} (?:dead|die|born|wake up|exist|alive)\b"),
    (IDEATION, STRONG, r"\b(?:everyone|everybody|the world|people|my family|his family|her family|their family|"
                       r"they|we|you'?d all|we'?d all|they'?d all) (?:would|will|'d) (?:all )?be (?:better|happier) "
                       r"(?:off )?without (?:me|you|him|her|them)\b"),
    (IDEATION, STRONG, r"\b(?:better|happier|easier|off) (?:off )?(?:without me|with me gone|if i (?:just |simply |only )?(?:was|were|'m|am|"
                       r"wasn'?t|weren'?t|had|died|disappeared|did not|didn'?t)(?: \w+){0,2}(?:gone|dead|around|here|"
                       r"died|exist|born|alive|disappeared)?)"),
    (IDEATION, STRONG, r"\b(?:better off|be happier|rather be|be better) dead\b|\bdeath would be (?:easier|better|"
                       r"a relief|kinder)|\b(?:rather|prefer to) (?:die|be dead)\b(?! than)"),
    (IDEATION, STRONG, rf"\b(?:tired|sick|exhausted) of (?:living|existing|being alive|life|being here|{_LIFE})\b"),
    (IDEATION, STRONG, r"\b(?:no|nothing|zero|not any|isn'?t any|not a|no real) (?:point|reason|purpose)s? "
                       r"(?:in |of |to |for )?(?:me )?(?:living|live|going on|being alive|staying alive|stay alive|"
                       r"me being alive|carrying on|existing|keep(?:ing)? going|being here)\b"
                       r"|\bnothing (?:left )?to live for\b|\bno reason (?:for me )?to (?:live|stay|be here)\b"),
    (IDEATION, STRONG, r"\bwhat(?:'?s| is) (?:even )?the point (?:of|in) (?:going on|living|life|being alive|anything|staying alive|"
                       r"carrying on|me|existing|it all|trying anymore|keep(?:ing)? going)\b"),
    (IDEATION, STRONG, r"\bcan'?t (?:go on|keep going|carry on|do life|keep living|live like this)"
                       r"(?= *(?:$|[.,!?]|anymore|any more|like this|living|much longer|without))"),
    (IDEATION, STRONG, r"\b(?:life|living|my life)(?: \w+)? (?:isn'?t|is not|is no longer|not) worth (?:it|living)\b|"
                       r"\bnot worth living\b|\blife is (?:pointless|meaningless|not worth)"),
    (IDEATION, STRONG, r"\b(?:never|not|wasn'?t|weren'?t) (?:have )?been born\b|\bwhy am i (?:even )?still "
                       r"(?:here|alive)\b|\b(?:stop|not|quit) existing\b"),
    (IDEATION, STRONG, r"\b(?:fall )?(?:asleep|sleep|sleeping) (?:and|&) (?:never|not) wak(?:e|ing) up\b|"
                       r"\b(?:never|not) wake up\b(?! (?:early|late|on time|in time|before|for|at|until))|"
                       r"\bsleep forever\b|\bdie in my sleep\b|\bwasn'?t around\b|\b(?:did ?n'?t|didnt|do ?n'?t) wake up"
                       r"(?: \w+){0,2} (?:would|it'?d) be\b"),
    (IDEATION, STRONG, r"\b(?:ending|end) (?:it all|things)(?= *(?:$|[.,!]))|\b(?:(?:can'?t|cannot|don'?t) see (?:a|any) )?way out (?:of (?:this|it) )?"
                       r"(?:other than|except|but) (?:dying|death|ending|suicide|to die)\b|\b(?:(?:do ?n'?t|doesn'?t|dont|do not) (?:\w+ )?)?(?:care|mind) (?:if|whether) "
                       r"i (?:live or die|die|wake up|make it|am alive|'m alive)\b"),
    (IDEATION, STRONG, r"\b(?:disappear|vanish|be gone|go away)(?:ed)? (?:forever|for good|permanently)\b"),
    (IDEATION, STRONG, r"\b(?:don'?t|do not|dont|can'?t|cannot) (?:feel )?(?:safe|trust) (?:with )?myself\b|"
                       r"\bkeep (?:myself|him|her|them) safe\b|\b(?:scared|afraid|frightened) (?:of )?what i (?:might|"
                       r"could|will|would)(?: \w+)? do to myself\b|\bdon'?t trust myself\b"),
    (IDEATION, STRONG, r"\b(?:give|given|giving|gave) up on (?:living|life|staying alive)\b|\b(?:done|finished) "
                       r"(?:with )?(?:life|living)\b|\bready to give up on\b"),
    (IDEATION, STRONG, r"\bnot (?:going to )?be a burden (?:much )?(?:longer|for long|anymore)\b|\b(?:i'?m|i am|im) "
                       r"(?:a|such a|just a) burden\b"),
    (IDEATION, STRONG, r"\b(?:my own|planning my|picturing my) funeral\b|\bif i (?:was|were) (?:dead|gone)\b|"
                       r"\beasiest way to (?:die|go)\b|\bpainless(?:ly)? (?:way to )?(?:die|go)\b|"
                       r"\bhow (?:to|do i|can i) (?:kill myself|die|end it)\b"),
    (IDEATION, STRONG, r"\bcan'?t promise i'?ll (?:still )?be (?:here|alive|around)"),
    (IDEATION, STRONG, rf"\b{_WHO3} (?:says?|said|keeps saying|kept saying|told me|tells me|is saying|was saying|"
                       rf"posted|texted|wrote|is talking about|talks about|threaten(?:s|ed|ing)?|is threatening|"
                       rf"(?:keeps |kept |is |was )?jok(?:es|ed|ing) about|(?:keeps |kept )?talking about) "
                       rf"(?:that )?(?:\w+ )?(?:to )?(?:end(?:ing)? it|die|dying|not (?:be )?(?:alive|here)|"
                       rf"suicide|kill(?:ing)? (?:him|her|them)sel\w*|be dead|better off dead|can'?t go on)\b"),
    (IDEATION, STRONG, r"\b(?:suicidal|dark|intrusive) (?:thoughts?|feelings?|ideation|urges)\b"),
    (IDEATION, STRONG, r"\bwants to (?:die|be dead)\b(?! (?:of|from|laughing))"),
    (IDEATION, SOFT, r"\bwanted to (?:die|be dead)\b(?! (?:of|from|laughing))"),
    (IDEATION, STRONG, r"\b(?:sleep|go|leave|disappear|drive off|walk away)(?: \w+){0,3} (?:and|&) (?:never|not) "
                       r"(?:come back|wake up|return)\b|\bto end it(?: all)?(?= *(?:$|[.,!?]))|\b(?:running out of|"
                       r"no more|lost (?:all|my)|out of|no|can'?t find any) reasons? (?:left )?(?:to|for) (?:stay|live|"
                       r"keep going|be here|go on|stay alive|living|staying)\b"),
    (IDEATION, STRONG, r"\b(?:nobody|no one|noone)(?:'d| would| will) (?:even )?(?:care|notice|miss me|cry|mind)"
                       r"(?: \w+){0,2} (?:if|when) (?:i|he|she|they)(?: just| simply)? (?:died|stopped existing|stopped|left|was gone|were gone|disappeared|killed|"
                       r"wasn'?t|weren'?t|was dead|die|went)\b"),
    (IDEATION, STRONG, rf"\b{_DONT} (?:think i |really |even |feel like i |know if i )(?:want|wanna|can) (?:to )?"
                       r"(?:live|be alive|be here|exist|go on|keep going|carry on|be around|stay alive)\b"),
    (IDEATION, STRONG, r"\b(?:done|finished) with (?:it all|all of it|everything|this life|living)(?: \w+)? (?:for good|"
                       r"forever|now)\b|\bready to be done with (?:it all|all of it|everything|life)\b|\bcan'?t (?:keep )?"
                       r"fight(?:ing)? (?:anymore|any more|this|it)\b|\bgiv(?:e|ing) up completely\b|\bno future for me\b|"
                       r"\bwon'?t make it to (?:christmas|my birthday|next \w+|the weekend|new year)\b|\b(?:ready|want|going) "
                       r"to leave (?:it|this (?:world|life|earth)|life|everyone|you all)(?= *(?:$|[.,!]))|\btime to leave (?:it|this (?:world|life|earth)|life|everyone|you all)\b|\b(?:go on|carry on|"
                       r"move on|be fine|be better) without me\b"),
    (MEANS, STRONG, r"\b(?:looking at|staring at|standing (?:on|near|by)|stand (?:too close to|on|near)) the (?:train "
                    r"tracks|tracks|railway|platform edge|edge of the platform)\b|\b(?:top|edge) of the (?:car park|"
                    r"multi-?storey|building|tower|bridge|cliff|roof)\b(?=.{0,40}\b(?:drop|jump|thinking|edge|now))"),
    (IDEATION, SOFT, rf"\b{_WANT} (?:to )?(?:d[i]?s+ap+e+a?r|vanish)(?= *(?:$|[.,!]|forever|for good|permanently|"
                     r"completely|from (?:this|the) (?:world|earth)))|\bwant (?:it all|everything|this life|my life|it) "
                     r"(?:to be )?over(?= *(?:$|[.!]|now|already|for good))"),
    (FAREWELL, STRONG, r"\b(?:bye|goodbye)\b.{0,40}\b(?:had enough|this is it|i'?m done|im done)\b|\b(?:had enough|"
                       r"i'?m done|im done)\b.{0,30}\b(?:goodbye|bye)\b(?! for now)"),
    # -- farewells ------------------------------------------------------------------
    (FAREWELL, STRONG, r"\b(?:this is|this'?ll be|this will be|here'?s) (?:my )?(?:last|final) (?:post|tweet|message|"
                       r"words?|thing)\b(?! (?:about|on|for|of|before|until|till|re|regarding|as|in|here as|this (?:year|week|month)))"
                       r"|\blast (?:thing|words?) i'?ll (?:ever )?(?:post|say|write)\b(?! (?:about|on|re))"
                       r"|\blast (?:tweet|post)\.? (?:goodbye|bye)|\bgoodbye (?:world|forever|everyone|all)\b(?! to)"),
    (FAREWELL, STRONG, r"\b(?:said|say|saying|made) (?:my )?(?:goodbyes?|peace)(?: to (?:everyone|everybody|you all|"
                       r"all of you|the world|my family))?(?= *(?:$|[.,!]|and|to (?:everyone|everybody|you all|all of "
                       r"you|the world|my family)|now|while))|\bthis is goodbye\b|\bmade my peace\b"),
    (FAREWELL, STRONG, r"\b(?:won'?t|will not|wont|not going to|never going to) be (?:here|around|alive|seeing "
                       r"(?:anyone|you|anybody))\b(?: \w+){0,2} (?:tomorrow|much longer|after (?:today|tonight)|for "
                       r"(?:much )?long|anymore|soon|again|next week)\b"),
    (FAREWELL, STRONG, r"\b(?:won'?t|will not|wont) (?:be )?(?:need|needing) (?:them|it|any of (?:it|them)|my \w+|"
                       r"(?:his|her|their) \w+)(?: \w+)? (?:anymore|again|soon|where i'?m going)\b|\bgiving away "
                       r"(?:my|all my|his|her) (?:stuff|things|belongings|possessions)\b(?=.{0,60}\b(?:won'?t|need|soon))"),
    (FAREWELL, STRONG, r"\bby the time (?:anyone|you|someone|somebody|people|u) (?:reads?|sees?|finds?) this\b|"
                       r"\b(?:won'?t|will never|wont) hear from me again\b|\b(?:tonight|today)(?:'s| is) the (?:night|"
                       r"day)\b|\bchecking out for good\b|\bthis is the end for me\b|\b(?:before|after) i (?:go|'m gone) "
                       r"for good\b|\bwhen i'?m gone\b(?=.{0,40}\b(?:won'?t be long|take care|look after|soon))"),
    (FAREWELL, STRONG, r"\b(?:wrote|written|writing|left|leave|finished) (?:my|a|her|his|their) (?:goodbye |suicide |"
                       r"final |last )?(?:note|letters?)(?= *(?:$|[.,!]|saying|to my (?:kids|family|children|parents)|"
                       r"for my (?:kids|family)|and|just))|\b(?:goodbye|suicide|final) (?:note|letter|message)\b"),
    (FAREWELL, STRONG, r"\b(?:don'?t|do not) blame (?:yourselves|yourself|anyone)\b|\b(?:shouldn'?t|don'?t|do not) "
                       r"(?:look|come looking) for (?:me|her|him|them)\b|\bsorry for everything\b(?=.{0,20}\bgoodbye)|"
                       r"\btell (?:my|\w+) \w+ (?:that )?i(?:'m| am| was)? (?:sorry|loved|love)\b.{0,30}\b(?:loved|"
                       r"goodbye|always)\b"),
    (FAREWELL, STRONG, r"\bthe last (?:you'?ll|you will|anyone will|anyone'?ll|u'?ll|people will) (?:ever )?(?:hear|"
                       r"see) (?:from|of) me\b|\bi love you all\W+(?:i'?m|i am) (?:so )?sorry\b|\b(?:i'?m|i am) (?:so )?"
                       r"sorry\W+i love you all\b|\bsaying (?:he|she|they|i) (?:loved|love)(?: \w+){0,3} and (?:was|is|"
                       r"were|am|'m) sorry\b|\bsaying (?:goodbye|sorry) (?:and|then) (?:now|turned)\b"),
    (FAREWELL, STRONG, r"\bthank you for everything\W+(?:\w+\W+){0,6}?(?:it'?s (?:all )?over|goodbye|i'?m sorry|"
                       r"i'?m done)\b|\bit'?s (?:all )?over (?:for me|now)(?= *(?:$|[.!]))|\bdon'?t (?:try to )?(?:call|"
                       r"find|look for|come after) me\b|\bwho gets my (?:things|stuff|belongings)\b|\b(?:forgive me|"
                       r"i'?m sorry) for what i'?m (?:about|going) to do\b"),
    (FAREWELL, SOFT, r"\bgoodbye forever\b|\bsaying goodbye\b(?=.{0,25}\bforever)"),
    # -- means and plans -----------------------------------------------------------
    (MEANS, STRONG, rf"\b(?:saved|saving|collect(?:ed|ing)|stockpil\w*|hoard\w*|stash(?:ed|ing)?|kept|keeping|"
                    rf"bought|buy(?:ing)?|got|have|has|had) (?:up )?(?:enough |extra |all (?:of )?{_POSS} |{_POSS} |"
                    rf"some |a \w+ of |lots of )?(?:\w+ )?{_PILLS}\b"
                    rf"(?=.{{0,60}}\b(?:enough|never wake|sleep forever|way out|end it|do it|for weeks|months|for "
                    rf"good|finally|all of them|taking them all|not waking|to die|to end|properly))"),
    (MEANS, STRONG, rf"\b(?:stockpil\w*|hoard(?:ed|ing)) {_POSS} (?:\w+ )?{_PILLS}|\benough {_PILLS} (?:to|saved)|"
                    rf"\benough (?:\w+ )?(?:saved|stored) to (?:do it|end)|\bhave enough (?:\w+ )?to (?:end|do it|die)|"
                    rf"\bhow many (?:{_PILLS}|\w+) (?:it takes|does it take|would it take|to (?:die|overdose|end|kill))|"
                    rf"\b{_PILLS} (?:are |is )?(?:lined up|in my hand|in front of me|ready)\b|\btaking all of them\b"),
    (MEANS, STRONG, rf"\b(?:take|taking|swallow(?:ing)?) (?:every|all (?:the|my|of my|of the|those|these)?) ?"
                    rf"(?:\w+ )?{_PILLS}\b(?= *(?:$|[.,!]|in the house|i have|tonight|at once|together))"),
    (MEANS, STRONG, rf"\b{_PILLS}\b.{{0,60}}\b(?:(?:going to|gonna|about to|will|'ll|want to) (?:take|swallow|down)|(?:i'?m )?"
                    rf"(?:taking|swallowing|downing)) (?:them|the lot|it all|all of them|every one|them all|it)(?: all)?\b|\bhow many (?:{_PILLS}|\w+) (?:i need|i'?d need|"
                    rf"it would take|i have to take|to take)\b|\b(?:holding|have|got) (?:the|a) (?:rope|noose|knife|"
                    rf"blade|gun|razor)(?= *(?:now|right now|in my hand|$|[.,!]))"),
    (MEANS, STRONG, r"\bnoose\b|\btied the rope\b|\bgun (?:loaded|to my head|in my mouth)\b|\bloaded gun\b|\b(?:gun|"
                    r"shotgun|rifle|pistol) (?:is )?loaded\b|\bthe (?:blade|knife|razor|rope|gun) (?:is )?ready\b|"
                    r"\bhave the (?:blade|knife|razor|rope|gun) ready\b"),
    (MEANS, STRONG, r"\b(?:bought|got|have|holding|found|hold) (?:a |the |my |his |her |\w+'s )?(?:rope|gun|shotgun|"
                    r"knife|blade|razor blades?)\b(?=.{0,80}\b(?:know what i'?m going to do|don'?t trust myself|on "
                    r"myself|use it|using it|end it|tonight|do it))"),
    (MEANS, STRONG, r"\b(?:standing|stood|sitting|sat|stand|on|up on) (?:on )?(?:the|a|this) (?:edge of (?:the|a) )?"
                    r"(?:bridge|roof|ledge|rooftop|cliff|balcony|railway|train tracks|tracks|parapet)\b"
                    r"(?=.{0,60}\b(?:jump|right now|now|going to|thinking|end|looks like))|\bon the (?:bridge|roof|ledge)"
                    r"(?: right)? now\b"),
    (MEANS, STRONG, r"\b(?<!bungee )(?<!base )(?<!sponsored )jump(?:ing|ed)? (?:off|from) (?:the|a|this) (?:bridge|roof|building|cliff|balcony|window|"
                    r"car park|multi-storey|tower|overpass)\b(?! for\b)|\bwhich (?:bridge|building|roof) i'?m going to jump\b|"
                    r"\b(?:going to|gonna|about to|want to|will|i'?ll|thinking about|thinking of) jump(?:ing)?"
                    r"(?= *(?:$|[.,!]|off|from|tonight|now))|\bjumped but (?:i )?survived\b"),
    (MEANS, STRONG, r"\b(?:walk|step|jump|throw (?:myself|himself|herself)|lie down|lay down|run)(?: out)? in front of "
                    r"(?:a|the) (?:train|bus|car|lorry|truck|tube)\b|\b(?:drive|crash|steer) (?:my|the|his|her) car "
                    r"(?:into|off)\b|\bengine running\b(?=.{0,40}\b(?:garage|car))|\bin the garage with the engine"),
    (MEANS, STRONG, r"\b(?:have|got|made|make|with) a plan (?:and|to (?:do it|end|die|kill))|\bdecided how i'?m going "
                    r"to do it\b|\bplanned it (?:all )?out\b|\bpicked a (?:date|day|place|spot)\b|\bnobody (?:will|can) "
                    r"stop me\b|\bdo it properly this time\b|\bgoing to do it (?:this weekend|tonight|tomorrow|soon|"
                    r"on \w+day)\b"),
    (MEANS, SOFT, r"\bi (?:do |still |now |also )?(?:have|own|got|bought|keep|kept|carry) (?:a|my|the|his|her) "
                  r"(?:gun|pistol|revolver|rifle|shotgun|handgun|firearm|glock|\.\d{2,3})\b|\b(?:gun|pistol|revolver|"
                  r"rifle|shotgun|handgun|glock|\.\d{2,3}) (?:is )?(?:in|on|against) my (?:lap|hand|mouth|head|temple|"
                  r"chest|bed|desk)\b"),
    # -- overdose and attempts -----------------------------------------------------
    (OVERDOSE, STRONG, r"\boverdos(?:e|ed|es|ing)\b(?! (?:on (?:chocolate|sugar|caffeine|coffee|cake|sweets|love|"
                       r"netflix|tv|christmas|memes|sun|carbs|cheese|pizza|fun|work|water)|awareness|deaths?|"
                       r"prevention|kits?|crisis in|rates?|statistics|figures))|\bod'd\b|\bod-?ed\b|\btook an od\b"),
    (OVERDOSE, STRONG, rf"\b(?:took|taken|take|swallowed|ate|had|downed|drank|necked|popped)(?: like| about| over)? "
                       rf"(?:all (?:\d+ )?(?:of )?(?:my|his|her|their|the)?|(?:half|most) (?:of )?(?:a|the|my) (?:bottle|packet|pack|box|tub|strip)s? of|a (?:whole |full )?(?:bottle|packet|pack|box|handful|"
                       rf"bunch|load|strip|tub|lot) of|(?:\d+|twenty|thirty|forty|fifty|too many|loads of|a lot of|"
                       rf"lots of|every|the whole|a whole|double figures of)|everything in)(?: (?:my|his|her|their|the))?"
                       rf"(?: \w+){{0,2}}? (?:{_PILLS}|medicine cabinet|bottle of (?:pills|{_PILLS})|packets?|"
                       rf"bottles?)(?! of (?:water|wine|juice|pop|milk))"),
    (OVERDOSE, STRONG, rf"\b(?:too many|a bunch of|loads of) {_PILLS}(?: \w+){{0,3}} (?:on purpose|deliberately)|"
                       rf"\b(?:took|taken|take|swallowed|ate|had) (?:too many|a bunch of|loads of|a (?:bunch|load|"
                       rf"handful) of) (?:\w+ )?{_PILLS}\b|\bempty (?:pill|tablet|medicine|blister) (?:packets?|packs?|bottles?|boxes|strips?)"),
    (OVERDOSE, STRONG, rf"\b(?:took|taken|take|injected|inject) (?:double|triple|extra|too much|all) (?:of )?"
                       rf"(?:my |his |her )?{_PILLS}\b|\b{_PILLS}\b.{{0,30}}\b(?:on purpose|deliberately)\b"),
    (OVERDOSE, STRONG, r"\b(?:drank|drink|drinking|swallowed) (?:some |a bottle of )?(?:bleach|antifreeze|poison|"
                       r"weed ?killer|rat poison|drain cleaner)\b"),
    (ATTEMPT, STRONG, rf"\b(?:tried|try|trying|attempted|attempt(?:ing)?) (?:to )?(?:kill(?! (?:me|us)\b)|hang|end|overdose|take|"
                      rf"drown|poison|shoot|od)\b(?: {_REFL}| {_POSS} (?:own )?life| it| things)?|\b(?:my|his|her|"
                      rf"their) (?:suicide )?attempt\b|\b(?:my|his|her|their) (?:last|first|second|third|previous|latest|recent|next) "
                      rf"(?:suicide )?attempt\b(?! (?:at|to|on))|\bnext time (?:it|i)(?:'ll| will) (?:work|succeed|get it right|"
                      rf"do it properly)\b|\b(?:last|third|second|first|failed) suicide attempt\b(?! (?:at|to (?:book|get|call|"
                      rf"reach|contact)|on))|\bpumped {_POSS} stomach\b|\bstomach pumped\b|\bi'?ve tried before\b|\bi (?:attempted|tried)(?= *(?:$|[.,!]|last|again|yesterday|"
                      rf"on \w+day|before|twice|\w+ times|but))|\b(?:gun|rope|noose|belt) (?:jammed|snapped|broke)\b"),
    # -- an emergency happening now (inbound only) ---------------------------------
    (EMERGENCY, STRONG, r"\b(?:is|isn'?t|'s|not|stopped|barely|hardly|struggling|can'?t|cannot|cant|trouble) "
                        r"breath(?:e|ing)\b(?! (?:from|with) laugh)|\bnot breathing\b|\b(?:can'?t|cannot|barely|hardly) "
                        r"breath\b(?! (?:of|in|out|away|taking))"),
    (EMERGENCY, STRONG, r"\b(?:unresponsive(?! to (?!pain|voice|stimul))|unconscious|not responding|won'?t wake up|can'?t wake (?:him|her|them|"
                        r"up)|not waking up|collapsed|passed out(?! of)|blacked out|fitting|having a (?:seizure|fit)|"
                        r"(?:is |'s )?turning blue|lips (?:are )?(?:going |turning )?blue|face (?:is )?drooping|"
                        r"slurring (?:his|her|their|my) words|can'?t lift (?:his|her|their|my) arm|"
                        r"throat (?:is )?(?:closing|swelling)|anaphyla\w*|epi ?pen (?:isn'?t|not) working|"
                        r"bleeding (?:heavily|badly|a lot|everywhere|out|profusely)|blood everywhere|won'?t stop "
                        r"bleeding|coughing up blood|vomiting blood|been stabbed|got stabbed|been shot|got shot|"
                        r"hit by a (?:car|bus|van|lorry|truck)|swallowed a (?:battery|magnet|coin)|"
                        r"(?:is|'s) choking|choking (?:on|now)|bitten by a snake|baby is coming|"
                        r"hit (?:his|her|their|my) head|fell (?:down|off)? ?and hit|allergic reaction|"
                        r"(?:call|calling|ring|phone|dial) (?:911|999|112|an ambulance))\b"),
    (EMERGENCY, STRONG, r"\bchest (?:feels?|is|was) (?:crushed|crushing|tight|heavy|on fire|like)\b|\bcrushing "
                        r"(?:chest )?pain\b|\bgr[ae]y and (?:sweat|clammy)\w*|\bclammy and (?:grey|gray|pale)\b|"
                        r"\bwon'?t come round\b"),
    (EMERGENCY, STRONG, r"\bchest (?:is|feels?) (?:so |really |very )?tight\b(?=.{0,60}\b(?:pain|jaw|arm|breath))|"
                        r"\bpain (?:is )?(?:going|spreading|radiating) (?:into|down|to) my (?:jaw|arm|back|neck)\b|"
                        r"\b(?:isn'?t|is not|not) (?:moving|waking up)\b|\bfell (?:from|off) (?:a|the) (?:height|roof|"
                        r"window|ladder|balcony|bridge)\b|\brash (?:that )?(?:won'?t|doesn'?t|does not) fade\b|"
                        r"\bnon-?blanching\b|\bstiff neck\b(?=.{0,40}\b(?:rash|drowsy|fever))"),
    (EMERGENCY, STRONG, r"\b(?:chest pains?|heart attack|(?:having|had|has) a stroke|is having a stroke|"
                        r"a stroke i think)\b"),
    # -- wider constructions, written from families of short messages (dev_*.tsv) --
    (IDEATION, STRONG, r"\b(?:fine|ok|okay|happy|glad|relieved|at peace|grateful) if i (?:never|didn'?t|don'?t|did not|"
                       r"just didn'?t) (?:wake up|woke up|wake|exist|make it|come back)\b|\b(?:can'?t|cannot|don'?t|do not|"
                       r"can not) (?:really )?see myself (?:making it|being (?:here|around|alive)|living|surviving|"
                       r"still (?:here|around|alive))\b|\bwant(?:s|ed)? out (?:for good|forever|permanently|of (?:life|"
                       r"this life|this world|living|existence))\b|\b(?:except|but|other than|apart from|only|besides) "
                       r"(?:by )?(?:ending it|killing myself|dying)\b",
     ("wake", "woke", "exist", "make it", "come back", "see myself", "want out", "wants out", "ending it",
      "killing myself", "dying")),
    (IDEATION, STRONG, r"\b(?:wish|wishing|wished|hope|hoping|pray|praying)(?: that)? (?:a|the|some) (?:bus|car|train|lorry|"
                       r"truck|van|plane) (?:would |will |'d |could )?(?:hit|run (?:me )?over|crash|kill|take me)|\b(?:wish|"
                       r"hope|pray)(?:ing)?(?: that)? i (?:get|got|'d get|would get) (?:hit|run over|killed)\b|"
                       r"\b(?:don'?t|do not|dont) want to (?:get better|recover|be saved|be rescued|be helped)(?= *(?:$|[.,!]|"
                       r"anymore|any more))",
     ("hit", "run me over", "run over", "crash", "kill", "take me", "get better", "recover", "be saved",
      "be rescued", "be helped")),
    (IDEATION, SOFT, r"\b(?:clock(?:ing)? out|check(?:ing)? out|tap(?:ping)? out|log(?:ging)? off|sign(?:ing)? off|bow(?:ing)? "
                     r"out|peace out|dip|dipping|go|leave|rest|sleep|be gone|exit)(?: of)? (?:life |this life |this world )?"
                     r"(?:permanently|for good|forever|for ever)\b(?! (?:from|with|on) (?:twitter|facebook|insta\w*|"
                     r"social|tiktok|this app|the app|the group|the page))|\bctb\b|\bsewer ?slide\b|\b(?:be|being|"
                     r"end up) six feet under\b",
     ("permanently", "for good", "forever", "for ever", "ctb", "sewer", "feet under")),
    (SELF_HARM, STRONG, r"\b(?:days?|weeks?|months?|years?) clean (?:from|of) (?:cutting|self[- ]?harm\w*|sh|"
                        r"burning|hurting myself)\b|\brelapsed?\b(?: \w+){0,6} (?:cutting|self[- ]?harm\w*|sh)\b|"
                        r"\bcarv(?:e|ed|es|ing) (?:\w+ ){0,3}(?:into|in|on) (?:my|his|her|their) (?:arms?|legs?|skin|"
                        r"thighs?|wrists?|stomach|hips?)\b|\b(?:i|she|he|they) (?:sh|sh'?d|sh'?ed)\b|\bsh (?:again|"
                        r"scars?|urges?|wounds?|cuts?|relapse|tonight)\b|\b(?:fresh|new|deep) cuts (?:on|all over)\b",
     ("clean from", "clean of", "relaps", "carv", "i sh", "he sh", "they sh", " sh'", "sh again", "sh scar",
      "sh urge", "sh wound", "sh cut", "sh relapse", "sh tonight", "fresh cuts", "new cuts", "deep cuts")),
    (MEANS, STRONG, r"\btied (?:a|the|my|his|her) (?:belt|rope|cord|scarf|sheet|cable|dressing gown cord|tie)s? "
                    r"(?:to|around|round|onto)\b|\b(?:plan|method|note) and (?:the|a) (?:date|day|time|place)\b|"
                    r"\b(?:going to|gonna|want to|will|'ll|thinking (?:of|about)|about to|plan(?:ning)? to) (?:drive|crash|"
                    r"steer|swerve)(?: \w+){0,3} (?:into|off) (?:a|the) (?:wall|tree|bridge|cliff|river|lorry|truck|"
                    r"oncoming|motorway|lamp ?post)|\b(?:take|taking|took|swallow\w*|down|downed|eat|ate) (?:\w+ )?"
                    r"(?:everything|all(?: the \w+)?) in (?:the|my|his|her|our) (?:medicine |pill |bathroom |kitchen )?"
                    r"(?:drawer|cabinet|cupboard|box|organi[sz]er|cupboards|bathroom|house)\b",
     ("tied", "plan and", "method and", "note and", "drive", "driving", "crash", "steer", "swerve", "drawer",
      "cabinet", "cupboard", " box", "organi", "bathroom", "house")),
    (FAREWELL, STRONG, r"\btell (?:my|\w+) \w+ (?:that )?i (?:love|loved) (?:her|him|them|you|everyone)\b.{0,25}\b(?:sorry|"
                       r"goodbye|always|forgive)|\b(?:wrote|written|writing|left|leaving|leave) (?:\w+ )?(?:letters|"
                       r"goodbye notes?|notes) (?:for|to) (?:my|his|her|their|the) (?:kids|children|family|parents|"
                       r"wife|husband|partner|boyfriend|girlfriend|mum|mom|dad|sister|brother|son|daughter)s?\b|"
                       r"\b(?:won'?t|will not|never) (?:have to|need to) worry about me (?:again|anymore|any more|after "
                       r"(?:today|tonight)|much longer|soon)\b|\bi love you all\W+(?:goodbye|bye)\b|\b(?:don'?t|do not) "
                       r"(?:be sad|cry for me|miss me|grieve|mourn me)\b(?=.{0,40}\b(?:go|gone|goodbye|love))|\b(?:time|ready) "
                       r"for me to go\b(?=.{0,40}\b(?:don'?t|goodbye|love|sorry|be sad))|\bdon'?t try to (?:call|find|"
                       r"reach|contact|look for)(?: me)?(?= *(?:$|[.,!]))",
     ("love", "letters", "notes", "worry about me", "be sad", "cry for me", "miss me", "grieve", "mourn",
      "for me to go", "try to")),
    (MEANS, STRONG, r"\b(?:made up my mind|decided|know how i'?m going to do it|going through with it|go through "
                    r"with it)\b.{0,50}\b(?:go through with it|do it(?= *(?:$|[.,!]|tonight|now))|end it|this is the end|goodbye)\b",
     ("made up my mind", "decided", "going to do it", "through with it")),
    (EMERGENCY, STRONG, r"\b(?:won'?t|isn'?t|doesn'?t|not|can'?t get (?:him|her|them) to) respond(?:ing)?\b(?! to "
                        r"(?:emails?|messages?|texts?|my (?:emails?|messages?|complaints?|calls?|letters?)|treatment|"
                        r"medication|antibiotics))(?= *(?:$|[.,!]|and|at all|to (?:me|anything|his|her|their) name))",
     ("respond",)),
    # -- second round of fresh families ---------------------------------------------
    (IDEATION, STRONG, r"\b(?:picture|picturing|imagine|imagining|think(?:ing)? about|plan(?:ning)?|dream(?:ing)? about) "
                       r"(?:\w+ ){0,3}(?:at |of )?my (?:own )?funeral\b|\b(?:so|then|and) i (?:don'?t|do not|won'?t|wouldn'?t|"
                       r"never) (?:have to |need to )?(?:wake up|be here|exist|be alive)(?: again| anymore)?(?= *(?:$|[.,!]))|"
                       r"\bhope(?:s)? (?:the|my) (?:surgery|operation|op|anaesthetic|anesthetic|treatment|chemo) (?:goes wrong|"
                       r"fails|kills me|doesn'?t work)\b|\bnot (?:scared|afraid|frightened) of (?:dying|death|being dead)\b"
                       r".{0,40}\bwant (?:it|to)\b|\bnothing (?:keeping|holding|to keep) me (?:here|alive|going|around)\b",
     ("funeral", "wake", "be here", "exist", "be alive", "hope", "scared of", "afraid of", "frightened of",
      "keeping me", "holding me", "keep me")),
    (MEANS, STRONG, r"\b(?:googl\w*|search\w*|look(?:ing|ed)? up|research\w*|read(?:ing)? about|check(?:ing|ed)?) "
                    r"(?:for |up |about |on )?(?:the )?(?:lethal|fatal|deadly|overdose) (?:doses?|amounts?|quantit\w+)\b|"
                    r"\bhow (?:much|many) (?:\w+ ){0,3}(?:is|are|would be) (?:lethal|fatal|deadly|enough to die)\b|"
                    r"\b(?:fast|non-?stopping|express|next) train (?:to )?(?:come|comes|coming|pass|passes|passing) "
                    r"through\b|\b(?:gun|shotgun|rifle|pistol|revolver|handgun)\b.{0,40}\b(?:it'?s|is) loaded\b|"
                    r"\b(?:standing|stood|sitting|sat|climbed|climbing|climb|over|on) (?:on |over )?(?:the|a) (?:bridge|"
                    r"balcony|roof) (?:railings?|rail|parapet|edge|ledge|wall)\b",
     ("lethal", "fatal", "deadly", "overdose", "enough to die", "train", "loaded", "railing", " rail",
      "parapet", "ledge", "edge", "wall")),
    (SELF_HARM, STRONG, r"\b(?:bang|bangs|banging|banged|hit|hitting|smash\w*) (?:my|his|her|their) head (?:on|against|into) "
                        r"(?:the |a )?(?:wall|floor|door|desk)\b", ("head on", "head against", "head into")),
    (FAREWELL, STRONG, r"\bby (?:the )?(?:morning|tomorrow|tonight|the weekend|then)\b.{0,20}\b(?:it'?ll|it will|i'?ll|"
                       r"i will|everything will|this will) be (?:over|gone|done|finished)\b|\blast (?:message|post|text|"
                       r"words?) (?:from me|you'?ll (?:ever )?get)\b|\bwant (?:you|everyone|everybody|them|you all|my \w+) "
                       r"to know (?:that )?(?:it'?s|it was|it wasn'?t|it isn'?t|it is|none of this (?:is|was)) (?:not )?"
                       r"(?:anyone'?s|your|their|nobody'?s|no one'?s|his|her) fault\b|\bnote\b.{0,40}\b(?:they'?ll|"
                       r"they will|you'?ll|you will|someone will) find (?:it|me)\b",
     ("be over", "be gone", "be done", "be finished", "last message", "last post", "last text", "last word",
      "fault", "find it", "find me")),
    (IDEATION, STRONG, r"\brather not (?:exist|be alive|be here|live|wake up)\b|\b(?:going to|gonna|want to|will|'ll|about "
                       r"to|thinking of|planning to) (?:walk|swim|wade)(?: out)? into (?:the )?(?:sea|ocean|river|lake|canal|"
                       r"water)\b|\b(?:know|knows) (?:that )?i (?:always )?loved (?:them|him|her|you)\b",
     ("rather not", "walk", "swim", "wade", "loved")),
    # -- fourth round of fresh families ---------------------------------------------
    (IDEATION, STRONG, r"\blying if i said i (?:wasn'?t|didn'?t|don'?t|haven'?t|hadn'?t)\b.{0,30}\b(?:thinking|thought|want|"
                       r"ending|dying|killing|end)|\bwould (?:anyone|anybody|people|they) (?:even )?(?:care|notice|miss me) "
                       r"if i (?:wasn'?t|weren'?t|was gone|were gone|died|disappeared|was dead)\b|\b(?:don'?t|do not) think i'?ll "
                       r"(?:be (?:here|around|alive)|make it|last)\b|\bdo something to (?:myself|himself|herself|themselves|"
                       r"themself)\b",
     ("lying", "care", "notice", "miss me", "think i", "do something")),
    (MEANS, STRONG, r"\b(?:doesn'?t|does not|won'?t|will not) stop at (?:my|the|this) (?:station|platform)\b|\b(?:sitting|"
                    r"standing|sat|stood) on the edge of (?:the|a) (?:roof|bridge|cliff|balcony|building|car park|platform)\b|"
                    rf"\b(?:bought|buying|buy) (?:\w+ )?{_PILLS}\b.{{0,40}}\b(?:different|several|multiple|two|three|four) "
                    rf"(?:shops|chemists|pharmacies|stores|supermarkets)\b|\b(?:holding onto|kept|keeping|saved|saving) "
                    rf"(?:my |his |her |an? )?(?:old )?(?:prescription|{_PILLS})\b.{{0,20}}\bfor (?:exactly this|this moment|"
                    rf"the day|a day like (?:this|today)|when i need (?:it|them))\b",
     ("stop at", "edge of", "shops", "chemists", "pharmacies", "stores", "supermarkets", "exactly this",
      "this moment", "the day", "a day like", "when i need")),
    (FAREWELL, STRONG, r"\bto (?:whoever|whomever|anyone who|the person who) finds? (?:this|me)\b|\bsorry (?:i have to|i had "
                       r"to|to) (?:leave|go|do this|do it)(?: like this| this way)\b|\bfor what i'?m (?:about|going) to do\b",
     ("finds this", "find this", "finds me", "find me", "have to leave", "had to leave", "to leave like", "to go like",
      "do this", "do it like", "about to do", "going to do")),
    (SELF_HARM, STRONG, r"\b(?:used|using|use) (?:a|my|the|his|her) (?:compass|blade|razor|knife|scissors|sharpener|"
                        r"lighter|glass|pin|needle) on (?:my|his|her|their) (?:arms?|legs?|wrists?|skin|thighs?|stomach)\b",
     (" on my", " on his", " on her", " on their")),
    # -- third pass: structural families (a subject, a death or harm predicate, -----
    # and a finality or a means), written from the fresh rows' tuning part.
    # Each names narrow triggers, so that everyday text seldom opens it.
    # Hoping for death from outside: "i pray god takes me in my sleep", "if a
    # car hit me i wouldn't mind", "hoping the scan shows something fatal".
    (IDEATION, STRONG, r"\b(?:pray(?:s|ed|ing)?|hop(?:e|es|ed|ing)|wish(?:es|ed|ing)?)(?: \w+){0,3}? (?:that )?(?:god|death|"
                       r"the \w+|something|someone|it|this|he|she) (?:would |will |to |could |might )?(?:just )?(?:hurry up "
                       r"and )?(?:take|takes|kill|kills|finish(?:es)?) (?:me|him|her)\b(?! (?:to|out|home|back|for|on|in(?! "
                       r"(?:my|his|her) sleep)|up|away)\b)|\bhop(?:e|es|ed|ing) (?:that )?(?:i|he|she|they) (?:don'?t|do not|"
                       r"won'?t|never|will not) (?:make it|survive|wake up|come round)(?: (?:through|past) the (?:night|day|"
                       r"week|weekend))?(?= *(?:$|[.,!]|through|past|tonight|till|until))",
     ("pray", "hope", "hoping", "wish")),
    (IDEATION, STRONG, r"\bme (?:under|asleep|away) (?:for good|forever|permanently)\b|\b(?:hop(?:e|es|ed|ing)|pray(?:s|ing)?|"
                       r"wish(?:ing)?)\b(?: \w+){0,5} (?<!not )(?<!n't )(?:fatal|terminal|incurable|inoperable)\b|"
                       r"\b(?:fatal|terminal|incurable|inoperable)\b.{0,40}\b(?:i'?d|i would|i'?ll|i will) be (?:relieved|"
                       r"glad|happy|grateful)\b|\b(?:envy|jealous of) (?:the dead|dead people)\b|\b(?:welcome|crave|long "
                       r"for|longing for|envy) (?:death|dying)\b|\b(?:jealous|envious) of (?:people|those|anyone|everyone) "
                       r"who (?:get to |got to )?(?:die|died|are dead)\b",
     ("for good", "forever", "permanently", "fatal", "terminal", "incurable", "inoperable", "the dead", "dead people",
      "death", "dying", "who die", "who get to", "who got to", "who are dead")),
    (IDEATION, STRONG, r"\b(?:wouldn'?t|would not|won'?t)(?: have)? (?:mind(?:ed)?|cared?|fight it|fought it|complain(?:ed)?|"
                       r"object(?:ed)?)\b(?=.{0,10}\bif\b.{0,40}\b(?:hit|"
                       r"kill\w*|took|take[sn]?|stop(?:ped|s)?|died|end(?:ed|s)?|fatal|crash\w*|never woke|didn'?t wake|ran "
                       r"(?:me )?over|went down|goes down)\b)|\bif\b.{0,40}\b(?:hit|kill(?:ed|s)?|ran over|run over) (?:me|him|"
                       r"her)\b.{0,30}\b(?:wouldn'?t|would not|won'?t)(?: have)? (?:mind(?:ed)?|cared?|fight it|fought it|"
                       r"complain(?:ed)?)\b",
     ("n't mind", "not mind", "n't care", "not care", "fight it", "fought it", "n't complain", "not complain",
      "n't object", "n't have", "not have")),
    (IDEATION, STRONG, r"\bnot sure (?:if |whether )?i (?:want|wanna|even want) to (?:survive|live|be alive|be here|wake up|"
                       r"go on|make it|keep going|keep living)\b|\bonly (?:still )?(?:here|alive|around)(?: \w+)? "
                       r"(?:because|cos|cause|for) (?:of )?(?:my|the|him|her|them)\b|\b(?:don'?t|do not|won'?t|not) "
                       r"(?:bother|plan(?:ning)? on|intend on|intend to) (?:waking up|seeing|being (?:here|around|alive)|"
                       r"making it to|surviving)\b|\bnot plann?ing on (?:seeing|being (?:here|around|alive)|making it to|"
                       r"waking up|surviving|living)\b",
     ("not sure", "only still", "only here", "only alive", "only around", "bother", "planning on", "plan on",
      "planing on", "intend")),
    # A burden whose end would free the others: "they'd be better off if he
    # went", "it'd be kinder to go", "i'm ruining everyone's lives just by existing".
    (IDEATION, STRONG, r"\b(?:they|we|you|everyone|everybody|my (?:kids|children|family|wife|husband|partner|parents|mum|"
                       r"mom|dad)|you all|y'?all)(?:'d| would| will) (?:all )?(?:finally )?be (?:better off|happier|free|"
                       r"relieved|fine|okay|ok)\b(?=(?: \w+){0,2} *(?:$|[.,!]| if (?:i|he|she|they) (?:was|were|went|left|"
                       r"died|disappeared|wasn'?t|weren'?t|was gone|were gone|stopped)| when (?:i|he|she|they)'?(?:m| am|s| is|"
                       r"re| are)? gone| without))",
     ("be better off", "be happier", "be free", "be relieved", "be fine", "be okay", "be ok")),
    (IDEATION, STRONG, r"\b(?:it'?d|it would|it will|it'?ll) be (?:kinder|easier|better|best) (?:for (?:everyone|everybody|"
                       r"them|all of us|my \w+) )?(?:if i (?:just |simply )?(?:was|were|went|left|died|disappeared|wasn'?t|"
                       r"weren'?t)|to (?:go|leave|disappear|end it|not be here))\b|\b(?:ruin(?:ing)?|wreck(?:ing)?|"
                       r"burden(?:ing)?|hurt(?:ing)?) (?:everyone'?s|everybody'?s|their|my (?:family'?s|kids'?)) li(?:fe|ves) "
                       r"(?:just )?by (?:existing|being (?:here|alive|around))\b|\b(?:stop(?:ped)?|quit) being (?:a|such a) "
                       r"(?:problem|burden|nuisance)\b|\bwon'?t be (?:a|your|their|anyone'?s) (?:problem|burden|nuisance|"
                       r"worry) (?:for )?(?:much )?(?:longer|after (?:today|tonight|this)|soon|anymore|any more)\b|"
                       r"\b(?:free|freed) (?:of|from) me\b|\b(?:drag(?:ging)?|weigh(?:ing)?) (?:everyone|everybody|them|"
                       r"my family) down\b(?=.{0,40}\b(?:go|gone|kinder|better|leave|end))",
     ("be kinder", "be easier", "be better", "be best", "by existing", "by being", "being a", "being such",
      "be a problem", "be a burden", "be a nuisance", "be a worry", "be your", "be their", "be anyone", "of me",
      "from me", "one down", "ody down", "them down", "family down")),
    # Leaving for good, in other words: "won't be here for my birthday", "this
    # will all be over by friday", "go and join my late wife", "clocking out of life".
    (FAREWELL, STRONG, r"\b(?:won'?t|will not|wont|not going to) be (?:here|around|alive) (?:for|to see|at) (?:my|his|her|"
                       r"their|the|christmas|new year|easter)(?: \w+)?\b(?!.{0,40}\b(?:holiday|away|abroad|trip|visiting|"
                       r"work|on leave|staying|going to (?:the|my|a|see)))|\bmake sure i'?m not (?:here|around|alive) "
                       r"(?:for|by|at|to see)\b",
     ("be here", "be around", "be alive", "not here", "not around", "not alive")),
    (FAREWELL, STRONG, r"\b(?:it|this|everything|all of (?:it|this)|it all|this all)(?:'ll| will) (?:all )?be (?:over|done|"
                       r"finished) (?:by|before|after) (?:\w+day|tonight|tomorrow|morning|the weekend|then|christmas)\b|"
                       r"\bnone of (?:this|it) (?:will|'ll|is going to) matter (?:to me )?(?:by|after|soon|tomorrow|"
                       r"anymore)\b|\bby (?:the )?(?:morning|tomorrow|tonight|then|the weekend)\b.{0,20}\bnone of (?:this|"
                       r"it) (?:will|'ll|is going to) matter\b|\bno more pain after (?:tonight|today|tomorrow|this)\b",
     ("be over", "be done", "be finished", "matter", "no more pain")),
    (FAREWELL, STRONG, r"\b(?:go|going|ready|want)(?: to)?(?: go)?(?: and)? (?:to )?(?:join|be with) (?:my|our) (?:late |dead )?"
                       r"(?:wife|husband|son|daughter|mum|mom|dad|partner|baby|boy|girl|brother|sister|child|nan|gran)\b"
                       r"(?= *(?:$|[.,!]|again|soon|in heaven|up there|where|now|tonight|, i miss))|\b(?:go|going|ready|"
                       r"want)(?: to)?(?: go)?(?: and)? (?:to )?(?:join|be with) (?:my|our) (?:late|dead) \w+|\bi'?ll be with "
                       r"(?:my|our) (?:late )?\w+ again (?:soon|tonight|shortly)\b|\bgo(?:ing)? home to (?:god|jesus|"
                       r"heaven|the lord)\b|\bmeet(?:ing)? my maker\b|\b(?:clock(?:ing)?|check(?:ing)?|bow(?:ing)?|"
                       r"tap(?:ping)?) out of (?:life|this life|this world|existence)\b|\bpermanent (?:nap|sleep|rest|"
                       r"holiday)\b|\b(?:it was|it'?s been|been) nice knowing (?:you|some of you|y'?all|everyone|you all)\b|"
                       r"\b(?:tonight|today)(?:'s| is| will be) (?:my|his|her|their) (?:last|final) (?:night|day)\b"
                       r"(?! (?:at|in|on|here|with|of|as))|\btake a (?:long )?walk off a (?:short )?pier\b(?=.{0,15}\b(?:"
                       r"tonight|today|now|soon|tomorrow)|.{0,3}$)",
     ("join my", "join our", "be with my", "be with our", "home to", "maker", "out of life", "out of this",
      "out of existence", "permanent", "nice knowing", "last night", "final night", "last day", "final day", "pier")),
    (FAREWELL, STRONG, r"\b(?:love you all|sorry for everything|goodbye|bye (?:everyone|all|world))\b.{0,40}\bthis is "
                       r"(?:the end|it|goodbye)(?= *(?:$|[.,!]))|\bthis is (?:the end|goodbye)\b.{0,20}\b(?:love you "
                       r"all|sorry for everything)\b",
     ("this is the end", "this is it", "this is goodbye")),
    (FAREWELL, STRONG, r"\bfor (?:whoever|whomever|the person who|anyone who|the first person (?:who|to)) finds? (?:it|this|"
                       r"me|them|him|her)\b|\bleft (?:a |my |some )?(?:note|letter)s? (?:on (?:my|the) (?:pillow|bed|table|"
                       r"side|desk|door|kitchen)|under (?:my|the) \w+)|\btell (?:my|\w+) \w+ (?:that )?i (?:love|loved) "
                       r"(?:him|her|them|you)\b.{0,40}\b(?:can'?t tell|won'?t be able|myself now|for me|when i'?m gone|"
                       r"anymore|any more|goodbye)\b",
     ("finds", "find it", "find this", "find me", "note", "letter", "i love", "i loved")),
    # Giving things away with a finality: "gave away all my books, i won't need
    # them", "my sister can have my jewellery, i've left a list".
    (FAREWELL, STRONG, r"\b(?:giv(?:e|es|ing|en)|gave|got rid of|getting rid of|sold|sell(?:ing)?) (?:away )?(?:all )?(?:of )?"
                       r"(?:my|his|her|their) (?:\w+ ){0,4}(?:away )?.{0,40}\b(?:won'?t (?:be )?need|don'?t need (?:them|it|"
                       r"any of)|easier for everyone|it'?s (?:nearly |almost )?time|(?:sorted|wrote|written|made|updated) "
                       r"(?:out )?(?:my|his|her) will|nothing left|left a list|when i'?m gone|after i'?m gone|for after|"
                       r"(?:he|she|i)'?(?:s|m| is| am) (?:finished|done)\b)|\b(?:can|should|will) have my (?:\w+ ){0,2}\w+\b"
                       r".{0,40}\b(?:left a list|when i'?m gone|after i'?m gone|won'?t need|it'?s time|i'?m done)\b",
     ("won't need", "won't be need", "don't need", "easier for everyone", "it's time", "it's nearly time",
      "it's almost time", "my will", "his will", "her will", "nothing left", "left a list", "m gone", "for after",
      "s finished", "s done", "m finished", "m done", "is finished", "is done", "am finished", "am done")),
    # Means and plans, more ways: "how much insulin it takes", "thinking about
    # using it", "drive into the sea", "where nobody would find me".
    (MEANS, STRONG, rf"\bhow (?:much|many)(?: of)?(?: (?:my|his|her|the|these|those))?(?: \w+){{0,2}}? {_PILLS}(?: \w+)? "
                    rf"(?:it takes|it would take|would it take|does it take|would (?:be fatal|kill|do it)|is (?:fatal|"
                    rf"lethal|deadly)|to (?:die|overdose|end it|kill))\b|\b(?:lethal|fatal|deadly) (?:dose|amount|quantity)\b",
     ("how much", "how many", "lethal", "fatal", "deadly")),
    (MEANS, STRONG, rf"\b{_PILLS}\b.{{0,80}}\b(?:thinking about|thought about|tempted to|want to|wanna) (?:using|taking|"
                    rf"swallowing|use|take|swallow) (?:it|them|the lot|all of (?:it|them))\b|\b(?:before|so) i (?:don'?t )?"
                    rf"lose my nerve\b",
     ("about using", "about taking", "about swallowing", "tempted", "to use it", "to use them", "to take it",
      "to take them", "to take the lot", "to take all", "to swallow", "wanna use", "wanna take", "nerve")),
    (MEANS, STRONG, r"\b(?:going to|gonna|want to|will|'ll|thinking (?:of|about)|about to|plan(?:ning)? to) (?:drive|driving|"
                    r"crash|crashing|steer|swim|swimming|walk|walking|wade|wading)(?: \w+){0,2} (?:into|off) (?:the |a )?"
                    r"(?:sea|ocean|river|lake|canal|water|wall|tree|cliff|quarry|lorry)\b",
     ("into the", "into a", "off the", "off a")),
    (MEANS, STRONG, r"\bwhere (?:nobody|no one|noone) (?:would|will|could|can)(?: \w+)? find (?:me|him|her|them)\b|\b(?:i'?m|"
                    r"i am|he'?s|he is|she'?s|she is|they'?re|they are) (?:up )?(?:on|at) (?:the )?(?:roof|top|edge|bridge|"
                    r"ledge|balcony)\b.{0,50}\blong (?:way|drop) down\b|\bput (?:the|that|your|his|her) (?:knife|blade|"
                    r"gun|razor|pills|tablets|rope|bottle) down\b|\b(?:knife|knives|blade|razor)s?\b.{0,60}\b(?:my|his|"
                    r"her) (?:wrists?|throat|veins)\b",
     ("find me", "find him", "find her", "find them", "way down", "drop down", "knife down", "blade down",
      "gun down", "razor down", "pills down", "tablets down", "rope down", "bottle down", "wrist", "throat", "vein")),
    (MEANS, STRONG, r"\b(?:standing|stood|sitting|sat|is|'s) on (?:the|a) (?:bridge|roof|ledge|rooftop|cliff|balcony|parapet)"
                    r"\b.{0,40}\b(?:won'?t|will not|refus\w*) (?:to )?(?:come|get|step) (?:down|back|off|in)\b|"
                    r"\b(?:talk(?:s|ing)? about|keeps? saying|said|says) (?:he|she|they)?'?(?:s|'ll|ll| is| will)? ?"
                    r"(?:going to |gonna )?jump(?:ing)? (?:off|from) (?:the|a|this) (?:\w+ )?(?:multi-?stor(?:e?y)|"
                    r"car park|bridge|roof|building|cliff|balcony|tower|flats)\b",
     ("come down", "get down", "step down", "come back", "step back", "come off", "come in", "get off", "jump")),
    # Self-harm, more ways: heat or water on the skin, blades kept, a relapse.
    (SELF_HARM, STRONG, r"\b(?:pour(?:s|ed|ing)?|put|held|hold(?:ing)?|press(?:ed|ing)?) (?:boiling water|hot water|a (?:hot )?"
                        r"iron|(?:a )?lighters?|(?:a )?lit cigarettes?|cigarettes|a flame|bleach|ice) (?:on|onto|against|"
                        r"to) (?:my|his|her|their) (?:skin|hands?|arms?|legs?|wrists?|thighs?|stomach)\b(?!.{0,30}\b(?:by "
                        r"(?:mistake|accident)|accidentally))|\b(?:blades?|razors?) (?:out )?(?:of|from) (?:my |a |the |his |"
                        r"her )?(?:pencil )?sharpeners?\b|\b(?:hid|hidden|hiding|hide|keep|kept|stash(?:ed|ing)?) (?:the |my |"
                        r"some |a )?(?:blades?|razor blades?)\b",
     ("boiling water", "hot water", "iron on", "iron to", "iron against", "lighter", "cigarette", "flame", "bleach on",
      "bleach onto", "ice on", "ice to", "ice against", "blade", "razor")),
    (SELF_HARM, STRONG, r"\b(?:clean|without (?:cutting|self[- ]?harm\w*|hurting myself|burning myself))\b.{0,40}\b(?:again|"
                        r"relapsed|slipped|broke it|did it)\b|\b(?:keep|kept|keeps) (?:doing|did) (?:it|this) to {_REFL}\b|"
                        r"\b(?:says|said) (?:she|he|they) did (?:them|it|those|these|that|the)(?: \w+)? (?:to )?{_REFL}\b|\bdeserve "
                        r"(?:the |to feel )?pain\b|\bdeserve to (?:suffer|hurt|bleed|die)\b|\bfresh (?:cuts|burns|scars|"
                        r"wounds) (?:on|all over) (?:my|his|her|their) \w+|\bcan'?t stop (?:cutting|burning|hurting|"
                        r"harming)(?: {_REFL})?".replace("{_REFL}", _REFL),
     ("clean", "without cutting", "without self", "without hurting", "without burning", "to myself", "to himself",
      "to herself", "to themsel", "to yoursel", "did them", "did it", "did those", "did these", "did that",
      "deserve the pain", "deserve pain", "deserve to", "fresh cuts", "fresh burns", "fresh scars", "fresh wounds",
      "can't stop cutting", "can't stop burning", "can't stop hurting", "can't stop harming")),
    (OVERDOSE, STRONG, r"\b(?:took|taken|take|swallowed|ate|had|downed|necked|popped) (?:one|two|three|four|five|six|several|a "
                       r"few|\d+) (?:whole |full )?(?:boxes|box|packets?|packs?|bottles?|strips?|blister packs?|tubs?) of\b",
     ("boxes of", "box of", "packet of", "packets of", "pack of", "packs of", "bottle of", "bottles of", "strip of",
      "strips of", "tub of", "tubs of")),
    (ATTEMPT, STRONG, r"\bthis time (?:it|i|he|she)(?:'ll| will) (?:work|succeed|get it right|do it right|make sure|not "
                      r"fail)\b|\bmake sure (?:it|i|this) (?:works?|gets? it right|do(?:es)? it right|succeeds?)\b.{0,10}\bthis "
                      r"time\b|\b(?:last|first) time (?:i|he|she|they) tried\b.{0,40}\b(?:didn'?t work|failed|survived|"
                      r"this time)\b",
     ("this time", "time i tried", "time he tried", "time she tried", "time they tried")),
    (EMERGENCY, STRONG, r"\b(?:so much|lots of|loads of|a lot of|pool of) blood\b(?!.{0,30}\b(?:test|tests|sample|donor|"
                        r"donat\w*|taken|pressure))|\bblood (?:is |was )?(?:pumping|spurting|pouring|gushing|pulsing)\b|"
                        r"\bswallowed (?:a|an|one of (?:those|the|my|his|her|these) |some |two |three )?(?:button |small |"
                        r"tiny |watch |magnetic )?(?:batter(?:y|ies)|magnets?|coins?|bleach|detergent|dishwasher tablets?|"
                        r"washing (?:pods?|tablets?|capsules?))\b",
     ("of blood", "blood is", "blood was", "blood pump", "blood spurt", "blood pour", "blood gush", "blood puls",
      "swallowed")),
    (IDEATION, STRONG, r"\b(?:close|shut) (?:my|his|her|their) eyes (?:and|&) (?:never|not) (?:open|wake)", ("eyes",)),
    (SELF_HARM, STRONG, rf"\b(?:top(?:s|ped|ping)?|neck(?:s|ed|ing)?) {_REFL}\b",
     ("top myself", "top himself", "top herself", "topped", "topping", "tops", "neck")),
    (IDEATION, SOFT, r"\b(?:nobody|no one|noone)(?:'d| would| will) (?:even )?(?:miss|care about|notice) (?:me|him|her|them)\b",
     ("miss me", "miss him", "miss her", "miss them", "care about", "notice me", "notice him", "notice her",
      "notice them")),
    # -- weak cues: despair without a plan; two different ones escalate ------------
    (IDEATION, LONE, r"\bhopeless(?:ness)?\b|\bworthless(?:ness)?\b|\bhate (?:my ?self|my life|being alive)\b|"
                     r"\bpsych(?:iatric)? ward\b|\b(?:5150|involuntary hold|sectioned)\b|\bbetter off without\b|"
                     r"\bburden (?:to|on) (?:everyone|my family|everybody)\b|\bno way out\b|\bcould die\b|"
                     r"\bwant(?:ed)? death\b|\bdeath wish\b|\bend the pain\b|\bnobody (?:would|will) (?:miss|care|"
                     r"notice)\b|\bno one (?:would|will) (?:miss|care|notice)\b|\brazors?\b|"
                     r"\bcan'?t (?:do|take) (?:this|it) (?:anymore|any more)\b|\bwhat'?s the point\b|\bmy attempt\b"),
    (IDEATION, WEAK, r"\bwant(?:ed)? out\b|\bempty inside\b|\bnumb\b|\bgive up\b|\bblades?\b|\bpills?\b|"
                     r"\bdepress(?:ed|ion)\b|\bself destruct\w*|\bdie\b|\bdying\b|\bdead\b"),
    # Despair and resolve: "no hope left, i'm ready to go", "i've given up, tonight i'm finishing it".
    (IDEATION, WEAK, r"\bno hope\b|\bnothing (?:left|to live for)\b|\b(?:i'?ve|i have|i) (?:given|gave) up\b|"
                     r"\bcan'?t (?:take|handle|cope with) (?:it|this|any more|anymore)\b|\bready to go(?= *(?:$|[.,!]|now))|"
                     r"\b(?:finishing|finish) it(?= *(?:$|[.,!]|tonight|now|all))|\bthis is (?:it|the end)(?= *(?:$|[.,!]))|"
                     r"\b(?:made up my mind|i'?ve decided|decided)\b|\bgo(?:ing)? through with it\b|\bending it(?= *(?:$|[.,!]))|"
                     r"\bknow how i'?m going to do it\b|\bno (?:way out|point|future)\b|\bwaste of (?:space|oxygen|"
                     r"air)\b|\bi should (?:just )?(?:go|leave|disappear|not be here)(?= *(?:$|[.,!]))|\b(?:the|this) "
                     r"world (?:doesn'?t|does not|won'?t) (?:need|want|miss) me\b|\b(?:nobody|no one) (?:needs|wants) "
                     r"me\b|\bthank you for trying\b|\bleaving (?:my|all my) \w+ to (?:my|his|her) \w+\b|\b(?:affairs "
                     r"are|it'?s all|everything is|everything'?s) (?:in order|sorted)\b|\b(?:stash|supply|stockpile|hoard) "
                     r"of (?:\w+ )?(?:pills|tablets|meds|oxy\w*|painkillers|sleeping pills)\b|\bsorry for everything\b|"
                     r"\b(?:phone (?:is|'s) (?:off|switched off|dead)|(?:not|isn'?t|won'?t|stopped) (?:answering|picking up))\b|"
                     r"\bcleared out (?:my|his|her) (?:flat|room|house|desk|things)\b|\bleft (?:the|my) keys\b|"
                     r"\bgoodbye(?= *(?:$|[.!]))|\bdo something stupid\b|\b(?:not|never) coming "
                     r"(?:home|back)\b|\b(?:cliffs?|cliff edge|railway line|motorway bridge|the edge)\b|\bcouldn'?t "
                     r"(?:do|take|cope with|handle) (?:it|this)(?: \w+)? (?:anymore|any more)\b|\bi'?m (?:so )?sorry "
                     r"(?:mum|mom|dad|everyone|everybody|all|guys|to everyone)\b",
     ("no hope", "nothing left", "nothing to live", "given up", "gave up", "can't take", "can't handle",
      "can't cope", "ready to go", "finish", "this is it", "this is the end", "made up my mind", "decided",
      "through with it", "ending it", "how i'm going", "no way out", "no point", "no future", "waste of",
      "should", "world", "needs me", "wants me", "for trying", "leaving my", "affairs", "sorted", "stash",
      "supply", "stockpile", "hoard", "coming home", "coming back", "cliff", "railway", "motorway bridge",
      "the edge", "couldn't", "sorry", "phone", "answering", "cleared out", "keys", "goodbye", "stupid")),
)

# Topic words after a crisis word: an awareness post or a service, not a person at risk.
_TOPIC_AFTER = re.compile(
    r"^[\s,'-]{0,2}(?:prevention|awareness|helpline|hotline|lifeline|line|hotlines|walk|month|day|week|training|"
    r"course|session|talk|survivors?|support group|rates?|statistics|figures|research|documentary|deaths|kits?|"
    r"team|services?|nurse|charity|campaign|leaflets?|signs|rehab|clinic|ward|unit|risk assessment|policy|"
    r"first aid|bereavement|crisis team|support (?:groups?|lines?|leaflets?|services?|teams?|workers?|packs?)|of (?:embarrassment|boredom|shame|laughter|laughing|cuteness|"
    r"happiness|excitement|hunger|thirst|heat|cold|old age|jealousy|envy))\b"
)
# What before a crisis word makes it a topic, a question about signs, or past and resolved.
_TOPIC_BEFORE = re.compile(
    r"(?<![a-z'])(?:signs? of|symptoms of|know the signs|spot (?:a|the)|awareness of|about|on|history of|novel about|film "
    r"about|book about|prevent(?:ing)?|survived? (?:a|my|his|her)|survivors? of|recover(?:ing|ed)? from|after "
    r"(?:a|his|her|my)|risk of|what (?:does|is|are|happens)|when should (?:you|i|we)|how (?:do|can) you (?:tell|"
    r"spot|know)|(?:scared|thought|worried|feared) (?:i|he|she|they|it) (?:had|was|were|'d|would)(?: \w+)?|"
    r"rule out|ruled out|if (?:you'?re|you are|you)(?: ever)? (?:having|feeling|thinking|struggling|experiencing|worried|affected)"
    r"(?: (?:about|with|by|of|any|thoughts|feelings|urges|like|so))*|tested for|checked for|no more|no longer|not (?:a|any)|what (?:is |does |happens (?:in|"
    r"with|after) )?(?:an?|the)|(?:novel|book|film|movie|show|series|episode|article|podcast|documentary|story|song|"
    r"character)s?\b(?: \w+){0,4}|(?:guide|leaflet|course|training|session|(?:a|the) talk|talks|tips|advice|webinar|workshop) "
    r"(?:on|about|for)(?: \w+){0,8})(?: an?| the)?[\s,]*$"
)
_NEGATION = re.compile(
    r"(?:\bnot|\bnever|\b(?:do|does|did|ca|wo|is|was|were|would|could|should|have|has|had|are|ai)n'?t|\bno longer|"
    r"\bnobody is|\bno one is|\bstopped|\bquit|\bwithout|\bno)(?:\s+\w+){0,2}\s*$"
)
# Laughter and retraction markers: "kill me lol", "jk".
_LAUGH = re.compile(r"(?:\b(?:lol|lmao|lmfao|rofl|haha\w*|hehe\w*|jk|j/k|kidding|joking|just joking)\b|"
                    r"[\U0001F602\U0001F923\U0001F480\U0001F644\U0001F606\U0001F605]|:\)|:d\b|xd\b)", re.I)
_RETRACT = re.compile(r"\b(?:jk|j/k|just kidding|only kidding|kidding!|just joking|only joking|joking!|not really|"
                      r"as a (?:motivational )?poster)|\bkidding(?= *[!.]|$)", re.I)
# A goodbye on leaving a ward, a job or a town, not a life.
_ORDINARY_GOODBYE = re.compile(r"\b(?:leaving (?:the|this|my) (?:\w+ )?(?:ward|hospital|unit|team|job|trust|practice|surgery|"
                               r"committee|group|chat|club|board|page|forum|school|college|company|choir|role|"
                               r"area|city|town|country)|going home|discharged|discharge|retir\w*|new job|moving "
                               r"(?:to|away|house)|last (?:day|shift|week) (?:at|on|with|here)|see you (?:soon|all|later|"
                               r"next)|after my (?:op|operation|surgery|stay))\b")
# What takes a "joking" back: "i don't think he's joking", "she's not kidding".
_SERIOUS = re.compile(r"\b(?:not|isn'?t|wasn'?t|aren'?t|don'?t think (?:he|she|they|i)(?:'s|'re|'m| is| are| was| am)?)"
                      r" (?:joking|kidding)\b|\bi'?m (?:serious|not joking)\b", re.I)
# Resolved, past: "my chest pain was a pulled muscle", "it was just indigestion".
_RESOLVED = re.compile(r"\b(?:was (?:just|only)|turned out|it was nothing|pulled muscle|indigestion|all clear|"
                       r"relieved|no (?:\w+ )?anymore|went really well|recovering|thanks for checking|(?:much|a lot|so much|loads) "
                       r"better|improv(?:ed|ing)|back to normal)\b", re.I)
# Feedback about care already given ("the paramedics were brilliant when my
# dad had a heart attack") is not an emergency happening now, unless the text
# also says it is happening now.
_LOOKING_BACK = re.compile(r"\b(?:thank\w*|brilliant|excellent|amazing|fantastic|professional|caring|reassur\w*|"
                           r"were (?:great|good|lovely|kind|quick)|arrived|came (?:quickly|within|in \d+)|"
                           r"crew|paramedics)\b", re.I)
_NOW = re.compile(r"\b(?:right now|now|please help|help me|what do i do|what should i do|send (?:help|an ambulance)|"
                  r"is having|isn'?t breathing|is not breathing|won'?t wake)\b", re.I)
# A story, not a person: "the villain poisons himself at the end of the play".
# Dropped only where the sentence has no first person, no report ("she
# posted ...", "he said ...") and nothing happening now.
_FICTION = re.compile(r"\b(?:in|at the end of|end of|from) (?:the|that|this|a|last night'?s|tonight'?s) (?:film|movie|"
                      r"play|episode|series|show|drama|soap|novel|book|story|musical|opera|scene|chapter)s?\b|\b(?:the|a|"
                      r"that) (?:villain|hero|heroine|character|protagonist|detective)\b|\b(?:film|movie|novel|book|"
                      r"episode|documentary|podcast|song|lyrics?|story|play|drama) (?:about|where|in which|when)\b|"
                      r"\b(?:tv|hospital|medical|police|crime|period) (?:drama|show|series|soap)\b|\b(?:romeo|juliet|"
                      r"hamlet)\b")
_NOT_FICTION = re.compile(r"(?<![\w'])(?:i|i'm|i've|i'll|i'd|me|myself|says|said|told|tells|texted|posted|wrote|keeps|"
                          r"messaged|now|tonight|help|please)(?![\w'])")
# An ordinary question about taking medicines: "is it safe to take all my
# morning tablets together?" (a death word keeps it a crisis).
_ASKING = re.compile(r"^\W*(?:(?:is|would|will) (?:it|that|this) (?:be )?(?:safe|ok|okay|alright|fine)|(?:are|would) (?:they|"
                     r"these|those) (?:be )?(?:safe|ok|okay|alright|fine)|(?:can|could|should|may) (?:i|we|he|she|they|my "
                     r"\w+) (?:take|have|give|swallow|double))\b")
_DEATH_WORD = re.compile(r"\b(?:die|dying|dead|death|kill\w*|end (?:it|my|things)|never wake|fatal|lethal|overdos\w*|"
                         r"suicid\w*|for good|forever)")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"}
                             # A sad face ends a sentence as a full stop would ("i just want to disappear 😔"):
                             # one character for one, so offsets stay in place.
                             | dict.fromkeys("\U0001F614\U0001F61E\U0001F622\U0001F5A4\U0001F494\U0001F623"
                                             "\U0001F629\U0001F62B\U0001F616\U0001F940\U0001F63F\u2639\U0001F613"
                                             "\U0001F625\U0001F61F\U0001F641", "."))

# Texting forms and one-slip misspellings are read as the words they stand
# for before any rule runs ("thinkin bout endin it all", "i want to kil
# myself", "gona take all my pils tonite"). Two sources, both general rather
# than phrase lists: the usual texting spellings below, and every one-slip
# variant (a letter dropped, two neighbours swapped, a letter doubled; never
# the first letter, where real words lie) of the words crisis rules read.
_TEXTING = {
    "im": "i'm", "ive": "i've", "id": "i'd", "dont": "don't", "cant": "can't", "wont": "won't", "didnt": "didn't",
    "doesnt": "doesn't", "isnt": "isn't", "wasnt": "wasn't", "arent": "aren't", "werent": "weren't",
    "couldnt": "couldn't", "wouldnt": "wouldn't", "shouldnt": "shouldn't", "hes": "he's", "shes": "she's",
    "theyre": "they're", "theres": "there's", "whats": "what's", "thats": "that's", "youre": "you're",
    "u": "you", "ur": "your", "r": "are", "tn": "tonight", "tonite": "tonight", "2nite": "tonight", "2night": "tonight",
    "rn": "right now", "bout": "about", "abt": "about", "gna": "gonna", "gunna": "gonna", "finna": "going to",
    "tryna": "trying to", "wana": "wanna", "wanan": "wanna", "ded": "dead", "pls": "please", "plz": "please",
    "every1": "everyone", "some1": "someone", "no1": "no one", "any1": "anyone", "b4": "before", "gf": "girlfriend",
    "bf": "boyfriend", "cuz": "because", "coz": "because", "bc": "because", "dnt": "don't", "cnt": "can't",
    "tht": "that", "nt": "not", "thru": "through", "nite": "night", "bcuz": "because", "kno": "know", "knw": "know",
}
_CRISIS_WORDS = (
    "kill", "killing", "myself", "himself", "herself", "suicide", "suicidal", "dying", "pills", "tablets",
    "overdose", "tonight", "ending", "alive", "living", "anymore", "goodbye", "hanging", "cutting", "thinking",
    "going", "gonna", "wanna", "want", "wants", "nothing", "everyone", "everything", "forever", "hurting",
    "harming", "bridge", "jumping", "breathing", "bleeding", "nobody", "anyone", "someone", "really", "collapsed", "unconscious", "medication", "paracetamol",
    "painkillers", "anyway", "better", "without", "swallow", "swallowed", "sleeping", "hopeless", "worthless",
    "life", "sorry",
)
_WORD = re.compile(r"[a-z0-9']+")
# Spellings that stand for a crisis word only in their place: "want too die",
# "want 2 die", "i wanna dye tonight" (not "dye my hair"), "end it al".
_IN_PLACE = (
    (re.compile(r"\b(?:too|2)(?= (?:die|live|be dead|end|kill|hurt|dye)\b)"), "to"),
    (re.compile(r"\bdye(?= *(?:$|[.,!?]|tonight|today|now|soon|already|in my sleep|alone|please))"), "die"),
    (re.compile(r"\bit al\b"), "it all"),
    (re.compile(r"\bill(?= (?:be|never|do|end|kill|go|just|make|take|jump|finally)\b)"), "i'll"),
)


def _slips(word: str) -> set[str]:
    out = {word[:i] + word[i + 1 :] for i in range(1, len(word))}
    out |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)}
    out |= {word[:i] + word[i] + word[i:] for i in range(1, len(word))}
    out.discard(word)
    return out


@cache
def _fixes() -> dict[str, str]:
    from bedside.guard.lexicons import is_common_word

    fixes: dict[str, str] = {}
    for word in _CRISIS_WORDS:
        for slip in _slips(word):
            if len(slip) >= 3 and not is_common_word(slip) and slip not in _CRISIS_WORDS:
                fixes.setdefault(slip, word)
    fixes.update(_TEXTING)
    return fixes


def _normalize(lowered: str) -> tuple[str, list[int] | None]:
    """The text with texting forms and slips spelled out, and for each of its
    characters (and its end) the position in ``lowered`` it came from; None
    when nothing changed."""
    fixes = _fixes()
    if fixes.keys().isdisjoint(_WORD.findall(lowered)) and not any(r.search(lowered) for r, _ in _IN_PLACE):
        return lowered, None  # the common case, in C: one findall and one set test
    pieces: list[str] = []
    where: list[int] = []
    last = 0
    for m in _WORD.finditer(lowered):
        fix = fixes.get(m.group())
        if fix is None or fix == m.group():
            continue
        start, end = m.span()
        pieces.append(lowered[last:start])
        where.extend(range(last, start))
        pieces.append(fix)
        where.extend(min(start + i, end - 1) for i in range(len(fix)))
        last = end
    if not pieces:
        read, where = lowered, list(range(len(lowered)))
        changed = False
    else:
        pieces.append(lowered[last:])
        where.extend(range(last, len(lowered)))
        read, changed = "".join(pieces), True
    for regex, repl in _IN_PLACE:
        if regex.search(read) is None:
            continue
        out, mapped, last = [], [], 0
        for m in regex.finditer(read):
            out.append(read[last : m.start()] + repl)
            mapped.extend(where[last : m.start()])
            mapped.extend(where[min(m.start() + i, m.end() - 1)] for i in range(len(repl)))
            last = m.end()
        out.append(read[last:])
        mapped.extend(where[last:])
        read, where, changed = "".join(out), mapped, True
    if not changed:
        return lowered, None
    where.append(len(lowered))
    return read, where


@cache
def _gate() -> literals.Gate:
    """Which rules a text can match: each rule's conditions are derived from
    its own pattern (guard.literals), so a new rule is covered as it is
    written; a rule's triggers are one condition more."""
    return literals.Gate([needs + ((triggers,) if triggers else ())
                          for _kind, _strength, _regex, triggers, needs in _compiled()])


# The short-message model (scripts/train_crisis_model.py) reads what no
# construction above fits. It only adds an escalation, for a text no longer
# than SHORT that carries a word of death or harm, from MODEL_AT (chosen by
# cross-validation on the tuning part of bench/data/crisis_short).
MODEL_PATH = Path(__file__).with_name("data") / "crisis_short.npz"
MODEL_BITS = 16
MODEL_AT = 0.5
SHORT = 400
CORE = re.compile(
    r"\b(?:die|dying|dead|death|kill\w*|suicid\w*|end(?:ing)? (?:it|things|my life|everything)|pills|tablets|meds|"
    r"painkillers|overdos\w*|rope|knife|blade|razor|gun|bridge|jump\w*(?! for joy| at the chance| the queue)|cut\w*|hurt\w*|harm\w*|bleed\w*|blood|"
    r"goodbye|alive|living|breath\w*|collapsed|asleep|wake|gone|respond\w*|floppy|face)\b",
    re.I,
)


# "kill my brother", "kill whoever designed this": the word's object is
# someone else, not the writer ("kill myself", "kill my own ...").
# Only a person: "kill the pain" and "kill this feeling" stay the writer's own.
_OTHER_OBJECT = re.compile(
    r" (?:(?:my|your|our|his|her|the|that|this) (?:\w+ )?(?:brother|sister|mum|mom|dad|husband|wife|partner|boss|"
    r"flatmate|roommate|housemate|kids?|son|daughter|friend|mate|neighbou?r|cat|dog|ex|boyfriend|girlfriend|bf|gf|"
    r"manager|teacher|receptionist|doctor|nurse|guy|man|woman|person|driver|cousin|uncle|aunt|nan|gran|grandad)s?\b|"
    r"whoever|everyone|everybody|someone|somebody)"
)


@cache
def _model() -> HashedLinear | None:
    return HashedLinear.load(MODEL_PATH) if MODEL_PATH.exists() else None


def model_score(text: str) -> float:
    """The short-message model's probability that ``text`` is a crisis (0 without a model)."""
    model = _model()
    return 0.0 if model is None else model.probabilities(text)["crisis"]


def _by_model(read: str) -> list[Hit]:
    for m in CORE.finditer(read):
        start, end = m.span()
        if _OTHER_OBJECT.match(read, end):
            continue  # "gonna kill my brother, he took my charger": a figure of speech about someone else
        near = _near(read, start, end)
        if not _in_context(read, start, end, IDEATION) or _LAUGH.search(near) or _RETRACT.search(near):
            continue
        # A writer who denies it ("i have no plans to harm myself, ... my
        # meds") is not read on by the model for a later death or harm word.
        if model_score(read) >= MODEL_AT and not any(
                _NEGATION.search(read[max(0, c.start() - 40) : c.start()]) for c in CORE.finditer(read, 0, start)):
            return [Hit(start, end, IDEATION, SOFT, read[start:end])]
        return []
    return []


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    kind: str
    strength: str
    text: str


@cache
def _compiled() -> tuple[tuple[str, str, re.Pattern[str], frozenset[str], tuple[literals.Condition, ...]], ...]:
    """Each rule with its triggers and the conditions (guard.literals) every
    match of its pattern meets: a rule whose conditions a text fails cannot
    match there, so skipping it changes nothing (tests/guard: gate on and off)."""
    out = []
    for rule in _RULES:
        regex = re.compile(rule[2])
        out.append((rule[0], rule[1], regex, frozenset(rule[3] if len(rule) == 4 else ()), literals.required(regex)))
    return tuple(out)


def _in_context(read: str, start: int, end: int, kind: str) -> bool:
    """Whether the words around a hit leave it meaning a person at risk now."""
    before = read[max(0, start - 40) : start]
    after = read[end : end + 40]
    # The topic may open a longer clause: "training on how to talk to someone who is ...".
    if _TOPIC_AFTER.match(after) or _TOPIC_BEFORE.search(read[max(0, start - 70) : start]):
        return False
    phrase = read[start:end].lower()
    # A phrase that carries its own negation ("don't want to live") reads it in the match.
    return not (_NEGATION.search(before) and not re.match(r"(?:do|does|did|can|won|will|wo|never|not|no)", phrase))


def _near(read: str, start: int, end: int) -> str:
    """The hit's sentence and the next one: "kill me now. lol", "... kidding!"."""
    return _sentence(read, start, min(len(read), end + 60))


def _sentence(read: str, start: int, end: int) -> str:
    left = max(read.rfind(".", 0, start), read.rfind("!", 0, start), read.rfind("\n", 0, start))
    stops = [i for i in (read.find(".", end), read.find("!", end), read.find("\n", end)) if i != -1]
    return read[left + 1 : min(stops) if stops else len(read)]


def find(text: str, *, outbound: bool = False, gate: bool = True) -> list[Hit]:
    """The crisis hits that escalate ``text``, left to right (empty when none does).

    Outbound text (the hospital's own posts and replies) escalates only on a
    first-person statement: a post about suicide prevention or the signs of a
    stroke is the hospital's work, not a crisis.

    ``gate=False`` tries every rule on the text, as if no gate existed: the
    reference the gate is tested against (same hits, only slower)."""
    if not text:
        return []
    read = text.translate(_APOSTROPHES)
    lowered = read.lower()
    if len(lowered) != len(read):
        # "İ" lower-cases to two characters; keep every character in its place.
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in read)
    # Lower-cased once, and the patterns compiled without IGNORECASE: the
    # regular expressions run faster; spans are mapped back to the text.
    read, where = _normalize(lowered)
    hits = _find(read, outbound, _gate().open(read) if gate else None)
    if where is None:
        return [replace(h, text=text[h.start : h.end]) for h in hits]
    out = []
    for h in hits:
        start, end = where[h.start], where[h.end - 1] + 1 if h.end > h.start else where[h.start]
        out.append(Hit(start, end, h.kind, h.strength, text[start:end]))
    return out


def _find(read: str, outbound: bool, opened: set[int] | None) -> list[Hit]:
    """``opened``: the rules the gate let through, None for every rule
    (whose triggers the text holds); tried in the table's order."""
    hits: list[Hit] = []
    weak: list[Hit] = []
    rules = _compiled()
    if opened is None:
        opened = {i for i, rule in enumerate(rules) if not rule[3] or any(t in read for t in rule[3])}
    for kind, strength, regex, _triggers, _needs in (rules[i] for i in sorted(opened)):
        if outbound and kind == EMERGENCY:
            continue
        for m in regex.finditer(read):
            start, end = m.span()
            if start == end or not _in_context(read, start, end, kind):
                continue
            hit = Hit(start, end, kind, strength, read[start:end])
            if strength == LONE and len(read) >= LONG:
                hits.append(hit)
                continue
            if strength in (WEAK, LONE):
                weak.append(hit)
                continue
            # Laughter and retractions count near the words, not anywhere in
            # a long history of posts.
            near = _near(read, start, end)
            serious = _SERIOUS.search(near) is not None
            if _RETRACT.search(near) and not serious:
                continue
            laugh = _LAUGH.search(near) is not None and not serious
            if laugh and strength == SOFT:
                continue
            # Read near the words, like laughter: in a long history of posts a
            # "going home" elsewhere says nothing about this goodbye.
            if kind == FAREWELL and _ORDINARY_GOODBYE.search(near):
                continue
            sentence = _sentence(read, start, end)
            if _FICTION.search(sentence) and not serious and not _NOT_FICTION.search(sentence):
                continue
            if kind in (MEANS, OVERDOSE) and _ASKING.search(sentence) and not _DEATH_WORD.search(sentence):
                continue
            if kind == EMERGENCY and (_RESOLVED.search(_sentence(read, start, end)) or laugh and "laugh" in near
                                      or _LOOKING_BACK.search(read) and not _NOW.search(read)):
                continue
            hits.append(hit)
    if not hits and not outbound and len(read) <= SHORT:
        hits = _by_model(read)
    weak = [w for w in _non_overlapping(sorted(weak, key=lambda h: (h.start, h.end)))
            if not _LAUGH.search(_near(read, w.start, w.end))]
    if not hits and len({w.text.lower() for w in weak}) >= 2:
        hits = weak
    if outbound:
        # The organization's own posts: a farewell from a retiring manager or a
        # blog post about hopelessness is not a person at risk; a first-person
        # statement of self-harm still is.
        hits = [h for h in hits if h.kind in _OUTBOUND_KINDS and h.strength == STRONG
                and _FIRST_PERSON.search(read) and not h.text.lower().startswith("suicid")]
    hits.sort(key=lambda h: (h.start, h.end))
    return _non_overlapping(hits)


_OUTBOUND_KINDS = frozenset([IDEATION, SELF_HARM, OVERDOSE, ATTEMPT])
_FIRST_PERSON = re.compile(r"(?i)(?<!\w)(?:i|i'm|im|me|my|myself)(?!\w)")


def _non_overlapping(hits: list[Hit]) -> list[Hit]:
    kept: list[Hit] = []
    for h in hits:
        if kept and h.start < kept[-1].end:
            if h.end - h.start > kept[-1].end - kept[-1].start:
                kept[-1] = h
            continue
        kept.append(h)
    return kept


def escalates(text: str) -> bool:
    return bool(find(text))


EXPLAIN = {
    IDEATION: "Thoughts of suicide or of not being alive",
    FAREWELL: "A farewell that may mean suicide",
    MEANS: "Means or a plan to end a life",
    SELF_HARM: "Self-harm or suicide language",
    OVERDOSE: "An overdose or poisoning",
    ATTEMPT: "A suicide attempt",
    EMERGENCY: "A medical emergency happening now",
}
