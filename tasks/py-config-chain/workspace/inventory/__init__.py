"""A tiny inventory service: settings -> storage -> service."""
from .service import InventoryService

__all__ = ["InventoryService"]
