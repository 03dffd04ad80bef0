# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
import random

import pytest

from intervals import merge_intervals


def test_example():
    assert merge_intervals([(5, 7), (1, 3), (2, 4), (7, 8)]) == [(1, 4), (5, 8)]


def test_empty_and_single_points():
    assert merge_intervals([]) == []
    assert merge_intervals([(4, 4)]) == [(4, 4)]
    assert merge_intervals([(4, 4), (4, 4), (2, 2)]) == [(2, 2), (4, 4)]


def test_touching_intervals_merge():
    assert merge_intervals([(3, 5), (1, 3)]) == [(1, 5)]
    assert merge_intervals([(0, 0), (0, 2), (2, 2)]) == [(0, 2)]


def test_adjacent_integers_stay_separate():
    assert merge_intervals([(1, 2), (3, 4)]) == [(1, 2), (3, 4)]


def test_contained_and_negative():
    assert merge_intervals([(-10, 10), (-3, -1), (9, 12)]) == [(-10, 12)]


def test_invalid_interval_raises():
    with pytest.raises(ValueError):
        merge_intervals([(1, 2), (5, 4)])


def test_input_not_modified_and_tuples_returned():
    data = [(7, 9), (1, 2), (2, 3)]
    copy = list(data)
    result = merge_intervals(data)
    assert data == copy
    assert result == [(1, 3), (7, 9)]
    assert all(type(x) is tuple for x in result)


def covered(intervals):
    points = set()
    for start, end in intervals:
        points.update(range(start, end + 1))
    return points


def test_random_against_point_sets():
    rng = random.Random(20261123)
    for _ in range(300):
        data = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(-20, 20)
            data.append((start, start + rng.randint(0, 6)))
        result = merge_intervals(data)
        assert covered(result) == covered(data)
        assert result == sorted(result)
        for (_, end), (start, _) in zip(result, result[1:]):
            assert start > end, "merged intervals must not share a point"
