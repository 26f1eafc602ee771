"""Website chrome, copiers' wrappers, markers and separators: lines that are not content."""

import re

# Lines the Kremlin website puts around a transcript (menus, settings, footers).
CHROME_LINES = re.compile(
    r"""^(?:
        View\ settings | Font\ size:? | Site\ colou?rs:? | Images | Version\ for\ print
      | Official\ website\ of\ the\ President\ of\ Russia:? | Kremlin\.ru | President\ of\ Russia
      | Presidential\ Executive\ Office\ ?\d{0,4} | (?:https?://|www\.)\S+
      | News | Events | Transcripts | Search | Menu | Contents | Text\ version | Print
      | Send\ to\ e-?mail | Share | Copy\ link | Direct\ link(?::.*)? | Publication\ status(?::.*)?
      | Published\ in\ sections?(?::.*)? | Publication\ date(?::.*)? | Persons?:.* | Topics?:.*
      | Geography:.* | See\ also | Documents | Документ(?:\s*/)? | [A-Za-zА-Яа-яЁё]+\s*/
      | Settings | Main\ page | State\ Insignia | Discovering\ the\ Kremlin
      | Constitution\ of\ the\ Russian\ Federation | Presidents\ of\ the\ Russian\ Federation
      | Archive(?:\ Subscribe)? | Russian\ version | Site\ map | \|.*
      | Printer-friendly\ version.* | (?:Audio|Video).*\(\d[\d,.]*\ ?[kKMG]b\)
    )$""",
    re.VERBOSE | re.IGNORECASE,
)
# Lines reposts and agencies add around a transcript: where they copied it from, photo
# credits, read-more links.
WRAPPER_LINES = re.compile(
    r"^(?:Source|Attribution|Photo(?:graph)?s?(?:\ by)?|Image|Credit|Read\ more"
    r"|The\ source\ of\ information)\b\s*[:\-–—]\s*\S",
    re.IGNORECASE,
)
# Markers of omitted or continuing text: the Kremlin's "<…>", a copy's "[…]".
MARKER = re.compile(
    r"^(?:[<\[(]\s*(?:…|\.{3})\s*[>\])]|To be continued\s*[.…]*|End of (?:the )?transcript\.?)$",
    re.IGNORECASE,
)
SEPARATOR = re.compile(r"^(?:[*•·]\s*){3,}$|^[-–—_=]{3,}$")


# The link lines under a Kremlin page (and its photo pages): they name its title and date.
PUBLICATION_DATE = re.compile(r"^Publication date:\s*(?P<date>.+?)(?:,?\s+\d{1,2}:\d{2})?$", re.I)
TITLE_FOLLOWS = re.compile(r"^Official website of the President of Russia:$", re.I)


def is_chrome(line: str) -> bool:
    return bool(CHROME_LINES.match(line))


def is_wrapper(line: str) -> bool:
    """Tell whether a line is a copier's note: a "Source:" line, a photo credit."""
    return bool(WRAPPER_LINES.match(line))


def is_marker(line: str) -> bool:
    """Tell whether a line marks omitted or continuing text ("<…>", "To be continued.")."""
    return bool(MARKER.match(line))


def is_separator(line: str) -> bool:
    return bool(SEPARATOR.match(line))
