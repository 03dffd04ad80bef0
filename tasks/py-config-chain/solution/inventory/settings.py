# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Settings: defaults overridden by INVENTORY_* environment variables."""
import os

DEFAULTS = {
    "pool_size": 4,
    "timeout_s": 2.5,
    "read_only": False,
    "db_name": "inventory",
    "low_stock": 3,
}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _parse(key, raw, default):
    # bool first: bool is a subclass of int.
    if isinstance(default, bool):
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ValueError(f"INVENTORY_{key.upper()}: not a boolean: {raw!r}")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def load_settings(env=None):
    """Return a new settings dict.

    Every key of DEFAULTS can be overridden by the environment variable INVENTORY_<KEY>
    (upper case). Values keep the type of their default: ints and floats are parsed, booleans
    accept 1/0, true/false, yes/no and on/off in any case. Calling load_settings never changes
    DEFAULTS or the result of another call. `env` defaults to os.environ.
    """
    env = os.environ if env is None else env
    settings = dict(DEFAULTS)
    for key, default in DEFAULTS.items():
        name = "INVENTORY_" + key.upper()
        if name in env:
            settings[key] = _parse(key, env[name], default)
    return settings
