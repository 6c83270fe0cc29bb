"""Draft questions from a document's passages, offline and deterministically.

Pure: passages in, proposals out; nothing here touches the database. Sentences come from
pysbd, key phrases from yake, dates from dateparser, country names from pycountry's
gazetteer. Each proposal tests one fact (a year, a number, a country, a key phrase) of
one sentence and quotes that sentence verbatim, so its answer is always stated in its
quote. Hedged or opinion sentences and site furniture are skipped. The same passages give
the same proposals, in the same order, every time (no randomness: choices that vary are
made from the sentence's own hash).
"""

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

HEDGES = re.compile(
    r"\b((?-i:may|May(?! \d))|might|could|perhaps|possibly|probably|arguably|likely|"
    r"unlikely|seems?|"
    r"appears? to|reportedly|allegedly|supposedly|critics (?:argue|say|claim)|"
    r"experts? (?:believe|say|think|argue)|some (?:say|argue|believe)|it is (?:said|believed)|"
    r"in my (?:opinion|view)|I think|we believe)\b",
    re.IGNORECASE,
)
FURNITURE = re.compile(
    r"(\bSee also\b|\bSimilar Posts\b|\bAI[- ](?:tools?|generated|assistance)\b|\bclick\b|"
    r"\bsubscribe\b|\bcookies?\b|\ball rights reserved\b|©|\bread more\b|\bshare this\b|"
    r"\[\d+\]|https?://|www\.|\bthis (?:article|post|guide)\b)",
    re.IGNORECASE,
)
# A sentence opening on a pronoun means nothing alone; "This alliance …" (a demonstrative
# with its noun) still does.
OPENING_PRONOUN = re.compile(
    r"^(?:(?:It|They|He|She|Its|Their|His|Her|Such|Here|There)\b|"
    r"(?:This|That|These|Those)\s+(?:is|was|are|were|has|have|had|can|could|will|would|"
    r"may|might|must|should|also|means|includes?|involves?|allows?)\b)"
)
YEAR = re.compile(r"(?<![\d,.])(1[5-9]\d\d|20\d\d)(?!\d|,\d)")
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\w|,\d|\.\d)")
MONTH_DATE = re.compile(
    r"\b(?:\d{1,2} )?(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)(?: \d{1,2})?,? (1[5-9]\d\d|20\d\d)\b"
)
LIST_MARKER = re.compile(r"^(?:\d+|[a-zA-Z])[.)]\s")
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "and",
        "or",
        "but",
        "its",
        "their",
        "his",
        "her",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "as",
        "than",
        "into",
        "over",
        "under",
    ]
)
MIN_WORDS, MAX_WORDS = 6, 60


@dataclass(frozen=True)
class PassageText:
    key: int  # the passage's id
    text: str


@dataclass
class Proposal:
    passage: int
    kind: str  # a questions.models.QuestionType value
    prompt: str
    answer: str  # what the draft tests, as shown to the teacher
    quote: str  # verbatim from the passage
    reason: str
    choices: list[dict] = field(default_factory=list)
    numeric_value: Decimal | None = None

    @property
    def fingerprint(self) -> str:
        key = f"{self.passage}|{self.kind}|{self.prompt}|{self.answer}"
        return hashlib.sha256(key.encode()).hexdigest()[:32]


def _hash(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


@functools.cache
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


@functools.cache
def _countries() -> tuple[re.Pattern, tuple[str, ...]]:
    """Country names of the gazetteer (common names where pycountry has one), and a
    pattern finding any of them as whole words."""
    import pycountry

    names = sorted(
        {getattr(c, "common_name", None) or c.name for c in pycountry.countries}
        - {"", "Jersey", "Georgia", "Chad", "Turkey"}  # words too often not the country
        | {"Türkiye", "United Kingdom", "United States", "Russia"}
    )
    names = [name for name in names if "," not in name and "(" not in name]
    pattern = re.compile(
        r"\b(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\b"
    )
    return pattern, tuple(names)


@functools.cache
def _continents() -> dict[str, str]:
    """Each gazetteer country's continent, from the time zone database's zone table
    (tzdata): "Canada" → "America". Distractors from the same continent are plausible;
    alphabetical neighbours ("Central African Republic" for Canada) give the answer away."""
    import importlib.resources

    import pycountry

    table = importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text()
    continent_of_code: dict[str, str] = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, zone = line.split("\t")[:3]
            continent_of_code.setdefault(code, zone.split("/")[0])
    continents: dict[str, str] = {}
    for country in pycountry.countries:
        continent = continent_of_code.get(country.alpha_2)
        if continent:
            for name in {country.name, getattr(country, "common_name", country.name)}:
                continents[name] = continent
    for name, code in (
        ("Türkiye", "TR"),
        ("United Kingdom", "GB"),
        ("United States", "US"),
        ("Russia", "RU"),
    ):
        continents[name] = continent_of_code[code]
    return continents


# Territories and dependencies, rarely what a sentence about states could mean.
MINOR_TERRITORY = re.compile(
    r"\b(?:Islands?|Saint|Sint|Territor(?:y|ies)|Minor|Sahara|Antarctica|"
    r"Holy See|Bouvet|Pitcairn|Tokelau|Mayotte|Réunion|Guadeloupe|"
    r"Martinique|Guiana|Polynesia|Caledonia|Curaçao|Aruba|Anguilla|"
    r"Montserrat|Bermuda|Gibraltar|Greenland|Guam|Guernsey|Isle of Man|"
    r"Puerto Rico|Wallis|Bonaire|Samoa|Jersey|Macao|Hong Kong)\b"
)


def sentences(text: str) -> list[str]:
    """The passage's sentences, verbatim (pysbd), trimmed of surrounding spaces."""
    return [span.sent.strip() for span in _segmenter().segment(text) if span.sent.strip()]


def is_draftable(sentence: str, *, led: bool = False) -> bool:
    """A plain statement of fact: not hedged or opinion, not site furniture, not a
    question, long enough to carry a fact and short enough to read as a prompt. One
    opening on a pronoun ("It operates under …") is draftable only `led` by the sentence
    before it, which the prompt and the quote then include."""
    words = len(sentence.split())
    return (
        MIN_WORDS <= words <= MAX_WORDS
        and sentence.endswith((".", "”", '"'))
        and not HEDGES.search(sentence)
        and not FURNITURE.search(sentence)
        and (led or not OPENING_PRONOUN.match(sentence))
        and not LIST_MARKER.match(sentence)
    )


def is_testable_phrase(phrase: str) -> bool:
    """A key phrase that names a thing: no function words, not led by a verb-like word
    ("supporting …", "Additionally") and not a name with a verb ("NATO continues"):
    yake's n-grams cross those boundaries."""
    words = phrase.split()
    if any(word.lower() in FUNCTION_WORDS for word in words):
        return False
    capital = [word[:1].isupper() for word in words]
    if not capital[0] and re.search(r"(?:ing|ed|es|ates)$", words[0]):
        return False
    if words[0].endswith("ing") or words[0].endswith("ly"):  # "Promoting …", "Additionally"
        return False
    # A capitalised word beside lowercase ones is a name with its verb ("NATO can
    # enhance", "Allies contribute fairly") far more often than a name.
    return all(capital) or not any(capital)


FOLLOWERS = FUNCTION_WORDS | frozenset(
    [
        "which",
        "who",
        "that",
        "where",
        "when",
        "while",
        "after",
        "before",
        "during",
        "since",
        "until",
        "through",
        "within",
        "against",
        "between",
        "among",
        "across",
        "including",
        "such",
    ]
)


NAME = re.compile(
    r"(?<![\w’'])[A-Z][\w’'-]*[a-z][\w’'-]*(?:\s+(?:(?:of|for|the|and)\s+)?[A-Z][\w’'-]+)+"
)


def names(sentences_: Iterable[str]) -> list[str]:
    """Names of two capitalised words or more ("Partnership for Peace", "Resolute
    Support Mission") not opening their sentence: named things are what a blank should
    ask for, and yake's n-grams often cut them."""
    found: dict[str, None] = {}
    for sentence in sentences_:
        for match in NAME.finditer(sentence):
            if match.start() > 0:
                found[match.group(0).removesuffix("’s").removesuffix("'s")] = None
    return list(found)


def _ends_a_noun_phrase(sentence: str, start: int, length: int) -> bool:
    """What follows the phrase closes it (punctuation, the end, or a preposition or
    conjunction), and no "to" leads it into a verb: "the {Washington Treaty} in 1949",
    not "{NATO members demonstrate} unity" or "to {defuse crises}"."""
    rest = sentence[start + length :]
    before = sentence[:start].split()
    if before and before[-1].lower() == "to" and sentence[start].islower():
        return False
    if not rest or not rest[0].isspace():
        return True  # punctuation or a possessive closes it
    following = rest.split()[0]
    if following.startswith("("):
        return True  # its acronym: "Status of Forces Agreements (SOFAs)"
    word = following.strip('.,;:!?”"’)').lower()
    last = sentence[start : start + length].split()[-1]
    if word in ("the", "a", "an") and last.islower():
        return False  # "{NATO missions establish} the …": a verb and its object
    return word in FOLLOWERS


def _inside_a_name(sentence: str, start: int, length: int) -> bool:
    """The phrase is part of a longer name or a numbered thing ("United {States}",
    "{Article} 5"): blanking it would ask for half a name."""
    before = sentence[:start].split()
    after = sentence[start + length :].split()
    joined_before = bool(before) and before[-1][:1].isupper() and len(before) > 1
    joined_after = bool(after) and (after[0][:1].isupper() or after[0][:1].isdigit())
    return joined_before or joined_after


def key_phrases(text: str, top: int = 300) -> list[str]:
    """The document's key phrases (yake), best first."""
    import yake

    extractor = yake.KeywordExtractor(lan="en", n=3, dedupLim=0.7, top=top)
    return [phrase for phrase, _score in extractor.extract_keywords(text) if len(phrase) > 3]


def _blank(sentence: str, answer: str, start: int) -> str:
    return sentence[:start] + "{1}" + sentence[start + len(answer) :]


def _gap(sentence: str, answer: str, start: int) -> str:
    return "“" + sentence[:start] + "____" + sentence[start + len(answer) :] + "”"


def _once(sentence: str, answer: str) -> int | None:
    """Where `answer` stands in the sentence as a whole word, if it stands there once (a
    second occurrence would give the answer away)."""
    if answer not in sentence:
        return None
    hits = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(answer) + r"(?!\w)", sentence)]
    return hits[0] if len(hits) == 1 else None


def _year_distractors(year: int, years: Sequence[int], seed: int) -> list[str]:
    """Three other years: the document's own years nearest to it, then nearby years."""
    others = sorted({y for y in years if y != year}, key=lambda y: (abs(y - year), y))[:3]
    step = 1 + seed % 4
    offset = 1
    while len(others) < 3:
        for candidate in (year + offset * step, year - offset * step):
            if candidate not in others and candidate != year and len(others) < 3:
                others.append(candidate)
        offset += 1
    return [str(y) for y in others]


def _number_swap(value: str, numbers: Sequence[str], seed: int) -> str:
    others = [n for n in numbers if n != value]
    if others:
        return others[seed % len(others)]
    plain = Decimal(value.replace(",", ""))
    changed = plain + (1 + seed % 3) if plain < 10 else plain * 2
    return format(changed.normalize(), "f") if "," not in value else f"{int(changed):,}"


def _country_distractors(
    country: str, document_countries: Sequence[str], seed: int, exclude: Iterable[str] = ()
) -> list[str]:
    """Three other countries (none of `exclude`, the sentence's own): the document's
    first, then states of the same continent from the gazetteer, then of any."""
    excluded = {country, *exclude}
    others = [c for c in dict.fromkeys(document_countries) if c not in excluded][:3]
    _pattern, names = _countries()
    continents = _continents()
    states = [n for n in names if n not in excluded and not MINOR_TERRITORY.search(n)]
    continent = continents.get(country)
    nearby = [n for n in states if continent and continents.get(n) == continent]
    for pool in (nearby, states):
        pool = sorted(pool, key=lambda n: _hash(f"{seed}{n}"))
        for candidate in pool:
            if len(others) == 3:
                break
            if candidate not in others:
                others.append(candidate)
    return others


def _options(correct: str, distractors: list[str], seed: int) -> list[dict]:
    options = sorted([correct, *distractors], key=lambda o: _hash(f"{seed}{o}"))
    return [
        {"text": option, "is_correct": option == correct, "position": i}
        for i, option in enumerate(options)
    ]


def _true_false(is_true: bool) -> list[dict]:
    return [
        {"text": "True", "is_correct": is_true, "position": 0},
        {"text": "False", "is_correct": not is_true, "position": 1},
    ]


@dataclass
class _Context:
    years: list[int]
    numbers: list[str]
    countries: list[str]
    phrases: list[str]
    statements: int = 0  # true/false drafted so far: true and false alternate
    lead: int = 0  # the length of the sentence before, quoted as context (else 0)


def _year_drafts(ctx: _Context, passage: int, sentence: str, index: int) -> list[Proposal]:
    years = YEAR.findall(sentence[ctx.lead :])
    if len(years) != 1:
        return []
    answer = years[0]
    start = _once(sentence, answer)
    if start is None:
        return []
    seed = _hash(sentence)
    date = MONTH_DATE.search(sentence)
    reason = f"The year {answer}" + (f" (the date “{date.group(0)}”)" if date else "")
    common = {"passage": passage, "answer": answer, "quote": sentence, "reason": reason}
    rotation = index % 4
    if rotation == 0:
        return [
            Proposal(
                kind="numeric",
                prompt=f"In which year? {_gap(sentence, answer, start)}",
                numeric_value=Decimal(answer),
                **common,
            )
        ]
    if rotation == 1:
        distractors = _year_distractors(int(answer), ctx.years, seed)
        return [
            Proposal(
                kind="single_choice",
                prompt=f"Which year completes the sentence? {_gap(sentence, answer, start)}",
                choices=_options(answer, distractors, seed),
                **common,
            )
        ]
    if rotation == 2:
        return [
            _statement(
                ctx,
                common,
                sentence,
                answer,
                start,
                _year_distractors(int(answer), ctx.years, seed)[0],
            )
        ]
    return [
        Proposal(
            kind="fill_blank",
            prompt=_blank(sentence, answer, start),
            choices=[{"text": answer, "is_correct": True, "blank": 1, "position": 0}],
            **common,
        )
    ]


def _statement(ctx, common: dict, sentence: str, answer: str, start: int, swap: str) -> Proposal:
    """True or false: the sentence as written (true), or with its fact swapped for another
    of the same kind (false), alternating so the two are balanced."""
    is_true = ctx.statements % 2 == 0
    ctx.statements += 1
    statement = sentence if is_true else sentence[:start] + swap + sentence[start + len(answer) :]
    reason = common["reason"] + (" — stated as written" if is_true else f" — swapped for {swap}")
    return Proposal(
        kind="true_false",
        prompt=f"True or false? {statement}",
        choices=_true_false(is_true),
        **{**common, "reason": reason, "answer": "True" if is_true else "False"},
    )


def _number_drafts(ctx: _Context, passage: int, sentence: str, index: int) -> list[Proposal]:
    numbers = [n for n in NUMBER.findall(sentence[ctx.lead :]) if not YEAR.fullmatch(n)]
    numbers = [n for n in numbers if Decimal(n.replace(",", "")) >= 2]
    if len(numbers) != 1:
        return []
    answer = numbers[0]
    start = _once(sentence, answer)
    if start is None:
        return []
    seed = _hash(sentence)
    common = {
        "passage": passage,
        "answer": answer,
        "quote": sentence,
        "reason": f"The number {answer}",
    }
    rotation = index % 3
    if rotation == 0:
        return [
            Proposal(
                kind="numeric",
                prompt=f"Which number? {_gap(sentence, answer, start)}",
                numeric_value=Decimal(answer.replace(",", "")),
                **common,
            )
        ]
    if rotation == 1:
        swap = _number_swap(answer, ctx.numbers, seed)
        return [_statement(ctx, common, sentence, answer, start, swap)]
    return [
        Proposal(
            kind="fill_blank",
            prompt=_blank(sentence, answer, start),
            choices=[{"text": answer, "is_correct": True, "blank": 1, "position": 0}],
            **common,
        )
    ]


def _country_drafts(ctx: _Context, passage: int, sentence: str, index: int) -> list[Proposal]:
    pattern, _names = _countries()
    found = list(dict.fromkeys(pattern.findall(sentence[ctx.lead :])))
    if not found:
        return []
    answer = found[-1]  # of several ("China and Russia"), the last
    start = _once(sentence, answer)
    if start is None:
        return []
    seed = _hash(sentence)
    common = {
        "passage": passage,
        "answer": answer,
        "quote": sentence,
        "reason": f"The country {answer}",
    }
    distractors = _country_distractors(
        answer, ctx.countries, seed, exclude=pattern.findall(sentence)
    )
    if index % 2 == 0:
        return [
            Proposal(
                kind="single_choice",
                prompt=f"Which country completes the sentence? {_gap(sentence, answer, start)}",
                choices=_options(answer, distractors, seed),
                **common,
            )
        ]
    return [_statement(ctx, common, sentence, answer, start, distractors[0])]


def _fill_blank(passage: int, sentence: str, answer: str, start: int, reason: str) -> Proposal:
    """Fill in the blank on `answer`, which stands at `start` in the quoted sentence."""
    return Proposal(
        kind="fill_blank",
        passage=passage,
        prompt=_blank(sentence, answer, start),
        answer=answer,
        quote=sentence,
        reason=reason,
        choices=[{"text": answer, "is_correct": True, "blank": 1, "position": 0}],
    )


def _phrase_drafts(ctx: _Context, passage: int, sentence: str, index: int) -> list[Proposal]:
    """Fill in the blank on a key phrase; only phrases that name something particular
    (several words, or a proper noun) and that few sentences repeat: the document's own
    subject ("NATO" in a text about NATO) tests nothing."""
    for phrase in ctx.phrases:
        start = _once(sentence, phrase)
        if start is None or start < ctx.lead or len(phrase.split()) == len(sentence.split()):
            continue
        if _inside_a_name(sentence, start, len(phrase)):
            continue
        if not _ends_a_noun_phrase(sentence, start, len(phrase)):
            continue
        return [_fill_blank(passage, sentence, phrase, start, f"The key phrase “{phrase}”")]
    return []


LIST_LEAD = re.compile(
    r"\b(?:such as|including|includes?|encompass(?:es)?|involves?|a combination of)\s+"
)
LIST_STOPS = FOLLOWERS | frozenset(["like", "not", "only", "despite"])
VAGUE = frozenset(["various", "many", "several", "other", "some", "all", "certain", "different"])
ADJECTIVE_END = re.compile(r"(?:al|ic|ive|ous|ary|ful)$")
LIST_ITEM = r"[\w’'-]+(?: [\w’'-]+){0,3}"
# The item before "and" in a list of three or more: with the serial comma, or after
# another comma-separated item (a lone comma may close an opening clause instead).
PENULTIMATE = re.compile(
    rf",\s+({LIST_ITEM}),\s+(?:and|or)\s+|,\s+[^,]{{1,60}},\s+({LIST_ITEM})\s+(?:and|or)\s+"
)
LISTED = re.compile(rf"({LIST_ITEM})(?:,\s+(?:and |or )?|\s+(?:and|or)\s+)({LIST_ITEM})")


def _list_drafts(ctx: _Context, passage: int, sentence: str, index: int) -> list[Proposal]:
    """Fill in the blank on an item of an enumeration ("threats such as {climate change}
    and pandemics"): the comma or "and" after it and the "such as" or "include" (or a
    comma) before it bound a noun phrase, which a key phrase alone does not."""
    starts = [lead.end() for lead in LIST_LEAD.finditer(sentence, ctx.lead)]
    # Else the one before last of three or more ("the private sector, {academia} and civil
    # society"): a comma before it and "and" after it bound it wherever the list begins.
    starts += [
        m.start(1) if m.group(1) else m.start(2) for m in PENULTIMATE.finditer(sentence, ctx.lead)
    ]
    for start in starts:
        listed = LISTED.match(sentence, start)
        if not listed:
            continue
        item = listed.group(1)
        words = item.split()
        if any(word.lower() in LIST_STOPS for word in words) or words[0].lower() in VAGUE:
            continue
        capital = {word[:1].isupper() for word in words}
        if len(capital) > 1:
            continue  # "NATO members demonstrate unity": a name with its verb
        if any(ADJECTIVE_END.search(listed.group(i)) for i in (1, 2)):
            continue  # "coordinated military, diplomatic, and …": adjectives of one noun
        at = _once(sentence, item)
        if at is None or _inside_a_name(sentence, at, len(item)):
            continue
        return [_fill_blank(passage, sentence, item, at, f"One of the things listed: “{item}”")]
    return []


def _dated_events(passage: int, text: str, dated: list[str]) -> list[Proposal]:
    """Matching (events to years) and ordering (events by year) from three to five
    sentences of one passage, each with one year of its own; the quote is the run of the
    passage that holds them."""
    import dateparser

    events: list[tuple[tuple[int, int, int], str, str, str]] = []
    for sentence in dated:
        years = YEAR.findall(sentence)
        if len(years) != 1 or any(years[0] == e[1] for e in events):
            continue
        date = MONTH_DATE.search(sentence)
        parsed = dateparser.parse(date.group(0), languages=["en"]) if date else None
        when = (parsed.year, parsed.month, parsed.day) if parsed else (int(years[0]), 0, 0)
        event = sentence.replace(years[0], "…").rstrip(".")
        events.append((when, years[0], event, sentence))
    events = events[:5]
    if len(events) < 3:
        return []
    first = min(text.find(e[3]) for e in events)
    last = max(text.find(e[3]) + len(e[3]) for e in events)
    quote = text[first:last]
    year_list = ", ".join(e[1] for e in sorted(events))
    matching = Proposal(
        passage=passage,
        kind="matching",
        prompt="Match each event to its year.",
        answer=year_list,
        quote=quote,
        reason=f"The years {year_list}",
        choices=[
            {"text": event, "match_text": year, "is_correct": True, "position": i}
            for i, (_when, year, event, _s) in enumerate(events)
        ],
    )
    ordered = sorted(events)
    ordering = Proposal(
        passage=passage,
        kind="ordering",
        prompt="Put these events in the order they happened, earliest first.",
        answer=year_list,
        quote=quote,
        reason=f"The order of the years {year_list}",
        choices=[
            {"text": event, "is_correct": True, "position": i}
            for i, (_when, _year, event, _s) in enumerate(ordered)
        ],
    )
    return [matching, ordering]


def _draftable(text: str) -> list[tuple[str, int]]:
    """The passage's draftable sentences, each with the length of its lead: 0, or for a
    sentence opening on a pronoun, the sentence before it (draftable itself) and the space
    between, so that sentence[lead:] is its own text and the whole is quoted verbatim."""
    kept: list[tuple[str, int]] = []
    previous: tuple[int, str] | None = None
    position = 0
    for sentence in sentences(text):
        start = text.find(sentence, position)
        if start < 0:  # pysbd keeps text verbatim; never cite otherwise
            previous = None
            continue
        position = start + len(sentence)
        if is_draftable(sentence):
            kept.append((sentence, 0))
        elif previous and is_draftable(sentence, led=True) and is_draftable(previous[1]):
            kept.append((text[previous[0] : position], start - previous[0]))
        previous = (start, sentence)
    return kept


def draft(
    passages: Iterable[PassageText],
    *,
    document_text: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> list[Proposal]:
    """Proposals for the passages, in passage order; none repeated. `progress(done, total)`
    is told after each passage."""
    passages = list(passages)
    text = document_text or "\n".join(p.text for p in passages)
    split = [(p, _draftable(p.text)) for p in passages]
    every = [s[lead:] for _p, kept in split for s, lead in kept]
    pattern, _names = _countries()
    ctx = _Context(
        years=sorted({int(y) for s in every for y in YEAR.findall(s)}),
        numbers=list(
            dict.fromkeys(n for s in every for n in NUMBER.findall(s) if not YEAR.fullmatch(n))
        ),
        countries=[c for s in every for c in pattern.findall(s)],
        phrases=[],
    )
    # Key phrases of the sentences that can be drafted, each once (yake's time grows with
    # its input; a sentence never drafted cannot be asked about anyway).
    phrases = key_phrases(" ".join(dict.fromkeys(every)) or text)
    frequency = {phrase: sum(1 for s in every if phrase in s) for phrase in phrases}
    named = [name for name in names(every) if sum(1 for s in every if name in s) <= 6]
    ctx.phrases = named + [
        phrase
        for phrase, count in frequency.items()
        if phrase not in named
        and 1 <= count <= 6
        and phrase[:1].isupper()
        and is_testable_phrase(phrase)
    ]
    proposals: list[Proposal] = []
    seen: set[str] = set()
    index = 0
    for done, (passage, kept) in enumerate(split, start=1):
        dated = []
        for sentence, lead in kept:
            ctx.lead = lead
            made = (
                _year_drafts(ctx, passage.key, sentence, index)
                or _number_drafts(ctx, passage.key, sentence, index)
                or _country_drafts(ctx, passage.key, sentence, index)
                or _phrase_drafts(ctx, passage.key, sentence, index)
                or _list_drafts(ctx, passage.key, sentence, index)
            )
            if not lead and YEAR.search(sentence):
                dated.append(sentence)
            index += 1
            for proposal in made:
                if proposal.fingerprint not in seen:
                    seen.add(proposal.fingerprint)
                    proposals.append(proposal)
        for proposal in _dated_events(passage.key, passage.text, dated):
            if proposal.fingerprint not in seen:
                seen.add(proposal.fingerprint)
                proposals.append(proposal)
        if progress is not None:
            progress(done, len(split))
    return proposals
