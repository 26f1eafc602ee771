"""Website chrome and separators: lines of a copied page that are not content."""

import re

# Lines the Kremlin website puts around a transcript (menus, settings, footers).
CHROME_LINES = re.compile(
    r"""^(?:
        View\ settings | Font\ size:? | Site\ colou?rs:? | Images | Version\ for\ print
      | Official\ website\ of\ the\ President\ of\ Russia | Kremlin\.ru | President\ of\ Russia
      | News | Events | Transcripts | Search | Menu | Contents | Text\ version | Print
      | Send\ to\ e-?mail | Share | Copy\ link | Direct\ link(?::.*)? | Publication\ status(?::.*)?
      | Published\ in\ sections?(?::.*)? | Publication\ date(?::.*)? | Persons?:.* | Topics?:.*
      | Geography:.* | See\ also | Documents | Документ(?:\s*/)? | [A-Za-zА-Яа-яЁё]+\s*/
    )$""",
    re.VERBOSE,
)
SEPARATOR = re.compile(r"^(?:[*•·]\s*){3,}$|^[-–—_=]{3,}$")


def is_chrome(line: str) -> bool:
    return bool(CHROME_LINES.match(line))


def is_separator(line: str) -> bool:
    return bool(SEPARATOR.match(line))
