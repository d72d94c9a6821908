#!/usr/bin/env bash
# Runs build/bin/exprjit-mnist end to end on real MNIST: a tiny training with every output file,
# eval of the saved model, scaling, and the exit status and one-line message of each user error.
#   mnist_cli.sh BUILD_DIR MNIST_DIR
set -uo pipefail
cli="$1/bin/exprjit-mnist"
data="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect STATUS PATTERN -- command...: exit status and a line of stdout+stderr matching PATTERN.
expect() {
  local status=$1 pattern=$2; shift 3
  local output
  output=$("$@" 2>&1)
  local actual=$?
  [ "$actual" -eq "$status" ] || fail "$* exited $actual, expected $status; output: $output"
  grep -Eq -- "$pattern" <<<"$output" || fail "$* printed no line matching '$pattern'; output: $output"
}

tiny=(--data "$data" --train 600 --hidden 12 --maxiter 3 --threads 2)

expect 0 "OpenBLAS [A-Za-z0-9]+ kernels \(chosen by" -- "$cli" --version
expect 0 "accuracy: training [0-9.]+%  validation [0-9.]+%  test [0-9.]+%" -- \
  "$cli" train "${tiny[@]}" --history "$work/h.csv" --plot "$work/p.svg" --save "$work/m.bin"
expect 0 "time share: BLAS \(GEMM/GEMV\) [0-9.]+%, exprjit kernels [0-9.]+%" -- "$cli" train "${tiny[@]}"
[ "$(wc -l <"$work/h.csv")" -eq 4 ] || fail "history CSV should hold a header and 3 rows"
head -1 "$work/h.csv" | grep -q "^step,cost,train_accuracy,validation_accuracy" || fail "history CSV header"
grep -q "<svg" "$work/p.svg" && grep -q "validation" "$work/p.svg" || fail "accuracy chart"
expect 0 "test accuracy: [0-9.]+% of 10000 images" -- "$cli" eval --model "$work/m.bin" --data "$data"
expect 0 "^ +9( +[0-9]+){10}$" -- "$cli" eval --model "$work/m.bin" --data "$data"
expect 0 "^ +2 +[0-9.]+ +[0-9.]+ " -- "$cli" scaling "${tiny[@]:0:8}" --threads 1,2 --plot "$work/s.svg" --csv "$work/s.csv"
grep -q "Speed-up" "$work/s.svg" || fail "scaling chart"
for optimizer in gd lbfgs sgd; do
  expect 0 "accuracy: training" -- "$cli" train "${tiny[@]}" --optimizer "$optimizer" --epochs 1 --dtype float32
done

# User errors: exit 1 and one line naming the problem; usage errors: exit 2.
expect 1 "^exprjit-mnist: error: cannot open IDX file /nonexistent/train-images-idx3-ubyte$" -- "$cli" train --data /nonexistent
expect 1 "^exprjit-mnist: error: cannot write /nonexistent/m.bin$" -- "$cli" train "${tiny[@]}" --save /nonexistent/m.bin
expect 1 "^exprjit-mnist: error: training set size must be in \[1, 60000\], got 0$" -- "$cli" train --data "$data" --train 0
expect 1 "^exprjit-mnist: error: --hidden must be positive integers" -- "$cli" train --data "$data" --hidden 30,x
expect 1 "^exprjit-mnist: error: cannot open model file /nonexistent$" -- "$cli" eval --model /nonexistent --data "$data"
printf 'EXPRJNN1 this is not a model' >"$work/bad.bin"
expect 1 "^exprjit-mnist: error: model file .*bad.bin: " -- "$cli" eval --model "$work/bad.bin" --data "$data"
expect 2 "optimizer" -- "$cli" train --optimizer newton
expect 2 "" -- "$cli" train --maxiter 0
expect 2 "" -- "$cli" frobnicate
EXPRJIT_BLAS_CORETYPE=Pentium expect 1 "unknown OpenBLAS kernel set 'Pentium'" -- "$cli" train "${tiny[@]}"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "exprjit-mnist CLI: all checks passed"
