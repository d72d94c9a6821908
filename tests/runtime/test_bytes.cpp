// Byte strings (NumPy's 'S' dtype): the comparison operators and contains() on arrays of
// every width from 1 to 40, literals, 0-d, broadcast, strided and reversed inputs, mixed with
// numeric logic, and the errors for every other use; checked element by element against a
// direct C++ reference of NumPy's semantics (docs/language.md, "Byte strings").
#include <algorithm>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "exprjit/exprjit.h"

namespace exprjit {
namespace {

// NumPy compares 'S' elements as if both were padded with NUL bytes to a common width, byte
// by byte as unsigned values. (The kernels strip trailing NULs instead; the two agree.)
int reference_compare(const std::string& a, const std::string& b) {
  const std::size_t width = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < width; ++i) {
    const unsigned x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

std::string without_trailing_nuls(std::string s) {
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

// np.char.find(h, n) >= 0: a naive search over the elements without their padding.
bool reference_contains(const std::string& haystack_padded, const std::string& needle_padded) {
  const std::string h = without_trailing_nuls(haystack_padded), n = without_trailing_nuls(needle_padded);
  if (n.size() > h.size()) return false;
  for (std::size_t start = 0; start + n.size() <= h.size(); ++start) {
    bool match = true;
    for (std::size_t i = 0; i < n.size() && match; ++i) match = h[start + i] == n[i];
    if (match) return true;
  }
  return false;
}

struct Comparison {
  const char* op;
  std::function<bool(int)> holds;
};
const Comparison kComparisons[] = {
    {"==", [](int c) { return c == 0; }}, {"!=", [](int c) { return c != 0; }},
    {"<", [](int c) { return c < 0; }},   {"<=", [](int c) { return c <= 0; }},
    {">", [](int c) { return c > 0; }},   {">=", [](int c) { return c >= 0; }},
};

// Strings of up to `width` bytes over a small alphabet with NUL (embedded and trailing),
// 0x80 and 0xff (unsigned order), so that equal prefixes and equal strings are common.
std::vector<std::string> random_strings(std::size_t count, std::size_t width, std::mt19937& rng) {
  static const char kAlphabet[] = {'\0', 'a', 'b', '\x80', '\xff'};
  std::uniform_int_distribution<std::size_t> length(0, width), letter(0, std::size(kAlphabet) - 1);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) {
    std::string s;
    const std::size_t n = length(rng);
    for (std::size_t k = 0; k < n; ++k) s += kAlphabet[letter(rng)];
    out.push_back(s);
  }
  return out;
}

// The elements of a view as padded strings of its width, in C order.
std::vector<std::string> padded_elements(const ArrayView& view) {
  const Array copy = Array::copy_of(view);
  std::vector<std::string> out;
  const char* data = static_cast<const char*>(copy.data());
  for (std::int64_t i = 0; i < copy.size(); ++i)
    out.emplace_back(data + i * static_cast<std::int64_t>(copy.itemsize()), copy.itemsize());
  return out;
}

void expect_matches(const Array& got, const std::vector<bool>& want, const std::string& what) {
  ASSERT_EQ(got.dtype(), DType::Bool) << what;
  const std::vector<bool> values = got.to_vector<bool>();
  ASSERT_EQ(values.size(), want.size()) << what;
  for (std::size_t i = 0; i < want.size(); ++i) ASSERT_EQ(values[i], want[i]) << what << " at element " << i;
}

std::string printable(const std::string& s) {
  std::string out;
  for (char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) out += c;
    else out += "\\x" + std::to_string(byte);
  }
  return out;
}

TEST(Bytes, ComparisonsAndContainsMatchTheReferenceForWidthsOneToForty) {
  std::mt19937 rng(7);
  for (std::size_t width_a = 1; width_a <= 40; ++width_a) {
    const std::size_t width_b = (width_a * 7) % 40 + 1;  // every width on both sides, mostly unequal
    const std::size_t n = 37 + width_a;                  // never only whole SIMD steps
    const Array a = Array::from_strings(random_strings(n, width_a, rng), width_a);
    std::vector<std::string> b_values = random_strings(n, width_b, rng);
    for (std::size_t i = 0; i < n; i += 3) b_values[i] = without_trailing_nuls(a.to_strings()[i]).substr(0, width_b);
    const Array b = Array::from_strings(b_values, width_b);
    const std::vector<std::string> pa = padded_elements(a), pb = padded_elements(b);
    for (const Comparison& comparison : kComparisons) {
      std::vector<bool> want;
      for (std::size_t i = 0; i < n; ++i) want.push_back(comparison.holds(reference_compare(pa[i], pb[i])));
      const std::string text = std::string("a ") + comparison.op + " b";
      expect_matches(evaluate(text, {{"a", a}, {"b", b}}), want,
                     text + " widths " + std::to_string(width_a) + "/" + std::to_string(width_b));
    }
    std::vector<bool> want;
    for (std::size_t i = 0; i < n; ++i) want.push_back(reference_contains(pa[i], pb[i]));
    expect_matches(evaluate("contains(a, b)", {{"a", a}, {"b", b}}), want, "contains widths " + std::to_string(width_a));
  }
}

// Literals are stored padded to whole 8-byte words (compiler/bytes_ops.cpp); around those
// boundaries, against arrays of widths around them too.
TEST(Bytes, LiteralsOfEveryLengthAroundWordBoundaries) {
  std::mt19937 rng(13);
  for (std::size_t width : {1, 3, 7, 8, 9, 16, 17, 40}) {
    const Array s = Array::from_strings(random_strings(29, width, rng), width);
    const std::vector<std::string> padded = padded_elements(s);
    for (std::size_t length : {0, 1, 7, 8, 9, 15, 17}) {
      std::string literal = random_strings(1, length, rng)[0];
      literal.resize(length, 'b');
      std::string text;
      for (char c : literal) text += "\\x" + std::string(1, "0123456789abcdef"[static_cast<unsigned char>(c) >> 4]) +
                                     "0123456789abcdef"[static_cast<unsigned char>(c) & 15];
      for (const char* op : {"<", "=="}) {
        std::vector<bool> want;
        for (const std::string& element : padded) {
          const int c = reference_compare(element, literal);
          want.push_back(op[0] == '<' ? c < 0 : c == 0);
        }
        const std::string expression = std::string("s ") + op + " b'" + text + "'";
        expect_matches(evaluate(expression, {{"s", s}}), want, expression + " width " + std::to_string(width));
      }
    }
  }
}

TEST(Bytes, TrailingNulsArePaddingAndEmbeddedNulsCount) {
  const Array s = Array::from_strings({"ab", std::string("ab\0", 3), std::string("a\0b", 3), "", std::string("\0", 1)}, 4);
  expect_matches(evaluate("s == b'ab'", {{"s", s}}), {true, true, false, false, false}, "== b'ab'");
  expect_matches(evaluate("s == 'ab\\0\\0\\0\\0'", {{"s", s}}), {true, true, false, false, false}, "padded literal");
  expect_matches(evaluate("s == b''", {{"s", s}}), {false, false, false, true, true}, "== empty");
  expect_matches(evaluate("s < b'a\\x00c'", {{"s", s}}), {false, false, true, true, true}, "< with a NUL inside");
  expect_matches(evaluate("contains(s, b'\\0')", {{"s", s}}), {true, true, true, true, true}, "NUL needle is empty");
  expect_matches(evaluate("contains(s, b'\\0b')", {{"s", s}}), {false, false, true, false, false}, "embedded NUL");
  expect_matches(evaluate("contains(s, '')", {{"s", s}}), {true, true, true, true, true}, "empty needle");
  expect_matches(evaluate("contains(b'xaby', s)", {{"s", s}}), {true, true, false, true, true}, "literal haystack");
  EXPECT_EQ(s.to_strings(), (std::vector<std::string>{"ab", "ab", std::string("a\0b", 3), "", ""}));
}

TEST(Bytes, BytesCompareUnsigned) {
  const Array s = Array::from_strings({"\x7f", "\x80", "\xff", "a"}, 1);
  expect_matches(evaluate("s > b'\\x7f'", {{"s", s}}), {false, true, true, false}, "> 0x7f");
  expect_matches(evaluate("s <= b'\\x80'", {{"s", s}}), {true, true, false, true}, "<= 0x80");
  expect_matches(evaluate("b'\\x80' < s", {{"s", s}}), {false, false, true, false}, "literal on the left");
  expect_matches(evaluate("'\\200' == s", {{"s", s}}), {false, true, false, false}, "octal escape");
}

// C++ strings bind as 0-d byte strings, a string literal too (not as the bool it would convert to).
TEST(Bytes, CppStringsAreByteStringScalars) {
  const Array s = Array::from_strings({"abc", "ab", ""}, 3);
  expect_matches(evaluate("s == t", {{"s", s}, {"t", "abc"}}), {true, false, false}, "const char*");
  expect_matches(evaluate("s < t", {{"s", s}, {"t", std::string("ab\0", 3)}}), {false, false, true}, "std::string");
  expect_matches(evaluate("contains(s, t)", {{"s", s}, {"t", std::string_view("b")}}), {true, true, false}, "string_view");
  expect_matches(evaluate("t == b''", {{"t", ""}}), {true}, "empty");
}

TEST(Bytes, LiteralAgainstLiteralAndZeroDimensionalInputs) {
  const Array x = Array::from<double>({1, 2, 3});
  expect_matches(evaluate("(b'abc' < 'abd') & (x > 1)", {{"x", x}}), {false, true, true}, "literals");
  const Array scalar = Array::from_strings({"b"}, 3, Shape{});
  const Array s = Array::from_strings({"a", "b", "c", std::string("b\0", 2)}, 2);
  expect_matches(evaluate("s >= t", {{"s", s}, {"t", scalar}}), {false, true, true, true}, "0-d operand");
  expect_matches(evaluate("contains(t, s)", {{"s", s}, {"t", scalar}}), {false, true, false, true}, "0-d haystack");
  const Array zero_d = evaluate("t == b'b'", {{"t", scalar}});
  EXPECT_EQ(zero_d.ndim(), 0);
  EXPECT_TRUE(zero_d.to_vector<bool>()[0]);
}

TEST(Bytes, BroadcastStridedAndReversedInputs) {
  std::mt19937 rng(11);
  const std::vector<std::string> rows = random_strings(5, 6, rng), cols = random_strings(4, 3, rng);
  const Array r = Array::from_strings(rows, 6, Shape{5, 1});
  const Array c = Array::from_strings(cols, 3, Shape{1, 4});
  const std::vector<std::string> pr = padded_elements(r), pc = padded_elements(c);
  std::vector<bool> want_less, want_contains;
  for (std::size_t i = 0; i < 5; ++i)
    for (std::size_t j = 0; j < 4; ++j) {
      want_less.push_back(reference_compare(pr[i], pc[j]) < 0);
      want_contains.push_back(reference_contains(pr[i], pc[j]));
    }
  const Array less = evaluate("r < c", {{"r", r}, {"c", c}});
  EXPECT_EQ(less.shape(), (Shape{5, 4}));
  expect_matches(less, want_less, "broadcast <");
  expect_matches(evaluate("contains(r, c)", {{"r", r}, {"c", c}}), want_contains, "broadcast contains");

  const std::vector<std::string> values = random_strings(301, 9, rng);
  const Array base = Array::from_strings(values, 9);
  const std::vector<std::string> padded = padded_elements(base);
  const ArrayView reversed = base.view().reversed(0), stepped = base.view().stepped(0, 3);
  std::vector<bool> want;
  for (std::size_t i = 0; i < 301; ++i) want.push_back(reference_compare(padded[300 - i], padded[i]) > 0);
  expect_matches(evaluate("a > b", {{"a", reversed}, {"b", base}}), want, "reversed vs forward");
  want.clear();
  for (std::size_t i = 0; i < 301; i += 3) want.push_back(reference_contains(padded[i], "a"));
  expect_matches(evaluate("contains(a, b'a')", {{"a", stepped}}), want, "every third element");
  // A 2-d transpose: the innermost stride is a whole row.
  const Array grid = Array::from_strings(random_strings(12, 4, rng), 4, Shape{3, 4});
  const ArrayView transposed = ArrayView::bytes(grid.data(), 4, {4, 3}, {4, 16});
  const std::vector<std::string> g = padded_elements(grid);
  want.clear();
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 3; ++j) want.push_back(reference_compare(g[j * 4 + i], "b") != 0);
  expect_matches(evaluate("t != b'b'", {{"t", transposed}}), want, "transposed");
}

TEST(Bytes, LargeInputsAcrossThreadsAndChunks) {
  std::mt19937 rng(3);
  const std::size_t n = 100003;
  const Array a = Array::from_strings(random_strings(n, 5, rng), 5);
  const Array b = Array::from_strings(random_strings(n, 2, rng), 2);
  const std::vector<std::string> pa = padded_elements(a), pb = padded_elements(b);
  std::vector<bool> want;
  for (std::size_t i = 0; i < n; ++i) want.push_back(reference_compare(pa[i], pb[i]) <= 0 || reference_contains(pa[i], pb[i]));
  expect_matches(evaluate("(a <= b) | contains(a, b)", {{"a", a}, {"b", b}}), want, "large");
}

TEST(Bytes, ResultsCombineWithNumericLogic) {
  const Array s = Array::from_strings({"ax", "b", "xx", "a"}, 2);
  const Array x = Array::from<double>({1, 5, 3, 4});
  const Array a = Array::from<std::int32_t>({10, 20, 30, 40});
  const Array b = Array::from<std::int32_t>({-1, -2, -3, -4});
  expect_matches(evaluate("(s == b'a') & (x > 2)", {{"s", s}, {"x", x}}), {false, false, false, true}, "and");
  EXPECT_EQ(evaluate("where(contains(s, b'x'), a, b)", {{"s", s}, {"a", a}, {"b", b}}).to_vector<std::int32_t>(),
            (std::vector<std::int32_t>{10, -2, 30, -4}));
  EXPECT_EQ(evaluate("sum(s < b'b')", {{"s", s}}).to_vector<std::int64_t>(), (std::vector<std::int64_t>{2}));
  expect_matches(evaluate("~contains(s, 'a') | (s == s)", {{"s", s}}), {true, true, true, true}, "shared operand");
  Array out = Array::zeros(DType::Bool, {4});
  evaluate("s != b'b'", {{"s", s}}, out);
  expect_matches(out, {true, false, true, true}, "out=");
}

TEST(Bytes, EmptyArraysAndReductionsAlongAxes) {
  const Array empty = Array::bytes_zeros(3, {0, 4});
  EXPECT_EQ(evaluate("s < b'a'", {{"s", empty}}).shape(), (Shape{0, 4}));
  EXPECT_EQ(evaluate("s", {{"s", empty}}).shape(), (Shape{0, 4}));
  std::mt19937 rng(17);
  const Array s = Array::from_strings(random_strings(6 * 50, 2, rng), 2, Shape{6, 50});
  const std::vector<std::string> padded = padded_elements(s);
  for (int axis : {0, 1}) {
    const std::vector<std::int64_t> got =
        evaluate("sum(contains(s, b'a') | (s == b''), axis=" + std::to_string(axis) + ")", {{"s", s}})
            .to_vector<std::int64_t>();
    std::vector<std::int64_t> want(axis == 0 ? 50 : 6, 0);
    for (std::size_t i = 0; i < 6; ++i)
      for (std::size_t j = 0; j < 50; ++j) {
        const std::string& e = padded[i * 50 + j];
        want[axis == 0 ? j : i] += reference_contains(e, "a") || reference_compare(e, "") == 0;
      }
    EXPECT_EQ(got, want) << "axis " << axis;
  }
}

TEST(Bytes, KernelsAreCompiledPerWidth) {
  const Array narrow = Array::from_strings({"ab", "c"}, 2), wide = Array::from_strings({"ab", "c"}, 5);
  expect_matches(evaluate("s == b'ab'", {{"s", narrow}}), {true, false}, "width 2");
  expect_matches(evaluate("s == b'ab'", {{"s", wide}}), {true, false}, "width 5");
  const Kernel kernel = compile("s == b'c'", {{"s", DType::Bytes, false, 2}});
  expect_matches(kernel({narrow}), {false, true}, "compiled");
  EXPECT_THROW(kernel({wide}), TypeError);
  EXPECT_THROW(kernel({Array::from<double>({1.0})}), TypeError);
}

TEST(Bytes, EveryOtherOperationIsATypeErrorNamingTheColumn) {
  const Array s = Array::from_strings({"a"}, 1);
  const Array x = Array::from<double>({1.0});
  const Bindings bindings = {{"s", s}, {"x", x}};
  for (const char* text : {"s + s", "s == x", "x < s", "-s", "~s", "sin(s)", "where(s == s, s, s)", "sum(s)",
                           "contains(x, s)", "contains(s, 1)", "float64(s)", "s & s", "abs(s)", "s == 1",
                           "where(contains(s, s), s, x)"}) {
    try {
      evaluate(text, bindings);
      ADD_FAILURE() << text << " did not throw";
    } catch (const TypeError& error) {
      EXPECT_NE(std::string(error.what()).find("(column "), std::string::npos) << text << ": " << error.what();
    }
  }
  EXPECT_THROW(evaluate("b'abc'", bindings), TypeError);
  EXPECT_THROW(evaluate("contains(s)", bindings), TypeError);
  EXPECT_THROW(evaluate("contains(s, s, s)", bindings), TypeError);
  EXPECT_THROW(evaluate("bytes(s)", bindings), NameError);
  EXPECT_THROW(evaluate("u'a' == s", bindings), SyntaxError);
  try {
    evaluate("s + s", bindings);
  } catch (const TypeError& error) {
    EXPECT_STREQ(error.what(),
                 "operator '+' is not defined for byte strings (column 3); strings support == != < <= > >= and "
                 "contains()");
  }
}

// numexpr's evaluate("s") copies the array; so does exprjit, in any layout, into out too.
TEST(Bytes, AnInputAloneIsCopied) {
  const Array s = Array::from_strings({"abc", "", std::string("d\0e", 3), "fg"}, 4, Shape{2, 2});
  const Array copy = evaluate("s", {{"s", s}});
  EXPECT_EQ(copy.dtype(), DType::Bytes);
  EXPECT_EQ(copy.itemsize(), 4u);
  EXPECT_EQ(copy.shape(), (Shape{2, 2}));
  EXPECT_NE(copy.data(), s.data());
  EXPECT_EQ(copy.to_strings(), s.to_strings());
  const ArrayView transposed = ArrayView::bytes(s.data(), 4, {2, 2}, {4, 8});
  EXPECT_EQ(evaluate("s", {{"s", transposed}}).to_strings(),
            (std::vector<std::string>{"abc", std::string("d\0e", 3), "", "fg"}));
  Array out = Array::bytes_zeros(4, {2, 2});
  evaluate("s", {{"s", transposed}}, out.view().reversed(1));
  EXPECT_EQ(out.to_strings(), (std::vector<std::string>{std::string("d\0e", 3), "abc", "fg", ""}));
  EXPECT_EQ(evaluate("copy(s)", {{"s", s}}).to_strings(), s.to_strings());  // numexpr's copy()
  expect_matches(evaluate("copy(s) == b'fg'", {{"s", s}}), {false, false, false, true}, "copy(s) as an operand");
  EXPECT_THROW(evaluate("ones_like(s)", {{"s", s}}), TypeError);
  EXPECT_THROW(evaluate("s", {{"s", s}}, Array::bytes_zeros(5, {2, 2})), TypeError);
  EXPECT_THROW(evaluate("s", {{"s", s}}, Array::zeros(DType::Bool, {2, 2})), TypeError);
  const Kernel kernel = compile("s", {{"s", DType::Bytes, true, 3}});
  EXPECT_EQ(kernel.result_itemsize(), 3u);
  EXPECT_EQ(kernel({Array::from_strings({"xyz"}, 3, Shape{})}).to_strings(), (std::vector<std::string>{"xyz"}));
  std::mt19937 rng(5);
  const Array large = Array::from_strings(random_strings(70001, 6, rng), 6);
  EXPECT_EQ(evaluate("s", {{"s", large.view().reversed(0)}}).to_strings(),
            Array::copy_of(large.view().reversed(0)).to_strings());
}

TEST(Bytes, ArraysOfByteStrings) {
  const Array a = Array::from_strings({"abc", "", "de"});
  EXPECT_EQ(a.dtype(), DType::Bytes);
  EXPECT_EQ(a.itemsize(), 3u);
  EXPECT_EQ(a.strides(), (Strides{3}));
  EXPECT_EQ(a.to_strings(), (std::vector<std::string>{"abc", "", "de"}));
  EXPECT_EQ(Array::copy_of(a.view().reversed(0)).to_strings(), (std::vector<std::string>{"de", "", "abc"}));
  EXPECT_THROW(Array::from_strings({"abcd"}, 3), ValueError);
  EXPECT_THROW(Array::from_strings({"a", "b"}, 1, Shape{3}), ShapeError);
  EXPECT_THROW(ArrayView::bytes(nullptr, 0, {0}), ValueError);
  EXPECT_THROW(Array::from<double>({1.0}).to_strings(), TypeError);
  EXPECT_EQ(Array::bytes_zeros(4, {2, 2}).to_strings(), (std::vector<std::string>(4, "")));
  EXPECT_TRUE(ArrayView::bytes(a.data(), 3, {3}).is_c_contiguous());
  EXPECT_FALSE(ArrayView::bytes(a.data(), 1, {3}, {3}).is_c_contiguous());
}

}  // namespace
}  // namespace exprjit
