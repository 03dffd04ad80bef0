# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
import pytest

from inventory import InventoryService


def test_receive_and_ship():
    svc = InventoryService(env={})
    svc.receive("apple", 5)
    svc.ship("apple", 2)
    assert svc.storage.get("apple") == 3


def test_pool_size_from_env():
    svc = InventoryService(env={"INVENTORY_POOL_SIZE": "2"})
    assert len(svc.storage.pool) == 2


def test_defaults_after_override():
    InventoryService(env={"INVENTORY_LOW_STOCK": "10"})
    svc = InventoryService(env={})
    svc.receive("pear", 5)
    assert svc.low_stock() == []


def test_read_only():
    svc = InventoryService(env={"INVENTORY_READ_ONLY": "yes"})
    with pytest.raises(PermissionError):
        svc.receive("plum", 1)
