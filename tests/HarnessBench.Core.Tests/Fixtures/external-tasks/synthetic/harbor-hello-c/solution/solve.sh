#!/bin/bash
cp /solution/hello.c /app/hello.c
gcc -o /app/hello /app/hello.c
