# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""A tiny inventory service: settings -> storage -> service."""
from .service import InventoryService

__all__ = ["InventoryService"]
