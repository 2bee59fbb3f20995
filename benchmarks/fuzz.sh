#!/bin/sh
# The long fuzzing run: the Hypothesis properties of tests/test_fuzz.py with the
# `long` profile (5,000 examples per property, random seeds) instead of the 60
# derandomised examples CI runs. Takes a few minutes; any failure prints a
# reproducible example and a `@reproduce_failure` blob.
#
#   benchmarks/fuzz.sh                 # all properties
#   benchmarks/fuzz.sh -k search       # pytest arguments pass through
set -eu
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
FAQ_FUZZ_PROFILE=long exec "$python" -m pytest tests/test_fuzz.py --no-cov \
    --hypothesis-show-statistics "$@"
