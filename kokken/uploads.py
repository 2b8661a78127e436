"""What an uploaded file is, decided from its content (libmagic), never from its name.

An SVG named ``.png`` is an image that can run script when opened in a browser; an
HTML file named ``.pdf`` likewise. The name only says what the uploader claims.
"""

from __future__ import annotations

import magic

SNIFF_BYTES = 8192
ZIP = {"application/zip", "application/x-zip-compressed"}

# The file types evidence may be, by extension: the content types libmagic may report for
# such a file (Office files are zips; libmagic names them when their first part allows),
# and the content type stored and served.
EVIDENCE_TYPES: dict[str, tuple[set[str], str]] = {
    ".pdf": ({"application/pdf"}, "application/pdf"),
    ".xlsx": ({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", *ZIP},
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".docx": ({"application/vnd.openxmlformats-officedocument.wordprocessingml.document", *ZIP},
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".pptx": ({"application/vnd.openxmlformats-officedocument.presentationml.presentation",
               *ZIP},
              "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".csv": ({"text/plain", "text/csv", "application/csv"}, "text/csv"),
    ".txt": ({"text/plain"}, "text/plain"),
    ".png": ({"image/png"}, "image/png"),
    ".jpg": ({"image/jpeg"}, "image/jpeg"),
    ".jpeg": ({"image/jpeg"}, "image/jpeg"),
}


def sniff(upload) -> str:
    """The MIME type libmagic reads from the file's first bytes; the file is rewound."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(position)
    return magic.from_buffer(head, mime=True) if head else "application/x-empty"


def evidence_type(upload, extension: str) -> str | None:
    """The content type to store for an evidence file, or None if its content is not what
    its extension says (or not a type evidence may be)."""
    allowed = EVIDENCE_TYPES.get(extension)
    if allowed is None:
        return None
    detected = sniff(upload)
    accepted, stored = allowed
    return stored if detected in accepted else None
