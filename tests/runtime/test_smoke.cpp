// End-to-end: the whole evaluate path (parse -> JIT -> TBB) on the expression exprjit exists for.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "exprjit/exprjit.h"

namespace exprjit {
namespace {

TEST(Smoke, SigmoidMatchesCmath) {
  std::vector<double> z;
  for (int i = 0; i < 1001; ++i) z.push_back(-50.0 + 0.1 * i);
  const Array y = evaluate("1/(1+exp(-z))", {{"z", Array::from(z)}});
  ASSERT_EQ(y.dtype(), DType::Float64);
  ASSERT_EQ(y.shape(), Shape{1001});
  const std::vector<double> got = y.to_vector<double>();
  for (std::size_t i = 0; i < z.size(); ++i) EXPECT_NEAR(got[i], 1.0 / (1.0 + std::exp(-z[i])), 1e-15) << z[i];
}

}  // namespace
}  // namespace exprjit
