#!/usr/bin/python3
"""Runs build/bin/exprjit as a user would and checks its output, exit status and files.

Usage (ctest does this): /usr/bin/python3 test_cli.py EXPRJIT FIXTURE_DIR [TestCase ...]
NumPy is the reference for .npy files and for what `exprjit eval` prints (str(array)).
"""
import io
import os
import re
import subprocess
import sys
import tempfile
import unittest

import numpy as np

EXPRJIT = None
FIXTURES = None


def run(*args):
    """(exit status, stdout, stderr) of exprjit with these arguments."""
    done = subprocess.run([EXPRJIT, *args], capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def host_vector_doubles():
    """float64 lanes of the host's widest vector registers, read from /proc/cpuinfo."""
    with open("/proc/cpuinfo") as f:
        flags = next(line for line in f if line.startswith("flags")).split()
    if "avx512f" in flags:
        return 8
    if "avx2" in flags or "avx" in flags:
        return 4
    return 2


def fixture(name):
    return os.path.join(FIXTURES, name)


def fixtures(bad):
    return sorted(f for f in os.listdir(FIXTURES) if f.endswith(".npy") and f.startswith("bad_") == bad)


def assert_prints_as_numpy(test, array, label):
    """`exprjit eval x x=FILE` prints the array saved in FILE exactly as NumPy's str() does."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "a.npy")
        np.save(path, array)
        status, out, err = run("eval", "x", "x=" + path)
    test.assertEqual(status, 0, err)
    test.assertEqual(out, str(array) + "\n", f"{label}, dtype {array.dtype}, shape {array.shape}")


class Commands(unittest.TestCase):
    def test_version(self):
        status, out, err = run("--version")
        self.assertEqual(status, 0, err)
        self.assertRegex(out, r"^exprjit \d+\.\d+\.\d+ \(LLVM 19\.")

    def test_help_lists_every_command(self):
        status, out, _ = run("--help")
        self.assertEqual(status, 0)
        for command in ["ast", "ir", "asm", "validate", "functions", "eval", "bench"]:
            self.assertRegex(out, r"\n\s+" + command + r"\s")
        status, out, _ = run("eval", "--help")
        self.assertEqual(status, 0)
        self.assertIn("--output", out)

    def test_usage_errors_exit_2(self):
        for args in [[], ["frobnicate"], ["ir"], ["ir", "x", "--opt", "7"], ["eval", "x", "--threads", "0"],
                     ["eval", "x", "--accuracy", "sloppy"], ["ast", "x", "--no-such-option"]]:
            status, out, err = run(*args)
            self.assertEqual(status, 2, args)
            self.assertEqual(out, "", args)
            self.assertNotEqual(err, "", args)

    def test_ast_shows_dtypes_and_casts(self):
        status, out, err = run("ast", "where(a>0, a, 0.01*b) + x**2", "--dtype", "a=float32", "--dtype", "x=int32")
        self.assertEqual(status, 0, err)
        lines = out.splitlines()
        self.assertEqual(lines[0], "Binary + : float64")
        self.assertIn("    Cast : float64\n      Variable a : float32", out)
        self.assertIn("    Binary * : int32", out)

    def test_validate_prints_the_result_dtype(self):
        self.assertEqual(run("validate", "a // 2", "--dtype", "a=int64")[:2], (0, "int64\n"))
        self.assertEqual(run("validate", "a < 2")[:2], (0, "bool\n"))

    def test_ir_has_a_vector_loop_of_host_width(self):
        lanes = host_vector_doubles()
        status, out, err = run("ir", "1/(1+exp(-z))")
        self.assertEqual(status, 0, err)
        self.assertIn("define void @kernel", out)
        self.assertIn(f"load <{lanes} x double>", out)
        self.assertIn(f"fdiv <{lanes} x double>", out)
        self.assertRegex(out, rf"call <{lanes} x double> @Sleef_expd{lanes}_u10")
        status, unoptimized, _ = run("ir", "1/(1+exp(-z))", "--unoptimized")
        self.assertEqual(status, 0)
        self.assertNotEqual(unoptimized, out)
        float_lanes = 2 * lanes
        status, out, _ = run("ir", "a*2", "--dtype", "a=float32")
        self.assertIn(f"<{float_lanes} x float>", out)

    def test_asm_uses_host_vector_registers(self):
        register = {8: "%zmm", 4: "%ymm", 2: "%xmm"}[host_vector_doubles()]
        status, out, err = run("asm", "1/(1+exp(-z))")
        self.assertEqual(status, 0, err)
        self.assertRegex(out, r"\bv?divpd\b.*" + re.escape(register))
        self.assertRegex(out, r"\bv?mov[au]pd\b.*" + re.escape(register))

    def test_functions_table(self):
        status, out, _ = run("functions")
        self.assertEqual(status, 0)
        self.assertEqual(out.splitlines()[0].split(), ["function", "args", "types"])
        self.assertRegex(out, r"\nexp +1 +float32 -> float32; float64, int, bool -> float64\n")

    def test_bench_reports_both_timings(self):
        status, out, err = run("bench", "2*a+b", "--n", "100000", "--repeat", "3", "--threads", "1")
        self.assertEqual(status, 0, err)
        self.assertRegex(out, r"\nexprjit +median +[\d.]+ ms +[\d.]+ ns/elem +[\d.]+ GB/s\n")
        self.assertRegex(out, r"\nmemcpy +median +[\d.]+ ms")


class Errors(unittest.TestCase):
    def assert_user_error(self, args, fragment):
        status, out, err = run(*args)
        self.assertEqual(status, 1, args)
        self.assertEqual(out, "", args)
        self.assertTrue(err.startswith("exprjit: "), err)
        self.assertEqual(err.count("\n"), 1, f"one line expected: {err!r}")
        self.assertIn(fragment, err)
        return err

    def test_syntax_error_shows_a_caret_under_the_column(self):
        for args, column in [(["validate", "a + (b"], 7), (["eval", "x + * 2", "x=1"], 5), (["ir", "sin(x,, y)"], 7)]:
            status, out, err = run(*args)
            self.assertEqual(status, 1)
            self.assertEqual(out, "")
            first, expression, caret = err.splitlines()
            self.assertTrue(first.startswith("exprjit: syntax error: "), first)
            self.assertTrue(first.endswith(f"at column {column}"), first)
            self.assertEqual(expression, args[1])
            self.assertEqual(caret, " " * (column - 1) + "^")

    def test_name_and_type_errors(self):
        self.assert_user_error(["validate", "foo(x)"], "foo")
        self.assert_user_error(["validate", "a / b", "--dtype", "a=bool", "--dtype", "b=bool"], "bool")
        self.assert_user_error(["ast", "x", "--dtype", "y=int32"], "'y'")
        self.assert_user_error(["ast", "x", "--dtype", "x=float16"], "float16")

    def test_eval_binding_errors(self):
        x = fixture("float64_5.npy")
        self.assert_user_error(["eval", "x + 1", f"x={x}", "y=2"], "'y' is not a variable")
        self.assert_user_error(["eval", "x + y", f"x={x}"], "no value for variable 'y'")
        self.assert_user_error(["eval", "x", "x=1", "x=2"], "bound twice")
        self.assert_user_error(["eval", "x", "x"], "NAME=VALUE")
        self.assert_user_error(["eval", "x", "x=2.5x"], "'2.5x' is neither a number nor a .npy file")
        self.assert_user_error(["eval", "x", "x=int32:99999999999"], "not a valid int32 value")
        self.assert_user_error(["eval", "x", "x=float32:abc"], "not a valid float32 value")
        self.assert_user_error(["eval", "x", "x=float16:3"], "unknown dtype 'float16'")
        self.assert_user_error(["eval", "x", "x=99999999999999999999"], "does not fit in int64")
        self.assert_user_error(["eval", "x + y", f"x={x}", f"y={fixture('int32_2x3.npy')}"], "(5,) (2,3)")
        self.assert_user_error(["eval", "x", "x=no_such_file.npy"], "cannot open 'no_such_file.npy'")

    def test_corrupt_and_unsupported_files(self):
        for name in fixtures(bad=True):
            err = self.assert_user_error(["eval", "x", "x=" + fixture(name)], name)
            self.assertNotIn("Traceback", err)

    def test_too_many_dimensions_to_print(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "wide.npy")
            header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + "1, " * 30000 + "), }"
            with open(path, "wb") as f:
                f.write(np.lib.format._wrap_header(header, (2, 0)) + bytes(8))
            self.assert_user_error(["eval", "x + 1", "x=" + path], "30000 dimensions")
            status, _, err = run("eval", "x + 1", "x=" + path, "-o", os.path.join(tmp, "out.npy"))
            self.assertEqual(status, 0, err)

    def test_unwritable_output_leaves_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.assert_user_error(["eval", "x", "x=1", "-o", os.path.join(tmp, "missing", "y.npy")], "cannot write")
            os.mkdir(os.path.join(tmp, "directory"))
            self.assert_user_error(["eval", "x", "x=1", "-o", os.path.join(tmp, "directory")], "cannot write")
            self.assertEqual(sorted(os.listdir(tmp)), ["directory"])
            self.assertEqual(os.listdir(os.path.join(tmp, "directory")), [])


class Eval(unittest.TestCase):
    def eval_to_array(self, *args):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.npy")
            status, stdout, err = run("eval", *args, "-o", out)
            self.assertEqual(status, 0, err)
            self.assertEqual(stdout, "")
            with open(out, "rb") as f:
                data = f.read()
            return np.load(io.BytesIO(data)), data

    def test_sigmoid_matches_numpy(self):
        z = np.load(fixture("float64_5.npy"))
        y, _ = self.eval_to_array("1/(1+exp(-z))", "z=" + fixture("float64_5.npy"))
        np.testing.assert_allclose(y, 1 / (1 + np.exp(-z)), rtol=1e-15)
        status, out, _ = run("eval", "1/(1+exp(-z))", "z=" + fixture("float64_5.npy"))
        self.assertEqual(out, str(1 / (1 + np.exp(-z))) + "\n")

    def test_every_fixture_round_trips_byte_for_byte(self):
        for name in fixtures(bad=False):
            expected = np.load(fixture(name))
            got, data = self.eval_to_array("x", "x=" + fixture(name))
            self.assertEqual(got.dtype, expected.dtype, name)
            self.assertEqual(got.shape, expected.shape, name)
            np.testing.assert_array_equal(got, expected, name)
            buffer = io.BytesIO()
            np.save(buffer, np.asarray(expected, order="C"))  # (ascontiguousarray makes 0-d arrays 1-d)
            self.assertEqual(data, buffer.getvalue(), f"{name}: not the bytes numpy.save writes")

    def test_every_fixture_prints_as_numpy_does(self):
        for name in fixtures(bad=False):
            status, out, err = run("eval", "x", "x=" + fixture(name))
            self.assertEqual(status, 0, err)
            self.assertEqual(out, str(np.load(fixture(name))) + "\n", name)

    def test_scalar_rules(self):
        for text, dtype in [("3", np.int64), ("-7", np.int64), ("2.5", np.float64), ("1e-3", np.float64),
                            ("nan", np.float64), ("True", np.bool_), ("False", np.bool_), ("int32:3", np.int32),
                            ("int64:3", np.int64), ("float32:0.5", np.float32), ("float64:1", np.float64),
                            ("bool:1", np.bool_)]:
            got, _ = self.eval_to_array("x", "x=" + text)
            self.assertEqual(got.dtype, dtype, text)
            self.assertEqual(got.shape, (), text)
        self.assertEqual(run("eval", "a*b", "a=2.5", "b=int64:3")[1], "7.5\n")
        self.assertEqual(run("eval", "a", "a=float32:0.1")[1], "0.1\n")
        self.assertEqual(run("eval", "a > 1", "a=3")[1], "True\n")
        for text in ["int8:-128", "int16:300", "uint8:255", "uint16:65535", "uint32:4294967295", "uint64:7"]:
            got, _ = self.eval_to_array("x", "x=" + text)  # widened on load, as numexpr
            self.assertEqual(got.dtype, np.int64 if text.startswith(("uint32", "uint64")) else np.int32, text)
            self.assertEqual(int(got), int(text.split(":")[1]), text)
        self.assertEqual(run("eval", "x*2 + y", "x=uint8:255", "y=int16:-3")[1], "507\n")
        status, _, err = run("eval", "x", "x=uint64:9223372036854775808")
        self.assertEqual((status, err.count("\n")), (1, 1))
        self.assertIn("2**63 or more", err)
        self.assertIn("not a valid uint8 value", run("eval", "x", "x=uint8:256")[2])

    def test_as_dtype_with_casting_rules(self):
        x = np.load(fixture("float64_5.npy"))
        for rule, dtype in [("same_kind", np.float32), ("unsafe", np.int32), ("unsafe", np.bool_)]:
            got, _ = self.eval_to_array("x * 2.5", "x=" + fixture("float64_5.npy"), "--as", np.dtype(dtype).name,
                                        "--casting", rule)
            self.assertEqual(got.dtype, dtype)
            np.testing.assert_array_equal(got, (x * 2.5).astype(dtype))
        got, _ = self.eval_to_array("x * 100", "x=" + fixture("int32_2x3.npy"), "--as", "int8", "--casting", "unsafe")
        self.assertEqual(got.dtype, np.int8)
        np.testing.assert_array_equal(got, (np.load(fixture("int32_2x3.npy")) * 100).astype(np.int8))
        self.assertEqual(run("eval", "x * 100", "x=3", "--as", "uint8", "--casting", "unsafe")[1], "44\n")
        got, _ = self.eval_to_array("i + 1", "i=int32:4", "--as", "float64")  # safe by default
        self.assertEqual(got.dtype, np.float64)
        status, _, err = run("eval", "x * 2.5", "x=" + fixture("float64_5.npy"), "--as", "float32")
        self.assertEqual(status, 1)
        self.assertIn("under the casting rule 'safe'", err)

    def test_threads_and_accuracy(self):
        with tempfile.TemporaryDirectory() as tmp:
            z = np.linspace(-20, 20, 200_001)
            path = os.path.join(tmp, "z.npy")
            np.save(path, z)
            for extra in [["--threads", "1"], ["--threads", "2"], ["--accuracy", "fast"]]:
                y, _ = self.eval_to_array("1/(1+exp(-z))", "z=" + path, *extra)
                np.testing.assert_allclose(y, 1 / (1 + np.exp(-z)), rtol=1e-14, err_msg=str(extra))

    def test_broadcasting_and_mixed_dtypes(self):
        got, _ = self.eval_to_array("x * y + 1", "x=" + fixture("int32_2x3.npy"), "y=float32:0.5")
        x = np.load(fixture("int32_2x3.npy"))
        status, dtype, _ = run("validate", "x * y + 1", "--dtype", "x=int32", "--dtype", "y=float32")
        self.assertEqual(got.dtype, np.dtype(dtype.strip()))
        np.testing.assert_array_equal(got, x * 0.5 + 1)
        with tempfile.TemporaryDirectory() as tmp:
            row = os.path.join(tmp, "row.npy")
            np.save(row, np.array([10.0, 20.0, 30.0]))
            got, _ = self.eval_to_array("x + row", "x=" + fixture("float64_2x3.npy"), "row=" + row)
        np.testing.assert_array_equal(got, np.load(fixture("float64_2x3.npy")) + [10.0, 20.0, 30.0])


class Print(unittest.TestCase):
    """`exprjit eval x x=FILE` prints exactly what str(numpy.load(FILE)) gives."""

    def check(self, array, label):
        assert_prints_as_numpy(self, array, label)

    def test_random_arrays(self):
        rng = np.random.default_rng(2024)
        shapes = [(), (1,), (7,), (3, 4), (2, 3, 4), (2, 1, 3, 2), (40, 30), (1001,), (3, 400), (11, 11, 11)]
        generators = {
            "uniform": lambda n: rng.uniform(-1, 1, n),
            "large": lambda n: rng.uniform(-1, 1, n) * 1e9,
            "tiny": lambda n: rng.uniform(-1, 1, n) * 1e-6,
            "integers": lambda n: np.round(rng.uniform(-100, 100, n)),
            "short": lambda n: np.round(rng.uniform(-10, 10, n), 2),
            "special": lambda n: rng.choice([np.nan, np.inf, -np.inf, -0.0, 0.0, 1.5, -2.25], n),
            "mixed": lambda n: rng.uniform(-1, 1, n) * 10.0 ** rng.integers(-12, 12, n),
        }
        for shape in shapes:
            n = int(np.prod(shape))
            for label, generate in generators.items():
                for dtype in [np.float64, np.float32]:
                    self.check(generate(n).astype(dtype).reshape(shape), label)
            for dtype in [np.int32, np.int64]:
                self.check(rng.integers(-10 ** 6, 10 ** 6, n).astype(dtype).reshape(shape), "integers")
            self.check((rng.uniform(0, 1, n) > 0.5).reshape(shape), "bools")

    def test_edge_cases(self):
        for array in [np.array([np.nan]), np.array([np.nan, -np.inf]), np.array([1e8, 1.0]), np.array([1e-5, 1.0]),
                      np.array([0.0, 0.0]), np.array([-0.0]), np.array([1e16, 1e-300]), np.array([1e-4, 0.1]),
                      np.array([0.1 + 0.2]), np.array([123456789.0]), np.array([1e300, -1e-300, np.nan]),
                      np.array(1e16), np.array(1e-5), np.array(-0.0), np.array(np.inf), np.float32(3.1415927),
                      np.array(np.iinfo(np.int64).min), np.array([np.iinfo(np.int64).min, 0]),
                      np.zeros((2, 0)), np.zeros((0, 3), dtype=np.int32), np.arange(2000.0).reshape(2, 1000),
                      np.arange(1001, dtype=np.int32)]:
            self.check(np.asarray(array), repr(array)[:40])


class ComplexNumbers(unittest.TestCase):
    """complex64/complex128 in `exprjit eval` (files, scalars, printing as NumPy) and in `ir`."""

    def test_printing_matches_numpy(self):
        rng = np.random.default_rng(7)
        parts = [np.nan, np.inf, -np.inf, -0.0, 0.0, 1.5, -2.25, 1e-7, 3e9]
        arrays = [np.array([1 + 2j, -1j]), np.array(1 + 2j), np.array(-0.0 - 1j), np.array(2.5j), np.array(1e20 + 1e-5j),
                  np.array(complex(0, np.nan)), np.array(complex(np.inf, -np.inf)), np.zeros((2, 0), complex),
                  np.array([complex(r, i) for r in parts for i in parts])]
        for shape in [(5,), (3, 4), (1001,), (2, 3, 2)]:
            n = int(np.prod(shape))
            arrays.append((rng.uniform(-1, 1, n) + 1j * rng.uniform(-1, 1, n) * 10.0 ** rng.integers(-6, 6, n)).reshape(shape))
            arrays.append(np.round(rng.uniform(-10, 10, n) + 1j * rng.uniform(-10, 10, n), 2).reshape(shape))
        for array in arrays:
            for dtype in [np.complex128, np.complex64]:
                assert_prints_as_numpy(self, array.astype(dtype), str(array.ravel()[:3]))

    def test_eval_writes_complex_files(self):
        z = np.array([1 + 2j, -0.5j, 3.0, complex(np.inf, 1)], dtype=np.complex64)
        with tempfile.TemporaryDirectory() as tmp:
            source, target = os.path.join(tmp, "z.npy"), os.path.join(tmp, "out.npy")
            np.save(source, z)
            status, _, err = run("eval", "exp(z) * (1-1j)", "z=" + source, "-o", target)
            self.assertEqual(status, 0, err)
            result = np.load(target)
        self.assertEqual(result.dtype, np.complex128)  # the literal is complex128
        with np.errstate(all="ignore"):
            np.testing.assert_array_equal(result, np.exp(z).astype(np.complex128) * (1 - 1j))

    def test_complex_scalars(self):
        for text, value in [("1+2j", 1 + 2j), ("-2.5j", -2.5j), ("(1-1e-3j)", 1 - 1e-3j), ("3", 3 + 0j), ("1e3+1e-3J", 1e3 + 1e-3j)]:
            status, out, err = run("eval", "z * 2", "z=complex128:" + text)
            self.assertEqual(status, 0, err)
            self.assertEqual(out, str(np.complex128(value) * 2) + "\n", text)
        status, out, _ = run("eval", "z * 2", "z=complex64:0.1+0.2j")
        self.assertEqual(out, str(np.complex64(0.1 + 0.2j) * np.complex64(2)) + "\n")
        status, _, err = run("eval", "z", "z=complex128:1+2")
        self.assertEqual(status, 1)
        self.assertIn("not a valid complex128 value", err)

    def test_errors_and_ir(self):
        status, _, err = run("eval", "z < 1", "z=complex128:1j")
        self.assertEqual(status, 1)
        self.assertIn("(column 3)", err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        status, out, err = run("ir", "exp(z)", "--dtype", "z=complex128")
        self.assertEqual(status, 0, err)
        self.assertIn("@exprjit_complex128_exp", out)
        status, out, err = run("ast", "z*(2+3j)", "--dtype", "z=complex64")
        self.assertEqual(status, 0, err)
        self.assertIn("(2+3j) : complex128", out)
        status, out, err = run("functions")
        self.assertEqual(status, 0, err)
        complex_line = next(line for line in out.splitlines() if line.startswith("complex arguments"))
        self.assertIn(" exp ", complex_line + " ")
        self.assertNotIn(" hypot", complex_line)
        self.assertRegex(out, r"\ncomplex +2 +\(float32, float32\) -> complex64; other reals -> complex128\n")


class Bytes(unittest.TestCase):
    """Byte string (|S) files, bytes:TEXT scalars and --dtype NAME=bytesN, with NumPy as reference."""

    def test_compare_and_contains_print_as_numpy(self):
        s = np.load(fixture("bytes_S3_2x3.npy"))
        status, out, err = run("eval", "s == b'c'", "s=" + fixture("bytes_S3_2x3.npy"))
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(out, str(s == b"c") + "\n")
        status, out, err = run("eval", "contains(s, t) | (s > b'd')", "s=" + fixture("bytes_S3_2x3.npy"), "t=bytes:b")
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(out, str((np.char.find(s, b"b") >= 0) | (s > b"d")) + "\n")
        self.assertEqual(run("eval", "t < b'abd'", "t=bytes:abc")[1], "True\n")

    def test_printing_byte_string_arrays(self):
        rng = np.random.default_rng(7)
        for shape in [(), (5,), (3, 4), (1001,), (2, 3, 4)]:
            n = int(np.prod(shape))
            lengths = rng.integers(0, 6, n)
            letters = np.frombuffer(b"\x00a'\"\\\t\x80z", dtype=np.uint8)
            array = np.array([bytes(rng.choice(letters, k)) for k in lengths], dtype="S6").reshape(shape)
            Print.check(self, array, "bytes")
        for array in [np.array([b"a'b", b'"', b"a'\"b"]), np.array([], dtype="S3"), np.array(b"ab\x00c", dtype="S4")]:
            Print.check(self, array, repr(array))

    def test_dtype_option_and_errors(self):
        status, out, _ = run("validate", "contains(s, b'x') & (s != t)", "--dtype", "s=bytes5", "--dtype", "t=bytes2")
        self.assertEqual((status, out), (0, "bool\n"))
        status, out, _ = run("ast", "s == 'a\\x00'", "--dtype", "s=bytes3")
        self.assertEqual(status, 0)
        self.assertIn("Constant b'a\\x00' : bytes", out)
        Errors.assert_user_error(self, ["validate", "s + s", "--dtype", "s=bytes3"], "not defined for byte strings")
        Errors.assert_user_error(self, ["validate", "s", "--dtype", "s=bytes0"], "unknown dtype 'bytes0'")
        Errors.assert_user_error(self, ["eval", "s == x", "s=bytes:a", "x=1"], "compatible operands")
        status, out, err = run("eval", "s == 'a", "s=bytes:a")
        self.assertEqual((status, out), (1, ""))
        self.assertEqual(err, "exprjit: syntax error: unterminated string literal at column 6\ns == 'a\n     ^\n")


if __name__ == "__main__":
    EXPRJIT, FIXTURES = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0], "-v", *sys.argv[3:]])
