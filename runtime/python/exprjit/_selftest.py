"""exprjit.test(): numexpr's user-guide examples, evaluated by this build and compared with NumPy.

A check of the installed package (the JIT, the host's vector code, the NumPy bridge), not the
project's test suite (tests/ in the source tree has that)."""
import unittest

import numpy as np

import exprjit


class UserGuideExamples(unittest.TestCase):
    def setUp(self):
        self.a = np.arange(10)
        self.b = np.arange(0, 20, 2)
        self.x = np.linspace(-3, 3, 1001)

    def test_arithmetic(self):
        a, b = self.a, self.b
        np.testing.assert_array_equal(exprjit.evaluate("2*a + 3*b"), 2 * a + 3 * b)
        np.testing.assert_array_equal(exprjit.evaluate("a*b-4.1*a > 2.5*b"), a * b - 4.1 * a > 2.5 * b)

    def test_functions_within_one_ulp_of_numpy(self):
        x = self.x
        for name, reference in [("sin", np.sin), ("exp", np.exp), ("tanh", np.tanh), ("arctan", np.arctan)]:
            np.testing.assert_allclose(exprjit.evaluate(f"{name}(x)"), reference(x), rtol=4e-16, atol=1e-300,
                                       err_msg=name)
        np.testing.assert_allclose(exprjit.evaluate("1/(1+exp(-x))"), 1 / (1 + np.exp(-x)), rtol=1e-15)

    def test_where_and_reductions(self):
        a, b = self.a, self.b
        np.testing.assert_array_equal(exprjit.evaluate("where(a > 4, a, b)"), np.where(a > 4, a, b))
        self.assertEqual(exprjit.evaluate("sum(a*b)"), np.sum(a * b))
        self.assertEqual(exprjit.evaluate("prod(a + 1)"), np.prod(a + 1))

    def test_validate_and_re_evaluate(self):
        a = np.arange(10)
        b = np.arange(0, 20, 2)
        self.assertIsNone(exprjit.validate("2*a + 3*b"))
        b = np.arange(0, 40, 4)
        np.testing.assert_array_equal(exprjit.re_evaluate(), 2 * a + 3 * b)
        self.assertIsInstance(exprjit.validate("2*a +"), SyntaxError)

    def test_out_and_threads(self):
        out = np.empty(10)
        exprjit.evaluate("a * 0.5", local_dict={"a": self.a}, out=out)
        np.testing.assert_array_equal(out, self.a * 0.5)
        previous = exprjit.set_num_threads(1)
        try:
            np.testing.assert_array_equal(exprjit.evaluate("a + 1", local_dict={"a": self.x}), self.x + 1)
        finally:
            exprjit.set_num_threads(previous)
