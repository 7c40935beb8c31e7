"""Text folding for search: "Białczyk", "BIAŁCZYK" and "Bialczyk" are the same search key."""

import unicodedata

# Letters that Unicode does not decompose into a base letter and a combining mark.
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss"})


def fold(text: str) -> str:
    """Lower-cased, accents removed, whitespace collapsed: the key the name search compares."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.lower().split())
