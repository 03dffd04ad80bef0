# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""What the runner asks of a wordfreq module; the driver asks the reference the same way."""


def handlers(module):
    return {"top_words": lambda text, n: module.top_words(text, n)}
