"""Byte string arrays (NumPy 'S') through exprjit.evaluate: every comparison and contains()
against NumPy's own results (np.char.find(a, b) >= 0 for contains) for widths 1 to 40, with
embedded and trailing NULs and bytes above 0x7f; no copies of the inputs; numexpr 2.8.4 where
the two agree; and the errors (unicode arrays, other operations)."""
import numpy as np
import numexpr
import pytest

import exprjit

OPS = ["==", "!=", "<", "<=", ">", ">="]


def random_strings(rng, count, width, alphabet=b"\x00ab\x80\xff"):
    lengths = rng.integers(0, width + 1, count)
    letters = np.frombuffer(alphabet, dtype=np.uint8)
    return np.array([bytes(rng.choice(letters, n)) for n in lengths], dtype=f"S{width}")


def numpy_compare(a, op, b):
    return {"==": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal, ">": np.greater,
            ">=": np.greater_equal}[op](a, b)


def python_compare(a, op, b):
    """Python's own bytes order (unsigned, lexicographic) on the elements as NumPy reads them."""
    pairs = zip(np.broadcast_to(a, np.broadcast_shapes(a.shape, b.shape)).ravel().tolist(),
                np.broadcast_to(b, np.broadcast_shapes(a.shape, b.shape)).ravel().tolist())
    results = [eval(f"x {op} y", {"x": x, "y": y}) for x, y in pairs]
    return np.array(results, dtype=bool).reshape(np.broadcast_shapes(a.shape, b.shape))


@pytest.mark.parametrize("width", range(1, 41))
def test_comparisons_and_contains_match_numpy(width, rng):
    # NumPy 1.24 compares the bytes beyond the narrower array's width as signed chars (so there
    # b'a' > b'a\xff'); below 0x80 the orders agree, and Python's bytes order is checked for all.
    a = random_strings(rng, 53, width, alphabet=b"\x00ab\x7f")
    b = random_strings(rng, 53, (width * 7) % 40 + 1, alphabet=b"\x00ab\x7f")
    b[::3] = a[::3]  # equal elements too (cut to b's width)
    for op in OPS:
        np.testing.assert_array_equal(exprjit.evaluate(f"a {op} b"), numpy_compare(a, op, b), err_msg=op)
    np.testing.assert_array_equal(exprjit.evaluate("contains(a, b)"), np.char.find(a, b) >= 0)
    a = random_strings(rng, 53, width)
    b = random_strings(rng, 53, (width * 7) % 40 + 1)
    b[::3] = a[::3]
    for op in OPS:
        np.testing.assert_array_equal(exprjit.evaluate(f"a {op} b"), python_compare(a, op, b), err_msg=op)
    np.testing.assert_array_equal(exprjit.evaluate("contains(a, b)"), np.char.find(a, b) >= 0)


def test_bytes_above_0x7f_compare_unsigned_as_python_bytes():
    a = np.array([b"a", b"\x80", b"ab\xff"], dtype="S3")
    b = np.array([b"a\xff", b"\x7f", b"ab"], dtype="S2")
    assert exprjit.evaluate("a < b").tolist() == [x < y for x, y in zip(a.tolist(), b.tolist())] == [True, False, False]
    # NumPy 1.24: bytes past the narrower width compare signed (docs/language.md).
    assert (a < b).tolist() == [True, False, True]


def test_literals_scalars_and_broadcasting(rng):
    s = random_strings(rng, 24, 5).reshape(4, 6)
    np.testing.assert_array_equal(exprjit.evaluate("s < b'a\\x80'"), python_compare(s, "<", np.array(b"a\x80")))
    np.testing.assert_array_equal(exprjit.evaluate("'b' >= s"), python_compare(np.array(b"b"), ">=", s))
    np.testing.assert_array_equal(exprjit.evaluate("s == n", local_dict={"s": s, "n": b"ab"}), s == b"ab")
    column = random_strings(rng, 4, 2).reshape(4, 1)
    np.testing.assert_array_equal(exprjit.evaluate("contains(s, c)", local_dict={"s": s, "c": column}),
                                  np.char.find(s, column) >= 0)
    assert exprjit.evaluate("n == b'x'", local_dict={"n": np.bytes_(b"x")}).shape == ()


def test_strided_reversed_and_fortran_inputs_without_copies(rng):
    base = random_strings(rng, 600, 7)
    for view in (base[::-1], base[::5], base.reshape(20, 30).T, np.asfortranarray(base.reshape(20, 30))):
        np.testing.assert_array_equal(exprjit.evaluate("v > b'a'", local_dict={"v": view}),
                                      python_compare(view, ">", np.array(b"a")))
        np.testing.assert_array_equal(exprjit.evaluate("contains(v, b'b\\x00a')", local_dict={"v": view}),
                                      np.char.find(view, b"b\x00a") >= 0)


def test_results_combine_with_numbers(rng):
    s = np.array([b"ax", b"b", b"xx", b"a"])
    x = np.array([1.0, 5.0, 3.0, 4.0])
    a, b = np.arange(4), -np.arange(4)
    np.testing.assert_array_equal(exprjit.evaluate("(s == b'a') & (x > 2)"), (s == b"a") & (x > 2))
    np.testing.assert_array_equal(exprjit.evaluate("where(contains(s, b'x'), a, b)"),
                                  np.where(np.char.find(s, b"x") >= 0, a, b))
    out = np.zeros(4, dtype=bool)
    assert exprjit.evaluate("s != b'b'", out=out) is out
    np.testing.assert_array_equal(out, s != b"b")


def test_same_as_numexpr_without_embedded_nuls(rng):
    # numexpr reads elements as C strings up to the first NUL and compares signed chars; on
    # ASCII without embedded NULs it agrees with NumPy and exprjit.
    a = random_strings(rng, 200, 6, alphabet=b"abc")
    b = random_strings(rng, 200, 3, alphabet=b"abc")
    for ex in [f"a {op} b" for op in OPS] + ["contains(a, b)", "contains(a, b'')", "a == b'ab\\0'"]:
        np.testing.assert_array_equal(exprjit.evaluate(ex), numexpr.evaluate(ex), err_msg=ex)


def test_unicode_is_rejected_as_numexpr_does():
    u = np.array(["abc", "d"])
    with pytest.raises(ValueError, match="unicode is not supported"):
        exprjit.evaluate("u == b'abc'")
    with pytest.raises(ValueError, match="unicode is not supported"):
        exprjit.evaluate("u == b'abc'", local_dict={"u": "abc"})
    with pytest.raises(ValueError, match="Unicode"):  # what numexpr says
        numexpr.evaluate("u == 'abc'")
    with pytest.raises(SyntaxError, match="unicode strings are not supported"):
        exprjit.evaluate("u'abc' == b'abc'")


def test_other_operations_are_type_errors():
    s = np.array([b"a", b"b"])
    x = np.array([1.0, 2.0])
    for ex in ["s + s", "s == x", "-s", "sin(s)", "where(s == s, s, s)", "sum(s)", "b'abc'", "contains(x, s)"]:
        with pytest.raises(TypeError, match="column"):
            exprjit.evaluate(ex)
    with pytest.raises(SyntaxError):
        exprjit.evaluate("s == 'abc")


def test_an_input_alone_is_copied_as_numexpr_does(rng):
    s = random_strings(rng, 30, 5).reshape(5, 6)
    for view in (s, s.T, s[::-1, ::2]):
        got = exprjit.evaluate("v", local_dict={"v": view})
        expected = numexpr.evaluate("v", local_dict={"v": view})
        assert got.dtype == expected.dtype == np.dtype("S5")
        np.testing.assert_array_equal(got, view)
        assert not np.shares_memory(got, view)
    assert exprjit.evaluate("v", local_dict={"v": np.array(b"ab\x00c")}) == b"ab\x00c"
    np.testing.assert_array_equal(exprjit.evaluate("copy(v)", local_dict={"v": s}),
                                  numexpr.evaluate("copy(v)", local_dict={"v": s}))
    out = np.zeros((6, 5), dtype="S5")
    assert exprjit.evaluate("v", local_dict={"v": s.T}, out=out) is out
    np.testing.assert_array_equal(out, s.T)


def test_kernels_per_width_and_re_evaluate():
    s = np.array([b"ab", b"c"], dtype="S2")
    assert exprjit.evaluate("s == b'c'").tolist() == [False, True]
    s = np.array([b"ab", b"c"], dtype="S9")
    assert exprjit.re_evaluate().tolist() == [False, True]
    kernel = exprjit.compile("contains(s, b'b')", s="S2")
    assert kernel.signature == [("s", "bytes2", False)]
    assert kernel([np.array([b"ab", b"c"], dtype="S2")]).tolist() == [True, False]
    with pytest.raises(TypeError, match="width"):
        kernel([np.array([b"ab"], dtype="S3")])


def test_numexpr_objects_with_bytes_signatures():
    # numexpr's `bytes` in a signature takes byte strings of any width.
    f = exprjit.NumExpr("contains(s, b'b') & (s != t)", signature=[("s", bytes), ("t", bytes)])
    g = numexpr.NumExpr("contains(s, b'b') & (s != t)", signature=[("s", bytes), ("t", bytes)])
    for s, t in [(np.array([b"abc", b"x", b"b"]), np.array([b"abc", b"b", b"a"])),
                 (np.array([b"abcdefgh", b"b"]), np.array([b"a", b"bb"]))]:
        np.testing.assert_array_equal(f(s, t), g(s, t))
    with pytest.raises(TypeError, match="byte strings"):
        f(np.array([1.0]), np.array([b"a"]))
    h = exprjit.NumExpr("s == b'ab'", signature=[("s", np.dtype("S4"))])
    assert h(np.array([b"ab", b"abc"], dtype="S3")).tolist() == [True, False]  # S3 -> S4 is a safe cast
    assert "exprjit_bytes_compare" in exprjit.disassemble(h)
