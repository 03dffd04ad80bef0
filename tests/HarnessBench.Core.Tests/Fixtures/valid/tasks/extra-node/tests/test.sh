#!/usr/bin/env bash
set -e
test -f /workspace/answer.txt
