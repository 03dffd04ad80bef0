# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Data shapes shared by the driver (hbgrade) and the Python runners (hbrunner)."""


def plain(value):
    """JSON-ready data: tuples become lists, bytes become {"bytes": hex}, numpy/torch scalars numbers."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": bytes(value).hex()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "tolist"):
        return plain(value.tolist())
    return repr(value)
