"""numexpr's API: variable lookup, out/casting/order, re_evaluate, validate, NumExpr, threads,
errors; and exprjit's zero-copy, stride and GIL behaviour."""
import os
import subprocess
import sys
import threading

import numpy as np
import pytest

import exprjit

module_level = np.arange(5.0)


def test_variables_come_from_the_callers_frame():
    local = np.arange(5.0)
    np.testing.assert_array_equal(exprjit.evaluate("local * 2 + module_level"), local * 3)

    def inner():
        nested = np.ones(5)
        return exprjit.evaluate("nested + module_level")

    np.testing.assert_array_equal(inner(), module_level + 1)


def test_dicts_and_keywords_take_precedence_over_the_frame():
    a = np.zeros(3)
    np.testing.assert_array_equal(exprjit.evaluate("a + 1", local_dict={"a": np.ones(3)}), [2, 2, 2])
    np.testing.assert_array_equal(exprjit.evaluate("a + b", local_dict={"a": np.ones(3)}, global_dict={"b": 2.0}), [3, 3, 3])
    np.testing.assert_array_equal(exprjit.evaluate("a + 1", a=np.full(3, 5.0)), [6, 6, 6])
    np.testing.assert_array_equal(a, 0)


def test_missing_variable_is_a_key_error_naming_it():
    with pytest.raises(KeyError, match="not_defined_anywhere"):
        exprjit.evaluate("not_defined_anywhere + 1")


def test_python_scalars_and_zero_d_arrays():
    assert exprjit.evaluate("2*3") == 6
    x = 3
    result = exprjit.evaluate("x * 2")
    assert result.shape == () and result.dtype == np.int64 and result == 6
    y = 2.5
    assert exprjit.evaluate("y * 2").dtype == np.float64
    assert exprjit.evaluate("y * v", local_dict={"y": np.float32(2), "v": np.ones(3, np.float32)}).dtype == np.float32


def test_small_integer_types_are_upcast_as_numexpr_does():
    for dtype, expected in [(np.int8, np.int32), (np.uint8, np.int32), (np.int16, np.int32), (np.uint16, np.int32),
                            (np.uint32, np.int64), (np.uint64, np.int64), (np.float16, np.float32)]:
        a = np.arange(4, dtype=dtype)
        result = exprjit.evaluate("a * 2")
        assert result.dtype == expected, dtype
        np.testing.assert_array_equal(result, np.arange(4) * 2)
    info = np.iinfo
    for dtype in (np.int8, np.int16, np.uint8, np.uint16, np.uint32):
        a = np.array([info(dtype).min, info(dtype).max, 0], dtype=dtype)[::-1]  # strided, widened on load
        np.testing.assert_array_equal(exprjit.evaluate("a - 1"), a.astype(np.int64) - 1)
    a = np.array([0, 2**63 - 1], dtype=np.uint64)
    np.testing.assert_array_equal(exprjit.evaluate("a // 2"), np.array([0, 2**62 - 1]))
    with pytest.raises(ValueError, match="uint64 with values of 2\\*\\*63 or more"):
        exprjit.evaluate("a + 1", local_dict={"a": np.array([1, 2**63], dtype=np.uint64)})
    out = np.zeros(3, dtype=np.int8)
    exprjit.evaluate("x * 100", local_dict={"x": np.array([1, 2, 3])}, out=out, casting="unsafe")
    np.testing.assert_array_equal(out, (np.array([1, 2, 3]) * 100).astype(np.int8))
    with pytest.raises(TypeError, match="same_kind"):
        exprjit.evaluate("x * 100", local_dict={"x": np.array([1])}, out=np.zeros(1, np.uint8), casting="same_kind")
    with pytest.raises(TypeError, match="complex256"):
        exprjit.evaluate("a + 1", local_dict={"a": np.ones(3, dtype=np.clongdouble)})


def test_strided_reversed_transposed_and_big_endian_inputs():
    base = np.arange(24.0).reshape(4, 6)
    for view in (base[::2, ::3], base[::-1], base.T, base[:, 1]):
        np.testing.assert_array_equal(exprjit.evaluate("v * 2 + 1", local_dict={"v": view}), view * 2 + 1)
    big = np.arange(5, dtype=">f8")
    np.testing.assert_array_equal(exprjit.evaluate("big + 1"), np.arange(5.0) + 1)


def test_broadcasting():
    column, row = np.arange(3.0)[:, None], np.arange(4.0)
    np.testing.assert_array_equal(exprjit.evaluate("column * 10 + row"), column * 10 + row)
    with pytest.raises(ValueError, match="broadcast"):
        exprjit.evaluate("a + b", local_dict={"a": np.ones(3), "b": np.ones(4)})


def test_out_is_written_in_place_without_copies():
    a = np.arange(6.0)
    out = np.empty_like(a)
    result = exprjit.evaluate("a * 2", out=out)
    assert result is out
    np.testing.assert_array_equal(out, a * 2)
    exprjit.evaluate("a + 1", out=a)  # exact aliasing of an input is allowed
    np.testing.assert_array_equal(a, np.arange(6.0) + 1)


def test_out_casting_rules():
    a = np.arange(3.0)
    out32 = np.empty(3, np.float32)
    with pytest.raises(TypeError, match="'safe'"):
        exprjit.evaluate("a * 2", out=out32)
    exprjit.evaluate("a * 2", out=out32, casting="same_kind")
    np.testing.assert_array_equal(out32, [0, 2, 4])
    out_int = np.empty(3, np.int64)
    with pytest.raises(TypeError):
        exprjit.evaluate("a * 2", out=out_int, casting="same_kind")
    exprjit.evaluate("a * 2.6", out=out_int, casting="unsafe")
    np.testing.assert_array_equal(out_int, [0, 2, 5])
    i = np.arange(3, dtype=np.int32)
    out64 = np.empty(3)
    exprjit.evaluate("i + 1", out=out64)  # int32 -> float64 is safe
    np.testing.assert_array_equal(out64, [1, 2, 3])
    with pytest.raises(TypeError):
        exprjit.evaluate("i + 1", out=np.empty(3, np.int64), casting="no")


def test_order():
    f = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    assert exprjit.evaluate("f * 2").flags.f_contiguous
    assert exprjit.evaluate("f * 2", order="C").flags.c_contiguous
    c = np.arange(6.0).reshape(2, 3)
    assert exprjit.evaluate("c * 2", order="F").flags.f_contiguous
    np.testing.assert_array_equal(exprjit.evaluate("f * 2", order="C"), f * 2)
    with pytest.raises(ValueError, match="order"):
        exprjit.evaluate("c * 2", order="X")


def test_re_evaluate_uses_the_current_values():
    a = np.arange(3.0)
    exprjit.evaluate("a * 10")
    a = np.arange(4.0)
    np.testing.assert_array_equal(exprjit.re_evaluate(), a * 10)
    np.testing.assert_array_equal(exprjit.re_evaluate(local_dict={"a": np.ones(2, np.float32)}), [10, 10])


def test_validate_returns_none_or_the_exception_and_arms_re_evaluate():
    a = np.arange(3.0)
    assert exprjit.validate("a + 1") is None
    np.testing.assert_array_equal(exprjit.re_evaluate(), a + 1)
    assert isinstance(exprjit.validate("a +"), SyntaxError)
    assert isinstance(exprjit.validate("a + missing_name"), KeyError)
    assert isinstance(exprjit.validate("a * 2", out=np.empty(3, np.int32)), TypeError)


def test_numexpr_object_with_signature():
    f = exprjit.NumExpr("2*a + b", signature=[("a", np.double), ("b", np.double)])
    np.testing.assert_array_equal(f(np.arange(3.0), np.ones(3)), [1, 3, 5])
    assert f.input_names == ("a", "b")
    g = exprjit.NumExpr("b - a", signature=[("b", np.int64), ("a", np.int64)])
    assert g(np.array([5]), np.array([2])).tolist() == [3]
    assert g(np.array([5], np.int32), np.array([2], np.int32)).dtype == np.int64  # safe upcast
    with pytest.raises(TypeError):
        g(np.array([5.0]), np.array([2.0]))
    assert "define" in exprjit.disassemble(f)


def test_errors_match_the_cpp_library():
    a = np.arange(3.0)
    with pytest.raises(SyntaxError) as info:
        exprjit.evaluate("a + * 2")
    assert info.value.offset == 5 and info.value.text == "a + * 2"
    with pytest.raises(TypeError, match="bool"):
        exprjit.evaluate("m - m", local_dict={"m": np.ones(3, bool)})
    with pytest.raises(NameError, match="frobnicate"):
        exprjit.evaluate("frobnicate(a)")
    with pytest.raises(ValueError, match="expression must be a string"):
        exprjit.evaluate(42)


def test_threads_and_accuracy_settings():
    previous = exprjit.set_num_threads(1)
    assert exprjit.get_num_threads() == 1
    a = np.linspace(-5, 5, 300_001)
    one = exprjit.evaluate("exp(a) * sin(a)")
    exprjit.set_num_threads(2)
    np.testing.assert_array_equal(exprjit.evaluate("exp(a) * sin(a)"), one)  # bitwise identical
    exprjit.set_num_threads(previous)
    with pytest.raises(ValueError):
        exprjit.set_num_threads(0)
    assert exprjit.detect_number_of_cores() >= 1
    assert exprjit.set_vml_accuracy_mode("low") == "high"
    fast = exprjit.evaluate("exp(a)")
    assert exprjit.set_vml_accuracy_mode("high") == "low"
    np.testing.assert_allclose(fast, np.exp(a), rtol=1e-15)  # fast mode: <= 4 ULP
    with pytest.raises(ValueError):
        exprjit.set_vml_accuracy_mode("medium")


def test_python_threads_evaluate_concurrently():
    arrays = [np.linspace(0, i + 1, 200_000) for i in range(8)]
    results, errors = [None] * 8, []

    def work(i):
        try:
            x = arrays[i]
            for _ in range(5):
                results[i] = exprjit.evaluate("sqrt(x) * 2 + x", local_dict={"x": x})
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for x, r in zip(arrays, results):
        np.testing.assert_allclose(r, np.sqrt(x) * 2 + x, rtol=1e-15)


def test_compile_ir_asm_and_result_lifetime():
    kernel = exprjit.compile("a * b + 1", a="float32")
    assert kernel.signature == [("a", "float32", False), ("b", "float64", False)]
    result = kernel([np.ones(4, np.float32), np.full(4, 2.0)])
    assert result.dtype == np.float64 and result.tolist() == [3, 3, 3, 3]
    assert result.flags.owndata is False and result.base is not None  # NumPy owns exprjit's buffer
    del kernel
    assert result.sum() == 12
    assert "<8 x double>" in exprjit.ir("1/(1+exp(-z))") or "<4 x double>" in exprjit.ir("1/(1+exp(-z))")
    assert "mulp" in exprjit.asm("a*b")
    stats = exprjit.kernel_cache_stats()
    assert stats["capacity"] >= stats["size"] > 0


def test_print_versions(capsys):
    exprjit.print_versions()
    assert "exprjit:" in capsys.readouterr().out


def test_numexpr_compile_options_are_accepted_and_checked():
    a = np.arange(5)
    for options in ({"optimization": "moderate"}, {"optimization": "none"}, {"truediv": False}, {"truediv": "auto"},
                    {"sanitize": True}, {"sanitize": False}):
        np.testing.assert_array_equal(exprjit.evaluate("a / 2", **options), a / 2)  # always true division
        assert exprjit.validate("a / 2", **options) is None
    with pytest.raises(ValueError, match="'optimization' must be one of"):
        exprjit.evaluate("a", optimization="maximal")
    assert isinstance(exprjit.validate("a", truediv="yes"), ValueError)
    assert exprjit.NumExpr("2*a", signature=[("a", np.double)], optimization="aggressive")(a).tolist() == (2 * a).tolist()
    with pytest.raises(ValueError, match="Unknown keyword argument 'speed'"):
        exprjit.NumExpr("a", speed=3)


def test_numexpr_module_attributes_and_vml_routines():
    assert exprjit.MAX_THREADS == 64
    assert exprjit.ncores == exprjit.detect_number_of_cores() >= 1
    assert exprjit.nthreads >= 1
    assert exprjit.use_vml is False and exprjit.get_vml_version() is None
    assert exprjit.set_vml_num_threads(4) is None
    with pytest.raises(ValueError, match="MAX_THREADS"):
        exprjit.set_num_threads(exprjit.MAX_THREADS + 1)


def test_numexpr_thread_environment_variables():
    code = "import exprjit; print(exprjit.nthreads, exprjit.MAX_THREADS)"
    env = dict(os.environ, NUMEXPR_NUM_THREADS="1", NUMEXPR_MAX_THREADS="3")
    env.pop("EXPRJIT_NUM_THREADS", None)
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.split() == ["1", "3"]
    env = dict(env, OMP_NUM_THREADS="1")
    del env["NUMEXPR_NUM_THREADS"]
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.split()[0] == "1"


def test_self_test_passes():
    result = exprjit.test(verbosity=0)
    assert result.wasSuccessful() and result.testsRun >= 5
