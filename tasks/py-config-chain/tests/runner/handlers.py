# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""What the runner asks of an inventory package; the driver asks the reference the same way."""
import copy
import os


def typed(value):
    """Settings with each value's type ({"pool_size": ["int", 7]}): in Python True == 1 and 1 == 1.0."""
    if not isinstance(value, dict):
        return ["not a dict", type(value).__name__]
    return {str(k): [type(v).__name__, v if v is None or isinstance(v, (bool, int, float, str)) else repr(v)]
            for k, v in value.items()}


def handlers(inventory, settings):
    original = copy.deepcopy(settings.DEFAULTS)

    def isolated(fn):
        """Like the old tests' fixture: DEFAULTS restored after every request (and only then)."""
        def run(*args):
            try:
                return fn(*args)
            finally:
                settings.DEFAULTS.clear()
                settings.DEFAULTS.update(copy.deepcopy(original))
        return run

    def visible():
        svc = inventory.InventoryService(env={"INVENTORY_POOL_SIZE": "3"})
        svc.receive("fig", 2)
        svc.ship("fig", 1)
        return [len(svc.storage.pool), svc.low_stock()]

    def writable(env):
        svc = inventory.InventoryService(env=env)
        svc.receive("kiwi", 1)
        quantity = svc.storage.get("kiwi")
        return [type(quantity).__name__, quantity]

    def independence():
        # Identity and shared-state observations are reported as values and judged by the driver; the
        # agent's code could forge them only by targeting this hidden runner.
        a = settings.load_settings({"INVENTORY_LOW_STOCK": "10", "INVENTORY_DB_NAME": "a"})
        b = settings.load_settings({})
        seen = {"defaults": typed(settings.DEFAULTS), "b": typed(b), "b_is_DEFAULTS": b is settings.DEFAULTS}
        b["pool_size"] = 99
        seen["a_after_changing_b"] = [typed(a).get(k) if isinstance(a, dict) else None for k in ("pool_size", "low_stock")]
        return seen

    def overrides(envs):
        out = []
        for env in envs:
            try:
                out.append([typed(settings.load_settings(env)), len(inventory.InventoryService(env=env).storage.pool)])
            except Exception as exc:
                out.append({"raise": type(exc).__name__})
        return out

    def from_environ(env):
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            return typed(settings.load_settings())
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v

    ops = {"visible": visible, "load": lambda env: typed(settings.load_settings(env)), "writable": writable,
           "independence": independence, "overrides": overrides, "from_environ": from_environ}
    return {name: isolated(fn) for name, fn in ops.items()}
