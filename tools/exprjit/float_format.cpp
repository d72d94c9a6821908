#include "tools/exprjit/float_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>
#include <type_traits>
#include <vector>

namespace exprjit::tools {
namespace {

constexpr int kPrecision = 8;  // numpy's default print precision

// A finite number split as NumPy's Dragon4 prints it: "-12" "345" for -12.345, and for
// scientific notation an exponent without padding ("-5" for 1e-05).
struct Parts {
  std::string integer;
  std::string fraction;
  int exponent = 0;
};

void strip_trailing_zeros(std::string& digits) {
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
}

// to_chars output "I.FFF" or "I.FFFe+XX" split into parts.
Parts split(std::string_view text) {
  Parts parts;
  const std::size_t e = text.find('e');
  const std::string_view mantissa = text.substr(0, e);
  const std::size_t dot = mantissa.find('.');
  parts.integer = mantissa.substr(0, dot);
  if (dot != std::string_view::npos) parts.fraction = mantissa.substr(dot + 1);
  if (e != std::string_view::npos) {
    std::string_view exponent = text.substr(e + 1);
    const bool negative = exponent.front() == '-';
    exponent.remove_prefix(1);  // to_chars always writes the exponent's sign
    std::from_chars(exponent.data(), exponent.data() + exponent.size(), parts.exponent);
    if (negative) parts.exponent = -parts.exponent;
  }
  return parts;
}

// The shortest round-tripping digits of |value| and the decimal exponent of the first one.
template <class T> std::pair<std::string, int> shortest_digits(T value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value), std::chars_format::scientific);
  Parts parts = split(std::string_view(buffer, static_cast<std::size_t>(result.ptr - buffer)));
  return {parts.integer + parts.fraction, parts.exponent};
}

template <class T> std::string to_chars_with(T value, std::chars_format format, int precision) {
  char buffer[512];  // fixed notation of the largest double with 8 decimals fits
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value), format, precision);
  return std::string(buffer, static_cast<std::size_t>(result.ptr - buffer));
}

// Positional digits, at most `max_fraction` after the point (-1: no limit), zeros trimmed.
template <class T> Parts positional(T value, int max_fraction) {
  const auto [digits, exponent] = shortest_digits(value);
  const int needed = std::max(0, static_cast<int>(digits.size()) - 1 - exponent);
  Parts parts;
  if (max_fraction >= 0 && needed > max_fraction) {
    parts = split(to_chars_with(value, std::chars_format::fixed, max_fraction));
  } else if (exponent >= 0) {
    const auto integer_digits = static_cast<std::size_t>(exponent) + 1;
    parts.integer = digits.substr(0, integer_digits);
    parts.integer.resize(integer_digits, '0');
    if (digits.size() > integer_digits) parts.fraction = digits.substr(integer_digits);
  } else {
    parts.integer = "0";
    parts.fraction = std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  }
  strip_trailing_zeros(parts.fraction);
  if (std::signbit(value)) parts.integer.insert(0, "-");
  return parts;
}

// Scientific digits, at most `max_fraction` after the point (-1: no limit), zeros trimmed.
template <class T> Parts scientific(T value, int max_fraction) {
  const auto [digits, exponent] = shortest_digits(value);
  Parts parts;
  if (max_fraction >= 0 && static_cast<int>(digits.size()) - 1 > max_fraction) {
    parts = split(to_chars_with(value, std::chars_format::scientific, max_fraction));
  } else {
    parts.integer = digits.substr(0, 1);
    parts.fraction = digits.substr(1);
    parts.exponent = exponent;
  }
  strip_trailing_zeros(parts.fraction);
  if (std::signbit(value)) parts.integer.insert(0, "-");
  return parts;
}

// An exact positive decimal d1.d2d3... times 10^exponent, trailing zeros stripped.
struct Decimal {
  std::string digits;
  int exponent = 0;
};

Decimal exact(double value) {
  char buffer[1200];  // a double's exact expansion has at most 767 significant digits
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific, 1100);
  Parts parts = split(std::string_view(buffer, static_cast<std::size_t>(result.ptr - buffer)));
  Decimal out{parts.integer + parts.fraction, parts.exponent};
  strip_trailing_zeros(out.digits);
  return out;
}

int compare(const Decimal& a, const Decimal& b) {
  if (a.exponent != b.exponent) return a.exponent < b.exponent ? -1 : 1;
  for (std::size_t i = 0; i < std::max(a.digits.size(), b.digits.size()); ++i) {
    const char x = i < a.digits.size() ? a.digits[i] : '0', y = i < b.digits.size() ? b.digits[i] : '0';
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

// Adds one unit in the last place; "999" becomes "100" one decade up.
Decimal incremented(Decimal value) {
  std::string& digits = value.digits;
  std::size_t i = digits.size();
  while (i > 0 && digits[i - 1] == '9') digits[--i] = '0';
  if (i == 0) {
    digits.insert(0, "1");
    digits.pop_back();
    ++value.exponent;
  } else {
    ++digits[i - 1];
  }
  return value;
}

// Dragon4 asked for more significant digits than the shortest form of a float32 has: it goes on
// producing digits of the exact value and rounds the last one by where the neighbouring floats'
// midpoints lie (numpy dragon4.c, "round off the final digit"). Padding with zeros would differ,
// since 8 decimals are finer than float32's spacing; float64's never are.
Parts scientific_digits(float value, int significant) {
  const float magnitude = std::fabs(value);
  const float below = std::nextafter(magnitude, 0.0f), above = std::nextafter(magnitude, INFINITY);
  const double low_mid = (double(magnitude) + below) / 2;
  const double high_mid = std::isinf(above) ? magnitude + (double(magnitude) - below) / 2 : (double(magnitude) + above) / 2;
  const Decimal x = exact(magnitude);
  Decimal prefix{x.digits.substr(0, static_cast<std::size_t>(significant)), x.exponent};
  prefix.digits.resize(static_cast<std::size_t>(significant), '0');
  const bool low = compare(prefix, exact(low_mid)) > 0;
  const bool high = compare(incremented(prefix), exact(high_mid)) < 0;
  bool round_down = low;
  if (low == high) {  // nearest, ties to an even digit
    const std::string rest = x.digits.size() > prefix.digits.size() ? x.digits.substr(prefix.digits.size()) : "";
    const int half = rest.empty() ? -1 : rest[0] != '5' ? (rest[0] < '5' ? -1 : 1) : rest.size() > 1 ? 1 : 0;
    round_down = half < 0 || (half == 0 && (prefix.digits.back() - '0') % 2 == 0);
  }
  const Decimal rounded = round_down ? prefix : incremented(prefix);
  Parts parts{rounded.digits.substr(0, 1), rounded.digits.substr(1), rounded.exponent};
  if (std::signbit(value)) parts.integer.insert(0, "-");
  return parts;
}

std::string exponent_text(int exponent, int min_digits) {
  std::string digits = std::to_string(std::abs(exponent));
  if (static_cast<int>(digits.size()) < min_digits) digits.insert(0, static_cast<std::size_t>(min_digits) - digits.size(), '0');
  return (exponent < 0 ? "e-" : "e+") + digits;
}

int width(const std::string& text) { return static_cast<int>(text.size()); }

std::string non_finite(double value) {
  if (std::isnan(value)) return "nan";
  return value < 0 ? "-inf" : "inf";
}


// NumPy's sign='+': non-negative numbers get a '+' too.
void add_plus(Parts& parts, bool plus_sign) {
  if (plus_sign && parts.integer.front() != '-') parts.integer.insert(0, "+");
}

}  // namespace

template <class T> FloatFormat<T>::FloatFormat(std::span<const T> shown, bool plus_sign) : plus_sign_(plus_sign) {
  std::vector<T> finite;
  bool any_non_finite = false, negative_inf = false;
  for (T value : shown) {
    if (std::isfinite(value)) finite.push_back(value);
    else any_non_finite = true;
    if (std::isinf(value) && value < 0) negative_inf = true;
  }
  // NumPy switches to scientific notation on the magnitudes of the non-zero values.
  T max_abs = 0, min_abs = 0;
  bool any_non_zero = false;
  for (T value : finite) {
    if (value == 0) continue;
    const T magnitude = std::fabs(value);
    max_abs = any_non_zero ? std::max(max_abs, magnitude) : magnitude;
    min_abs = any_non_zero ? std::min(min_abs, magnitude) : magnitude;
    any_non_zero = true;
  }
  scientific_ = any_non_zero && (max_abs >= T(1e8) || min_abs < T(0.0001) || max_abs / min_abs > T(1000));

  if (scientific_) {
    precision_ = 0;
    for (T value : finite) {
      Parts parts = scientific(value, kPrecision);
      add_plus(parts, plus_sign_);
      precision_ = std::max(precision_, width(parts.fraction));
      pad_left_ = std::max(pad_left_, width(parts.integer));
      exp_digits_ = std::max(exp_digits_, width(std::to_string(std::abs(parts.exponent))));
    }
    pad_right_ = exp_digits_ + 2 + precision_;
  } else {
    for (T value : finite) {
      Parts parts = positional(value, kPrecision);
      add_plus(parts, plus_sign_);
      pad_left_ = std::max(pad_left_, width(parts.integer));
      pad_right_ = std::max(pad_right_, width(parts.fraction));
    }
  }
  if (any_non_finite) {
    const int offset = pad_right_ + 1;  // the fraction and the point
    pad_left_ = std::max({pad_left_, 3 - offset, 3 + (negative_inf || plus_sign_ ? 1 : 0) - offset});
  }
}

template <class T> std::string FloatFormat<T>::operator()(T value) const {
  if (!std::isfinite(value)) {
    std::string text = non_finite(value);
    if (plus_sign_ && text.front() != '-') text.insert(0, "+");
    return std::string(static_cast<std::size_t>(std::max(0, pad_left_ + pad_right_ + 1 - width(text))), ' ') + text;
  }
  Parts parts = scientific_ ? scientific(value, precision_) : positional(value, kPrecision);
  if constexpr (std::is_same_v<T, float>) {
    if (scientific_ && value != 0 && width(parts.fraction) < precision_) parts = scientific_digits(value, precision_ + 1);
  }
  add_plus(parts, plus_sign_);
  std::string out(static_cast<std::size_t>(std::max(0, pad_left_ - width(parts.integer))), ' ');
  out += parts.integer + "." + parts.fraction;
  if (scientific_) {
    out.append(static_cast<std::size_t>(precision_ - width(parts.fraction)), '0');
    return out + exponent_text(parts.exponent, exp_digits_);
  }
  return out.append(static_cast<std::size_t>(pad_right_ - width(parts.fraction)), ' ');
}

template <class T> std::string scalar_repr(T value) {
  if (!std::isfinite(value)) return non_finite(value);
  const T magnitude = std::fabs(value);
  if (magnitude == 0 || (magnitude >= T(1e-4) && magnitude < T(1e16))) {
    const Parts parts = positional(value, -1);
    return parts.integer + "." + (parts.fraction.empty() ? "0" : parts.fraction);
  }
  const Parts parts = scientific(value, -1);
  return parts.integer + (parts.fraction.empty() ? "" : "." + parts.fraction) + exponent_text(parts.exponent, 2);
}

namespace {
// A part of a complex scalar: Dragon4 with trailing zeros and point trimmed ("1", "2.5", "1e+20").
template <class T> std::string complex_part(T value, bool plus_sign) {
  std::string text = scalar_repr(value);
  if (text.ends_with(".0")) text.resize(text.size() - 2);
  if (plus_sign && text.front() != '-') text.insert(0, "+");
  return text;
}
}  // namespace

template <class T> std::string complex_repr(T re, T im) {
  if (re == 0 && !std::signbit(re)) return complex_part(im, false) + "j";
  return "(" + complex_part(re, false) + complex_part(im, true) + "j)";
}

template class FloatFormat<float>;
template class FloatFormat<double>;
template std::string scalar_repr(float);
template std::string scalar_repr(double);
template std::string complex_repr(float, float);
template std::string complex_repr(double, double);

}  // namespace exprjit::tools
