// exprjit-mnist scaling: the study's scaling analysis. The same training (same seed, same data)
// is timed at each thread count; prints a table and writes a chart of time and speed-up.
#include <cstdio>
#include <sstream>

#include "exprjit/error.h"
#include "tools/mnist/commands.h"
#include "tools/mnist/svg_chart.h"

namespace exprjit::tools {
namespace {

struct Measurement {
  long threads;
  double seconds, blas_share, validation_accuracy;
};

std::vector<Chart> scaling_charts(const std::vector<Measurement>& rows) {
  Series time{"training time", {}, {}}, speedup{"measured", {}, {}}, ideal{"ideal (linear)", {}, {}, true};
  for (const auto& r : rows) {
    time.x.push_back(double(r.threads)), time.y.push_back(r.seconds);
    speedup.x.push_back(double(r.threads)), speedup.y.push_back(rows.front().seconds / r.seconds);
    ideal.x.push_back(double(r.threads)), ideal.y.push_back(double(r.threads) / double(rows.front().threads));
  }
  return {Chart{"Training time", "threads", "seconds", {time}, Corner::TopRight, true},
          Chart{"Speed-up", "threads", "speed-up", {speedup, ideal}, Corner::TopLeft, true}};
}

template <class T>
int scaling_typed(const TrainFlags& flags, const ScalingFlags& scaling) {
  const std::vector<long> thread_counts = parse_positive_list(scaling.threads, "--threads");
  nn::TrainOptions options = to_train_options(flags);
  options.track_training_accuracy = false;  // time the training alone
  for (const std::string& path : {scaling.plot_svg, scaling.table_csv})
    if (!path.empty()) check_writable(path);
  const nn::Mnist<T> data = nn::load_mnist<T>(flags.data_dir, flags.train_count);
  std::printf("exprjit-mnist scaling: %s; %s\n", describe(flags, options).c_str(), blas_description().c_str());
  std::printf("%8s %10s %9s %11s %8s %10s\n", "threads", "seconds", "speed-up", "efficiency", "BLAS %", "valid acc");
  std::vector<Measurement> rows;
  for (long threads : thread_counts) {
    apply_threads(int(threads));
    const nn::TrainResult<T> r = nn::train<T>(data, options);
    rows.push_back({threads, r.train_seconds, r.profile.blas_seconds / r.train_seconds, r.validation_accuracy});
    const double speedup = rows.front().seconds / r.train_seconds;
    std::printf("%8ld %10.2f %9.2f %10.0f%% %7.1f%% %9.2f%%\n", threads, r.train_seconds, speedup,
                100 * speedup / (double(threads) / double(rows.front().threads)), 100 * rows.back().blas_share,
                100 * r.validation_accuracy);
    std::fflush(stdout);
  }
  if (!scaling.table_csv.empty()) {
    std::ostringstream csv;
    csv << "threads,seconds,speedup,blas_share,validation_accuracy\n";
    for (const auto& r : rows)
      csv << r.threads << ',' << r.seconds << ',' << rows.front().seconds / r.seconds << ',' << r.blas_share << ','
          << r.validation_accuracy << '\n';
    write_text_file(scaling.table_csv, csv.str());
  }
  if (!scaling.plot_svg.empty()) write_text_file(scaling.plot_svg, render_svg(scaling_charts(rows)));
  return 0;
}

}  // namespace

int run_scaling(const TrainFlags& flags, const ScalingFlags& scaling) {
  return flags.dtype == "float32" ? scaling_typed<float>(flags, scaling) : scaling_typed<double>(flags, scaling);
}

}  // namespace exprjit::tools
