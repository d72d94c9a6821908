"""complex64 and complex128: every operator and function against NumPy (Debian's 1.24).

Tolerance: none. Every result must be bit-identical to NumPy's (any NaN matches any NaN, zeros
must carry NumPy's sign), on every pair of special parts (signed zeros, +-1, infinities, NaN,
subnormal, huge) and on random values, because exprjit calls the same glibc functions and
evaluates NumPy's own formulas in the same order. The exceptions, each stated where it is tested:
  abs: exprjit returns glibc's hypot; NumPy 1.24 on AVX-512F hosts uses its own SIMD formula
       (larger * sqrt(1 + ratio**2) with an FMA), up to 1 ULP from hypot: compared within 2 ULP.
  sum, prod: summation order differs (NumPy sums pairwise): compared with a relative tolerance.
  z * scalar: NumPy 1.24 multiplies by a 0-d operand with an AVX-512F loop that fuses a multiply
       and an add (1 ULP from its own array-by-array loop): compared with the array-by-array loop.
"""
import itertools
import warnings

import numpy as np
import pytest

import exprjit

COMPLEX = [np.complex64, np.complex128]
PARTS = [0.0, -0.0, 1.0, -1.0, 2.5, -0.5, np.inf, -np.inf, np.nan, 1e-310, 1e300, -3e38, 1e-40, 1e-30]

UNARY = ["sqrt", "exp", "expm1", "log", "log1p", "log10", "log2", "sin", "cos", "tan", "arcsin", "arccos",
         "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "conj", "sign", "round"]
PREDICATES = ["isnan", "isinf", "isfinite"]


@pytest.fixture(autouse=True)
def quiet():
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


def specials(dtype, rng):
    values = [complex(r, i) for r, i in itertools.product(PARTS, PARTS)]
    values += list(rng.normal(size=300) * 3 + 1j * rng.normal(size=300) * 3)
    return np.array(values, dtype=dtype)


def identical(actual, expected):
    """Bit-identical up to NaN payloads, with dtype and signed zeros checked."""
    assert actual.dtype == expected.dtype, (actual.dtype, expected.dtype)
    assert actual.shape == expected.shape
    if actual.dtype.kind == "c":
        return identical(actual.real, expected.real) & identical(actual.imag, expected.imag)
    if actual.dtype.kind == "f":
        both_nan = np.isnan(actual) & np.isnan(expected)
        return both_nan | ((actual == expected) & (np.signbit(actual) == np.signbit(expected)))
    return actual == expected


def assert_identical(actual, expected, inputs):
    same = identical(actual, expected)
    if not same.all():
        bad = np.flatnonzero(~same.ravel())[:5]
        details = [(inputs.ravel()[k] if inputs is not None else k, actual.ravel()[k], expected.ravel()[k]) for k in bad]
        pytest.fail(f"{(~same).sum()} of {same.size} differ (input, exprjit, numpy): {details}")


@pytest.mark.parametrize("dtype", COMPLEX)
@pytest.mark.parametrize("name", UNARY + PREDICATES)
def test_unary_functions(name, dtype, rng):
    z = specials(dtype, rng)
    expected = {"conj": np.conjugate, "round": np.round}.get(name, getattr(np, name, None))(z)
    assert_identical(exprjit.evaluate(f"{name}(z)"), expected, z)


@pytest.mark.parametrize("dtype", COMPLEX)
def test_parts_and_modulus(dtype, rng):
    z = specials(dtype, rng)
    assert_identical(exprjit.evaluate("real(z)"), z.real.copy(), z)
    assert_identical(exprjit.evaluate("imag(z)"), z.imag.copy(), z)
    assert_identical(exprjit.evaluate("-z"), -z, z)
    modulus = exprjit.evaluate("abs(z)")
    expected = np.abs(z)
    assert modulus.dtype == expected.dtype  # real, as NumPy (numexpr 2.8.4 returns a complex)
    finite = np.isfinite(expected)
    assert_identical(modulus[~finite], expected[~finite], z[~finite])
    np.testing.assert_array_max_ulp(modulus[finite], expected[finite], maxulp=2)
    # ... exactly exprjit's own hypot() of the parts (SLEEF's 0.5-ULP vector hypot), within 1 ULP
    # of glibc's hypot (NumPy's real loop) and equal to it where it is not finite.
    assert_identical(modulus, exprjit.evaluate("hypot(real(z), imag(z))"), z)
    glibc = np.hypot(z.real, z.imag)
    assert_identical(modulus[~finite], glibc[~finite], z[~finite])
    np.testing.assert_array_max_ulp(modulus[finite], glibc[finite], maxulp=1)


@pytest.mark.parametrize("dtype", COMPLEX)
@pytest.mark.parametrize("op", ["+", "-", "*", "/", "**", "==", "!="])
def test_binary_operators_on_every_pair(op, dtype, rng):
    z = specials(dtype, rng)[:14 * 14 + 37]
    a, b = (x.ravel() for x in np.meshgrid(z, z))
    expected = eval(f"a {op} b")
    assert_identical(exprjit.evaluate(f"a {op} b"), expected, None)


@pytest.mark.parametrize("dtype", COMPLEX)
@pytest.mark.parametrize("exponent", [0, 1, 2, 3, 4, -1, -2, 7, 99, 100, -100])
def test_integer_powers(exponent, dtype, rng):
    # NumPy's nc_pow: repeated multiplication for |n| < 100, +0 for a zero base, cpow beyond.
    z = specials(dtype, rng)
    assert_identical(exprjit.evaluate(f"z**{exponent}"), z ** np.array(exponent, dtype), z)


@pytest.mark.parametrize("dtype", COMPLEX)
def test_complex_from_parts_where_and_literals(dtype, rng):
    z = specials(dtype, rng)
    re, im = z.real.copy(), z.imag.copy()
    assert_identical(exprjit.evaluate("complex(re, im)"), z, z)
    cond = re > im
    other = z[::-1].copy()
    assert_identical(exprjit.evaluate("where(cond, z, other)"), np.where(cond, z, other), z)
    # NumPy 1.24 multiplies by a 0-d operand with an AVX-512F FMA loop (1 ULP from its array-array
    # loop on such hosts); exprjit uses the plain formula for both, so compare with the array loop.
    wide = z.astype(np.complex128)
    assert_identical(exprjit.evaluate("z * (2-1.5j) + 1j"), wide * np.full(z.shape, 2 - 1.5j) + 1j, z)


def test_promotion_rules():
    f32, f64 = np.array([1.5], np.float32), np.array([1.5])
    i32, i64 = np.array([3], np.int32), np.array([3])
    c64, c128 = np.array([1 + 2j], np.complex64), np.array([1 + 2j])
    assert exprjit.evaluate("c64 + f32").dtype == np.complex64
    assert exprjit.evaluate("c64 + f64").dtype == np.complex128
    assert exprjit.evaluate("c64 + c128").dtype == np.complex128
    # exprjit's rule, like its int32 + float32 -> float32 (NumPy gives complex128 here).
    assert exprjit.evaluate("c64 * i32").dtype == np.complex64
    assert exprjit.evaluate("c64 * i64").dtype == np.complex64
    assert exprjit.evaluate("complex(f32, f32)").dtype == np.complex64
    assert exprjit.evaluate("complex(f32, i32)").dtype == np.complex64
    assert exprjit.evaluate("complex(f64, f32)").dtype == np.complex128
    assert exprjit.evaluate("abs(c64)").dtype == np.float32
    assert exprjit.evaluate("complex64(c128)").dtype == np.complex64
    assert exprjit.evaluate("complex128(f32)").dtype == np.complex128
    assert exprjit.evaluate("real(i32)").dtype == np.int32 and exprjit.evaluate("imag(f64)")[0] == 0


@pytest.mark.parametrize("dtype", COMPLEX)
def test_layouts(dtype, rng):
    z = specials(dtype, rng)
    big = np.repeat(z, 3)
    strided, reversed_ = big[::3], z[::-1]
    assert_identical(exprjit.evaluate("exp(s) / (r + 1)", local_dict={"s": strided, "r": reversed_}),
                     np.exp(strided) / (reversed_ + dtype(1)), z)
    grid = z[:12].reshape(3, 4)
    column, row = z[12:15].reshape(3, 1), z[15:19].reshape(1, 4)
    assert_identical(exprjit.evaluate("column * row"), column * row, None)
    fortran = np.asfortranarray(grid)
    assert_identical(exprjit.evaluate("sqrt(fortran)"), np.sqrt(fortran), None)
    scalar = dtype(0.5 - 2j)
    assert_identical(exprjit.evaluate("z * scalar", local_dict={"z": z, "scalar": np.array(scalar)}),
                     z * np.full(z.shape, scalar), z)
    out = np.empty_like(z)
    result = exprjit.evaluate("z * z", out=out)
    assert result is out
    assert_identical(out, z * z, z)


def test_python_complex_scalars():
    x = np.array([1.0, -2.0])
    w = 0.5 - 1j
    assert_identical(exprjit.evaluate("x * w"), x * w, None)
    assert exprjit.evaluate("w * 2").dtype == np.complex128


@pytest.mark.parametrize("dtype", COMPLEX)
def test_reductions(dtype, rng):
    z = (rng.uniform(0.9, 1.1, 5001) + 1j * rng.uniform(-0.1, 0.1, 5001)).astype(dtype)
    rtol = 1e-4 if dtype == np.complex64 else 1e-12
    for name, reference in [("sum", np.sum), ("prod", np.prod)]:
        got = exprjit.evaluate(f"{name}(z)")
        assert got.dtype == dtype and got.shape == ()
        np.testing.assert_allclose(got, reference(z.astype(np.complex256)).astype(np.complex128), rtol=rtol)
        m = z[:5000].reshape(50, 100)
        for axis in (0, 1):
            got = exprjit.evaluate(f"{name}(m, axis={axis})")
            np.testing.assert_allclose(got, reference(m.astype(np.complex256), axis=axis).astype(np.complex128), rtol=rtol)


def test_casting_to_real_outputs():
    z = np.array([1.5 - 2j, -0.0 + 3j, 0j])
    out = np.empty(3)
    with pytest.raises(TypeError, match="rule 'same_kind'"):
        exprjit.evaluate("z * 2", out=out, casting="same_kind")
    exprjit.evaluate("z * 2", out=out, casting="unsafe")
    assert_identical(out, (z * 2).real.copy(), None)  # NumPy drops the imaginary part
    flags = np.empty(3, bool)
    exprjit.evaluate("z", out=flags, casting="unsafe")
    np.testing.assert_array_equal(flags, z.astype(bool))
    wide = np.empty(3, np.complex128)
    exprjit.evaluate("z64", local_dict={"z64": z.astype(np.complex64)}, out=wide, casting="safe")
    assert_identical(wide, z.astype(np.complex64).astype(np.complex128), None)


@pytest.mark.parametrize("ex, message", [
    ("z < z", "column 3"), ("z // 2", "column 3"), ("z % 2", "column 3"), ("z & z", "column 3"), ("~z", "'~'"),
    ("max(z)", "max()"), ("min(z, axis=0)", "min()"), ("float64(z)", "imaginary part"), ("hypot(z, z)", "hypot()"),
    ("complex(z, 1)", "complex()"),
])
def test_undefined_operations_raise_type_error(ex, message):
    z = np.array([1 + 2j])
    with pytest.raises(TypeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        exprjit.evaluate(ex)


def test_numexpr_api_with_complex_types():
    z = np.array([1 + 1j, -2j], np.complex64)
    compiled = exprjit.NumExpr("z*2 + 1j", signature=[("z", complex)])
    assert_identical(compiled(z.astype(np.complex128)), z.astype(np.complex128) * 2 + 1j, None)
    assert "exprjit_complex64_exp" in exprjit.ir("exp(z)", z="complex64")
    kernel = exprjit.compile("sqrt(z)", z="complex64")
    assert_identical(kernel([z]), np.sqrt(z), z)
    assert_identical(exprjit.evaluate("z * 2"), z * np.full(2, 2, np.complex64), z)
    assert_identical(exprjit.re_evaluate(local_dict={"z": z[::-1]}), z[::-1] * np.full(2, 2, np.complex64), None)
    # No copies: the result wraps the kernel's memory, an out= array is written in place.
    out = np.empty(2, np.complex64)
    assert exprjit.evaluate("conj(z)", out=out) is out
    assert_identical(out, np.conj(z), z)


def test_wider_types_are_still_rejected():
    for dtype in (np.clongdouble, np.longdouble):
        with pytest.raises(TypeError, match="unsupported dtype"):
            exprjit.evaluate("a + 1", local_dict={"a": np.ones(2, dtype)})


def test_attributes_copy_and_ones_like():
    z = np.array([1.5 - 2j, complex(np.nan, -0.0)], np.complex64)
    assert_identical(exprjit.evaluate("z.real * 2 + z.imag"), z.real * np.float32(2) + z.imag, None)
    assert_identical(exprjit.evaluate("copy(z)"), z.copy(), None)
    assert_identical(exprjit.evaluate("ones_like(z)"), np.ones_like(z), None)
