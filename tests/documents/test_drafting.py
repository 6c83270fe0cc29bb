from quizzes.documents.drafting import PassageText, draft, is_draftable
from quizzes.questions.models import Choice, Question

PASSAGES = [
    PassageText(
        1,
        "The alliance was founded in Washington in 1949 by twelve countries. "
        "The first Secretary General took office in 1952 after a long search. "
        "The military headquarters moved to Belgium in 1967 after France left. "
        "Critics argue that the alliance may have grown too quickly. "
        "See also: the history of the Warsaw Pact and its members.",
    ),
    PassageText(
        2,
        "Today the alliance has 32 members across Europe and North America. "
        "Sweden joined the organisation as its newest member after a long vote. "
        "The North Atlantic Council meets every week at the headquarters in Brussels. "
        "Experts believe that spending will rise over the next decade. "
        "Every member commits to the principle of collective defence in Article 5.",
    ),
]


def test_every_draft_quotes_its_passage_and_states_its_answer_there():
    proposals = draft(PASSAGES)
    assert len(proposals) >= 6
    texts = {p.key: p.text for p in PASSAGES}
    for proposal in proposals:
        assert proposal.quote in texts[proposal.passage]
        if proposal.kind == "true_false":
            continue  # the answer is True/False; the fact tested is in the quote
        for part in proposal.answer.split(", "):
            assert part in proposal.quote


def test_drafting_is_deterministic():
    assert draft(PASSAGES) == draft(PASSAGES)


def test_hedged_opinion_and_furniture_sentences_are_skipped():
    quotes = " ".join(p.quote for p in draft(PASSAGES))
    assert "Critics argue" not in quotes
    assert "Experts believe" not in quotes
    assert "See also" not in quotes
    assert not is_draftable("Some say the summit could change everything in 2030.")
    assert not is_draftable("This article was written with AI assistance for our readers.")
    assert not is_draftable("Read more about NATO at https://example.org today.")
    assert is_draftable("The treaty entered into force on 1 May 2009 after ratification.")


def test_the_types_the_app_has_are_drafted():
    kinds = {p.kind for p in draft(PASSAGES)}
    assert {"numeric", "single_choice", "true_false", "fill_blank"} <= kinds
    assert {"matching", "ordering"} <= kinds  # three dated sentences in passage 1


def test_ordering_and_matching_follow_the_years():
    proposals = {p.kind: p for p in draft(PASSAGES)}
    ordering = proposals["ordering"]
    assert [c["position"] for c in ordering.choices] == [0, 1, 2]
    assert "Washington" in ordering.choices[0]["text"]  # 1949 first
    assert "1949" not in ordering.choices[0]["text"]  # the year is not given away
    matching = proposals["matching"]
    assert sorted(c["match_text"] for c in matching.choices) == ["1949", "1952", "1967"]


def test_true_and_false_statements_alternate():
    statements = [p for p in draft(PASSAGES * 1) if p.kind == "true_false"]
    answers = [p.answer for p in statements]
    assert answers[:2] == ["True", "False"][: len(answers[:2])]
    for proposal in statements:
        statement = proposal.prompt.removeprefix("True or false? ")
        assert (statement == proposal.quote) == (proposal.answer == "True")


def test_single_choice_has_three_distinct_distractors():
    for proposal in draft(PASSAGES):
        if proposal.kind == "single_choice":
            options = [c["text"] for c in proposal.choices]
            assert len(set(options)) == 4
            assert [c["text"] for c in proposal.choices if c["is_correct"]] == [proposal.answer]


def test_every_draft_is_a_valid_question():
    for proposal in draft(PASSAGES):
        question = Question(
            key="k",
            type=proposal.kind,
            prompt=proposal.prompt,
            numeric_value=proposal.numeric_value,
            numeric_tolerance=0 if proposal.kind == "numeric" else None,
        )
        choices = [
            Choice(
                text=c["text"],
                is_correct=c["is_correct"],
                match_text=c.get("match_text", ""),
                blank=c.get("blank"),
            )
            for c in proposal.choices
        ]
        question.clean()
        from quizzes.questions.models import validate_answer_key

        validate_answer_key(question, choices)


def test_a_sentence_opening_on_a_pronoun_is_drafted_with_the_sentence_before_it():
    text = (
        "Kosovo Force is a peacekeeping mission led by the alliance in the Balkans. "
        "It operates under UN Security Council Resolution 1244, which provides its legal basis."
    )
    proposals = [p for p in draft([PassageText(1, text)]) if "1244" in p.reason]
    assert proposals
    for proposal in proposals:
        assert proposal.quote == text  # both sentences, verbatim
        assert "Kosovo Force" in proposal.prompt  # the pronoun's referent is in the prompt
    # The sentence before it alone is not enough for a pronoun with no sentence before.
    alone = draft([PassageText(1, "It operates under UN Security Council Resolution 1244 now.")])
    assert alone == []


def test_a_fact_of_the_leading_sentence_is_not_asked_twice_through_the_pronoun_one():
    text = (
        "The mission began in 1999 with troops from many countries of the alliance. "
        "It was authorised by the Security Council in 1999 after a long debate."
    )
    led = [p for p in draft([PassageText(1, text)]) if p.quote == text]
    assert all("1999" not in p.reason for p in led)  # 1999 stands twice: a giveaway


def test_an_item_of_a_list_is_blanked_whole():
    text = (
        "The alliance faces modern threats such as climate change and pandemics today. "
        "Its partners work with the private sector, academia, and civil society on research."
    )
    answers = {p.answer for p in draft([PassageText(1, text)]) if p.kind == "fill_blank"}
    assert "climate change" in answers
    assert "academia" in answers


def test_list_items_that_are_adjectives_or_clauses_are_not_blanked():
    text = (
        "The approach combines coordinated military, diplomatic, and technological measures. "
        "By fostering diplomatic dialogue, NATO promotes mutual understanding and trust."
    )
    answers = {p.answer for p in draft([PassageText(1, text)]) if p.kind == "fill_blank"}
    assert "coordinated military" not in answers
    assert "NATO promotes mutual understanding" not in answers


def test_a_lone_country_gets_distractors_from_its_own_continent():
    text = "Canada sent a battlegroup to the alliance's eastern flank in the spring."
    choices = [p for p in draft([PassageText(1, text)]) if p.kind == "single_choice"]
    assert choices
    from quizzes.documents.drafting import _continents

    others = [c["text"] for c in choices[0].choices if not c["is_correct"]]
    assert len(others) == 3
    assert {_continents()[name] for name in others} == {"America"}
    assert not any("Island" in name or "Saint" in name for name in others)
