# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""E-mail address helpers used by the sign-up form and the mailer."""
import re
import unicodedata

_LOCAL_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+\Z")
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\Z")


def _intl(ch):
    """A non-ASCII letter, decimal digit or combining mark."""
    cat = unicodedata.category(ch)
    return ord(ch) > 127 and (cat[0] in "LM" or cat == "Nd")


def _alnum(ch):
    """Letter or digit (ASCII or Unicode), never a mark: what a label may start/end with."""
    return (ch.isascii() and ch.isalnum()) or (_intl(ch) and unicodedata.category(ch)[0] != "M")


def _local_atom_ok(atom):
    return bool(atom) and all(_intl(ch) or _LOCAL_ATOM.match(ch) for ch in atom)


def _label_ok(label):
    if not label or len(label.encode("utf-8")) > 63:
        return False
    if label.isascii():
        return bool(_LABEL.match(label))
    if not (_alnum(label[0]) and _alnum(label[-1])):
        return False
    return all(ch == "-" or (ch.isascii() and ch.isalnum()) or _intl(ch) for ch in label)


def split_email(address):
    """Split at the last '@' into (local, domain); None if there is no '@'."""
    if "@" not in address:
        return None
    local, _, domain = address.rpartition("@")
    return local, domain


def is_valid_email(address):
    """True if address is local@domain with a dot-atom local part and a dotted host name.

    Internationalized addresses are accepted: non-ASCII letters, decimal digits and combining
    marks may appear wherever ASCII letters and digits may; lengths are counted in UTF-8 bytes.
    """
    if not isinstance(address, str):
        return False
    parts = split_email(address)
    if parts is None:
        return False
    local, domain = parts
    if not local or len(local.encode("utf-8")) > 64:
        return False
    if not all(_local_atom_ok(atom) for atom in local.split(".")):
        return False
    if not domain or len(domain.encode("utf-8")) > 253:
        return False
    labels = domain.split(".")
    if len(labels) < 2:
        return False
    if not all(_label_ok(label) for label in labels):
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
