// exprjit-mnist train: trains, prints progress and a summary, writes history, chart and model.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "exprjit/error.h"
#include "exprjit/exprjit.h"
#include "nn/blas.h"
#include "nn/model_file.h"
#include "tools/mnist/commands.h"
#include "tools/mnist/progress.h"
#include "tools/mnist/svg_chart.h"

namespace exprjit::tools {
namespace {

std::string history_csv(const std::vector<nn::HistoryRow>& history) {
  std::ostringstream csv;
  csv << "step,cost,train_accuracy,validation_accuracy,train_seconds,evaluations\n";
  csv.precision(10);
  for (const auto& r : history)
    csv << r.step << ',' << r.cost << ',' << r.train_accuracy << ',' << r.validation_accuracy << ',' << r.train_seconds << ','
        << r.evaluations << '\n';
  return csv.str();
}

Chart accuracy_chart(const std::vector<nn::HistoryRow>& history, const std::string& step_name, const std::string& title) {
  Series train{"training", {}, {}}, validation{"validation", {}, {}};
  for (const auto& r : history) {
    if (r.train_accuracy >= 0) train.x.push_back(r.step), train.y.push_back(100 * r.train_accuracy);
    if (r.validation_accuracy >= 0) validation.x.push_back(r.step), validation.y.push_back(100 * r.validation_accuracy);
  }
  Chart chart{title, step_name, "accuracy (%)", {}, Corner::BottomRight};
  if (!train.x.empty()) chart.series.push_back(train);
  chart.series.push_back(validation);
  return chart;
}

// "784-300-10, cg, float64": what fits a chart title.
std::string short_description(const TrainFlags& flags) {
  return "784-" + flags.hidden + "-10, " + flags.optimizer + ", " + flags.dtype;
}

template <class T>
void print_summary(const nn::TrainResult<T>& r) {
  const double per_eval = r.profile.evaluations ? r.train_seconds / double(r.profile.evaluations) : 0;
  std::printf("training: %d steps, %ld cost/gradient evaluations, %.2f s (%.3f s per evaluation); stop: %s\n",
              r.optimizer.iterations, r.profile.evaluations, r.train_seconds, per_eval, r.optimizer.stop_reason.c_str());
  const double total = r.train_seconds > 0 ? r.train_seconds : 1;
  std::printf("time share: BLAS (GEMM/GEMV) %.1f%%, exprjit kernels %.1f%%, other %.1f%%\n", 100 * r.profile.blas_seconds / total,
              100 * r.profile.kernel_seconds / total, 100 * (1 - (r.profile.blas_seconds + r.profile.kernel_seconds) / total));
  std::printf("accuracy: training %.2f%%  validation %.2f%%  test %.2f%%\n", 100 * r.train_accuracy,
              100 * r.validation_accuracy, 100 * r.test_accuracy);
  std::printf("monitoring (per-step accuracies, not in the training time): %.2f s\n", r.monitor_seconds);
}

template <class T>
int train_typed(const TrainFlags& flags, const TrainOutputs& outputs) {
  const nn::TrainOptions options = to_train_options(flags);
  for (const std::string& path : {outputs.history_csv, outputs.plot_svg, outputs.model_path})
    if (!path.empty()) check_writable(path);
  const int threads = apply_threads(outputs.threads);
  const nn::Mnist<T> data = nn::load_mnist<T>(flags.data_dir, flags.train_count);
  std::printf("exprjit-mnist: %s; %d threads; %s\n", describe(flags, options).c_str(), threads, blas_description().c_str());
  std::fflush(stdout);

  ProgressPrinter progress(stderr);
  const nn::TrainResult<T> result =
      nn::train<T>(data, options, [&](const nn::HistoryRow& row, int planned) { progress.update(row, planned); });
  progress.finish();
  print_summary(result);

  const bool sgd = options.optimizer == nn::OptimizerKind::Sgd;
  if (!outputs.history_csv.empty()) write_text_file(outputs.history_csv, history_csv(result.history));
  if (!outputs.plot_svg.empty())
    write_text_file(outputs.plot_svg, render_svg({accuracy_chart(result.history, sgd ? "epoch" : "iteration",
                                                                 "MNIST accuracy, " + short_description(flags))}));
  if (!outputs.model_path.empty())
    nn::save_model<T>(outputs.model_path, result.network, std::span<const T>(result.parameters));
  return 0;
}

}  // namespace

int run_train(const TrainFlags& flags, const TrainOutputs& outputs) {
  return flags.dtype == "float32" ? train_typed<float>(flags, outputs) : train_typed<double>(flags, outputs);
}

int apply_threads(int threads) {
  if (threads < 0) throw ValueError("--threads must be >= 1");
  if (threads > 0) nn::set_thread_count(threads);
  else nn::set_thread_count(get_num_threads());  // OpenBLAS follows exprjit's default
  return get_num_threads();
}

void check_writable(const std::string& path) {
  const std::string probe = path + ".tmp";
  std::ofstream file(probe, std::ios::app);
  if (!file) throw IOError("cannot write " + path);
  file.close();
  std::remove(probe.c_str());
}

std::string blas_description() {
  const nn::blas::Info& info = nn::blas::info();
  return "OpenBLAS " + info.corename + " kernels (chosen by " + info.chosen_by + ")";
}

}  // namespace exprjit::tools
