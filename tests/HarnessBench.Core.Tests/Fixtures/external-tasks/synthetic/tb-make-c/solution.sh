#!/bin/bash
sed -i "s/0 \* atol/atol/" src/sum.c
make
