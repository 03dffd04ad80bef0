# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""What the runner asks of a mailcheck module; the driver asks the reference the same way."""


def typed(value):
    """The value with its container type ({"tuple": [...]}): split_email must still return a tuple."""
    if isinstance(value, (list, tuple)):
        return {type(value).__name__: [typed(v) for v in value]}
    return value


def decode(arg):
    """Requests carry strings and null as JSON; bytes arrive as {"bytes": hex}."""
    return bytes.fromhex(arg["bytes"]) if isinstance(arg, dict) else arg


def handlers(module):
    def valid_many(addresses):
        """is_valid_email of every address, as a truth value (the old tests asserted truthiness)."""
        out = []
        for address in addresses:
            try:
                out.append(bool(module.is_valid_email(decode(address))))
            except Exception as exc:
                out.append({"raise": type(exc).__name__})
        return out

    return {"valid_many": valid_many,
            "split_email": lambda a: typed(module.split_email(a)),
            "normalize_email": lambda a: typed(module.normalize_email(a)),
            "mask_email": lambda a: typed(module.mask_email(a))}
