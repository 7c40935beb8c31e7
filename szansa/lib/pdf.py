"""PDF printing shared by every app: documents are HTML templates with a print style sheet."""


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    import weasyprint  # imported on use: it loads Pango and fonts

    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


def pdf_text(content: bytes) -> str:
    """The text of a PDF, page after page (tests and checks read what was printed)."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
