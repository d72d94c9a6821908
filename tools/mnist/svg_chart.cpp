#include "tools/mnist/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <limits>
#include <sstream>

#include "nn/file_io.h"

namespace exprjit::tools {
namespace {

constexpr double kWidth = 560, kHeight = 380;
constexpr double kLeft = 70, kRight = 20, kTop = 40, kBottom = 55;
constexpr const char* kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

struct Range {
  double low, high;
};

// A "nice" tick step (1, 2 or 5 times a power of ten) giving about five ticks.
double tick_step(Range r) {
  const double raw = (r.high - r.low) / 5;
  const double power = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (raw <= m * power) return m * power;
  return 10 * power;
}

Range padded_range(const Chart& chart, bool x_axis) {
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (const Series& s : chart.series)
    for (double v : x_axis ? s.x : s.y)
      if (std::isfinite(v)) low = std::min(low, v), high = std::max(high, v);
  if (!std::isfinite(low)) return {0, 1};
  if (high - low < 1e-12 * std::max(1.0, std::abs(high))) low -= 0.5, high += 0.5;
  const double step = tick_step({low, high});
  return {std::floor(low / step) * step, std::ceil(high / step) * step};
}

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", std::abs(v) < 1e-12 ? 0.0 : v);
  return text;
}

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

class Panel {
 public:
  Panel(const Chart& chart, double offset_x) : chart_(chart), x0_(offset_x), xr_(padded_range(chart, true)), yr_(padded_range(chart, false)) {}

  void draw(std::ostringstream& svg) const {
    const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
    svg << "<g font-family='sans-serif' font-size='12'>\n";
    svg << "<text x='" << x0_ + kWidth / 2 << "' y='22' text-anchor='middle' font-size='15'>" << escape(chart_.title) << "</text>\n";
    svg << "<rect x='" << x0_ + kLeft << "' y='" << kTop << "' width='" << plot_w << "' height='" << plot_h
        << "' fill='none' stroke='#333'/>\n";
    axis_ticks(svg, true);
    axis_ticks(svg, false);
    svg << "<text x='" << x0_ + kLeft + plot_w / 2 << "' y='" << kHeight - 12 << "' text-anchor='middle'>" << escape(chart_.x_label) << "</text>\n";
    svg << "<text transform='translate(" << x0_ + 16 << "," << kTop + plot_h / 2 << ") rotate(-90)' text-anchor='middle'>"
        << escape(chart_.y_label) << "</text>\n";
    for (std::size_t i = 0; i < chart_.series.size(); ++i) series(svg, chart_.series[i], kColours[i % 6], i);
    svg << "</g>\n";
  }

 private:
  double px(double x) const { return x0_ + kLeft + (x - xr_.low) / (xr_.high - xr_.low) * (kWidth - kLeft - kRight); }
  double py(double y) const { return kTop + (yr_.high - y) / (yr_.high - yr_.low) * (kHeight - kTop - kBottom); }

  void axis_ticks(std::ostringstream& svg, bool x_axis) const {
    const Range r = x_axis ? xr_ : yr_;
    const double step = x_axis && chart_.integer_x ? std::max(1.0, std::round(tick_step(r))) : tick_step(r);
    for (double v = r.low; v <= r.high + step * 1e-9; v += step) {
      if (x_axis) {
        svg << "<line x1='" << px(v) << "' x2='" << px(v) << "' y1='" << py(yr_.low) << "' y2='" << py(yr_.low) + 5 << "' stroke='#333'/>"
            << "<text x='" << px(v) << "' y='" << py(yr_.low) + 18 << "' text-anchor='middle'>" << number(v) << "</text>\n";
      } else {
        svg << "<line x1='" << px(xr_.low) - 5 << "' x2='" << px(xr_.high) << "' y1='" << py(v) << "' y2='" << py(v)
            << "' stroke='#ddd'/>" << "<text x='" << px(xr_.low) - 8 << "' y='" << py(v) + 4 << "' text-anchor='end'>"
            << number(v) << "</text>\n";
      }
    }
  }

  void series(std::ostringstream& svg, const Series& s, const char* colour, std::size_t index) const {
    svg << "<polyline fill='none' stroke='" << colour << "' stroke-width='2'" << (s.dashed ? " stroke-dasharray='6,4'" : "") << " points='";
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i)
      if (std::isfinite(s.x[i]) && std::isfinite(s.y[i])) svg << px(s.x[i]) << ',' << py(s.y[i]) << ' ';
    svg << "'/>\n";
    const double rows = double(chart_.series.size());
    const double top = chart_.legend == Corner::BottomRight ? py(yr_.low) - 10 - 18 * rows : kTop;
    const double ly = top + 16 + 18 * double(index);
    const double lx = chart_.legend == Corner::TopLeft ? px(xr_.low) + 12 : px(xr_.high) - 170;
    svg << "<line x1='" << lx << "' x2='" << lx + 24 << "' y1='" << ly - 4 << "' y2='" << ly - 4 << "' stroke='" << colour
        << "' stroke-width='2'" << (s.dashed ? " stroke-dasharray='6,4'" : "") << "/><text x='" << lx + 30 << "' y='" << ly << "'>"
        << escape(s.label) << "</text>\n";
  }

  const Chart& chart_;
  double x0_;
  Range xr_, yr_;
};

}  // namespace

std::string render_svg(const std::vector<Chart>& charts) {
  std::ostringstream svg;
  svg << "<svg xmlns='http://www.w3.org/2000/svg' width='" << kWidth * double(charts.size()) << "' height='" << kHeight
      << "' viewBox='0 0 " << kWidth * double(charts.size()) << ' ' << kHeight << "'>\n<rect width='100%' height='100%' fill='white'/>\n";
  for (std::size_t i = 0; i < charts.size(); ++i) Panel(charts[i], kWidth * double(i)).draw(svg);
  svg << "</svg>\n";
  return svg.str();
}

void write_text_file(const std::string& path, const std::string& content) {
  nn::write_file_atomically(path, std::as_bytes(std::span(content.data(), content.size())), "");
}

}  // namespace exprjit::tools
