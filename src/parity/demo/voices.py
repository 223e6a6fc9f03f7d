"""Free-text answers for the demo, written in the voice of each stance.

The coach's open questions (purpose, persona, mirror, comment) are where a relationship shows
its character in people's own words, so the demo needs answers that sound like real people:
different departments and outside firms, blunt and corporate, British and American spelling.
Each line is written for one stance (the labels in ``instrument.md``) and follows the rules there,
including the hard cases: partnership words attached to order-taking are ``servant``, "partner"
next to a threat to re-tender is ``customer``. That makes the banks labelled examples too.

``{other}`` stands for the other party's name. A line marked internal only makes sense between
departments of one company ("To serve the Business."); one marked external only makes sense
across a contract between firms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import numpy as np
import pandas as pd

from parity.core.language.stance import STANCES as STANCE_CODES
from parity.demo.profiles import Profile

Scope = Literal["internal", "external"]
Fit = Literal["any", "internal", "external"]

STANCES = STANCE_CODES  # the instrument's seven stance codes, in the reader's order

#: Chance that a respondent answers each open question ("most", "most", "some", "a few").
ANSWER_RATES: Mapping[str, float] = MappingProxyType(
    {"purpose": 0.9, "persona": 0.85, "mirror": 0.6, "comment": 0.5}
)


@dataclass(frozen=True)
class Line:
    """One written answer and the relationships it fits (``any``, ``internal``, ``external``)."""

    text: str
    fit: Fit = "any"

    def suits(self, scope: Scope) -> bool:
        return self.fit in ("any", scope)


def _lines(fit: Fit, *texts: str) -> tuple[Line, ...]:
    return tuple(Line(text, fit) for text in texts)


PURPOSES: Mapping[str, tuple[Line, ...]] = MappingProxyType(
    {
        "servant": (
            *_lines(
                "any",
                "We're here to deliver whatever {other} asks for, on time, every time.",
                "We partner with {other} by delivering every request on time.",
                "Honestly? To do what {other} tells us and keep them happy.",
                "Our purpose is to support {other} in whatever they need, whenever they need "
                "it. We never say no.",
                "To be the best business partner {other} could ask for: whatever they want, we "
                "make it happen.",
                "Keep {other} happy. If they're happy, we've done our job.",
                "We're the people {other} calls when something needs doing. We drop everything "
                "and do it.",
            ),
            *_lines(
                "internal",
                "To serve the Business.",
                "To support the organisation by responding to every demand from {other} as fast "
                "as we humanly can.",
                "We exist to fulfil the Business's requests and prioritize their needs above "
                "our own.",
            ),
            *_lines(
                "external",
                "Whatever {other} wants, {other} gets. That's the whole job.",
                "To be at {other}'s beck and call, day or night.",
            ),
        ),
        "master": (
            *_lines(
                "any",
                "We decide what gets done; {other} does it.",
                "To set the direction and make sure {other} delivers against it.",
                "We set the priorities for {other} and hold them to it.",
                "Our job is to tell {other} what we need. Theirs is to get on and do it.",
                "To call the shots on this work, with {other} executing.",
            ),
            *_lines(
                "internal",
                "We run the business. {other} is there to carry out what we decide.",
                "To own the commercial agenda. Support functions like {other} exist to execute "
                "our priorities.",
                "Drive revenue. Everyone else, {other} included, is there to help us do that.",
                "To lead the organization's growth plan and direct the functions that support "
                "it, {other} among them.",
            ),
            *_lines(
                "external",
                "{other} works to our spec and our timetable; we tell them what good looks like.",
                "We own the plan. {other} is a pair of hands we direct.",
            ),
        ),
        "provider": (
            *_lines(
                "any",
                "To provide {other} with the services in our catalogue, to the agreed service "
                "levels.",
                "Resolve tickets within SLA and keep the service running.",
                "Our business partnering model: a service catalogue, agreed SLAs and monthly "
                "chargeback to {other}.",
                "Process requests as they come in through the portal, prioritised by the "
                "service levels we signed up to.",
                "To deliver what the service agreement with {other} says, no more and no less.",
            ),
            *_lines(
                "internal",
                "To run the shared services {other} is charged back for, to the standards in "
                "our catalogue.",
                "Provide the review service {other} books through our intake queue, within the "
                "agreed turnaround.",
            ),
            *_lines(
                "external",
                "We run the services {other} pays for and report against the KPIs in the "
                "statement of work.",
                "To deliver contracted services to {other} at the agreed rates, with monthly "
                "service reviews.",
                "Deliver to brief, on budget, as set out in the retainer with {other}.",
            ),
        ),
        "customer": (
            *_lines(
                "any",
                "We commission work from {other} and hold them to account for quality, cost and "
                "speed.",
                "To keep our operation running; if {other} can't deliver, there are plenty who "
                "can.",
                "We partner with {other}, but we'll re-tender the moment prices go up.",
                "To make sure every pound and dollar we spend with {other} earns its keep.",
                "To get what we need at the right price, and to switch if {other} under-delivers.",
            ),
            *_lines(
                "internal",
                "To get our contracts reviewed fast. We use {other} when it suits us and "
                "outside counsel when it doesn't.",
                "To buy in support where it's cheaper than doing it ourselves; {other} is one "
                "option among several.",
            ),
            *_lines(
                "external",
                "To get the best value from the suppliers we buy from, {other} included.",
                "To grow the brand; agencies like {other} are one of several we can brief.",
                "Our team buys in expertise where it's cheaper than building it. {other} is on "
                "our panel, for now.",
            ),
        ),
        "partner": (
            *_lines(
                "any",
                "To co-own the outcome with {other}. We need them and they need us.",
                "To make the business stronger with {other}, as equals: we each bring different "
                "skills to the same goal.",
                "We and {other} share one target and one plan. Our job is our half of it, and "
                "helping with theirs.",
                "To solve the hardest problems jointly with {other}, on an equal footing.",
                "Our purpose is shared with {other}: happy customers and a healthy margin, and "
                "we both answer for it.",
            ),
            *_lines(
                "internal",
                "Together with {other}, to grow the revenue we're both measured on.",
                "We own the customer pipeline jointly with {other}; we win or lose as one team.",
                "To build the group's future with {other}. Neither of us gets there alone.",
            ),
            *_lines(
                "external",
                "To deliver on-time, in-full to our customers, side by side with {other}.",
                "To make this venture with {other} succeed. Shared risk, shared reward.",
            ),
        ),
        "adversary": (
            *_lines(
                "any",
                "To protect the company from {other} and their bad decisions.",
                "Honestly, most of our energy goes into defending ourselves against {other}.",
                "To document everything, because with {other} you will need the paper trail.",
                "To do our jobs. It would be easier if {other} stopped undermining us at every "
                "turn.",
                "To hold {other} to account. We've had to escalate to the directors twice this "
                "year.",
            ),
            *_lines(
                "internal",
                "To get the campaigns out despite {other} blocking every one of them.",
                "To keep the organisation safe from the risks {other} keeps trying to push "
                "through.",
            ),
            *_lines(
                "external",
                "To recover the money {other} owes us. We're in formal dispute over the last "
                "three invoices.",
                "To win the argument with {other} about who's responsible for the missed "
                "deliveries, before it goes to the lawyers.",
            ),
        ),
        "neutral": _lines(
            "any",
            "To do our own job well and develop our people.",
            "To get our work done properly, on time and within budget.",
            "Deliver our annual plan.",
            "We focus on our own objectives for the year.",
            "To keep our processes simple, accurate and compliant.",
            "Being good at what we do. That's it, really.",
            "To hit our team targets and keep improving how we work.",
            "To run our function efficiently and look after our people.",
            "Quality work, delivered by a team that enjoys doing it.",
        ),
    }
)

PERSONAS: Mapping[str, tuple[Line, ...]] = MappingProxyType(
    {
        "servant": _lines(
            "any",
            "{other} is a demanding boss who never says thank you.",
            "A lord of the manor. We're the staff below stairs, and frankly I'm exhausted.",
            "{other} is a VIP guest and we're the concierge: polite, always on call, a bit "
            "invisible. I feel taken for granted.",
            "{other} would be the headteacher: you do what you're told and hope you don't get "
            "called in. Anxious, mostly.",
            "The boss who changes their mind on a Friday afternoon and expects it done by Monday. "
            "I'm fond of them, but worn out.",
            "{other} is royalty and we're the household staff. It's an honour, I suppose, but a "
            "tiring one.",
        ),
        "master": _lines(
            "any",
            "{other} is an intern: keen, occasionally useful, needs very clear instructions.",
            "A tool in the toolbox. Good when it works; when it doesn't, I get frustrated.",
            "{other} is a machine we feed requests into. Mostly reliable; I don't think about it "
            "much.",
            "Like a junior assistant who needs chasing. I'm fond of them, but I wouldn't ask "
            "their view on strategy.",
            "A vending machine: put a request in, get something out. Irritating when it jams.",
            "{other} would be the new hire who waits to be told what to do. Fine, as long as "
            "we're steering.",
        ),
        "provider": _lines(
            "any",
            "{other} is a client with a clear contract. Professional; I'm comfortable with them as "
            "long as the scope is agreed.",
            "A customer who reads the SLA report before anything else. Fair, but transactional. I "
            "neither love nor dislike them.",
            "Like a shopper with a very specific list: pleasant enough, price-conscious, always "
            "checking the invoice.",
            "{other} is an account we manage. A good account on the whole, if a bit prone to "
            "scope creep.",
            "A regular at the counter. Orders the same thing, pays on time, complains when it's "
            "slow. I feel fine about them.",
            "A buyer with a spreadsheet. Respectful, but they'd switch providers in a heartbeat "
            "if the numbers said so.",
        ),
        "customer": _lines(
            "any",
            "{other} is a salesperson who over-promises. Friendly enough, but I check everything "
            "they say.",
            "A contractor we hired for the job. Decent work, pricey, and I'm watching the "
            "invoices.",
            "Like a shop I use because it's convenient. If a better one opened next door, I'd go.",
            "{other} is a service I pay for. Satisfied most months, mildly annoyed the rest.",
            "A keen supplier trying to upsell. I like them, but they're replaceable.",
            "A tradesman who turns up late but does a decent job. I'd get other quotes next time.",
        ),
        "partner": _lines(
            "any",
            "{other} is like a co-pilot — we fly this together and I trust them.",
            "A team-mate I'd pick every time. I feel grateful we have them.",
            "{other} would be a fellow board member: different strengths, same ambition, and I "
            "respect them enormously.",
            "A climbing partner. We're roped together, and I trust them with the rope.",
            "An old friend you can be honest with. We argue sometimes, but I like them a lot.",
            "A co-founder. Equal say, shared risk; I'm genuinely glad they're in this with us.",
        ),
        "adversary": _lines(
            "any",
            "{other} is a bully who blames us for everything. I don't trust them an inch.",
            "A rival across the table. Polite in meetings, knives out afterwards. Exhausting.",
            "Like a neighbour in a boundary dispute: every conversation ends with a solicitor's "
            "letter.",
            "{other} would be the person who says no to everything and then blames you for the "
            "delay. Infuriating.",
            "A slippery negotiator. I feel wary every time we talk.",
            "An opponent. We're not on the same side and we both know it.",
        ),
        "neutral": _lines(
            "any",
            "{other}? I honestly couldn't tell you much. We hardly deal with them.",
            "A polite acquaintance. We nod in the corridor.",
            "Someone from another floor. Seems nice enough; no strong feelings.",
            "A person I've met at a couple of all-hands meetings. Perfectly pleasant.",
            "Like a distant cousin: you know they exist, you see them at weddings.",
            "No idea, to be honest. Busy, probably. I don't feel much either way.",
        ),
    }
)

MIRRORS: Mapping[str, tuple[Line, ...]] = MappingProxyType(
    {
        "servant": _lines(
            "any",
            "They'd say we're the help: useful, quiet, there when called.",
            "A loyal butler. Reliable, never argues, rarely noticed.",
            "Probably 'the people who do the stuff': an eager assistant who never says no.",
            "{other} would call us a willing pair of hands. Not someone you'd ask for an opinion.",
            "A junior who does as they're told. Helpful, but not at the top table.",
            "The order-takers. Polite, hard-working, a bit of a doormat if I'm honest.",
        ),
        "master": _lines(
            "any",
            "They'd say we're the boss: we decide and they deliver.",
            "Demanding but fair. We know what we want and we expect it done.",
            "{other} would call us the ones who call the shots. That's how it should be.",
            "Probably a bit bossy. Someone has to set the priorities.",
            "The captain of the ship. They'd grumble about the orders, but they'd follow them.",
            "Impatient, always in a hurry, the person who signs off everything they do.",
        ),
        "provider": _lines(
            "any",
            "A dependable vendor. Does what the contract says, not a lot more.",
            "{other} would describe us as a service desk: log a ticket, get an answer.",
            "A supplier that hits its KPIs most months.",
            "Probably 'the service provider': competent, a little rigid about scope and change "
            "requests.",
            "They'd say we're the utility. You only notice us when the service level slips.",
            "A contractor: good at what's on the order form, reluctant to do anything off it.",
        ),
        "customer": _lines(
            "any",
            "They'd call us a demanding client who pays on time.",
            "Probably a tough customer. We know our alternatives and they know we know.",
            "{other} would describe us as the account they can't afford to lose.",
            "Picky, price-sensitive, hard to please. Fair, though.",
            "The client who benchmarks them every quarter.",
            "A big customer with options. I suspect they're a little nervous of us.",
        ),
        "partner": _lines(
            "any",
            "They'd say we're their other half on this: reliable and honest.",
            "A team-mate who pulls their weight and tells them when they're wrong.",
            "{other} would describe us as equals. I think they'd say they couldn't do it without "
            "us.",
            "A fellow founder: a bit intense, but all-in on the same goal.",
            "Trusted, straight-talking, part of the same team.",
            "Their co-pilot. They'd say they trust us to take the controls.",
        ),
        "adversary": _lines(
            "any",
            "They'd say we're difficult and obstructive. We'd say they started it.",
            "{other} would describe us as the enemy, probably.",
            "A troublemaker who escalates everything.",
            "Hostile. Maybe with reason: we've stopped giving them the benefit of the doubt.",
            "The people who always bring the lawyers.",
            "Stubborn, suspicious, impossible to please.",
        ),
        "neutral": _lines(
            "any",
            "They probably don't think about us at all.",
            "A quiet neighbour they've never really met.",
            "'Who?' would be my honest guess.",
            "Busy with their own things, like us.",
            "A name on the org chart.",
            "Pleasant, distant, not someone they'd call.",
        ),
    }
)

COMMENTS: Mapping[str, tuple[Line, ...]] = MappingProxyType(
    {
        "servant": _lines(
            "any",
            "We'd like to push back sometimes, but it doesn't feel like our place.",
            "Every request is urgent and we never get to say which ones matter.",
            "It would be nice to be asked what we think before the decision, not after.",
            "We call them partners in the slides, but really we just do what we're asked.",
            "Morale is low; people feel like they exist to say yes.",
        ),
        "master": _lines(
            "any",
            "They need to understand that our priorities are their priorities.",
            "I don't need {other} in the strategy meetings; I need them delivering what we "
            "decided.",
            "When we say jump, the answer should be 'how high', not a list of questions.",
            "We call them our business partner, but let's be clear about who sets the agenda.",
            "Things go fine as long as {other} follows our lead.",
        ),
        "provider": _lines(
            "any",
            "Most friction comes from work that isn't in the catalogue.",
            "The chargeback model makes every conversation about cost.",
            "We're hitting the SLAs, but I'm not sure the SLAs measure what {other} actually "
            "cares about.",
            "Renewal is next year; we're preparing the service review pack now.",
            "Change requests would be smoother if the scope were written down properly.",
        ),
        "customer": _lines(
            "any",
            "We're reviewing the arrangement next quarter and may go out to market.",
            "Their rates went up 12% this year; the value didn't.",
            "Service has been acceptable, but we keep a second supplier warm.",
            "If the turnaround doesn't improve, we'll move the work elsewhere.",
            "They call it a strategic partnership; from our side it's a purchase order.",
        ),
        "partner": _lines(
            "any",
            "We still disagree sometimes, but we sort it out in the room.",
            "The joint planning sessions have made a huge difference.",
            "Shared targets changed everything: we stopped arguing about whose problem it was.",
            "It works because both sides know they need each other.",
            "I'd like more of the organization to work the way we do with {other}.",
        ),
        "adversary": _lines(
            "any",
            "Every disagreement ends up with the directors. Nothing gets resolved at our level.",
            "We have been threatened with legal action twice; it is hard to work like this.",
            "I'd like to say it's improving, but it isn't.",
            "They blame us in front of senior management for problems they created.",
            "It's us versus them, and everyone on the floor knows it.",
        ),
        "neutral": _lines(
            "any",
            "Nothing to add.",
            "No comment really; we don't overlap much.",
            "Happy to help if it's useful, but we rarely work together.",
            "I wasn't sure why we were asked about them.",
        ),
    }
)

#: The stance(s) each profile's respondents write from, with weights.
STANCE_MIX: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {
        "partnership": {"partner": 1.0},
        "developing": {"partner": 0.4, "provider": 0.3, "neutral": 0.3},
        "customer": {"customer": 1.0},
        "supplier": {"provider": 0.6, "servant": 0.4},
        "master": {"master": 1.0},
        "servant": {"servant": 1.0},
        "adversarial_hostile": {"adversary": 1.0},
        "adversarial_other": {"adversary": 0.6, "neutral": 0.4},
        "detached": {"neutral": 1.0},
    }
)

_BANKS: Mapping[str, Mapping[str, tuple[Line, ...]]] = MappingProxyType(
    {"purpose": PURPOSES, "persona": PERSONAS, "mirror": MIRRORS, "comment": COMMENTS}
)


def sample_voices(
    profile: Profile, n: int, rng: np.random.Generator, *, other: str, scope: Scope
) -> pd.DataFrame:
    """Open answers for ``n`` respondents of a side with this profile, about ``other``.

    Columns: ``stance`` (the stance each respondent writes from, for checking a classifier; it
    is not a responses column), then ``purpose, persona, mirror, comment`` as text columns with
    NaN for a question left blank. Everyone answers at least the purpose or the persona question,
    since a respondent who leaves every open question blank teaches the demo nothing.
    """
    stances = _draw_stances(profile, n, rng)
    answered = _draw_answered(n, rng)
    columns = {"stance": pd.Series(stances, dtype="str")}
    for question, bank in _BANKS.items():
        texts = _fill(question, bank, stances, answered[question], rng, scope, other)
        columns[question] = pd.Series(texts, dtype="str")
    return pd.DataFrame(columns)


def _draw_stances(profile: Profile, n: int, rng: np.random.Generator) -> list[str]:
    mix = STANCE_MIX[profile.name]
    weights = np.array(list(mix.values()), dtype=float)
    picks = rng.choice(len(mix), size=n, p=weights / weights.sum())
    names = list(mix)
    return [names[pick] for pick in picks]


def _draw_answered(n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    answered = {question: rng.random(n) < rate for question, rate in ANSWER_RATES.items()}
    silent = ~(answered["purpose"] | answered["persona"])
    answered["purpose"] = answered["purpose"] | silent
    return answered


def _fill(
    question: str,
    bank: Mapping[str, tuple[Line, ...]],
    stances: Sequence[str],
    answered: np.ndarray,
    rng: np.random.Generator,
    scope: Scope,
    other: str,
) -> list[str | None]:
    """Texts for one question; within a stance each line is used once before any repeats."""
    texts: list[str | None] = [None] * len(stances)
    for stance in sorted(set(stances)):
        who = [i for i, s in enumerate(stances) if s == stance and answered[i]]
        lines = [line for line in bank[stance] if line.suits(scope)]
        if not lines:
            raise ValueError(f"No {question} lines for the {stance} stance in {scope} scope.")
        order = rng.permutation(len(lines))
        for k, i in enumerate(who):
            texts[i] = lines[order[k % len(lines)]].text.replace("{other}", other)
    return texts
