"""jats reader (in progress)."""
from ..errors import UnsupportedFormat


def read_jats(data, path, options):
    raise UnsupportedFormat(f"{path}: the jats reader is not available yet", "convert the file to text or HTML", path=path)
