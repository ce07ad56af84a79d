"""pdf reader (in progress)."""
from ..errors import UnsupportedFormat


def read_pdf(data, path, options):
    raise UnsupportedFormat(f"{path}: the pdf reader is not available yet", "convert the file to text or HTML", path=path)
