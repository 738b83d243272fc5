"""Guessing the language a post is written in."""
from langdetect import DetectorFactory, LangDetectException, detect

# langdetect samples at random; a fixed seed makes the same text give the same answer
DetectorFactory.seed = 0
MIN_WORDS = 3


def detect_language(text):
    """An ISO 639-1 code such as ``"es"``, or ``""`` when the text is too short to tell."""
    if len(text.split()) < MIN_WORDS:
        return ""
    try:
        return detect(text)[:5]
    except LangDetectException:
        return ""
