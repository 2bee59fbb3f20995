#!/bin/sh
# The long fuzzing run, more than CI can afford:
# - the Hypothesis properties of tests/test_fuzz.py with the `long` profile
#   (5,000 examples per property, random seeds) instead of the 60
#   derandomised examples CI runs;
# - the damaged-index fuzzer of tests/security/test_index_damage.py with
#   FAQ_INDEX_FUZZ_CASES (default here 2,000) seeded cases instead of CI's 200.
# Takes several minutes; any failure prints a reproducible example (a
# `@reproduce_failure` blob, or the seed of the damaged case).
#
#   benchmarks/fuzz.sh                 # both
#   benchmarks/fuzz.sh -k search       # pytest arguments pass through
set -eu
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
export FAQ_FUZZ_PROFILE=long
export FAQ_INDEX_FUZZ_CASES="${FAQ_INDEX_FUZZ_CASES:-2000}"
exec "$python" -m pytest tests/test_fuzz.py tests/security/test_index_damage.py --no-cov \
    --hypothesis-show-statistics "$@"
