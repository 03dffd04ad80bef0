# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
import random
import unicodedata

import pytest

from mailcheck import is_valid_email, mask_email, normalize_email

VALID = [
    "josé@exämple.de",
    "用户@例子.广告",
    "Pelé.Arantes@futebol.com.br",
    "δοκιμή@παράδειγμα.δοκιμή",
    "почта@пример.рф",
    "e\u0301cole@example.fr",                # decomposed é: letter + combining mark
    "user@ex\u0301ample.com",
    "नमस्ते@उदाहरण.भारत",                   # Devanagari vowel signs are marks
    "x٣@example.com",                       # Arabic-Indic digit (Nd)
    "ü+tag@müller.de",
    "用" * 21 + "@example.com",             # 63 UTF-8 bytes
    "user@" + "ü" * 31 + "a.de",            # 63-byte label
    "user@123.例子",
]

INVALID = [
    "a²@b.com",                              # superscript two is No, not Nd
    "user@ex²ample.com",
    "½@example.com",
    "用" * 22 + "@example.com",             # 66 UTF-8 bytes
    "user@" + "ü" * 32 + ".de",             # 64-byte label
    "user@" + ".".join(["ü" * 30] * 5) + ".de",   # 300+ bytes of domain
    "user@\u0301example.com",                # label starts with a mark
    "user@exampl-\u0301.com",               # label ends with a mark
    "jane\u00a0doe@example.com",             # no-break space
    "jane\u3000@example.com",                # ideographic space
    "jane@例子。广告",                        # ideographic full stop is not a dot
    "jane\uff20example.com",                 # fullwidth commercial at
    "smile😀@example.com",
    "user@exa😀mple.com",
    "jo\u200dse@example.com",                # zero-width joiner (Cf)
    "jose\u202e@example.com",                # right-to-left override (Cf)
    "jose@exa\u200bmple.com",
    "«jose»@example.com",
    "jose@exa_mple.de",
    "josé@例子..广告",
    "josé.@exämple.de",
    "user@١٢٣",                             # no dot at all
    "\u0000@example.com",
    "jose\n@example.com",
]


@pytest.mark.parametrize("address", VALID)
def test_valid_international(address):
    assert is_valid_email(address)


@pytest.mark.parametrize("address", INVALID, ids=range(len(INVALID)))
def test_invalid_international(address):
    assert not is_valid_email(address)


def test_random_characters_follow_categories():
    rng = random.Random(77031)
    pool = [chr(c) for c in range(0xA0, 0x3000) if unicodedata.category(chr(c)) != "Cs"]
    for _ in range(400):
        ch = rng.choice(pool)
        cat = unicodedata.category(ch)
        ok = cat[0] == "L" or cat == "Nd" or cat[0] == "M"
        assert is_valid_email(f"ab{ch}cd@example.com") == ok, f"U+{ord(ch):04X} ({cat}) in local part"
        assert is_valid_email(f"user@ab{ch}cd.com") == ok, f"U+{ord(ch):04X} ({cat}) in a label"


def test_other_helpers_unchanged():
    assert normalize_email(" José@EXÄMPLE.de ") == "José@exämple.de"
    assert mask_email("用户@例子.广告") == "用***@例子.广告"
