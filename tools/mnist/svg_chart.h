// Minimal SVG line charts (axes, ticks, legend), enough for the training and scaling plots
// without a plotting dependency at run time.
#pragma once

#include <string>
#include <vector>

namespace exprjit::tools {

struct Series {
  std::string label;
  std::vector<double> x, y;
  bool dashed = false;
};

enum class Corner { TopLeft, TopRight, BottomRight };

struct Chart {
  std::string title, x_label, y_label;
  std::vector<Series> series;
  Corner legend = Corner::TopRight;  // where the curves are not
  bool integer_x = false;            // ticks only at whole numbers (thread counts)
};

// The charts side by side in one SVG document.
std::string render_svg(const std::vector<Chart>& charts);

// Writes `content` to `path` via a temporary file; throws exprjit::IOError on failure.
void write_text_file(const std::string& path, const std::string& content);

}  // namespace exprjit::tools
