# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""What the runner asks of an intervals module; the driver asks the reference the same way."""


def typed(value):
    """The value with its container types ({"tuple": [...]}, {"list": [...]}): the checks want tuples."""
    if isinstance(value, (list, tuple)):
        return {type(value).__name__: [typed(v) for v in value]}
    return value


def handlers(module):
    def merge(data):
        return typed(module.merge_intervals([tuple(x) for x in data]))

    def input_after(data):
        intervals = [tuple(x) for x in data]
        module.merge_intervals(intervals)
        return typed(intervals)

    def merge_many(datas):
        out = []
        for data in datas:
            try:
                out.append(merge(data))
            except Exception as exc:
                out.append({"raise": type(exc).__name__})
        return out

    return {"merge": merge, "input_after": input_after, "merge_many": merge_many}
