# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for py-email-unicode: the original visible tests (ASCII behaviour unchanged) and the hidden
Unicode ones. Every address is one check against the truth held here; the seeded random characters
are checked against their Unicode category; the helpers against the reference solution."""
import json
import random
import sys
import unicodedata

sys.path.insert(0, "/hbench/lib")
import hbgrade  # noqa: E402

g = hbgrade.Grader()
reference = g.runner_module("handlers").handlers(g.reference_module("mailcheck"))

ASCII_VALID = [
    "jane@example.com", "jane.doe+news@mail.example.co.uk", "x@a.io", "o'brien@example.ie",
    "first_last-1@sub-domain.example.org", "#!$%&'*+/=?^_`{|}~-@example.com", "a" * 64 + "@example.com",
    "user@" + "a" * 63 + ".com", "user@123.example",
]
ASCII_INVALID = [
    "", "plainaddress", "@example.com", "jane@", "jane@localhost",
    "jane..doe@example.com", ".jane@example.com", "jane.@example.com",
    "jane@example..com", "jane@-example.com", "jane@example-.com", "jane@exa_mple.com",
    "jane doe@example.com", "jane@exam ple.com", "jane@example.com ", "jane@@example.com",
    "a" * 65 + "@example.com", "user@" + "a" * 64 + ".com", "user@1.2.3.4",
    "jane(comment)@example.com", "\"quoted\"@example.com", "jane@[127.0.0.1]",
    "user@" + ".".join(["abcdefgh"] * 29) + ".com",
]
UNICODE_VALID = [
    "josé@exämple.de", "用户@例子.广告", "Pelé.Arantes@futebol.com.br", "δοκιμή@παράδειγμα.δοκιμή",
    "почта@пример.рф", "e\u0301cole@example.fr", "user@ex\u0301ample.com", "नमस्ते@उदाहरण.भारत",
    "x٣@example.com", "ü+tag@müller.de", "用" * 21 + "@example.com", "user@" + "ü" * 31 + "a.de",
    "user@123.例子",
]
UNICODE_INVALID = [
    "a²@b.com", "user@ex²ample.com", "½@example.com", "用" * 22 + "@example.com",
    "user@" + "ü" * 32 + ".de", "user@" + ".".join(["ü" * 30] * 5) + ".de", "user@\u0301example.com",
    "user@exampl-\u0301.com", "jane\u00a0doe@example.com", "jane\u3000@example.com", "jane@例子。广告",
    "jane\uff20example.com", "smile😀@example.com", "user@exa😀mple.com", "jo\u200dse@example.com",
    "jose\u202e@example.com", "jose@exa\u200bmple.com", "«jose»@example.com", "jose@exa_mple.de",
    "josé@例子..广告", "josé.@exämple.de", "user@١٢٣", "\u0000@example.com", "jose\n@example.com",
]


def not_a_list(answer):
    return getattr(answer, "reason", None) or "got " + json.dumps(hbgrade.raised(answer))


def validity(group, addresses, want, runner):
    """One check per address: is_valid_email must say `want`."""
    answer = runner.call("valid_many", addresses, timeout=5)
    got = answer.get("ok") if isinstance(answer, dict) else None
    for i, address in enumerate(addresses):
        name = "%s %d: %s" % (group, i + 1, repr(address)[:48])
        if not isinstance(got, list) or len(got) != len(addresses):
            g.check(name, False, not_a_list(answer))
        else:
            g.same(name, got[i], want)


rng = random.Random(77031)
pool = [chr(c) for c in range(0xA0, 0x3000) if unicodedata.category(chr(c)) != "Cs"]
chars = [rng.choice(pool) for _ in range(400)]


def categories(name, template, runner):
    """A letter, decimal digit or mark is valid inside a word; every other character is not."""
    answer = runner.call("valid_many", [template % ch for ch in chars], timeout=5)
    got = answer.get("ok") if isinstance(answer, dict) else None
    if not isinstance(got, list) or len(got) != len(chars):
        return g.check(name, False, not_a_list(answer))
    for ch, value in zip(chars, got):
        cat = unicodedata.category(ch)
        if value != (cat[0] in "LM" or cat == "Nd"):
            return g.check(name, False, "U+%04X (%s): got %s" % (ord(ch), cat, json.dumps(value)))
    return g.check(name, True)


def helper(name, op, arg, runner):
    g.same(name, hbgrade.raised(runner.call(op, arg)), hbgrade.expect(reference, op, arg))


with g.python_session("runner.py", call_timeout=3, startup_timeout=10) as runner:
    validity("ASCII valid", ASCII_VALID, True, runner)
    validity("ASCII invalid", ASCII_INVALID, False, runner)
    g.same("not a string (None, bytes) is invalid",
           hbgrade.raised(runner.call("valid_many", [None, {"bytes": b"jane@example.com".hex()}])), {"ok": [False, False]})
    helper("split_email unchanged", "split_email", "a@b@c.com", runner)
    helper("normalize_email unchanged", "normalize_email", "  Jane@Example.COM ", runner)
    helper("mask_email unchanged", "mask_email", "jane@example.com", runner)
    validity("Unicode valid", UNICODE_VALID, True, runner)
    validity("Unicode invalid", UNICODE_INVALID, False, runner)
    categories("random characters in the local part", "ab%scd@example.com", runner)
    categories("random characters in a domain label", "user@ab%scd.com", runner)
    helper("normalize_email of a Unicode address", "normalize_email", " José@EXÄMPLE.de ", runner)
    helper("mask_email of a Unicode address", "mask_email", "用户@例子.广告", runner)
g.finish()
