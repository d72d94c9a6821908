"""numexpr's documented examples, unchanged, through `import exprjit as ne` — compared with what
numexpr 2.8.4 (Debian's python3-numexpr) returns for the same code."""
import numpy as np
import numexpr
import pytest

import exprjit

EXAMPLES = [
    "a + 1",
    "2*a + 3*b",
    "a*b - 4.1*a > 2.5*b",
    "sin(a) + arcsinh(a/b)",
    "where(a > b, a, b)",
    "(a < 3) & (b > 2)",
    "(a**2 + b**2)**0.5",
    "exp(-x*x/2)",
    "1/(1+exp(-x))",
    "0.25*x**3 + 0.75*x**2 - 1.5*x - 2",
    "log(1+exp(x))",
    "sqrt(a*a + b*b)",
    "tanh(x)",
    "sum(a*b)",
    "sum(a, axis=0)",
    "prod(b/100)",
    "max(a)",
    "min(x)",
    "arctan2(a, b)",
    "a % 7",
    "where(a > 500, a, 0.01*a)",
    "~((a > 2) | (b < 3))",
    "abs(x) + ceil(x) + floor(x)",
    "copy(a)",
    "ones_like(x) * 2",
]


@pytest.fixture(scope="module")
def variables():
    a = np.arange(1, 1001, dtype=np.float64)
    b = np.arange(1000, 0, -1, dtype=np.float64)
    x = np.linspace(-5, 5, 1000)
    return {"a": a, "b": b, "x": x}


@pytest.mark.parametrize("ex", EXAMPLES)
def test_same_results_as_numexpr(ex, variables):
    expected = numexpr.evaluate(ex, local_dict=variables)
    actual = exprjit.evaluate(ex, local_dict=variables)
    assert actual.dtype == expected.dtype
    assert actual.shape == expected.shape
    # numexpr and exprjit may order the same operations differently (e.g. x**3 as pow or x*x*x);
    # allow a few ULP, absolutely near the polynomial's zeros.
    np.testing.assert_allclose(actual, expected, rtol=1e-13, atol=1e-12)


def test_numexpr_style_script_runs_unchanged():
    import exprjit as ne  # the user's only change

    a = np.arange(1e6)
    b = np.arange(1e6)
    result = ne.evaluate("a + 1")
    assert result[-1] == 1e6
    result = ne.evaluate("a*b-4.1*a > 2.5*b")
    assert result.dtype == np.bool_ and result.sum() == numexpr.evaluate("a*b-4.1*a > 2.5*b").sum()
    ne.set_num_threads(2)
    ne.evaluate("sin(a) + arcsinh(a/b)", out=result.astype(float))
    func = ne.NumExpr("2*a+3*b", signature=[("a", np.double), ("b", np.double)])
    np.testing.assert_array_equal(func(a, b), 2 * a + 3 * b)
    assert ne.re_evaluate() is not None


COMPLEX_EXAMPLES = [
    "z*1j + a", "real(z) + imag(z)", "conj(z)", "complex(a, b)", "sqrt(z)", "exp(z/10)", "log(z)", "z**2", "z**(a/500)",
    "where(a > b, z, 0)", "sum(z)", "prod(z/1000)", "2+3j*a", "z == conj(z)", "sin(z/100)", "arctanh(z/2000)",
    "expm1(z/100)", "log1p(z)", "z/(a+1j)", "z.real - z.imag", "abs(z).real",
]


@pytest.mark.parametrize("ex", COMPLEX_EXAMPLES)
def test_complex_examples_match_numexpr(ex, variables):
    names = dict(variables, z=variables["a"] + 1j * variables["b"])
    expected = numexpr.evaluate(ex, local_dict=names)
    actual = exprjit.evaluate(ex, local_dict=names)
    assert actual.dtype == expected.dtype
    # numexpr has its own complex formulas (exprjit follows NumPy's) and sums in another order:
    # equal to a few ULP of the modulus.
    if actual.dtype == np.bool_:
        np.testing.assert_array_equal(actual, expected)
    else:
        assert np.all(np.abs(actual - expected) <= 1e-13 * np.abs(expected))


def test_complex_abs_is_real_unlike_numexpr(variables):
    # numexpr 2.8.4 returns the modulus as a complex number (imaginary part 0); exprjit returns
    # it as float64, as NumPy's abs does. The values agree.
    z = variables["a"] + 1j * variables["b"]
    expected = numexpr.evaluate("abs(z)")
    actual = exprjit.evaluate("abs(z)")
    assert expected.dtype == np.complex128 and actual.dtype == np.float64
    np.testing.assert_array_equal(expected.imag, 0)
    np.testing.assert_allclose(actual, expected.real, rtol=1e-15)
    np.testing.assert_array_max_ulp(actual, np.hypot(z.real, z.imag), maxulp=1)


# numexpr's string examples (its user guide and test_numexpr.py's string tests), unchanged.
STRING_EXAMPLES = [
    "s == b'abc'",
    "s != t",
    "s < t",
    "b'abc' >= s",
    "contains(s, b'b')",
    "contains(s, t)",
    "contains(b'xabcx', s)",
    "(s == b'abc') & (x > 0)",
    "where(contains(s, b'a'), x, -x)",
    "where(s > t, 1, 0)",
]


@pytest.fixture(scope="module")
def strings():
    # ASCII without embedded NULs: there numexpr and exprjit agree (docs/language.md).
    s = np.array([b"abc", b"ab", b"", b"bcd", b"abcd", b"b"] * 5, dtype="S4")
    t = np.array([b"abc", b"abd", b"a", b"", b"bc", b"bb"] * 5, dtype="S3")
    return {"s": s, "t": t, "x": np.linspace(-1, 1, s.size)}


@pytest.mark.parametrize("ex", STRING_EXAMPLES)
def test_string_examples_same_as_numexpr(ex, strings):
    expected = numexpr.evaluate(ex, local_dict=strings)
    actual = exprjit.evaluate(ex, local_dict=strings)
    assert actual.dtype == expected.dtype
    np.testing.assert_array_equal(actual, expected)
