// Every operator on every dtype it accepts, checked element by element against a C++ reference.
//
// Inputs are the cross product of each dtype's edge values (INT_MIN/INT_MAX, 0, -1, +-0.0,
// +-inf, NaN, subnormals, huge values, shift counts around the bit width, ...) followed by
// random values, so every pair of edge values meets and the length is never a multiple of the
// vector width (the masked tail runs). Semantics: docs/language.md.
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "exprjit/exprjit.h"
#include "tests/support/dtypes.h"

namespace exprjit {
namespace {

using i32 = std::int32_t;
using i64 = std::int64_t;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr float kInfF = std::numeric_limits<float>::infinity();
constexpr float kNaNF = std::numeric_limits<float>::quiet_NaN();

// ---------------------------------------------------------------------------------------------
// dtype dispatch and printing

using testing_support::with_type;

DType promote(DType a, DType b) { return std::max(a, b); }
DType float_type(DType t) { return is_floating(t) ? t : DType::Float64; }

template <class T> std::string show(T v) {
  std::ostringstream out;
  if constexpr (std::is_same_v<T, bool>) {
    out << (v ? "True" : "False");
  } else if constexpr (std::is_floating_point_v<T>) {
    out.precision(std::numeric_limits<T>::max_digits10);
    out << v << " (" << std::hexfloat << v << ")";
  } else {
    out << static_cast<long long>(v);
  }
  return out.str();
}

// Bit-exact equality, except that any NaN equals any NaN.
template <class T> bool same(T got, T want) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(want)) return std::isnan(got);
    return std::memcmp(&got, &want, sizeof(T)) == 0;
  } else {
    return got == want;
  }
}

// Distance in units in the last place (ordered bit patterns; -0 and +0 coincide).
template <class T> std::int64_t ulp_distance(T a, T b) {
  using Bits = std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>;
  auto ordered = [](T v) {
    Bits bits;
    std::memcpy(&bits, &v, sizeof bits);
    return bits < 0 ? static_cast<std::int64_t>(std::numeric_limits<Bits>::min()) - static_cast<std::int64_t>(bits)
                    : static_cast<std::int64_t>(bits);
  };
  const std::int64_t d = ordered(a) - ordered(b);
  return d < 0 ? -d : d;
}

// Within 1 ULP of want; infinities, NaN and the sign of zero must match exactly.
template <class T> bool within_one_ulp(T got, T want) {
  if (std::isnan(want)) return std::isnan(got);
  if (std::isnan(got)) return false;
  if (std::isinf(want) || std::isinf(got)) return got == want;
  if (want == 0 && got == 0) return std::signbit(got) == std::signbit(want);
  return ulp_distance(got, want) <= 1;
}

// ---------------------------------------------------------------------------------------------
// input values

template <class T> std::vector<T> edges();
template <> std::vector<bool> edges<bool>() { return {false, true}; }
template <> std::vector<i32> edges<i32>() {
  constexpr i32 lo = std::numeric_limits<i32>::min(), hi = std::numeric_limits<i32>::max();
  return {lo, lo + 1, -65536, -46341, -100, -33, -32, -31, -8, -7, -3, -2, -1, 0,
          1,  2,      3,      7,      8,    31,  32,  33,  64, 100, 46341, 65536, hi - 1, hi};
}
template <> std::vector<i64> edges<i64>() {
  constexpr i64 lo = std::numeric_limits<i64>::min(), hi = std::numeric_limits<i64>::max();
  return {lo, lo + 1, i64{INT32_MIN} - 1, i64{INT32_MIN}, -3037000500, -100, -64, -63, -7, -2, -1, 0, 1, 2, 3,
          7,  31,     32,                 33,              63,          64,   65,  100, i64{INT32_MAX},
          i64{INT32_MAX} + 1, 3037000500, 16777217, hi - 1, hi};
}
template <> std::vector<float> edges<float>() {
  return {0.0f,  -0.0f, 1.0f,   -1.0f,  0.5f,     -0.5f,     2.0f,      -2.0f,         3.0f,  -3.0f,
          7.5f,  -7.5f, 0.1f,   -0.1f,  1e-40f,   -1e-40f,   FLT_MIN,   FLT_TRUE_MIN,  -FLT_TRUE_MIN,
          1e20f, -1e20f, 3e38f, -3e38f, FLT_MAX,  -FLT_MAX,  16777216.0f, 123.25f,     kInfF, -kInfF, kNaNF};
}
template <> std::vector<double> edges<double>() {
  return {0.0,   -0.0,    1.0,   -1.0,   0.5,     -0.5,    2.0,     -2.0,          3.0,        -3.0,
          7.5,   -7.5,    0.1,   -0.1,   1e-310,  -1e-310, DBL_MIN, DBL_TRUE_MIN,  -DBL_TRUE_MIN,
          1e300, -1e300,  1e20,  -1e20,  DBL_MAX, -DBL_MAX, 9007199254740993.0, 123.25, kInf, -kInf, kNaN};
}

template <class T> T random_value(std::mt19937_64& rng) {
  if constexpr (std::is_same_v<T, bool>) {
    return (rng() & 1) != 0;
  } else if constexpr (std::is_integral_v<T>) {
    switch (rng() % 3) {
      case 0: return static_cast<T>(rng());                                     // anywhere
      case 1: return static_cast<T>(static_cast<std::int64_t>(rng() % 2001) - 1000);  // small
      default: return static_cast<T>(static_cast<std::int64_t>(rng() % 129) - 64);   // shift counts
    }
  } else {
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    switch (rng() % 3) {
      case 0: return static_cast<T>(100.0 * unit(rng));
      case 1: return static_cast<T>(std::ldexp(unit(rng), static_cast<int>(rng() % 120) - 60));
      default: return static_cast<T>(std::round(20.0 * unit(rng)) / 4.0);  // exact quarters
    }
  }
}

constexpr int kRandomTail = 37;

// A 1-d array holding `values` followed by random ones, padded so the length is odd.
template <class T> Array make_input(std::vector<T> values, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (int i = 0; i < kRandomTail; ++i) values.push_back(random_value<T>(rng));
  if (values.size() % 2 == 0) values.push_back(random_value<T>(rng));
  return Array::from(values);
}

// Operands a[i], b[i] covering every pair (edge of A, edge of B).
std::pair<Array, Array> cross_inputs(DType a_type, DType b_type, std::uint64_t seed) {
  Array a, b;
  with_type(a_type, [&](auto a_tag) {
    with_type(b_type, [&](auto b_tag) {
      using A = decltype(a_tag);
      using B = decltype(b_tag);
      const std::vector<A> ea = edges<A>();
      const std::vector<B> eb = edges<B>();
      std::vector<A> av;
      std::vector<B> bv;
      for (const A x : ea)
        for (const B y : eb) {
          av.push_back(x);
          bv.push_back(y);
        }
      // Pad both to the same odd length.
      std::mt19937_64 rng(seed);
      for (int i = 0; i < kRandomTail + (av.size() % 2 == 0 ? 1 : 0); ++i) {
        av.push_back(random_value<A>(rng));
        bv.push_back(random_value<B>(rng));
      }
      a = Array::from(av);
      b = Array::from(bv);
    });
  });
  return {a, b};
}

// ---------------------------------------------------------------------------------------------
// the reference semantics

enum class Op { Add, Sub, Mul, Div, FloorDiv, Mod, Pow, LShift, RShift, And, Or, Xor, Lt, Le, Eq, Ne, Ge, Gt };

struct OpInfo {
  Op op;
  const char* symbol;
};
constexpr OpInfo kArithmetic[] = {{Op::Add, "+"},       {Op::Sub, "-"}, {Op::Mul, "*"}, {Op::Div, "/"},
                                  {Op::FloorDiv, "//"}, {Op::Mod, "%"}, {Op::Pow, "**"}};
constexpr OpInfo kShifts[] = {{Op::LShift, "<<"}, {Op::RShift, ">>"}};
constexpr OpInfo kBitwise[] = {{Op::And, "&"}, {Op::Or, "|"}, {Op::Xor, "^"}};
constexpr OpInfo kComparisons[] = {{Op::Lt, "<"},  {Op::Le, "<="}, {Op::Eq, "=="},
                                   {Op::Ne, "!="}, {Op::Ge, ">="}, {Op::Gt, ">"}};

bool is_comparison(Op op) { return op >= Op::Lt; }

// NumPy's npy_divmod (npymath), in the precision of T.
template <class T> T npy_divmod(T a, T b, T* modulus) {
  T mod = std::fmod(a, b);
  if (!b) {
    *modulus = mod;
    return a / b;
  }
  T div = (a - mod) / b;
  if (mod) {
    if ((b < 0) != (mod < 0)) {
      mod += b;
      div -= T(1);
    }
  } else {
    mod = std::copysign(T(0), b);
  }
  T floordiv;
  if (div) {
    floordiv = std::floor(div);
    if (div - floordiv > T(0.5)) floordiv += T(1);
  } else {
    floordiv = std::copysign(T(0), a / b);
  }
  *modulus = mod;
  return floordiv;
}

template <class T> T wrap_add(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
}
template <class T> T wrap_sub(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
}
template <class T> T wrap_mul(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
}
template <class T> T wrap_neg(T a) { return wrap_sub(T(0), a); }

template <class T> T int_floordiv(T a, T b) {
  if (b == 0) return 0;
  if (b == -1) return wrap_neg(a);
  T q = a / b;
  const T r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) --q;
  return q;
}
template <class T> T int_mod(T a, T b) {
  if (b == 0 || b == -1) return 0;
  T r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}
template <class T> T int_pow(T base, T exponent) {
  using U = std::make_unsigned_t<T>;
  if (exponent < 0) {
    if (base == 1) return 1;
    if (base == -1) return (exponent & 1) ? T(-1) : T(1);
    return 0;
  }
  U result = 1, square = static_cast<U>(base), e = static_cast<U>(exponent);
  while (e) {
    if (e & 1) result = static_cast<U>(result * square);
    square = static_cast<U>(square * square);
    e >>= 1;
  }
  return static_cast<T>(result);
}
template <class T> T int_shift(bool left, T a, T count) {
  constexpr T bits = sizeof(T) * 8;
  if (count < 0 || count >= bits) return left ? T(0) : (a < 0 ? T(-1) : T(0));
  using U = std::make_unsigned_t<T>;
  if (left) return static_cast<T>(static_cast<U>(a) << count);
  return static_cast<T>(a >> count);  // arithmetic in C++20
}

// An arithmetic, shift or bitwise operation computed in K.
template <class K> K reference(Op op, K a, K b) {
  if constexpr (std::is_same_v<K, bool>) {
    switch (op) {
      case Op::And: return a && b;
      case Op::Or: return a || b;
      case Op::Xor: return a != b;
      default: ADD_FAILURE() << "no bool reference for this operator"; return false;
    }
  } else if constexpr (std::is_integral_v<K>) {
    switch (op) {
      case Op::Add: return wrap_add(a, b);
      case Op::Sub: return wrap_sub(a, b);
      case Op::Mul: return wrap_mul(a, b);
      case Op::FloorDiv: return int_floordiv(a, b);
      case Op::Mod: return int_mod(a, b);
      case Op::Pow: return int_pow(a, b);
      case Op::LShift: return int_shift(true, a, b);
      case Op::RShift: return int_shift(false, a, b);
      case Op::And: return a & b;
      case Op::Or: return a | b;
      case Op::Xor: return a ^ b;
      default: ADD_FAILURE() << "no integer reference for this operator"; return 0;
    }
  } else {
    K mod;
    switch (op) {
      case Op::Add: return a + b;
      case Op::Sub: return a - b;
      case Op::Mul: return a * b;
      case Op::Div: return a / b;
      case Op::FloorDiv: return npy_divmod(a, b, &mod);
      case Op::Mod:
        if (!b) return std::fmod(a, b);
        npy_divmod(a, b, &mod);
        return mod;
      case Op::Pow: return std::pow(a, b);
      default: ADD_FAILURE() << "no float reference for this operator"; return 0;
    }
  }
}

template <class K> bool compare(Op op, K a, K b) {
  switch (op) {
    case Op::Lt: return a < b;
    case Op::Le: return a <= b;
    case Op::Eq: return a == b;
    case Op::Ne: return a != b;
    case Op::Ge: return a >= b;
    case Op::Gt: return a > b;
    default: ADD_FAILURE() << "not a comparison"; return false;
  }
}

// The dtype the operation computes in, and the dtype of its result.
DType compute_type(Op op, DType a, DType b) {
  const DType common = promote(a, b);
  return op == Op::Div ? float_type(common) : common;
}
DType result_type(Op op, DType a, DType b) { return is_comparison(op) ? DType::Bool : compute_type(op, a, b); }

// Compares got against the reference, reporting at most a few mismatching elements.
template <class R, class K>
void expect_elements(const std::string& what, const Array& a, const Array& b, const std::vector<K>& ak,
                     const std::vector<K>& bk, const std::vector<R>& got, const std::vector<R>& want, bool ulp) {
  ASSERT_EQ(got.size(), want.size()) << what;
  int reported = 0, mismatches = 0;
  for (std::size_t i = 0; i < want.size(); ++i) {
    bool ok;
    if constexpr (std::is_floating_point_v<R>) ok = ulp ? within_one_ulp(got[i], want[i]) : same(got[i], want[i]);
    else ok = same(got[i], want[i]);
    if (ok) continue;
    ++mismatches;
    if (reported++ < 6) {
      ADD_FAILURE() << what << " [" << i << "]: a=" << show(ak[i]) << " b=" << show(bk[i])
                    << " (as " << dtype_name(a.dtype()) << ", " << dtype_name(b.dtype()) << ")"
                    << " got " << show(got[i]) << " want " << show(want[i]);
    }
  }
  EXPECT_EQ(mismatches, 0) << what << ": " << mismatches << " of " << want.size() << " elements differ";
}

// Checks `result` (from evaluating a OP b for arrays/scalars a and b) against the reference.
void check_result(const std::string& what, Op op, const Array& a, const Array& b, const Array& result) {
  const DType k_type = compute_type(op, a.dtype(), b.dtype());
  const DType r_type = result_type(op, a.dtype(), b.dtype());
  ASSERT_EQ(result.dtype(), r_type) << what;
  const std::int64_t n = std::max(a.size(), b.size());
  ASSERT_EQ(result.size(), n) << what;
  with_type(k_type, [&](auto k_tag) {
    using K = decltype(k_tag);
    std::vector<K> ak = a.to_vector<K>(), bk = b.to_vector<K>();
    if (ak.size() == 1) ak.resize(n, ak[0]);
    if (bk.size() == 1) bk.resize(n, bk[0]);
    if (is_comparison(op)) {
      std::vector<bool> want;
      for (std::int64_t i = 0; i < n; ++i) want.push_back(compare<K>(op, ak[i], bk[i]));
      expect_elements(what, a, b, ak, bk, result.to_vector<bool>(), want, false);
    } else {
      std::vector<K> want;
      for (std::int64_t i = 0; i < n; ++i) want.push_back(reference<K>(op, ak[i], bk[i]));
      expect_elements(what, a, b, ak, bk, result.to_vector<K>(), want, op == Op::Pow && is_floating(k_type));
    }
  });
}

std::string describe(const char* expression, DType a, DType b) {
  return std::string("'") + expression + "' with a:" + std::string(dtype_name(a)) + " b:" + std::string(dtype_name(b));
}

// The same kernel on reversed inputs writing a reversed out (the gather/scatter path) gives the
// same elements as on contiguous arrays.
void check_strided_path(const std::string& what, const std::string& expression, const Array& a, const Array& b,
                        const Array& contiguous_result) {
  Array out = Array::empty(contiguous_result.dtype(), contiguous_result.shape());
  try {
    evaluate(expression, {{"a", a.view().reversed(0)}, {"b", b.view().reversed(0)}}, out.view().reversed(0));
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << " (strided) threw " << e.what();
    return;
  }
  with_type(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const std::vector<T> got = out.to_vector<T>(), want = contiguous_result.to_vector<T>();
    int bad = 0;
    for (std::size_t i = 0; i < want.size(); ++i)
      if (!same<T>(got[i], want[i]) && bad++ < 3)
        ADD_FAILURE() << what << " strided [" << i << "]: got " << show<T>(got[i]) << " contiguous " << show<T>(want[i]);
    EXPECT_EQ(bad, 0) << what << ": strided evaluation differs from contiguous";
  });
}

// a OP b for two arrays of every pair of the given dtypes.
void check_pairs(const OpInfo& info, std::initializer_list<DType> types) {
  const std::string expression = std::string("a ") + info.symbol + " b";
  std::uint64_t seed = 1000 + static_cast<int>(info.op) * 37;
  for (DType at : types) {
    for (DType bt : types) {
      SCOPED_TRACE(describe(expression.c_str(), at, bt));
      const auto [a, b] = cross_inputs(at, bt, seed++);
      Array result;
      ASSERT_NO_THROW(result = evaluate(expression, {{"a", a}, {"b", b}}));
      check_result(describe(expression.c_str(), at, bt), info.op, a, b, result);
      check_strided_path(describe(expression.c_str(), at, bt), expression, a, b, result);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// arithmetic: + - * / // % **

TEST(Arithmetic, EveryDTypePairMatchesReference) {
  const auto numeric_and_bool = {DType::Bool, DType::Int32, DType::Int64, DType::Float32, DType::Float64};
  for (const OpInfo& info : kArithmetic) {
    const std::string expression = std::string("a ") + info.symbol + " b";
    std::uint64_t seed = 1 + static_cast<int>(info.op) * 101;
    for (DType at : numeric_and_bool) {
      for (DType bt : numeric_and_bool) {
        const std::string what = describe(expression.c_str(), at, bt);
        const auto [a, b] = cross_inputs(at, bt, seed++);
        if (at == DType::Bool && bt == DType::Bool) {
          if (info.op == Op::Add || info.op == Op::Mul) continue;  // logical or / and: LogicalPlusAndTimes
          EXPECT_THROW(evaluate(expression, {{"a", a}, {"b", b}}), TypeError) << what;
          continue;
        }
        Array result;
        try {
          result = evaluate(expression, {{"a", a}, {"b", b}});
        } catch (const std::exception& e) {
          ADD_FAILURE() << what << " threw " << e.what();
          continue;
        }
        check_result(what, info.op, a, b, result);
        check_strided_path(what, expression, a, b, result);
      }
    }
  }
}

// numexpr 2.13+ and NumPy: on two bools, '+' is logical or and '*' logical and.
TEST(Arithmetic, LogicalPlusAndTimes) {
  const Array a = Array::from<bool>({false, false, true, true});
  const Array b = Array::from<bool>({false, true, false, true});
  const Array sum = evaluate("a + b", {{"a", a}, {"b", b}});
  ASSERT_EQ(sum.dtype(), DType::Bool);
  EXPECT_EQ(sum.to_vector<bool>(), (std::vector<bool>{false, true, true, true}));
  EXPECT_EQ(evaluate("a * b", {{"a", a}, {"b", b}}).to_vector<bool>(), (std::vector<bool>{false, false, false, true}));
  EXPECT_EQ(evaluate("True + False", {}).at<bool>({}), true);
  EXPECT_EQ(evaluate("(a + b) * 3", {{"a", a}, {"b", b}}).to_vector<std::int32_t>(), (std::vector<std::int32_t>{0, 3, 3, 3}));
}

TEST(Arithmetic, BothOperandsBoolIsTypeError) {
  const Signature bools = {{"a", DType::Bool, false}, {"b", DType::Bool, false}};
  for (const OpInfo& info : kArithmetic) {
    if (info.op == Op::Add || info.op == Op::Mul) continue;
    const std::string expression = std::string("a ") + info.symbol + " b";
    EXPECT_THROW(validate(expression, bools), TypeError) << expression;
    EXPECT_THROW(evaluate(expression, {{"a", true}, {"b", false}}), TypeError) << expression;
  }
  EXPECT_THROW(validate("a - True", {{"a", DType::Bool, false}}), TypeError);
  EXPECT_THROW(validate("True - False", {}), TypeError);
  EXPECT_THROW(validate("True / False", {}), TypeError);
  // A bool mixed with a number is promoted.
  EXPECT_EQ(validate("a + 1", {{"a", DType::Bool, false}}), DType::Int32);
  EXPECT_EQ(validate("a - b", {{"a", DType::Bool, false}, {"b", DType::Int64, false}}), DType::Int64);
  EXPECT_EQ(validate("a * 1.5", {{"a", DType::Bool, false}}), DType::Float64);
  EXPECT_EQ(validate("a ** b", {{"a", DType::Bool, false}, {"b", DType::Float32, false}}), DType::Float32);
}

// Worked examples of the documented integer edge cases (also covered by the pair test above).
TEST(Arithmetic, IntegerEdgeCases) {
  constexpr i32 lo = INT32_MIN, hi = INT32_MAX;
  auto one = [](const char* e, Bindings b) { return evaluate(e, b).to_vector<i64>().at(0); };
  EXPECT_EQ(one("a + b", {{"a", hi}, {"b", i32{1}}}), lo);
  EXPECT_EQ(one("a - b", {{"a", lo}, {"b", i32{1}}}), hi);
  EXPECT_EQ(one("a * b", {{"a", hi}, {"b", i32{2}}}), -2);
  EXPECT_EQ(one("a // b", {{"a", lo}, {"b", i32{-1}}}), lo);
  EXPECT_EQ(one("a // b", {{"a", i32{7}}, {"b", i32{0}}}), 0);
  EXPECT_EQ(one("a // b", {{"a", i32{-7}}, {"b", i32{2}}}), -4);
  EXPECT_EQ(one("a // b", {{"a", i32{7}}, {"b", i32{-2}}}), -4);
  EXPECT_EQ(one("a % b", {{"a", i32{7}}, {"b", i32{0}}}), 0);
  EXPECT_EQ(one("a % b", {{"a", lo}, {"b", i32{-1}}}), 0);
  EXPECT_EQ(one("a % b", {{"a", i32{-7}}, {"b", i32{2}}}), 1);
  EXPECT_EQ(one("a % b", {{"a", i32{7}}, {"b", i32{-2}}}), -1);
  EXPECT_EQ(one("a ** b", {{"a", i32{0}}, {"b", i32{0}}}), 1);
  EXPECT_EQ(one("a ** b", {{"a", i32{2}}, {"b", i32{31}}}), lo);
  EXPECT_EQ(one("a ** b", {{"a", i32{2}}, {"b", i32{32}}}), 0);
  EXPECT_EQ(one("a ** b", {{"a", i32{3}}, {"b", i32{-1}}}), 0);
  EXPECT_EQ(one("a ** b", {{"a", i32{1}}, {"b", i32{-5}}}), 1);
  EXPECT_EQ(one("a ** b", {{"a", i32{-1}}, {"b", i32{-5}}}), -1);
  EXPECT_EQ(one("a ** b", {{"a", i32{-1}}, {"b", i32{-4}}}), 1);
  EXPECT_EQ(one("a ** b", {{"a", i64{3}}, {"b", i64{40}}}), static_cast<i64>(12157665459056928801ULL));  // 3**40 wraps
  EXPECT_EQ(one("-a", {{"a", lo}}), lo);
  EXPECT_EQ(one("-a", {{"a", i64{INT64_MIN}}}), INT64_MIN);
  EXPECT_EQ(one("a // b", {{"a", i64{INT64_MIN}}, {"b", i64{-1}}}), INT64_MIN);
}

TEST(Arithmetic, FloatDivmodEdgeCases) {
  auto one = [](const char* e, double a, double b) { return evaluate(e, {{"a", a}, {"b", b}}).to_vector<double>().at(0); };
  EXPECT_EQ(one("a % b", -7.5, kInf), kInf);
  EXPECT_EQ(one("a % b", 7.5, kInf), 7.5);
  EXPECT_EQ(one("a % b", 7.5, -kInf), -kInf);
  EXPECT_TRUE(std::isnan(one("a % b", 7.5, 0.0)));
  EXPECT_EQ(one("a // b", 7.5, 0.0), kInf);
  EXPECT_EQ(one("a // b", -7.5, 0.0), -kInf);
  EXPECT_TRUE(std::isnan(one("a // b", 0.0, 0.0)));
  EXPECT_EQ(one("a // b", -7.5, 2.0), -4.0);
  EXPECT_EQ(one("a % b", -7.5, 2.0), 0.5);
  EXPECT_EQ(one("a % b", 7.5, -2.0), -0.5);
  const double zero_rem = one("a % b", 4.0, -2.0);
  EXPECT_EQ(zero_rem, 0.0);
  EXPECT_TRUE(std::signbit(zero_rem)) << "a zero remainder takes the divisor's sign";
  EXPECT_FALSE(std::signbit(one("a % b", -4.0, 2.0)));
  EXPECT_EQ(one("a / b", 1.0, 0.0), kInf);
  EXPECT_EQ(one("a / b", -1.0, 0.0), -kInf);
  EXPECT_EQ(one("a / b", 1.0, -0.0), -kInf);
  // float32 stays float32.
  const Array r = evaluate("a % b", {{"a", -7.5f}, {"b", kInfF}});
  EXPECT_EQ(r.dtype(), DType::Float32);
  EXPECT_EQ(r.to_vector<float>().at(0), kInfF);
}

// When a/b overflows the float type, // is +-inf (the floor of the exact quotient is beyond
// range) and % is still the exact fmod-based remainder.
TEST(Arithmetic, FloatDivmodWithOverflowingQuotient) {
  struct Case {
    double a, b;
  };
  const Case cases[] = {{1.0, 1e-310}, {-1.0, 1e-310}, {1.0, -DBL_TRUE_MIN}, {DBL_MAX, 0.3}, {-DBL_MAX, 0.3},
                        {1e300, 1e-10}, {-2147483648.0, DBL_MIN}};
  for (const Case& c : cases) {
    const Array a = Array::scalar(c.a), b = Array::scalar(c.b);
    check_result("a // b", Op::FloorDiv, a, b, evaluate("a // b", {{"a", a}, {"b", b}}));
    check_result("a % b", Op::Mod, a, b, evaluate("a % b", {{"a", a}, {"b", b}}));
  }
  const Array a = Array::scalar(1.0f), b = Array::scalar(1e-40f);
  check_result("a // b float32", Op::FloorDiv, a, b, evaluate("a // b", {{"a", a}, {"b", b}}));
  check_result("a % b float32", Op::Mod, a, b, evaluate("a % b", {{"a", a}, {"b", b}}));
  const Array c = Array::scalar(3e38f), d = Array::scalar(0.5f);
  check_result("a // b float32", Op::FloorDiv, c, d, evaluate("a // b", {{"a", c}, {"b", d}}));
  check_result("a % b float32", Op::Mod, c, d, evaluate("a % b", {{"a", c}, {"b", d}}));
}

TEST(Arithmetic, TrueDivisionTypes) {
  auto sig = [](DType a, DType b) { return Signature{{"a", a, false}, {"b", b, false}}; };
  EXPECT_EQ(validate("a / b", sig(DType::Int32, DType::Int32)), DType::Float64);
  EXPECT_EQ(validate("a / b", sig(DType::Int64, DType::Int64)), DType::Float64);
  EXPECT_EQ(validate("a / b", sig(DType::Bool, DType::Int32)), DType::Float64);
  EXPECT_EQ(validate("a / b", sig(DType::Float32, DType::Float32)), DType::Float32);
  EXPECT_EQ(validate("a / b", sig(DType::Int32, DType::Float32)), DType::Float32);
  EXPECT_EQ(validate("a / b", sig(DType::Int64, DType::Float32)), DType::Float32);
  EXPECT_EQ(validate("a / b", sig(DType::Float32, DType::Float64)), DType::Float64);
  const Array r = evaluate("a / b", {{"a", Array::from<i32>({7, -7, 1, 0, INT32_MIN})},
                                     {"b", Array::from<i32>({2, 2, 0, 0, -1})}});
  ASSERT_EQ(r.dtype(), DType::Float64);
  const std::vector<double> v = r.to_vector<double>();
  EXPECT_EQ(v[0], 3.5);
  EXPECT_EQ(v[1], -3.5);
  EXPECT_EQ(v[2], kInf);
  EXPECT_TRUE(std::isnan(v[3]));
  EXPECT_EQ(v[4], 2147483648.0);
}

// ---------------------------------------------------------------------------------------------
// promotion rules

TEST(Promotion, EveryPairGivesTheLargerDType) {
  for (DType a : kRealComputeDTypes) {
    for (DType b : kRealComputeDTypes) {
      const Signature sig = {{"a", a, false}, {"b", b, false}};
      const DType common = promote(a, b);
      for (const OpInfo& info : kComparisons)
        EXPECT_EQ(validate(std::string("a ") + info.symbol + " b", sig), DType::Bool);
      if (a == DType::Bool && b == DType::Bool) continue;
      for (const OpInfo& info : kArithmetic) {
        const std::string e = std::string("a ") + info.symbol + " b";
        EXPECT_EQ(validate(e, sig), compute_type(info.op, a, b)) << e << " " << dtype_name(a) << " " << dtype_name(b);
      }
      if (!is_floating(common)) {
        for (const OpInfo& info : kBitwise) EXPECT_EQ(validate(std::string("a ") + info.symbol + " b", sig), common);
      }
    }
  }
}

TEST(Promotion, NumexprRulesForFloat32) {
  const Signature f32 = {{"x", DType::Float32, false}};
  EXPECT_EQ(validate("x * 2.5", f32), DType::Float64);  // float literals are float64
  EXPECT_EQ(validate("x * 2", f32), DType::Float32);    // int literals are int32
  EXPECT_EQ(validate("x + 2147483648", f32), DType::Float32);
  EXPECT_EQ(validate("x + i", {{"x", DType::Float32, false}, {"i", DType::Int64, false}}), DType::Float32);
  EXPECT_EQ(validate("x + i", {{"x", DType::Float32, false}, {"i", DType::Int32, false}}), DType::Float32);
  const Signature i32s = {{"x", DType::Int32, false}};
  EXPECT_EQ(validate("x + 2147483647", i32s), DType::Int32);
  EXPECT_EQ(validate("x + 2147483648", i32s), DType::Int64);
  EXPECT_EQ(validate("x + True", i32s), DType::Int32);
  EXPECT_EQ(validate("x * 1.0", i32s), DType::Float64);
}

TEST(Promotion, ScalarsPromoteLikeArrays) {
  // 0-d arrays: no value-based casting.
  EXPECT_EQ(validate("x + s", {{"s", DType::Int64, true}, {"x", DType::Int32, false}}), DType::Int64);
  EXPECT_EQ(validate("x * s", {{"s", DType::Float64, true}, {"x", DType::Float32, false}}), DType::Float64);
  const std::vector<i32> xi = {1, -2, INT32_MAX};
  Array r = evaluate("x + s", {{"x", Array::from(xi)}, {"s", Array::scalar<i64>(1)}});
  ASSERT_EQ(r.dtype(), DType::Int64);
  EXPECT_EQ(r.to_vector<i64>(), (std::vector<i64>{2, -1, i64{INT32_MAX} + 1}));
  // C++ scalars.
  r = evaluate("x + s", {{"x", Array::from(xi)}, {"s", i64{1}}});
  EXPECT_EQ(r.dtype(), DType::Int64);
  r = evaluate("x + s", {{"x", Array::from(xi)}, {"s", i32{1}}});
  EXPECT_EQ(r.dtype(), DType::Int32);
  EXPECT_EQ(r.to_vector<i32>(), (std::vector<i32>{2, -1, INT32_MIN}));
  r = evaluate("x + s", {{"x", Array::from(xi)}, {"s", true}});
  EXPECT_EQ(r.dtype(), DType::Int32);
  EXPECT_EQ(r.to_vector<i32>(), (std::vector<i32>{2, -1, INT32_MIN}));
  const std::vector<float> xf = {0.1f, 3.0f, 16777217.0f};
  r = evaluate("x * s", {{"x", Array::from(xf)}, {"s", 2.5}});
  ASSERT_EQ(r.dtype(), DType::Float64);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(r.to_vector<double>()[i], static_cast<double>(xf[i]) * 2.5);
  r = evaluate("x * s", {{"x", Array::from(xf)}, {"s", 2.5f}});
  ASSERT_EQ(r.dtype(), DType::Float32);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(r.to_vector<float>()[i], xf[i] * 2.5f);
  r = evaluate("x + s", {{"x", Array::from(xf)}, {"s", i64{16777217}}});
  ASSERT_EQ(r.dtype(), DType::Float32);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(r.to_vector<float>()[i], xf[i] + static_cast<float>(16777217));
}

TEST(Promotion, LiteralValues) {
  std::vector<float> xf;
  for (float v : edges<float>()) xf.push_back(v);
  const Array x = Array::from(xf);
  Array r = evaluate("x * 2.5", {{"x", x}});
  ASSERT_EQ(r.dtype(), DType::Float64);
  std::vector<double> got = r.to_vector<double>();
  for (std::size_t i = 0; i < xf.size(); ++i) EXPECT_TRUE(same(got[i], static_cast<double>(xf[i]) * 2.5)) << i;
  r = evaluate("x * 2", {{"x", x}});
  ASSERT_EQ(r.dtype(), DType::Float32);
  std::vector<float> gotf = r.to_vector<float>();
  for (std::size_t i = 0; i < xf.size(); ++i) EXPECT_TRUE(same(gotf[i], xf[i] * 2.0f)) << i;

  const std::vector<i32> xi = edges<i32>();
  r = evaluate("x + 3000000000", {{"x", Array::from(xi)}});
  ASSERT_EQ(r.dtype(), DType::Int64);
  for (std::size_t i = 0; i < xi.size(); ++i) EXPECT_EQ(r.to_vector<i64>()[i], xi[i] + 3000000000LL);
  r = evaluate("x + 1", {{"x", Array::from(xi)}});
  ASSERT_EQ(r.dtype(), DType::Int32);
  for (std::size_t i = 0; i < xi.size(); ++i) EXPECT_EQ(r.to_vector<i32>()[i], wrap_add(xi[i], 1));
}

// ---------------------------------------------------------------------------------------------
// scalar operands (0-d arrays and literals) on either side of every operator

struct ScalarCase {
  OpInfo info;
  std::vector<DType> types;
};

template <class T> std::vector<Array> scalar_values() {
  std::vector<Array> out;
  for (T v : edges<T>()) out.push_back(Array::scalar(v));
  return out;
}

std::vector<Array> scalars_of(DType type) {
  std::vector<Array> out;
  with_type(type, [&](auto tag) { out = scalar_values<decltype(tag)>(); });
  return out;
}

Array array_of(DType type, std::uint64_t seed) {
  Array out;
  with_type(type, [&](auto tag) {
    using T = decltype(tag);
    out = make_input(edges<T>(), seed);
  });
  return out;
}

TEST(Scalars, EveryOperatorWithAZeroDimOperand) {
  const std::vector<DType> numeric = {DType::Int32, DType::Int64, DType::Float32, DType::Float64};
  const std::vector<DType> integers = {DType::Int32, DType::Int64};
  const std::vector<DType> logical = {DType::Bool, DType::Int32, DType::Int64};
  const std::vector<DType> all(std::begin(kRealComputeDTypes), std::end(kRealComputeDTypes));
  std::vector<ScalarCase> cases;
  for (const OpInfo& info : kArithmetic) cases.push_back({info, numeric});
  for (const OpInfo& info : kShifts) cases.push_back({info, integers});
  for (const OpInfo& info : kBitwise) cases.push_back({info, logical});
  for (const OpInfo& info : kComparisons) cases.push_back({info, all});
  std::uint64_t seed = 77;
  for (const ScalarCase& c : cases) {
    for (DType type : c.types) {
      const Array x = array_of(type, seed++);
      for (const bool scalar_left : {false, true}) {
        const std::string expression = scalar_left ? std::string("s ") + c.info.symbol + " x"
                                                   : std::string("x ") + c.info.symbol + " s";
        for (const Array& s : scalars_of(type)) {
          const Array& a = scalar_left ? s : x;
          const Array& b = scalar_left ? x : s;
          std::string s_text;
          with_type(type, [&](auto tag) { s_text = show(s.to_vector<decltype(tag)>()[0]); });
          const std::string what = "'" + expression + "' " + std::string(dtype_name(type)) + " s=" + s_text;
          Array result;
          try {
            result = evaluate(expression, {{"x", x}, {"s", s}});
          } catch (const std::exception& e) {
            ADD_FAILURE() << what << " threw " << e.what();
            continue;
          }
          ASSERT_EQ(result.shape(), x.shape()) << what;
          check_result(what, c.info.op, a, b, result);
        }
      }
    }
  }
}

// Literal operands go through constant splats (and the simplifier for powers).
TEST(Scalars, IntegerLiteralOperands) {
  const std::vector<i32> xv = edges<i32>();
  const Array x = make_input(xv, 5);
  struct Case {
    const char* expression;
    Op op;
    i32 literal;
    bool literal_left;
  };
  const Case cases[] = {
      {"x + 7", Op::Add, 7, false},      {"x - 7", Op::Sub, 7, false},     {"7 - x", Op::Sub, 7, true},
      {"x * -3", Op::Mul, -3, false},    {"x // 0", Op::FloorDiv, 0, false}, {"x // -1", Op::FloorDiv, -1, false},
      {"x // 3", Op::FloorDiv, 3, false}, {"7 // x", Op::FloorDiv, 7, true}, {"x % 0", Op::Mod, 0, false},
      {"x % -1", Op::Mod, -1, false},    {"x % -3", Op::Mod, -3, false},   {"-7 % x", Op::Mod, -7, true},
      {"x ** 0", Op::Pow, 0, false},     {"x ** 1", Op::Pow, 1, false},    {"x ** 2", Op::Pow, 2, false},
      {"x ** 3", Op::Pow, 3, false},     {"x ** -1", Op::Pow, -1, false},  {"x ** -2", Op::Pow, -2, false},
      {"2 ** x", Op::Pow, 2, true},      {"-1 ** x", Op::Pow, -1, true},   {"x << 3", Op::LShift, 3, false},
      {"x << 32", Op::LShift, 32, false}, {"x << -1", Op::LShift, -1, false}, {"1 << x", Op::LShift, 1, true},
      {"x >> 31", Op::RShift, 31, false}, {"x >> 32", Op::RShift, 32, false}, {"x >> -1", Op::RShift, -1, false},
      {"-8 >> x", Op::RShift, -8, true}, {"x & 12", Op::And, 12, false},   {"x | -16", Op::Or, -16, false},
      {"x ^ -1", Op::Xor, -1, false},
  };
  for (const Case& c : cases) {
    // Note: "-1 ** x" is -(1 ** x) in Python's grammar; skip the reference check for it.
    if (std::string(c.expression) == "-1 ** x") {
      const Array r = evaluate(c.expression, {{"x", x}});
      ASSERT_EQ(r.dtype(), DType::Int32);
      const std::vector<i32> got = r.to_vector<i32>(), xs = x.to_vector<i32>();
      for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], wrap_neg(int_pow<i32>(1, xs[i]))) << c.expression << " " << i;
      continue;
    }
    const Array lit = Array::scalar(c.literal);
    Array result;
    try {
      result = evaluate(c.expression, {{"x", x}});
    } catch (const std::exception& e) {
      ADD_FAILURE() << c.expression << " threw " << e.what();
      continue;
    }
    check_result(c.expression, c.op, c.literal_left ? lit : x, c.literal_left ? x : lit, result);
  }
}

TEST(Scalars, FloatLiteralOperands) {
  const Array x = make_input(edges<double>(), 6);
  struct Case {
    const char* expression;
    Op op;
    double literal;
  };
  const Case cases[] = {
      {"x + 0.5", Op::Add, 0.5},   {"x * -0.0", Op::Mul, -0.0}, {"x / 0.0", Op::Div, 0.0},
      {"x / 3.0", Op::Div, 3.0},   {"x // 0.0", Op::FloorDiv, 0.0}, {"x // 0.3", Op::FloorDiv, 0.3},
      {"x % 0.0", Op::Mod, 0.0},   {"x % -0.3", Op::Mod, -0.3}, {"x % 1e400", Op::Mod, kInf},
      {"x ** 2.0", Op::Pow, 2.0},  {"x ** 0.5", Op::Pow, 0.5},  {"x ** -1.0", Op::Pow, -1.0},
      {"x ** 0.0", Op::Pow, 0.0},  {"x ** 1.0", Op::Pow, 1.0},  {"x ** 3.0", Op::Pow, 3.0},
      {"x < 0.5", Op::Lt, 0.5},    {"x != 1e400", Op::Ne, kInf}, {"x == -0.0", Op::Eq, -0.0},
  };
  for (const Case& c : cases) {
    Array result;
    try {
      result = evaluate(c.expression, {{"x", x}});
    } catch (const std::exception& e) {
      ADD_FAILURE() << c.expression << " threw " << e.what();
      continue;
    }
    check_result(c.expression, c.op, x, Array::scalar(c.literal), result);
  }
  // float32 with integer-valued literals stays float32 and powers match powf.
  const Array xf = make_input(edges<float>(), 7);
  for (const char* e : {"x ** 2", "x ** 3", "x ** -1", "x ** 0", "x ** 1"}) {
    const Array r = evaluate(e, {{"x", xf}});
    ASSERT_EQ(r.dtype(), DType::Float32) << e;
    const i32 exponent = static_cast<i32>(std::stoi(std::string(e).substr(5)));
    check_result(e, Op::Pow, xf, Array::scalar(static_cast<float>(exponent)), r);
  }
}

// Expressions of literals only give 0-d results; the constant folder must agree with the kernels.
TEST(Scalars, AllLiteralExpressions) {
  auto int_of = [](const char* e) {
    const Array r = evaluate(e, {});
    EXPECT_EQ(r.ndim(), 0) << e;
    return r.to_vector<i64>().at(0);
  };
  auto float_of = [](const char* e) {
    const Array r = evaluate(e, {});
    EXPECT_EQ(r.ndim(), 0) << e;
    EXPECT_EQ(r.dtype(), DType::Float64) << e;
    return r.to_vector<double>().at(0);
  };
  EXPECT_EQ(evaluate("2147483647 + 1", {}).dtype(), DType::Int32);
  EXPECT_EQ(int_of("2147483647 + 1"), INT32_MIN);
  EXPECT_EQ(int_of("2147483647 * 2"), -2);
  EXPECT_EQ(evaluate("2147483648 + 1", {}).dtype(), DType::Int64);
  EXPECT_EQ(int_of("2147483648 + 1"), 2147483649LL);
  EXPECT_EQ(int_of("9223372036854775807 + 1"), INT64_MIN);
  EXPECT_EQ(int_of("7 // 2"), 3);
  EXPECT_EQ(int_of("7 // -2"), -4);
  EXPECT_EQ(int_of("-7 // 2"), -4);
  EXPECT_EQ(int_of("7 // 0"), 0);
  EXPECT_EQ(int_of("-7 % 2"), 1);
  EXPECT_EQ(int_of("7 % -2"), -1);
  EXPECT_EQ(int_of("7 % 0"), 0);
  EXPECT_EQ(int_of("2 ** 10"), 1024);
  EXPECT_EQ(int_of("2 ** -1"), 0);
  EXPECT_EQ(int_of("0 ** 0"), 1);
  EXPECT_EQ(int_of("2 ** 31"), INT32_MIN);
  EXPECT_EQ(int_of("1 << 31"), INT32_MIN);
  EXPECT_EQ(int_of("1 << 32"), 0);
  EXPECT_EQ(int_of("-1 >> 100"), -1);
  EXPECT_EQ(int_of("5 >> -1"), 0);
  EXPECT_EQ(int_of("-(-2147483647 - 1)"), INT32_MIN);
  EXPECT_EQ(int_of("~0"), -1);
  EXPECT_EQ(int_of("6 & 3"), 2);
  EXPECT_EQ(int_of("6 | 3"), 7);
  EXPECT_EQ(int_of("6 ^ 3"), 5);
  EXPECT_EQ(float_of("7 / 2"), 3.5);
  EXPECT_EQ(float_of("1 / 0"), kInf);
  EXPECT_TRUE(std::isnan(float_of("0 / 0")));
  EXPECT_EQ(float_of("5.0 // 0"), kInf);
  EXPECT_TRUE(std::isnan(float_of("5.0 % 0")));
  EXPECT_EQ(float_of("-7.5 % 1e400"), kInf);
  EXPECT_EQ(float_of("7.5 % 1e400"), 7.5);
  EXPECT_EQ(float_of("-7.5 // 2"), -4.0);
  EXPECT_EQ(float_of("2.0 ** 0.5"), std::pow(2.0, 0.5));
  EXPECT_EQ(float_of("0.1 + 0.2"), 0.1 + 0.2);
  EXPECT_EQ(float_of("1 / 3"), 1.0 / 3.0);
  EXPECT_TRUE(std::signbit(float_of("-0.0 * 1")));
  EXPECT_EQ(evaluate("True < False", {}).to_vector<bool>().at(0), false);
  EXPECT_EQ(evaluate("False < True", {}).to_vector<bool>().at(0), true);
  EXPECT_EQ(evaluate("~True", {}).to_vector<bool>().at(0), false);
  EXPECT_EQ(evaluate("True ^ True", {}).dtype(), DType::Bool);
  EXPECT_EQ(evaluate("1e400 != 1e400", {}).to_vector<bool>().at(0), false);
  EXPECT_EQ(evaluate("(0.0/0.0) != (0.0/0.0)", {}).to_vector<bool>().at(0), true);
  EXPECT_EQ(evaluate("(0.0/0.0) == (0.0/0.0)", {}).to_vector<bool>().at(0), false);
}

// ---------------------------------------------------------------------------------------------
// shifts

TEST(Shifts, IntegerPairsMatchNumPy) {
  for (const OpInfo& info : kShifts) check_pairs(info, {DType::Int32, DType::Int64});
}

TEST(Shifts, FloatsAreRejected) {
  for (const OpInfo& info : kShifts) {
    const std::string e = std::string("a ") + info.symbol + " b";
    for (DType a : kRealComputeDTypes)
      for (DType b : kRealComputeDTypes) {
        if (!is_floating(a) && !is_floating(b)) continue;
        EXPECT_THROW(validate(e, {{"a", a, false}, {"b", b, false}}), TypeError)
            << e << " " << dtype_name(a) << " " << dtype_name(b);
      }
    EXPECT_THROW(evaluate(e, {{"a", 1.0}, {"b", i32{1}}}), TypeError);
    EXPECT_THROW(evaluate(e, {{"a", i32{1}}, {"b", 1.0f}}), TypeError);
  }
  EXPECT_THROW(validate("x << 1.0", {{"x", DType::Int32, false}}), TypeError);
}

// ---------------------------------------------------------------------------------------------
// bitwise / logical

TEST(Bitwise, BoolAndIntegerPairsMatchReference) {
  for (const OpInfo& info : kBitwise) check_pairs(info, {DType::Bool, DType::Int32, DType::Int64});
}

TEST(Bitwise, OnBoolGiveBool) {
  const Array a = Array::from<bool>({false, false, true, true});
  const Array b = Array::from<bool>({false, true, false, true});
  Array r = evaluate("a & b", {{"a", a}, {"b", b}});
  ASSERT_EQ(r.dtype(), DType::Bool);
  EXPECT_EQ(r.to_vector<bool>(), (std::vector<bool>{false, false, false, true}));
  r = evaluate("a | b", {{"a", a}, {"b", b}});
  ASSERT_EQ(r.dtype(), DType::Bool);
  EXPECT_EQ(r.to_vector<bool>(), (std::vector<bool>{false, true, true, true}));
  r = evaluate("a ^ b", {{"a", a}, {"b", b}});
  ASSERT_EQ(r.dtype(), DType::Bool);
  EXPECT_EQ(r.to_vector<bool>(), (std::vector<bool>{false, true, true, false}));
  r = evaluate("~a", {{"a", a}});
  ASSERT_EQ(r.dtype(), DType::Bool);
  EXPECT_EQ(r.to_vector<bool>(), (std::vector<bool>{true, true, false, false}));
  // Results are stored as 0/1 bytes.
  r = evaluate("~a", {{"a", a}});
  for (std::int64_t i = 0; i < r.size(); ++i) {
    const unsigned char byte = static_cast<const unsigned char*>(r.data())[i];
    EXPECT_TRUE(byte == 0 || byte == 1) << i;
  }
  // Mixed bool/int promotes to int.
  r = evaluate("a | i", {{"a", a}, {"i", Array::from<i32>({2, 2, 2, 2})}});
  ASSERT_EQ(r.dtype(), DType::Int32);
  EXPECT_EQ(r.to_vector<i32>(), (std::vector<i32>{2, 2, 3, 3}));
}

TEST(Bitwise, FloatsAreRejected) {
  for (const OpInfo& info : kBitwise) {
    const std::string e = std::string("a ") + info.symbol + " b";
    for (DType a : kRealComputeDTypes)
      for (DType b : kRealComputeDTypes) {
        if (!is_floating(a) && !is_floating(b)) continue;
        EXPECT_THROW(validate(e, {{"a", a, false}, {"b", b, false}}), TypeError)
            << e << " " << dtype_name(a) << " " << dtype_name(b);
      }
  }
  EXPECT_THROW(validate("~x", {{"x", DType::Float32, false}}), TypeError);
  EXPECT_THROW(validate("~x", {{"x", DType::Float64, false}}), TypeError);
  EXPECT_THROW(evaluate("~x", {{"x", 1.0}}), TypeError);
  EXPECT_THROW(validate("x & 1.0", {{"x", DType::Int32, false}}), TypeError);
}

// ---------------------------------------------------------------------------------------------
// unary operators

template <class T> void check_unary(const char* expression, bool invert, std::uint64_t seed) {
  const Array x = make_input(edges<T>(), seed);
  Array r;
  ASSERT_NO_THROW(r = evaluate(expression, {{"x", x}})) << expression << " " << dtype_name(dtype_of<T>);
  ASSERT_EQ(r.dtype(), dtype_of<T>) << expression;
  const std::vector<T> in = x.to_vector<T>(), got = r.to_vector<T>();
  ASSERT_EQ(got.size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    T want;
    if constexpr (std::is_same_v<T, bool>) want = !in[i];
    else if constexpr (std::is_integral_v<T>) want = invert ? static_cast<T>(~in[i]) : wrap_neg(in[i]);
    else want = -in[i];
    EXPECT_TRUE(same(got[i], want)) << expression << " " << dtype_name(dtype_of<T>) << " x=" << show(in[i])
                                    << " got " << show(got[i]) << " want " << show(want);
  }
}

TEST(Unary, NegateEveryNumericDType) {
  check_unary<i32>("-x", false, 11);
  check_unary<i64>("-x", false, 12);
  check_unary<float>("-x", false, 13);
  check_unary<double>("-x", false, 14);
  EXPECT_THROW(validate("-x", {{"x", DType::Bool, false}}), TypeError);
  EXPECT_THROW(evaluate("-x", {{"x", Array::from<bool>({true, false})}}), TypeError);
  // Unary plus is the identity.
  const Array x = Array::from<i32>({INT32_MIN, -1, 0, 5});
  EXPECT_EQ(evaluate("+x", {{"x", x}}).to_vector<i32>(), x.to_vector<i32>());
  EXPECT_EQ(evaluate("-(-x)", {{"x", x}}).to_vector<i32>(), x.to_vector<i32>());
}

TEST(Unary, InvertBoolAndIntegers) {
  check_unary<bool>("~x", true, 21);
  check_unary<i32>("~x", true, 22);
  check_unary<i64>("~x", true, 23);
}

TEST(Unary, PrecedenceWithPower) {
  // -2**2 == -4; 2**-1 is 0 for integers and 0.5 for floats.
  EXPECT_EQ(evaluate("-x**2", {{"x", i32{2}}}).to_vector<i32>().at(0), -4);
  EXPECT_EQ(evaluate("x**-1", {{"x", i32{2}}}).to_vector<i32>().at(0), 0);
  EXPECT_EQ(evaluate("x**-1", {{"x", 2.0}}).to_vector<double>().at(0), 0.5);
}

// ---------------------------------------------------------------------------------------------
// comparisons

TEST(Comparisons, EveryDTypePairMatchesReference) {
  for (const OpInfo& info : kComparisons)
    check_pairs(info, {DType::Bool, DType::Int32, DType::Int64, DType::Float32, DType::Float64});
}

TEST(Comparisons, ComputedInThePromotedType) {
  // int64 16777217 == float32 16777216 in float32 (numexpr's rule).
  Array r = evaluate("a == b", {{"a", Array::from<i64>({16777217})}, {"b", Array::from<float>({16777216.0f})}});
  EXPECT_EQ(r.to_vector<bool>(), std::vector<bool>{true});
  // int64 compared with float64: the int is converted to float64.
  r = evaluate("a == b", {{"a", Array::from<i64>({9007199254740993})}, {"b", Array::from<double>({9007199254740992.0})}});
  EXPECT_EQ(r.to_vector<bool>(), std::vector<bool>{true});
  // int32 with int64 compares exactly.
  r = evaluate("a < b", {{"a", Array::from<i32>({-1})}, {"b", Array::from<i64>({INT64_MAX})}});
  EXPECT_EQ(r.to_vector<bool>(), std::vector<bool>{true});
  // bool: False < True, and bool with int promotes.
  r = evaluate("a < b", {{"a", Array::from<bool>({false, true, true})}, {"b", Array::from<i32>({1, 1, 2})}});
  EXPECT_EQ(r.to_vector<bool>(), (std::vector<bool>{true, false, true}));
}

TEST(Comparisons, NaNIsUnordered) {
  const Array a = Array::from<double>({kNaN, kNaN, 1.0, kNaN, -0.0});
  const Array b = Array::from<double>({kNaN, 1.0, kNaN, kInf, 0.0});
  const std::pair<const char*, std::vector<bool>> cases[] = {
      {"a < b", {false, false, false, false, false}},  {"a <= b", {false, false, false, false, true}},
      {"a == b", {false, false, false, false, true}},  {"a != b", {true, true, true, true, false}},
      {"a >= b", {false, false, false, false, true}},  {"a > b", {false, false, false, false, false}},
  };
  for (const auto& [e, want] : cases) {
    const Array r = evaluate(e, {{"a", a}, {"b", b}});
    ASSERT_EQ(r.dtype(), DType::Bool);
    EXPECT_EQ(r.to_vector<bool>(), want) << e;
  }
}

// ---------------------------------------------------------------------------------------------
// float power accuracy on a dense sweep (<= 1 ULP from std::pow)

template <class T> void check_pow_sweep(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> base(0.0, 10.0), exponent(-30.0, 30.0);
  std::vector<T> a, b;
  for (int i = 0; i < 4001; ++i) {
    a.push_back(static_cast<T>(i % 7 == 0 ? -std::round(base(rng)) : base(rng)));
    b.push_back(static_cast<T>(i % 5 == 0 ? std::round(exponent(rng)) : exponent(rng)));
  }
  const Array aa = Array::from(a), bb = Array::from(b);
  check_result("pow sweep", Op::Pow, aa, bb, evaluate("a ** b", {{"a", aa}, {"b", bb}}));
}

// Results just below DBL_MAX are finite (pow(DBL_MAX, 1) == DBL_MAX).
TEST(Power, NearOverflowStaysFinite) {
  const double xs[] = {DBL_MAX, -DBL_MAX, std::nextafter(DBL_MAX, 0.0), 0x1.8fa4feb08a527p+59, 0x1.4611f8b8b99c9p+28};
  const double ys[] = {1.0, 1.0, 1.0, 0x1.12b3fe86f42ap+4, 0x1.20f81fa7a1422p+5};
  const Array a = Array::from<double>({xs[0], xs[1], xs[2], xs[3], xs[4]});
  const Array b = Array::from<double>({ys[0], ys[1], ys[2], ys[3], ys[4]});
  check_result("a ** b near overflow", Op::Pow, a, b, evaluate("a ** b", {{"a", a}, {"b", b}}));
  const Array f = Array::from<float>({FLT_MAX, -FLT_MAX});
  const Array one = Array::from<float>({1.0f, 1.0f});
  check_result("a ** b near overflow float32", Op::Pow, f, one, evaluate("a ** b", {{"a", f}, {"b", one}}));
}

TEST(Power, FloatSweepWithinOneUlp) {
  check_pow_sweep<float>(31);
  check_pow_sweep<double>(32);
}

}  // namespace
}  // namespace exprjit
