"""The one exception type users see: its message is Vietnamese and names the file, sheet or cell."""


class KtxhError(Exception):
    """A user-facing error; the CLI and the Excel buttons show str(error) without a traceback."""
