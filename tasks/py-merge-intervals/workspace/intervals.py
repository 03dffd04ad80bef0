# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Interval helpers (single-shot task: the model's answer replaces this file)."""


def merge_intervals(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    raise NotImplementedError
