"""Every operator and function of the language against NumPy, for every dtype."""
import numpy as np
import pytest

import exprjit

DTYPES = ["bool", "int32", "int64", "float32", "float64"]
NUMERIC = ["int32", "int64", "float32", "float64"]
FLOATS = ["float32", "float64"]


def sample(dtype, rng, n=257, positive=False):
    if dtype == "bool":
        return rng.random(n) > 0.5
    if dtype.startswith("int"):
        values = rng.integers(1 if positive else -50, 50, n)
        return values.astype(dtype)
    values = rng.uniform(0.01 if positive else -4, 4, n)
    return values.astype(dtype)


def close(actual, expected):
    assert actual.dtype == expected.dtype, (actual.dtype, expected.dtype)
    assert actual.shape == expected.shape
    if actual.dtype.kind == "f":
        rtol = 4e-6 if actual.dtype == np.float32 else 4e-15
        np.testing.assert_allclose(actual, expected, rtol=rtol, atol=rtol * 1e-3, equal_nan=True)
    else:
        np.testing.assert_array_equal(actual, expected)


# Float functions: float32 stays float32; everything else computes in float64 (numexpr's rule).
UNARY_FLOAT = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "arctan": np.arctan, "sinh": np.sinh, "cosh": np.cosh,
    "tanh": np.tanh, "arcsinh": np.arcsinh, "exp": np.exp, "expm1": np.expm1, "sqrt": None, "log": None,
    "log10": None, "log1p": None, "log2": None, "arccosh": None, "arcsin": None, "arccos": None, "arctanh": None,
    "floor": np.floor, "ceil": np.ceil, "trunc": np.trunc,
}
DOMAIN = {  # functions with a restricted domain: (numpy function, lower, upper)
    "sqrt": (np.sqrt, 0, 16), "log": (np.log, 0.01, 16), "log10": (np.log10, 0.01, 16), "log1p": (np.log1p, -0.9, 16),
    "log2": (np.log2, 0.01, 16), "arccosh": (np.arccosh, 1, 16), "arcsin": (np.arcsin, -1, 1),
    "arccos": (np.arccos, -1, 1), "arctanh": (np.arctanh, -0.99, 0.99),
}


def float_result(dtype):
    return "float32" if dtype == "float32" else "float64"


@pytest.mark.parametrize("name", sorted(UNARY_FLOAT))
@pytest.mark.parametrize("dtype", DTYPES)
def test_unary_float_functions(name, dtype, rng):
    if name in DOMAIN:
        reference, low, high = DOMAIN[name]
        if dtype == "bool":
            a = rng.random(100) > 0.5
        else:
            a = rng.uniform(low, high, 100).astype(dtype) if dtype.startswith("float") else \
                rng.integers(int(np.ceil(low)), int(high) + 1, 100).astype(dtype)
    else:
        reference, a = UNARY_FLOAT[name], sample(dtype, rng)
    expected = reference(a.astype(float_result(dtype)))
    close(exprjit.evaluate(f"{name}(a)"), expected)


@pytest.mark.parametrize("name,reference", [("arctan2", np.arctan2), ("hypot", np.hypot), ("fmod", np.fmod),
                                            ("copysign", np.copysign), ("nextafter", np.nextafter)])
@pytest.mark.parametrize("dtype", FLOATS)
def test_binary_float_functions(name, reference, dtype, rng):
    a, b = sample(dtype, rng), sample(dtype, rng, positive=True)
    close(exprjit.evaluate(f"{name}(a, b)"), reference(a, b))


@pytest.mark.parametrize("dtype", NUMERIC)
def test_same_type_functions(dtype, rng):
    a, b = sample(dtype, rng), sample(dtype, rng)
    close(exprjit.evaluate("abs(a)"), np.abs(a))
    close(exprjit.evaluate("sign(a)"), np.sign(a))
    close(exprjit.evaluate("maximum(a, b)"), np.maximum(a, b))
    close(exprjit.evaluate("minimum(a, b)"), np.minimum(a, b))


@pytest.mark.parametrize("dtype", DTYPES)
def test_predicates_and_where(dtype, rng):
    a, b = sample(dtype, rng), sample(dtype, rng)
    if dtype.startswith("float"):
        a[::7] = np.nan
        a[::11] = np.inf
        a[::13] = -0.0
        close(exprjit.evaluate("isnan(a)"), np.isnan(a))
        close(exprjit.evaluate("isinf(a)"), np.isinf(a))
        close(exprjit.evaluate("isfinite(a)"), np.isfinite(a))
        close(exprjit.evaluate("signbit(a)"), np.signbit(a))
    m = rng.random(a.size) > 0.3
    close(exprjit.evaluate("where(m, a, b)"), np.where(m, a, b))


ARITHMETIC = {"+": np.add, "-": np.subtract, "*": np.multiply}
COMPARISONS = {"<": np.less, "<=": np.less_equal, "==": np.equal, "!=": np.not_equal, ">": np.greater,
               ">=": np.greater_equal}


@pytest.mark.parametrize("op", sorted(ARITHMETIC))
@pytest.mark.parametrize("dtype", NUMERIC)
def test_arithmetic(op, dtype, rng):
    a, b = sample(dtype, rng), sample(dtype, rng)
    close(exprjit.evaluate(f"a {op} b"), ARITHMETIC[op](a, b))


@pytest.mark.parametrize("dtype", NUMERIC)
def test_division_power_modulo(dtype, rng):
    a, b = sample(dtype, rng), sample(dtype, rng, positive=True)
    close(exprjit.evaluate("a / b"), np.true_divide(a, b).astype(float_result(dtype)))
    close(exprjit.evaluate("a // b"), np.floor_divide(a, b))
    close(exprjit.evaluate("a % b"), np.mod(a, b))
    small = (b % 4).astype(dtype)
    close(exprjit.evaluate("a ** small"), np.power(a, small))


@pytest.mark.parametrize("op", sorted(COMPARISONS))
@pytest.mark.parametrize("dtype", DTYPES)
def test_comparisons(op, dtype, rng):
    a, b = sample(dtype, rng), sample(dtype, rng)
    if dtype == "bool" and op not in ("==", "!="):
        pytest.skip("ordering of booleans is a TypeError in exprjit, as in numexpr")
    close(exprjit.evaluate(f"a {op} b"), COMPARISONS[op](a, b))


@pytest.mark.parametrize("dtype", ["bool", "int32", "int64"])
def test_bitwise_and_shifts(dtype, rng):
    a, b = sample(dtype, rng), sample(dtype, rng)
    close(exprjit.evaluate("a & b"), np.bitwise_and(a, b))
    close(exprjit.evaluate("a | b"), np.bitwise_or(a, b))
    close(exprjit.evaluate("~a"), np.invert(a))
    if dtype != "bool":
        s = (np.abs(b) % 8).astype(dtype)
        close(exprjit.evaluate("a << s"), np.left_shift(a, s))
        close(exprjit.evaluate("a >> s"), np.right_shift(a, s))


@pytest.mark.parametrize("dtype", DTYPES)
def test_reductions(dtype, rng):
    a = sample(dtype, rng, n=3000).reshape(30, 100)
    total = exprjit.evaluate("sum(a)")
    expected = np.sum(a, dtype="int64" if dtype in ("bool", "int32", "int64") else dtype)
    np.testing.assert_allclose(total, expected, rtol=1e-5 if dtype == "float32" else 1e-12)
    if dtype != "bool":
        np.testing.assert_array_equal(exprjit.evaluate("max(a, axis=1)"), np.max(a, axis=1))
        np.testing.assert_array_equal(exprjit.evaluate("min(a, axis=0)"), np.min(a, axis=0))


def test_mixed_types_promote_as_numexpr():
    i32, f32 = np.arange(4, dtype=np.int32), np.ones(4, dtype=np.float32)
    i64 = np.arange(4, dtype=np.int64)
    assert exprjit.evaluate("i32 + i64").dtype == np.int64
    assert exprjit.evaluate("i32 * f32").dtype == np.float32  # numexpr: int32 and float32 -> float32
    assert exprjit.evaluate("i64 * f32").dtype == np.float32  # and int64 with float32 too
    assert exprjit.evaluate("f32 * 2.5").dtype == np.float64  # float literals are float64
    assert exprjit.evaluate("i32 > 1").dtype == np.bool_


# The narrow and unsigned integers compute in int32 (int8, int16, uint8, uint16) or int64 (uint32,
# uint64) as numexpr does: the same results as NumPy on the widened arrays.
STORAGE = {"int8": "int32", "int16": "int32", "uint8": "int32", "uint16": "int32", "uint32": "int64",
           "uint64": "int64"}
STORAGE_EXPRESSIONS = {
    "a + b": lambda a, b: a + b, "a * 3 - b": lambda a, b: a * 3 - b, "a // 3": lambda a, b: a // 3,
    "a % 7": lambda a, b: a % 7, "a > b": lambda a, b: a > b, "where(a > 9, a, b)": lambda a, b: np.where(a > 9, a, b),
    "sqrt(a)": lambda a, b: np.sqrt(a.astype(np.float64)), "abs(a - b)": lambda a, b: np.abs(a - b),
    "a & b": lambda a, b: a & b, "sum(a)": lambda a, b: np.sum(a.astype(np.int64)), "max(b)": lambda a, b: np.max(b),
}


@pytest.mark.parametrize("ex", sorted(STORAGE_EXPRESSIONS))
@pytest.mark.parametrize("dtype", sorted(STORAGE))
def test_narrow_and_unsigned_integers(ex, dtype, rng):
    info = np.iinfo(dtype)
    high = min(info.max, 2**62)
    a = rng.integers(info.min, high, 501, dtype=dtype, endpoint=True)
    b = rng.integers(info.min, high, 501, dtype=dtype, endpoint=True)[::-1]  # strided, reversed
    wide = STORAGE[dtype]
    expected = np.asarray(STORAGE_EXPRESSIONS[ex](a.astype(wide), b.astype(wide)))
    close(np.asarray(exprjit.evaluate(ex)), expected)
