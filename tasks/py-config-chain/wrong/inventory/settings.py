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


def load_settings(env=None):
    """Return a new settings dict.

    Every key of DEFAULTS can be overridden by the environment variable INVENTORY_<KEY>
    (upper case). Values keep the type of their default: ints and floats are parsed, booleans
    accept 1/0, true/false, yes/no and on/off in any case. Calling load_settings never changes
    DEFAULTS or the result of another call. `env` defaults to os.environ.
    """
    # Plausible but wrong: copies the defaults and casts with type(default), but
    # bool("false") is True, so any non-empty value turns read_only on.
    env = os.environ if env is None else env
    settings = dict(DEFAULTS)
    for key, default in DEFAULTS.items():
        name = "INVENTORY_" + key.upper()
        if name in env:
            settings[key] = type(default)(env[name])
    return settings
