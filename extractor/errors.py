"""Domain errors: every error a user can cause has a code, a one-line message and a next step.

The CLI prints ``Error: [E012] page 3 has no text layer (a scanned image?): run OCR first,
then retry`` and exits 1; batches record the code and message in the ``failures`` table and go
on.  Codes are stable: documented in the README and never reused for another meaning.
"""
from __future__ import annotations

__all__ = [
    "EvidenceError",
    "InputError",
    "FileMissing",
    "UnsupportedFormat",
    "EmptyFile",
    "NoTextLayer",
    "CorruptFile",
    "EncryptedFile",
    "UndecodableText",
    "MalformedXML",
    "TooLarge",
    "UnsafeLink",
    "StoreError",
    "CODES",
]


class EvidenceError(Exception):
    """Base class. ``code`` is stable (``E0xx``); ``hint`` tells the user what to do next."""

    code = "E000"
    hint = ""

    def __init__(self, message: str, hint: str | None = None, *, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        if self.hint:
            text += f": {self.hint}"
        return text

    def __reduce__(self):  # keep code/hint/path across worker processes
        return (_rebuild, (type(self), self.message, self.hint, self.path))


def _rebuild(cls, message, hint, path):
    return cls(message, hint, path=path)


class InputError(EvidenceError):
    """A file that cannot be turned into text."""

    code = "E010"


class FileMissing(InputError):
    code = "E001"
    hint = "check the path (folders and globs are accepted too)"


class UnsupportedFormat(InputError):
    code = "E002"


class EmptyFile(InputError):
    code = "E011"
    hint = "the file has no content; re-download or re-export it"


class NoTextLayer(InputError):
    code = "E012"
    hint = "run OCR first (for example `ocrmypdf in.pdf out.pdf`), then retry"


class CorruptFile(InputError):
    code = "E013"
    hint = "the file is damaged or truncated; re-download it or repair it (for example `qpdf in.pdf out.pdf`)"


class EncryptedFile(InputError):
    code = "E014"
    hint = "remove the password (for example `qpdf --decrypt --password=PW in.pdf out.pdf`), then retry"


class UndecodableText(InputError):
    code = "E015"
    hint = "the file is not text in any encoding we recognise; check it is the file you meant"


class MalformedXML(InputError):
    code = "E016"
    hint = "the XML is not well-formed; validate it (for example `xmllint --noout FILE`) and fix or re-download it"


class TooLarge(InputError):
    code = "E017"
    hint = "split the file, or raise the limit with --max-pages / --max-mb"


class UnsafeLink(InputError):
    """A symbolic link inside a folder that leads outside it, or in a loop: not followed."""

    code = "E018"
    hint = "links are followed only within the folder given; pass the target itself to read it"


class StoreError(EvidenceError):
    """The evidence store cannot be opened or written."""

    code = "E020"


CODES = {
    cls.code: cls
    for cls in (
        FileMissing,
        UnsupportedFormat,
        InputError,
        EmptyFile,
        NoTextLayer,
        CorruptFile,
        EncryptedFile,
        UndecodableText,
        MalformedXML,
        TooLarge,
        UnsafeLink,
        StoreError,
    )
}
