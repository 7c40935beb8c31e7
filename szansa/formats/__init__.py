"""One date format per language (settings.FORMAT_MODULE_PATH): Django's own locale formats, except the
ones below. Templates show dates with `|date` (DATE_FORMAT) or `|date:"SHORT_DATETIME_FORMAT"`, never a
fixed pattern, so a page, its history and its PDFs read the same in each language."""
