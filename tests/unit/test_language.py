import pytest

from microblog.language import (
    detect_language,
    is_known_language,
    normalize_language,
    same_language,
    word_count,
)


@pytest.mark.parametrize(
    "text, language",
    [
        ("The weather is lovely this morning in London.", "en"),
        ("Just finished my first marathon and I feel great", "en"),
        ("Hoy hace un día precioso en Madrid", "es"),
        ("¿Dónde está la biblioteca de la universidad?", "es"),
        ("Il fait très beau ce matin à Paris", "fr"),
        ("Je rentre à la maison après le travail", "fr"),
    ],
)
def test_the_language_of_a_sentence_is_detected(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["hola", "hola amigo", "ok", "", "   "])
def test_a_text_of_fewer_than_three_words_has_no_language(text):
    assert detect_language(text) == ""


@pytest.mark.parametrize("text", ["12 34 56 78", "!!! ??? ...", ":-) ;-) :-D"])
def test_a_text_without_letters_has_no_language(text):
    assert detect_language(text) == ""


def test_a_doubtful_guess_is_no_language_rather_than_a_wrong_one():
    # langdetect says Somali at 0.57 for this English greeting
    assert detect_language("Hello, how are you today?") == ""


@pytest.mark.parametrize("text", ["Small do fast.", "ok ok ok"])
def test_a_short_text_guessed_in_another_language_than_its_authors_has_none(text):
    # langdetect says Italian, Slovak... with a confidence over 0.99
    assert detect_language(text, "en") == ""


@pytest.mark.parametrize(
    "text, author_language, language",
    [
        ("See you all tomorrow", "en", "en"),
        ("Buenos días a todos", "es", "es"),
        ("Buenos días a todos", "en", ""),
        ("Buenos días a todos", None, ""),
    ],
)
def test_a_short_text_keeps_a_guess_that_agrees_with_its_authors_language(
    text, author_language, language
):
    assert detect_language(text, author_language) == language


def test_a_longer_text_is_believed_whatever_the_authors_language():
    assert detect_language("Hoy hace un día precioso en Madrid", "en") == "es"


def test_the_same_text_always_gets_the_same_answer():
    text = "Mi primera entrada en el blog de la clase"
    assert {detect_language(text) for _ in range(5)} == {"es"}


def test_chinese_is_detected_without_spaces_and_fits_the_column():
    language = detect_language("我今天很高兴见到你们大家，天气也非常好")
    assert language == "zh-CN"
    assert len(language) <= 5


def test_ideographs_count_as_words():
    assert word_count("我今天很") == 4
    assert word_count("hola amigo") == 2


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("en", "en"),
        ("EN", "en"),
        ("zh-cn", "zh-CN"),
        ("zh_TW", "zh-TW"),
        ("zh-hant", "zh-Hant"),
        ("zh_hant_tw", "zh-Hant-TW"),
        (" es ", "es"),
        ("pt-br", "pt-BR"),
        ("", ""),
        ("english", ""),
        ("e", ""),
        ("en-", ""),
        ("en-US-x", ""),
        ("<b>", ""),
    ],
)
def test_language_codes_are_spelled_one_way(raw, expected):
    assert normalize_language(raw) == expected


@pytest.mark.parametrize(
    "code, known",
    [
        ("en", True),
        ("es", True),
        ("zh-CN", True),
        ("tl", True),
        ("pt_BR", True),
        ("xx", False),
        ("und", False),
        ("klingon", False),
        ("", False),
    ],
)
def test_only_real_languages_are_known(code, known):
    assert is_known_language(code) is known


@pytest.mark.parametrize(
    "first, second, same",
    [
        ("es", "es", True),
        ("en", "es", False),
        ("pt", "pt_BR", True),
        ("pt-BR", "pt", True),
        ("zh-CN", "zh-TW", False),
        ("zh", "zh-TW", True),
        ("EN", "en", True),
    ],
)
def test_same_language_tells_when_no_translation_is_needed(first, second, same):
    assert same_language(first, second) is same
