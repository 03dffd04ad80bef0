# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
import pytest

from mailcheck import is_valid_email, mask_email, normalize_email, split_email

VALID = [
    "jane@example.com",
    "jane.doe+news@mail.example.co.uk",
    "x@a.io",
    "o'brien@example.ie",
    "first_last-1@sub-domain.example.org",
    "#!$%&'*+/=?^_`{|}~-@example.com",
    "a" * 64 + "@example.com",
    "user@" + "a" * 63 + ".com",
    "user@123.example",
]

INVALID = [
    "", "plainaddress", "@example.com", "jane@", "jane@localhost",
    "jane..doe@example.com", ".jane@example.com", "jane.@example.com",
    "jane@example..com", "jane@-example.com", "jane@example-.com", "jane@exa_mple.com",
    "jane doe@example.com", "jane@exam ple.com", "jane@example.com ", "jane@@example.com",
    "a" * 65 + "@example.com", "user@" + "a" * 64 + ".com", "user@1.2.3.4",
    "jane(comment)@example.com", "\"quoted\"@example.com", "jane@[127.0.0.1]",
    "user@" + ".".join(["abcdefgh"] * 29) + ".com",
]


@pytest.mark.parametrize("address", VALID)
def test_valid(address):
    assert is_valid_email(address)


@pytest.mark.parametrize("address", INVALID)
def test_invalid(address):
    assert not is_valid_email(address)


def test_not_a_string():
    assert not is_valid_email(None)
    assert not is_valid_email(b"jane@example.com")


def test_helpers():
    assert split_email("a@b@c.com") == ("a@b", "c.com")
    assert normalize_email("  Jane@Example.COM ") == "Jane@example.com"
    assert mask_email("jane@example.com") == "j***@example.com"
