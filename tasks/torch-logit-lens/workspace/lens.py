# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Logit lens: read the residual stream of every layer through the model's output head."""
import torch


def logit_lens(model, idx):
    """(n_layers + 1, B, T, vocab) log-probabilities; see the task description."""
    raise NotImplementedError("TODO")


def first_confident_layer(model, idx, threshold):
    """(B, T) long tensor: first entry whose top-1 is the final top-1 with p >= threshold, else -1."""
    raise NotImplementedError("TODO")
