# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Word frequency helpers."""
import re
from collections import Counter

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


def top_words(text: str, n: int) -> list[tuple[str, int]]:
    """Return the n most frequent words in text (see the task description)."""
    if n <= 0:
        return []
    counts = Counter(w.lower() for w in _WORD.findall(text))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
