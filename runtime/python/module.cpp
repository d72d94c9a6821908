// The _exprjit extension module: a thin binding of the C++ API (runtime/exprjit/*.h) with
// NumPy arrays in and out without copies and the GIL released while kernels run. The
// numexpr-compatible API (variables from the caller's frame, re_evaluate, NumExpr, ...) is
// Python, in exprjit/__init__.py.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "exprjit/exprjit.h"
#include "numpy_bridge.h"

namespace py = pybind11;

namespace exprjit::python {
namespace {

// (name, type, scalar); the type is a dtype name or "bytes<width>" (exprjit/kernel.h).
using ParamTuple = std::tuple<std::string, std::string, bool>;

Options options_for(const std::string& accuracy) {
  if (accuracy == "precise") return Options{Accuracy::Precise};
  if (accuracy == "fast") return Options{Accuracy::Fast};
  throw ValueError("accuracy must be 'precise' or 'fast', got '" + accuracy + "'");
}

Signature signature_from(const std::vector<ParamTuple>& params) {
  Signature signature;
  for (const auto& [name, type, scalar] : params) {
    const auto parsed = parse_param_type(type);
    if (!parsed) throw TypeError("unknown dtype '" + type + "'");
    signature.push_back({name, parsed->first, scalar, parsed->second});
  }
  return signature;
}

std::vector<ParamTuple> signature_to_tuples(const Signature& signature) {
  std::vector<ParamTuple> params;
  for (const Param& p : signature) params.emplace_back(p.name, param_type_name(p), p.scalar);
  return params;
}

py::object call_kernel(const Kernel& kernel, const std::vector<py::array>& arrays, const std::optional<py::array>& out) {
  std::vector<Operand> operands;
  operands.reserve(arrays.size());
  for (const py::array& a : arrays) operands.emplace_back(view_of(a));  // `arrays` keeps the memory alive
  if (out) {
    const ArrayView target = writable_view_of(*out);
    py::gil_scoped_release release;
    kernel(operands, target);
    return *out;
  }
  Array result;
  {
    py::gil_scoped_release release;
    result = kernel(operands);
  }
  return to_numpy(std::move(result));
}

// exprjit's errors as the Python exceptions numexpr users catch, with the same messages.
void translate(std::exception_ptr error) {
  try {
    if (error) std::rethrow_exception(error);
  } catch (const SyntaxError& e) {
    // (message, (filename, line, column, text)) makes Python print the caret under the column.
    const py::tuple details = py::make_tuple("<expression>", 1, e.column(), e.expression());
    PyErr_SetObject(PyExc_SyntaxError, py::make_tuple(e.what(), details).ptr());
  } catch (const TypeError& e) {
    PyErr_SetString(PyExc_TypeError, e.what());
  } catch (const ShapeError& e) {
    PyErr_SetString(PyExc_ValueError, e.what());
  } catch (const NameError& e) {
    PyErr_SetString(PyExc_NameError, e.what());
  } catch (const ValueError& e) {
    PyErr_SetString(PyExc_ValueError, e.what());
  } catch (const IOError& e) {
    PyErr_SetString(PyExc_OSError, e.what());
  } catch (const Error& e) {  // CompileError and anything added later
    PyErr_SetString(PyExc_RuntimeError, e.what());
  }
}

void bind_kernel(py::module_& m) {
  py::class_<Kernel>(m, "Kernel", "A compiled expression (exprjit::Kernel); thread-safe, callable many times.")
      .def_property_readonly("expression", &Kernel::expression)
      .def_property_readonly("signature", [](const Kernel& k) { return signature_to_tuples(k.signature()); })
      .def_property_readonly("result_dtype",
                             [](const Kernel& k) { return numpy_dtype(k.result_dtype(), k.result_itemsize()); })
      .def_property_readonly("is_reduction", &Kernel::is_reduction)
      .def("__call__", &call_kernel, py::arg("arrays"), py::arg("out") = std::nullopt,
           "Evaluates on arrays in signature order (broadcast); writes into `out` if given.")
      .def("ir", &Kernel::ir, "The kernel's optimised LLVM IR.")
      .def("asm", &Kernel::assembly, "The kernel's host machine code (assembly text).");
}

}  // namespace
}  // namespace exprjit::python

PYBIND11_MODULE(_exprjit, m) {
  using namespace exprjit;
  using namespace exprjit::python;
  m.doc() = "exprjit's C++ library; use the exprjit package, not this module.";
  py::register_exception_translator(&translate);
  bind_kernel(m);
  m.def("compile", [](const std::string& expression, const std::vector<ParamTuple>& signature, const std::string& accuracy) {
    return compile(expression, signature_from(signature), options_for(accuracy));
  }, py::arg("expression"), py::arg("signature"), py::arg("accuracy") = "precise");
  m.def("validate", [](const std::string& expression, const std::vector<ParamTuple>& signature) {
    return numpy_dtype(validate(expression, signature_from(signature)));
  });
  m.def("variables", [](const std::string& expression) { return variables_of(expression); });
  m.def("dtype_name", [](const py::dtype& dtype) {
    const DType type = dtype_from_numpy(dtype);
    return param_type_name({"", type, false, static_cast<std::size_t>(dtype.itemsize())});
  });
  m.def("set_num_threads", &set_num_threads);
  m.def("get_num_threads", &get_num_threads);
  m.def("version", &version_string);
  m.def("clear_kernel_cache", &clear_kernel_cache);
  m.def("set_kernel_cache_capacity", &set_kernel_cache_capacity);
  m.def("kernel_cache_stats", [] {
    const CacheStats s = kernel_cache_stats();
    py::dict stats;
    stats["hits"] = s.hits;
    stats["misses"] = s.misses;
    stats["evictions"] = s.evictions;
    stats["size"] = s.size;
    stats["capacity"] = s.capacity;
    return stats;
  });
}
