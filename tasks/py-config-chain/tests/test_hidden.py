# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
import copy
import random

import pytest

from inventory import InventoryService
from inventory.settings import DEFAULTS, load_settings

ORIGINAL = copy.deepcopy(DEFAULTS)


@pytest.fixture(autouse=True)
def _restore_defaults():
    yield
    DEFAULTS.clear()
    DEFAULTS.update(copy.deepcopy(ORIGINAL))


def test_visible_suite_scenarios():
    svc = InventoryService(env={"INVENTORY_POOL_SIZE": "3"})
    assert len(svc.storage.pool) == 3
    svc.receive("fig", 2)
    svc.ship("fig", 1)
    assert svc.low_stock() == ["fig"]


def test_types_follow_defaults():
    s = load_settings({"INVENTORY_POOL_SIZE": "7", "INVENTORY_TIMEOUT_S": "0.25",
                       "INVENTORY_LOW_STOCK": "0", "INVENTORY_DB_NAME": "42"})
    assert s["pool_size"] == 7 and type(s["pool_size"]) is int
    assert s["timeout_s"] == 0.25 and type(s["timeout_s"]) is float
    assert s["low_stock"] == 0 and type(s["low_stock"]) is int
    assert s["db_name"] == "42"


@pytest.mark.parametrize("raw,value", [("1", True), ("TRUE", True), ("yes", True), ("On", True),
                                       ("0", False), ("false", False), ("NO", False), ("off", False)])
def test_booleans(raw, value):
    assert load_settings({"INVENTORY_READ_ONLY": raw})["read_only"] is value


def test_false_means_writable():
    svc = InventoryService(env={"INVENTORY_READ_ONLY": "false"})
    svc.receive("kiwi", 1)
    assert svc.storage.get("kiwi") == 1


def test_defaults_untouched_and_calls_independent():
    a = load_settings({"INVENTORY_LOW_STOCK": "10", "INVENTORY_DB_NAME": "a"})
    b = load_settings({})
    assert DEFAULTS == ORIGINAL
    assert b == ORIGINAL and b is not DEFAULTS
    b["pool_size"] = 99
    assert a["pool_size"] == ORIGINAL["pool_size"] and a["low_stock"] == 10


def test_random_overrides():
    rng = random.Random(4242)
    for _ in range(30):
        env, want = {}, dict(ORIGINAL)
        if rng.random() < 0.5:
            want["pool_size"] = rng.randint(1, 9)
            env["INVENTORY_POOL_SIZE"] = str(want["pool_size"])
        if rng.random() < 0.5:
            want["read_only"] = rng.random() < 0.5
            env["INVENTORY_READ_ONLY"] = rng.choice(["true", "yes", "1"] if want["read_only"] else ["false", "no", "0"])
        assert load_settings(env) == want
        svc = InventoryService(env=env)
        assert len(svc.storage.pool) == want["pool_size"]


def test_os_environ_default(monkeypatch):
    monkeypatch.setenv("INVENTORY_POOL_SIZE", "5")
    assert load_settings()["pool_size"] == 5
