# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""E-mail address helpers used by the sign-up form and the mailer."""
import re

_LOCAL_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+\Z")
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\Z")


def split_email(address):
    """Split at the last '@' into (local, domain); None if there is no '@'."""
    if "@" not in address:
        return None
    local, _, domain = address.rpartition("@")
    return local, domain


def is_valid_email(address):
    """True if address is local@domain with a dot-atom local part and a dotted host name."""
    if not isinstance(address, str):
        return False
    parts = split_email(address)
    if parts is None:
        return False
    local, domain = parts
    if not local or len(local) > 64:
        return False
    if not all(_LOCAL_ATOM.match(atom) for atom in local.split(".")):
        return False
    if not domain or len(domain) > 253:
        return False
    labels = domain.split(".")
    if len(labels) < 2:
        return False
    for label in labels:
        if len(label) > 63 or not _LABEL.match(label):
            return False
    if labels[-1].isdigit():
        return False
    return True


def normalize_email(address):
    """Lower-case the domain (the local part is case-sensitive); strip surrounding spaces."""
    address = address.strip()
    parts = split_email(address)
    if parts is None:
        raise ValueError(f"not an e-mail address: {address!r}")
    local, domain = parts
    return f"{local}@{domain.lower()}"


def mask_email(address):
    """Show only the first character of the local part: j***@example.com."""
    local, domain = split_email(address)
    return f"{local[:1]}***@{domain}"
