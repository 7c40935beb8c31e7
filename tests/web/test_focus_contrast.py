"""The focus indicator has at least 3:1 contrast (WCAG 2.1 SC 1.4.11) against every background it can sit
on: the stylesheet is parsed, the outline colour of `:focus-visible` resolved (a custom property of :root
included), and the WCAG contrast ratio computed against the page, the header and the light boxes."""

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "szansa" / "web" / "static" / "css" / "szansa.css"


def rules():
    """{selector: declarations} of the stylesheet (comments removed; a selector list split at commas)."""
    text = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    found = {}
    for head, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        declarations = {}
        for declaration in body.split(";"):
            name, _, value = declaration.partition(":")
            if value.strip():
                declarations[name.strip()] = value.strip()
        for selector in head.split(","):
            found.setdefault(selector.strip(), {}).update(declarations)
    return found


def resolve(value, styles):
    """The hex colour in a value, following var(--name) to :root."""
    variable = re.search(r"var\((--[\w-]+)\)", value)
    if variable:
        value = styles[":root"][variable.group(1)]
    return re.search(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", value).group(0)


def luminance(colour):
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = []
    for i in (0, 2, 4):
        c = int(digits[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one, other):
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_matches_known_values():
    assert round(contrast("#000", "#fff"), 2) == 21.0
    assert round(contrast("#f9a825", "#ffffff"), 2) == 1.97  # the former focus colour: too low
    assert round(contrast("#767676", "#fff"), 2) == 4.54


def test_the_focus_outline_has_at_least_3_to_1_against_the_page_the_header_and_the_boxes():
    styles = rules()
    focus = styles[":focus-visible"]
    width, style, colour = focus["outline"].split(None, 2)
    assert style == "solid" and float(width.removesuffix("px")) >= 2
    # Set off the element, the outline lies on the background around it, not on the element itself.
    assert float(focus["outline-offset"].removesuffix("px")) >= 2
    outline = resolve(colour, styles)
    backgrounds = {
        "page": resolve(styles["body"]["background"], styles),
        "header": resolve(styles[".site-header"]["background"], styles),
        "card": resolve(styles[".card"]["background"], styles),
        "table header": resolve(styles["th"]["background"], styles),
        "warning box": resolve(styles[".warning-box"]["background"], styles),
        "error message": resolve(styles[".message.error"]["background"], styles),
        "message": resolve(styles[".message"]["background"], styles),
    }
    ratios = {name: round(contrast(outline, background), 2) for name, background in backgrounds.items()}
    assert all(ratio >= 3 for ratio in ratios.values()), ratios
