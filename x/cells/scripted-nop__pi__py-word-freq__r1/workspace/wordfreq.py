# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Word frequency helpers."""


def top_words(text: str, n: int) -> list[tuple[str, int]]:
    """Return the n most frequent words in text (see the task description)."""
    raise NotImplementedError
