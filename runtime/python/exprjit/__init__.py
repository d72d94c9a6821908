"""exprjit: fast element-wise array expressions, JIT-compiled with LLVM — numexpr's API.

    >>> import numpy as np, exprjit
    >>> z = np.linspace(-4, 4, 5)
    >>> exprjit.evaluate("1/(1+exp(-z))")
    array([0.01798621, 0.11920292, 0.5       , 0.88079708, 0.98201379])

`evaluate`, `re_evaluate`, `validate`, `NumExpr`, `disassemble`, `set_num_threads`,
`get_num_threads`, `detect_number_of_cores`, `set_vml_accuracy_mode` and `print_versions` behave
as numexpr's (docs/python.md lists the differences); `compile`, `ir` and `asm` are exprjit's own.
"""
import os
import platform
import sys
import threading

import numpy as np

from . import _exprjit
from ._exprjit import Kernel, kernel_cache_stats, set_kernel_cache_capacity

__all__ = [
    "evaluate", "re_evaluate", "validate", "NumExpr", "disassemble", "compile", "ir", "asm",
    "set_num_threads", "get_num_threads", "detect_number_of_cores", "set_vml_accuracy_mode",
    "print_versions", "set_vml_num_threads", "get_vml_version", "test", "Kernel", "kernel_cache_stats", "clear_kernel_cache", "set_kernel_cache_capacity",
]

__version__ = _exprjit.version().split()[1]

# numexpr upcasts float16 before computing; exprjit does the same (a copy). The narrow and
# unsigned integers are passed as they are: the kernels widen them on load, as numexpr does.
_UPCASTS = {np.dtype(np.float16): np.dtype(np.float32)}
# numexpr's names for Python types in NumExpr signatures: `float` is float32 and `int` int32
# there (numpy.double and numpy.int64 name the 64-bit types).
_SIGNATURE_TYPES = {bool: "bool", int: "int32", float: "float32", complex: "complex128"}
_ACCURACY_MODES = {"high": "precise", "low": "fast", "fast": "fast"}
# numexpr's compile options (its "context"). exprjit accepts and checks them; neither changes a
# result: exprjit never rewrites an expression in a way that changes precision (so 'aggressive'
# is 'moderate'), and `/` is always true division, as in numexpr on Python 3.
_CONTEXT_OPTIONS = (("optimization", ("none", "moderate", "aggressive")), ("truediv", (False, True, "auto")))
_accuracy = "precise"
_last = threading.local()  # per thread, as numexpr's _numexpr_last
_DIRECT_DTYPES = frozenset(np.dtype(t) for t in (np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16,
                                                  np.uint32, np.uint64, np.float32, np.float64, np.complex64,
                                                  np.complex128))

# Per-call overhead matters for small arrays (numexpr's is ~2 us), so the Python layer keeps its
# own small caches in front of the C++ ones: expression -> variable names, and (expression,
# signature, accuracy) -> (Kernel, result dtype). Both are bounded by clearing.
_CACHE_LIMIT = 4096
_names_cache = {}
_kernel_cache = {}


def _variables(ex):
    names = _names_cache.get(ex)
    if names is None:
        if len(_names_cache) >= _CACHE_LIMIT:
            _names_cache.clear()
        names = _names_cache[ex] = tuple(_exprjit.variables(ex))
    return names


def _compiled(ex, signature, accuracy):
    key = (ex, tuple(signature), accuracy)
    entry = _kernel_cache.get(key)
    if entry is None:
        kernel = _exprjit.compile(ex, list(signature), accuracy)
        if len(_kernel_cache) >= _CACHE_LIMIT:
            _kernel_cache.clear()
        entry = _kernel_cache[key] = (kernel, kernel.result_dtype)
    return entry


def clear_kernel_cache():
    """Drops every compiled kernel (the Python layer's references and the C++ cache)."""
    _kernel_cache.clear()
    _exprjit.clear_kernel_cache()


def _as_input(name, value):
    """The value as an array exprjit accepts: Python scalars become 0-d arrays of numexpr's
    types (int -> int64, float -> float64), float16 is upcast."""
    if type(value) is np.ndarray and value.dtype in _DIRECT_DTYPES and value.dtype.isnative:
        return value
    array = np.asarray(value)
    if array.dtype.kind == "S":  # byte strings, any width, without a copy; bytes scalars 0-d
        return array
    if array.dtype.kind == "U":  # numexpr: ValueError "NumExpr 2 does not support Unicode as a dtype."
        raise ValueError(f"variable '{name}': unicode is not supported as a dtype, as in numexpr; "
                         "use byte strings (b'...', or a.astype('S') / numpy.char.encode(a))")
    if array.dtype in _UPCASTS:
        array = array.astype(_UPCASTS[array.dtype])
    elif array.dtype.byteorder == ">":
        array = array.astype(array.dtype.newbyteorder("="))
    if array.dtype.char not in _NAME_OF_CHAR:  # also float128 and complex256, of kinds 'f' and 'c'
        raise TypeError(f"variable '{name}' has unsupported dtype {array.dtype} "
                        "(exprjit takes bool, int8-int64, uint8-uint64, float16-float64, complex64/128)")
    return array


def _pop_context(kwargs):
    """Removes and checks numexpr's compile options (optimization, truediv) from kwargs."""
    for name, allowed in _CONTEXT_OPTIONS:
        if name in kwargs and kwargs.pop(name) not in allowed:
            raise ValueError(f"'{name}' must be one of {allowed}")


def _caller_frame(depth):
    return sys._getframe(depth + 1)


def _lookup(names, local_dict, global_dict, frame_depth, kwargs):
    """Values of `names` from kwargs, local_dict, global_dict or the caller's frame, as numexpr."""
    frame = None
    if local_dict is None or global_dict is None:
        frame = _caller_frame(frame_depth + 1)
    local_dict = frame.f_locals if local_dict is None else local_dict
    global_dict = frame.f_globals if global_dict is None else global_dict
    values = []
    for name in names:
        if name in kwargs:
            value = kwargs[name]
        elif name in local_dict:
            value = local_dict[name]
        elif name in global_dict:
            value = global_dict[name]
        else:
            raise KeyError(name)
        values.append(_as_input(name, value))
    return values


# dtype.char is a C getter; dtype.name costs ~1 us (computed in Python), too much per call.
_NAME_OF_CHAR = {"?": "bool", "b": "int8", "h": "int16", "i": "int32", "l": "int64", "q": "int64", "B": "uint8",
                 "H": "uint16", "I": "uint32", "L": "uint64", "Q": "uint64", "f": "float32", "d": "float64",
                 "F": "complex64", "D": "complex128"}


def _type_name(array):
    name = _NAME_OF_CHAR.get(array.dtype.char)
    return name if name is not None else f"bytes{array.dtype.itemsize}"  # only 'S' arrays get here


def _signature(names, arrays):
    return tuple((name, _type_name(a), a.ndim == 0) for name, a in zip(names, arrays))


def _result_order(arrays, order):
    if order not in ("K", "A", "C", "F"):
        raise ValueError(f"order must be one of 'K', 'A', 'C', 'F', got {order!r}")
    if order in ("C", "F"):
        return order
    multi = [a for a in arrays if a.ndim > 1]
    fortran = multi and all(a.flags.f_contiguous and not a.flags.c_contiguous for a in multi)
    return "F" if fortran else "C"


def _run(kernel, arrays, out, order, casting, result_dtype=None):
    if result_dtype is None:
        result_dtype = kernel.result_dtype
    if out is None:
        if kernel.is_reduction or _result_order(arrays, order) == "C":
            return kernel(arrays)
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
        result = np.empty(shape, dtype=result_dtype, order="F")
        return kernel(arrays, result)
    if not isinstance(out, np.ndarray):
        raise TypeError("out must be a numpy.ndarray")
    if out.dtype == result_dtype:
        return kernel(arrays, out)
    if not np.can_cast(result_dtype, out.dtype, casting=casting):
        raise TypeError(f"cannot cast the result from {result_dtype} to the output's {out.dtype} "
                        f"according to the rule {casting!r}")
    np.copyto(out, kernel(arrays), casting="unsafe")
    return out


def _prepare(ex, local_dict, global_dict, frame_depth, kwargs):
    if not isinstance(ex, str):
        raise ValueError(f"expression must be a string, got {type(ex).__name__}")
    names = _variables(ex)
    arrays = _lookup(names, local_dict, global_dict, frame_depth + 1, kwargs)
    kernel, result_dtype = _compiled(ex, _signature(names, arrays), _accuracy)
    return kernel, result_dtype, names, arrays


def evaluate(ex, local_dict=None, global_dict=None, out=None, order="K", casting="safe", sanitize=None,
             _frame_depth=0, **kwargs):
    """Evaluates the expression `ex` element-wise; variables come from `kwargs`, `local_dict`,
    `global_dict`, or else the caller's locals and globals. `out` receives the result (cast with
    `casting`); `order` ('K', 'A', 'C', 'F') chooses the result's memory layout. numexpr's
    `optimization=` and `truediv=` are accepted and checked; `sanitize` is accepted and has nothing
    to do: exprjit parses expressions with its own grammar and never calls Python's eval()."""
    _pop_context(kwargs)
    kernel, result_dtype, names, arrays = _prepare(ex, local_dict, global_dict, _frame_depth + 1, kwargs)
    _last.state = (kernel, names, out, order, casting)
    return _run(kernel, arrays, out, order, casting, result_dtype)


def validate(ex, local_dict=None, global_dict=None, out=None, order="K", casting="safe", _frame_depth=0,
             sanitize=None, **kwargs):
    """Parses, type-checks and compiles `ex` for the current variables without evaluating it.
    Returns None when valid (re_evaluate() then evaluates it) or the exception otherwise."""
    try:
        _pop_context(kwargs)
        kernel, _, names, arrays = _prepare(ex, local_dict, global_dict, _frame_depth + 1, kwargs)
        if out is not None and not np.can_cast(kernel.result_dtype, out.dtype, casting=casting):
            raise TypeError(f"cannot cast the result from {kernel.result_dtype} to the output's {out.dtype} "
                            f"according to the rule {casting!r}")
        _result_order(arrays, order)
    except Exception as error:  # numexpr's contract: hand the exception back
        return error
    _last.state = (kernel, names, out, order, casting)
    return None


def re_evaluate(local_dict=None, global_dict=None, _frame_depth=0):
    """Evaluates the last expression of evaluate()/validate() in this thread again, with the
    variables' current values (recompiled only if their dtypes changed)."""
    state = getattr(_last, "state", None)
    if state is None:
        raise RuntimeError("re_evaluate() needs a previous evaluate() or validate() in this thread")
    kernel, names, out, order, casting = state
    arrays = _lookup(names, local_dict, global_dict, _frame_depth + 1, {})
    signature = _signature(names, arrays)
    if list(signature) != kernel.signature:
        kernel = _compiled(kernel.expression, signature, _accuracy)[0]
        _last.state = (kernel, names, out, order, casting)
    return _run(kernel, arrays, out, order, casting)


def _dtype_name(kind):
    if kind in _SIGNATURE_TYPES:
        return _SIGNATURE_TYPES[kind]
    if kind is bytes or np.dtype(kind) == np.dtype("S"):
        return "bytes"  # numexpr's `bytes`: byte strings of any width (a kernel per width)
    return _exprjit.dtype_name(np.dtype(kind))


def _numpy_dtype(type_name):
    """The NumPy dtype of a signature type name ('float64', 'bytes5')."""
    if type_name.startswith("bytes"):
        return np.dtype("S" + type_name[5:])
    return np.dtype(type_name)


class NumExpr:
    """A compiled expression with a fixed signature, called with arrays in signature order:

        f = exprjit.NumExpr("2*a + b", signature=[("a", numpy.double), ("b", numpy.double)])
        f(x, y)

    Variables missing from `signature` default to float64 (numexpr's `double`)."""

    def __init__(self, ex, signature=(), sanitize=None, **kwargs):
        _pop_context(kwargs)
        if kwargs:
            raise ValueError(f"Unknown keyword argument '{next(iter(kwargs))}'")
        given = {name: _dtype_name(kind) for name, kind in signature}
        names = [name for name, _ in signature] or list(_variables(ex))
        names += [n for n in _variables(ex) if n not in names]
        self.input_names = tuple(names)
        self.signature = [(n, given.get(n, "float64")) for n in names]
        self.ex = ex
        self._kernels = {}
        # With a `bytes` input of any width the kernel is compiled per call's widths; the
        # expression is checked now all the same.
        self._kernel = self._kernel_for([t if t != "bytes" else "bytes1" for _, t in self.signature])

    def _kernel_for(self, types):
        key = tuple(types)
        kernel = self._kernels.get(key)
        if kernel is None:
            kernel = self._kernels[key] = _exprjit.compile(
                self.ex, [(n, t, False) for (n, _), t in zip(self.signature, types)], _accuracy)
        return kernel

    def __call__(self, *args, out=None, order="K", casting="safe"):
        if len(args) != len(self.input_names):
            raise TypeError(f"expected {len(self.input_names)} arguments ({', '.join(self.input_names)}), got {len(args)}")
        arrays = []
        types = []
        for (name, dtype), value in zip(self.signature, args):
            array = np.asarray(value)
            if dtype == "bytes":
                if array.dtype.kind != "S":
                    raise TypeError(f"argument '{name}' has dtype {array.dtype}, expected byte strings")
                arrays.append(array)
                types.append(f"bytes{array.dtype.itemsize}")
                continue
            types.append(dtype)
            wanted = _numpy_dtype(dtype)
            if array.dtype != wanted:
                if not np.can_cast(array.dtype, wanted, casting="safe"):
                    raise TypeError(f"argument '{name}' has dtype {array.dtype}, expected {dtype}")
                array = array.astype(wanted)
            arrays.append(array)
        # The kernel was compiled for arrays; 0-d arguments broadcast like arrays.
        return _run(self._kernel_for(types), arrays, out, order, casting)

    def ir(self):
        return self._kernel.ir()


def disassemble(nex):
    """The LLVM IR of a NumExpr object's kernel (numexpr lists its VM program instead)."""
    return nex.ir()


def _kernel_for(ex, dtypes):
    signature = tuple((n, _dtype_name(dtypes.get(n, "float64")), False) for n in _variables(ex))
    return _compiled(ex, signature, _accuracy)[0]


def compile(ex, **dtypes):
    """Compiles `ex` for arrays of the given dtypes (name=dtype; default float64) and returns the
    Kernel, called as kernel([arrays in sorted-name order], out=None)."""
    return _kernel_for(ex, dtypes)


def ir(ex, **dtypes):
    """The optimised LLVM IR of `ex` for arrays of the given dtypes (default float64)."""
    return _kernel_for(ex, dtypes).ir()


def asm(ex, **dtypes):
    """The host assembly of `ex` for arrays of the given dtypes (default float64)."""
    return _kernel_for(ex, dtypes).asm()


def set_num_threads(nthreads):
    """Sets the number of threads; returns the previous number. As numexpr, at most MAX_THREADS
    (the environment variable NUMEXPR_MAX_THREADS, default 64)."""
    nthreads = int(nthreads)
    if nthreads > MAX_THREADS:
        raise ValueError(f"nthreads cannot be larger than MAX_THREADS ({MAX_THREADS}, from NUMEXPR_MAX_THREADS)")
    previous = _exprjit.get_num_threads()
    _exprjit.set_num_threads(nthreads)
    return previous


def get_num_threads():
    return _exprjit.get_num_threads()


def detect_number_of_cores():
    return os.cpu_count() or 1


def set_vml_accuracy_mode(mode):
    """numexpr's VML modes mapped to exprjit's: 'high' -> precise (<= 1 ULP), 'low' and 'fast'
    -> fast (<= 4 ULP). Returns the previous mode ('high' or 'low'); None only queries."""
    global _accuracy
    previous = "high" if _accuracy == "precise" else "low"
    if mode is not None:
        if mode not in _ACCURACY_MODES:
            raise ValueError(f"mode must be 'high', 'low', 'fast' or None, got {mode!r}")
        _accuracy = _ACCURACY_MODES[mode]
    return previous


def set_vml_num_threads(nthreads):
    """numexpr's VML thread setting: exprjit has no VML (its own kernels use set_num_threads'
    threads), so this does nothing, as in a numexpr built without VML."""


def get_vml_version():
    """None: exprjit does not use Intel's VML (numexpr without VML returns None too)."""
    return None


def _initial_threads():
    """numexpr's start-up rule for the thread count when EXPRJIT_NUM_THREADS is not set:
    NUMEXPR_NUM_THREADS, else OMP_NUM_THREADS, else exprjit's default (all cores)."""
    if "EXPRJIT_NUM_THREADS" in os.environ:
        return
    for variable in ("NUMEXPR_NUM_THREADS", "OMP_NUM_THREADS"):
        if variable in os.environ:
            set_num_threads(int(os.environ[variable]))
            return


def test(verbosity=1):
    """Runs exprjit's self-test (numexpr's documented examples against NumPy); returns the
    unittest result, as numexpr.test() does."""
    import unittest
    from . import _selftest
    suite = unittest.defaultTestLoader.loadTestsFromModule(_selftest)
    return unittest.TextTestRunner(verbosity=verbosity).run(suite)


def print_versions():
    """Prints the versions of exprjit, its LLVM and CPU target, NumPy and Python."""
    print("-" * 72)
    print(f"exprjit:  {_exprjit.version()}")
    print(f"NumPy:    {np.__version__}")
    print(f"Python:   {sys.version.split()[0]}")
    print(f"Platform: {platform.platform()}")
    print(f"Threads:  {get_num_threads()} of {detect_number_of_cores()} cores")
    print(f"Accuracy: {_accuracy}")
    print("-" * 72)


MAX_THREADS = int(os.environ.get("NUMEXPR_MAX_THREADS", "64"))
use_vml = False
ncores = detect_number_of_cores()
_initial_threads()
nthreads = get_num_threads()
