"""Turn a web page saved from a browser into the text the importers read.

The page is parsed with BeautifulSoup; what is never content (scripts, styles,
navigation, headers, footers, forms) is removed, the article (`<article>`, `<main>` or
the element marked `itemprop="articleBody"`'s parent) is kept when the page marks one,
and every block element becomes a paragraph of its own, so a saved page gives the same
text as the page copied by hand. What is left of the site's chrome is dropped by the
transcript reader, as it is from a copy.
"""

from bs4 import BeautifulSoup

NEVER_CONTENT = [
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "iframe",
    "object",
    "head",
]
BLOCKS = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "figcaption",
    "time",
    "tr",
    "table",
]
MARKUP_START = ("<!doctype html", "<html", "<head", "<body", "<meta", "<?xml")


def looks_like_html(text: str, name: str = "") -> bool:
    """Tell whether a document is a web page: by its name, or by how it starts."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    return text.lstrip("\ufeff \t\r\n").lower().startswith(MARKUP_START)


def html_to_text(html: str) -> str:
    """Return the text of a saved web page, a paragraph per block, blank lines between."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(NEVER_CONTENT):
        tag.decompose()
    root = _article(soup) or soup.body or soup
    for br in root.find_all("br"):
        br.replace_with("\n")
    for block in root.find_all(BLOCKS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    lines = (line.strip() for line in root.get_text().splitlines())
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs) + "\n"


def _article(soup):
    """Return the element that holds the page's article, when the page marks one."""
    body = soup.find(attrs={"itemprop": "articleBody"})
    for candidate in (
        soup.find("article"),
        soup.find("main"),
        soup.find(attrs={"role": "main"}),
        body.parent if body is not None else None,
    ):
        if candidate is not None and candidate.get_text(strip=True):
            return candidate
    return None
