# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""In-memory storage with a fake connection pool sized from the settings."""
from .settings import load_settings


class Storage:
    def __init__(self, env=None):
        self.settings = load_settings(env)
        self.pool = [f"{self.settings['db_name']}-conn-{i}" for i in range(self.settings["pool_size"])]
        self.items = {}

    def put(self, sku, qty):
        if self.settings["read_only"]:
            raise PermissionError("storage is read-only")
        self.items[sku] = qty

    def get(self, sku):
        return self.items.get(sku, 0)
