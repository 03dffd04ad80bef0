# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Plausible but wrong: splits on whitespace and ignores the tie-break rule."""
from collections import Counter


def top_words(text: str, n: int) -> list[tuple[str, int]]:
    if n <= 0:
        return []
    return Counter(text.lower().split()).most_common(n)
