// NumPy's float formatting (numpy/core/arrayprint.py FloatingFormat, default options), with
// std::to_chars supplying the digits Dragon4 gives NumPy: the shortest that round-trip, or the
// correctly rounded value when the shortest needs more than `precision` fractional digits.
#pragma once

#include <span>
#include <string>

namespace exprjit::tools {

// One format for all elements of an array, chosen from the elements that will be shown:
// positional with a common width ("0.5       ", "0.73105858"), or scientific with a common
// number of digits ("1.5e-05") when the magnitudes call for it, as NumPy decides.
template <class T> class FloatFormat {
 public:
  // plus_sign: NumPy's sign='+', which its complex format uses for the imaginary parts.
  explicit FloatFormat(std::span<const T> shown, bool plus_sign = false);
  std::string operator()(T value) const;

 private:
  bool scientific_ = false;
  int precision_ = 8;   // scientific: fractional digits of every element
  int pad_left_ = 0;    // width of the integer part
  int pad_right_ = 0;   // positional: width of the fractional part
  int exp_digits_ = 2;  // scientific: digits of every exponent
  bool plus_sign_ = false;
};

// str() of a NumPy float scalar, which is Python's repr(): "0.5", "1.0", "1e+16", "-inf".
template <class T> std::string scalar_repr(T value);

// str() of a NumPy complex scalar: "(1+2j)", "1.5j", "(-0-1j)", "(nan+infj)".
template <class T> std::string complex_repr(T re, T im);

}  // namespace exprjit::tools
