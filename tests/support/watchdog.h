// Test helper: runs a body on its own thread and aborts the test process if it does not finish
// in time, so that a deadlock fails the test (with a message) instead of hanging ctest.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <future>
#include <thread>

namespace exprjit::testing_support {

template <class Body> void run_with_watchdog(std::chrono::seconds limit, const char* what, Body body) {
  std::promise<void> finished;
  std::future<void> result = finished.get_future();
  std::thread runner([&] {
    try {
      body();
      finished.set_value();
    } catch (...) {
      finished.set_exception(std::current_exception());
    }
  });
  if (result.wait_for(limit) == std::future_status::timeout) {
    std::fprintf(stderr, "watchdog: '%s' did not finish within %lld s (deadlock?)\n", what,
                 static_cast<long long>(limit.count()));
    std::abort();  // the runner cannot be joined or cancelled; end the test here
  }
  runner.join();
  result.get();  // rethrows an exception from the body
}

}  // namespace exprjit::testing_support
