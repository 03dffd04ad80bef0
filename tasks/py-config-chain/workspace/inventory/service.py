# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Business rules on top of the storage."""
from .storage import Storage


class InventoryService:
    def __init__(self, env=None):
        self.storage = Storage(env)

    def receive(self, sku, qty):
        self.storage.put(sku, self.storage.get(sku) + qty)

    def ship(self, sku, qty):
        have = self.storage.get(sku)
        if qty > have:
            raise ValueError(f"only {have} of {sku} in stock")
        self.storage.put(sku, have - qty)

    def low_stock(self):
        limit = self.storage.settings["low_stock"]
        return sorted(sku for sku, qty in self.storage.items.items() if qty <= limit)
