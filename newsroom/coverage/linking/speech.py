"""Tell what kind of claim a sentence makes: reported speech, or an announcement."""

import re

QUOTE_MARKS = '"“”«»'
REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|noted|notes|stressed|stresses|added|adds|stated|states"
    r"|emphasi[sz]ed|emphasi[sz]es|underlined|called|calls|described|urged|assured|believed"
    r"|remarked|praised|thanked|congratulated|quoted|acknowledged|admitted|recalled"
    r"|explained|declared|pointed out|according to|in (?:his|her) words)\b",
    re.IGNORECASE,
)
FUTURE = re.compile(
    r"\b(?:will|shall|is (?:slated|scheduled|set|due|expected|to)|are (?:slated|scheduled|set"
    r"|due|expected|to)|plans? to|planned|upcoming|forthcoming)\b",
    re.IGNORECASE,
)


# Words that report a meeting took place (or will): who met, talked or called whom.
MEETING = re.compile(
    r"\b(?:met|meets?|meeting|talks?|talked|conversation|videoconference|video[ -]?link|telephone"
    r"|phone call|visit(?:ed|s|ing)?|received|hosted|convene[sd]?)\b",
    re.IGNORECASE,
)


def reports_meeting(text: str) -> bool:
    """Tell whether the sentence speaks of a meeting: someone met, talked to or called someone."""
    return bool(MEETING.search(text))


def reports_speech(text: str) -> bool:
    """Tell whether the sentence reports what someone said (a verb of saying, or a quote)."""
    return bool(REPORTING.search(text)) or any(mark in text for mark in QUOTE_MARKS)


def announces(text: str) -> bool:
    """Tell whether the sentence speaks of something still to come."""
    return bool(FUTURE.search(text))
