#include "compiler/vector_ops.h"

#include <cmath>
#include <string>
#include <vector>

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>

#include "compiler/complex_ops.h"
#include "compiler/functions.h"
#include "exprjit/error.h"

namespace exprjit::codegen {

using ast::BinaryOp;
using llvm::BasicBlock;
using llvm::Value;

namespace {
int element_bits(DType type) { return type == DType::Bool ? 1 : static_cast<int>(itemsize(type) * 8); }
}  // namespace

VectorOps::VectorOps(llvm::IRBuilder<>& builder, llvm::Module& module, const target::Target& target, int lanes,
                     Accuracy accuracy)
    : b_(builder),
      module_(module),
      target_(target),
      lanes_(lanes),
      accuracy_(accuracy),
      complex_(std::make_unique<ComplexOps>(builder, module, *this, lanes)) {}

VectorOps::~VectorOps() = default;

llvm::Type* VectorOps::scalar_type(DType type) const {
  auto& ctx = b_.getContext();
  switch (type) {
    case DType::Bool: return llvm::Type::getInt1Ty(ctx);
    case DType::Int8: case DType::UInt8: return llvm::Type::getInt8Ty(ctx);
    case DType::Int16: case DType::UInt16: return llvm::Type::getInt16Ty(ctx);
    case DType::Int32: case DType::UInt32: return llvm::Type::getInt32Ty(ctx);
    case DType::Int64: case DType::UInt64: return llvm::Type::getInt64Ty(ctx);
    case DType::Float32: return llvm::Type::getFloatTy(ctx);
    case DType::Float64: return llvm::Type::getDoubleTy(ctx);
    case DType::Complex64: case DType::Complex128: case DType::Bytes: break;
  }
  throw CompileError("internal error: no single LLVM type for " + std::string(dtype_name(type)));
}

llvm::VectorType* VectorOps::vector_type(DType type) const {
  return llvm::FixedVectorType::get(scalar_type(type), lanes_);
}

Value* VectorOps::constant_vector(DType type, double float_value, std::int64_t int_value) {
  llvm::Type* scalar = scalar_type(type);
  llvm::Constant* element = is_floating(type) ? llvm::ConstantFP::get(scalar, float_value)
                                              : llvm::ConstantInt::get(scalar, static_cast<std::uint64_t>(int_value), true);
  return llvm::ConstantVector::getSplat(llvm::ElementCount::getFixed(lanes_), element);
}

Value* VectorOps::splat(const ast::Constant& value, DType type) {
  if (is_complex(type)) return complex_->splat(value, type);
  if (type == DType::Bool) return constant_vector(type, 0, value.bool_value ? 1 : 0);
  return constant_vector(type, value.float_value, value.int_value);
}

Value* VectorOps::identity(ast::ReduceOp op, DType type) {
  if (is_complex(type)) return complex_->identity(op, type);
  switch (op) {
    case ast::ReduceOp::Sum: return constant_vector(type, 0.0, 0);
    case ast::ReduceOp::Prod: return constant_vector(type, 1.0, 1);
    case ast::ReduceOp::Min:
      if (type == DType::Bool) return constant_vector(type, 0, 1);
      if (type == DType::Int32) return constant_vector(type, 0, INT32_MAX);
      if (type == DType::Int64) return constant_vector(type, 0, INT64_MAX);
      return constant_vector(type, HUGE_VAL, 0);
    case ast::ReduceOp::Max:
      if (type == DType::Bool) return constant_vector(type, 0, 0);
      if (type == DType::Int32) return constant_vector(type, 0, INT32_MIN);
      if (type == DType::Int64) return constant_vector(type, 0, INT64_MIN);
      return constant_vector(type, -HUGE_VAL, 0);
  }
  return nullptr;
}

Value* VectorOps::intrinsic(llvm::Intrinsic::ID id, std::span<Value* const> args) {
  return b_.CreateIntrinsic(id, {args[0]->getType()}, llvm::ArrayRef<Value*>(args.data(), args.size()));
}

Value* VectorOps::cast(Value* value, DType from, DType to) {
  if (from == to) return value;
  if (is_complex(from) || is_complex(to)) return complex_->cast(value, from, to);
  llvm::Type* target = vector_type(to);
  if (to == DType::Bool) {
    if (is_floating(from)) return b_.CreateFCmpUNE(value, llvm::Constant::getNullValue(value->getType()));
    return b_.CreateICmpNE(value, llvm::Constant::getNullValue(value->getType()));
  }
  if (from == DType::Bool) return is_floating(to) ? b_.CreateUIToFP(value, target) : b_.CreateZExt(value, target);
  const bool from_unsigned = is_unsigned_integer(from);
  if (is_integer(from) && is_integer(to))
    return from_unsigned ? b_.CreateZExtOrTrunc(value, target) : b_.CreateSExtOrTrunc(value, target);
  if (is_integer(from)) return from_unsigned ? b_.CreateUIToFP(value, target) : b_.CreateSIToFP(value, target);
  if (is_floating(to)) return b_.CreateFPCast(value, target);
  // float -> integer saturates (NaN -> 0) instead of producing poison.
  const auto saturating = is_unsigned_integer(to) ? llvm::Intrinsic::fptoui_sat : llvm::Intrinsic::fptosi_sat;
  return b_.CreateIntrinsic(saturating, {target, value->getType()}, {value});
}

Value* VectorOps::unary(ast::UnaryOp op, DType type, Value* operand) {
  if (is_complex(type)) return complex_->negate(operand);
  if (op == ast::UnaryOp::Neg) return is_floating(type) ? b_.CreateFNeg(operand) : b_.CreateNeg(operand);
  return b_.CreateNot(operand);
}

Value* VectorOps::binary(BinaryOp op, DType type, Value* a, Value* b) {
  if (is_complex(type)) return complex_->binary(op, type, a, b);
  const bool fp = is_floating(type);
  switch (op) {
    case BinaryOp::Add: return fp ? b_.CreateFAdd(a, b) : b_.CreateAdd(a, b);
    case BinaryOp::Sub: return fp ? b_.CreateFSub(a, b) : b_.CreateSub(a, b);
    case BinaryOp::Mul: return fp ? b_.CreateFMul(a, b) : b_.CreateMul(a, b);
    case BinaryOp::Div: return b_.CreateFDiv(a, b);
    case BinaryOp::FloorDiv: return floor_divide(type, a, b);
    case BinaryOp::Mod: return remainder(type, a, b);
    case BinaryOp::Pow: {
      if (!fp) return integer_power(type, a, b);
      Value* args[] = {a, b};
      return with_libm_fallback(sleef("pow", "u10", type, args), "pow", type, args);
    }
    case BinaryOp::LShift: return shift(true, type, a, b);
    case BinaryOp::RShift: return shift(false, type, a, b);
    case BinaryOp::BitAnd: return b_.CreateAnd(a, b);
    case BinaryOp::BitOr: return b_.CreateOr(a, b);
    case BinaryOp::BitXor: return b_.CreateXor(a, b);
    case BinaryOp::Less: return fp ? b_.CreateFCmpOLT(a, b) : type == DType::Bool ? b_.CreateICmpULT(a, b) : b_.CreateICmpSLT(a, b);
    case BinaryOp::LessEqual: return fp ? b_.CreateFCmpOLE(a, b) : type == DType::Bool ? b_.CreateICmpULE(a, b) : b_.CreateICmpSLE(a, b);
    case BinaryOp::Equal: return fp ? b_.CreateFCmpOEQ(a, b) : b_.CreateICmpEQ(a, b);
    case BinaryOp::NotEqual: return fp ? b_.CreateFCmpUNE(a, b) : b_.CreateICmpNE(a, b);
    case BinaryOp::GreaterEqual: return fp ? b_.CreateFCmpOGE(a, b) : type == DType::Bool ? b_.CreateICmpUGE(a, b) : b_.CreateICmpSGE(a, b);
    case BinaryOp::Greater: return fp ? b_.CreateFCmpOGT(a, b) : type == DType::Bool ? b_.CreateICmpUGT(a, b) : b_.CreateICmpSGT(a, b);
  }
  return nullptr;
}

// Integer // and % never trap: x // 0 == x % 0 == 0 (NumPy's results), and MIN // -1 wraps.
// The divisor is replaced by 1 in the lanes where hardware division would fault.
Value* VectorOps::floor_divide(DType type, Value* a, Value* b) {
  if (is_floating(type)) return float_divmod(a, b, type, true);
  Value* zero = constant_vector(type, 0, 0);
  Value* minus_one = constant_vector(type, 0, -1);
  Value* b_zero = b_.CreateICmpEQ(b, zero);
  Value* b_minus_one = b_.CreateICmpEQ(b, minus_one);
  Value* safe_b = b_.CreateSelect(b_.CreateOr(b_zero, b_minus_one), constant_vector(type, 0, 1), b);
  Value* q = b_.CreateSDiv(a, safe_b);
  Value* r = b_.CreateSRem(a, safe_b);
  Value* signs_differ = b_.CreateICmpSLT(b_.CreateXor(r, safe_b), zero);
  Value* adjust = b_.CreateAnd(b_.CreateICmpNE(r, zero), signs_differ);
  q = b_.CreateSub(q, b_.CreateZExt(adjust, q->getType()));
  q = b_.CreateSelect(b_minus_one, b_.CreateNeg(a), q);
  return b_.CreateSelect(b_zero, zero, q);
}

Value* VectorOps::remainder(DType type, Value* a, Value* b) {
  if (is_floating(type)) return float_divmod(a, b, type, false);
  Value* zero = constant_vector(type, 0, 0);
  Value* unsafe = b_.CreateOr(b_.CreateICmpEQ(b, zero), b_.CreateICmpEQ(b, constant_vector(type, 0, -1)));
  Value* safe_b = b_.CreateSelect(unsafe, constant_vector(type, 0, 1), b);
  Value* r = b_.CreateSRem(a, safe_b);
  Value* signs_differ = b_.CreateICmpSLT(b_.CreateXor(r, safe_b), zero);
  Value* adjust = b_.CreateAnd(b_.CreateICmpNE(r, zero), signs_differ);
  r = b_.CreateSelect(adjust, b_.CreateAdd(r, safe_b), r);
  return b_.CreateSelect(unsafe, zero, r);
}

// NumPy's npy_divmod, lane by lane: the floored quotient or the remainder with the sign of
// the divisor, with its handling of zeros, infinities and NaN.
Value* VectorOps::float_divmod(Value* a, Value* b, DType type, bool want_quotient) {
  Value* args[] = {a, b};
  Value* fmod = with_libm_fallback(sleef("fmod", "", type, args), "fmod", type, args);
  Value* zero = constant_vector(type, 0.0, 0);
  Value* b_is_zero = b_.CreateFCmpOEQ(b, zero);
  Value* mod_nonzero = b_.CreateFCmpUNE(fmod, zero);
  Value* signs_differ = b_.CreateICmpNE(b_.CreateFCmpOLT(b, zero), b_.CreateFCmpOLT(fmod, zero));
  Value* adjust = b_.CreateAnd(mod_nonzero, signs_differ);
  Value* copysign_zero_b = b_.CreateIntrinsic(llvm::Intrinsic::copysign, {zero->getType()}, {zero, b});
  Value* mod = b_.CreateSelect(adjust, b_.CreateFAdd(fmod, b), b_.CreateSelect(mod_nonzero, fmod, copysign_zero_b));
  if (!want_quotient) return b_.CreateSelect(b_is_zero, fmod, mod);

  Value* quotient = b_.CreateFDiv(a, b);
  Value* div = b_.CreateFDiv(b_.CreateFSub(a, fmod), b);
  div = b_.CreateSelect(adjust, b_.CreateFSub(div, constant_vector(type, 1.0, 0)), div);
  Value* floor_div = b_.CreateIntrinsic(llvm::Intrinsic::floor, {div->getType()}, {div});
  Value* round_up = b_.CreateFCmpOGT(b_.CreateFSub(div, floor_div), constant_vector(type, 0.5, 0));
  floor_div = b_.CreateSelect(round_up, b_.CreateFAdd(floor_div, constant_vector(type, 1.0, 0)), floor_div);
  Value* signed_zero = b_.CreateIntrinsic(llvm::Intrinsic::copysign, {zero->getType()}, {zero, quotient});
  floor_div = b_.CreateSelect(b_.CreateFCmpUNE(div, zero), floor_div, signed_zero);
  return b_.CreateSelect(b_is_zero, quotient, floor_div);
}

// Exponentiation by squaring over every exponent bit, so lanes need no branches. Negative
// exponents give the integer part of 1/base**-e: 1 for base 1, +-1 for base -1, else 0.
Value* VectorOps::integer_power(DType type, Value* base, Value* exponent) {
  const int bits = element_bits(type);
  Value* one = constant_vector(type, 0, 1);
  Value* zero = constant_vector(type, 0, 0);
  Value* result = one;
  Value* square = base;
  Value* e = exponent;
  for (int bit = 0; bit < bits - 1; ++bit) {
    Value* odd = b_.CreateICmpNE(b_.CreateAnd(e, one), zero);
    result = b_.CreateSelect(odd, b_.CreateMul(result, square), result);
    square = b_.CreateMul(square, square);
    e = b_.CreateLShr(e, one);
  }
  Value* negative = b_.CreateICmpSLT(exponent, zero);
  Value* base_minus_one = b_.CreateICmpEQ(base, constant_vector(type, 0, -1));
  Value* exponent_odd = b_.CreateICmpNE(b_.CreateAnd(exponent, one), zero);
  Value* reciprocal = b_.CreateSelect(b_.CreateICmpEQ(base, one), one,
                                      b_.CreateSelect(base_minus_one,
                                                      b_.CreateSelect(exponent_odd, constant_vector(type, 0, -1), one),
                                                      zero));
  return b_.CreateSelect(negative, reciprocal, result);
}

// Shifts by a negative amount or by at least the bit width give NumPy's results (0, or the
// sign for >>) instead of LLVM poison.
Value* VectorOps::shift(bool left, DType type, Value* a, Value* b) {
  const int bits = element_bits(type);
  Value* in_range = b_.CreateICmpULT(b, constant_vector(type, 0, bits));
  if (left) {
    Value* amount = b_.CreateSelect(in_range, b, constant_vector(type, 0, 0));
    return b_.CreateSelect(in_range, b_.CreateShl(a, amount), constant_vector(type, 0, 0));
  }
  Value* amount = b_.CreateSelect(in_range, b, constant_vector(type, 0, bits - 1));
  return b_.CreateAShr(a, amount);
}

Value* VectorOps::is_finite(DType type, Value* x) {
  return b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x), constant_vector(type, HUGE_VAL, 0));
}

Value* VectorOps::sign(DType type, Value* x) {
  Value* zero = constant_vector(type, 0.0, 0);
  Value* one = constant_vector(type, 1.0, 1);
  Value* minus_one = constant_vector(type, -1.0, -1);
  if (!is_floating(type)) {
    return b_.CreateSelect(b_.CreateICmpSGT(x, zero), one, b_.CreateSelect(b_.CreateICmpSLT(x, zero), minus_one, zero));
  }
  // NaN stays NaN; both zeros give +0, as NumPy's sign.
  Value* small = b_.CreateSelect(b_.CreateFCmpOEQ(x, zero), zero, x);
  return b_.CreateSelect(b_.CreateFCmpOGT(x, zero), one, b_.CreateSelect(b_.CreateFCmpOLT(x, zero), minus_one, small));
}

Value* VectorOps::call(int index, DType type, std::span<Value* const> args) {
  using functions::Lowering;
  const functions::Function& function = functions::get(index);
  if (is_complex(type) || function.lowering == Lowering::MakeComplex) return complex_->call(function, type, args);
  const bool fp = is_floating(type);
  switch (function.lowering) {
    case Lowering::Sleef: {
      Value* result = sleef(function.sleef_name,
                            accuracy_ == Accuracy::Fast ? function.fast_suffix : function.precise_suffix, type, args);
      if (function.libm_fallback) result = with_libm_fallback(result, function.sleef_name, type, args);
      return corrected(function, type, args, result);
    }
    case Lowering::Sqrt: return intrinsic(llvm::Intrinsic::sqrt, args);
    case Lowering::Abs:
      if (fp) return intrinsic(llvm::Intrinsic::fabs, args);
      return b_.CreateIntrinsic(llvm::Intrinsic::abs, {args[0]->getType()}, {args[0], b_.getFalse()});
    case Lowering::Sign: return sign(type, args[0]);
    case Lowering::Trunc: return intrinsic(llvm::Intrinsic::trunc, args);
    case Lowering::Round: return fp ? intrinsic(llvm::Intrinsic::roundeven, args) : args[0];
    case Lowering::Copy: return args[0];
    case Lowering::OnesLike: return constant_vector(type, 1.0, 1);
    case Lowering::Ceil: return intrinsic(llvm::Intrinsic::ceil, args);
    case Lowering::Floor: return intrinsic(llvm::Intrinsic::floor, args);
    case Lowering::CopySign: return intrinsic(llvm::Intrinsic::copysign, args);
    case Lowering::Maximum:
      return fp ? intrinsic(llvm::Intrinsic::maximum, args) : intrinsic(llvm::Intrinsic::smax, args);
    case Lowering::Minimum:
      return fp ? intrinsic(llvm::Intrinsic::minimum, args) : intrinsic(llvm::Intrinsic::smin, args);
    case Lowering::IsNan: return b_.CreateFCmpUNO(args[0], args[0]);
    case Lowering::IsInf:
      return b_.CreateFCmpOEQ(intrinsic(llvm::Intrinsic::fabs, args), constant_vector(type, HUGE_VAL, 0));
    case Lowering::IsFinite: return is_finite(type, args[0]);
    case Lowering::SignBit: {
      llvm::Type* int_type = vector_type(type == DType::Float32 ? DType::Int32 : DType::Int64);
      return b_.CreateICmpSLT(b_.CreateBitCast(args[0], int_type), llvm::Constant::getNullValue(int_type));
    }
    case Lowering::Where: return b_.CreateSelect(args[0], args[1], args[2]);
    // real(x) = conj(x) = x and imag(x) = 0 for real x, as NumPy.
    case Lowering::Real: case Lowering::Conj: return args[0];
    case Lowering::Imag: return llvm::Constant::getNullValue(args[0]->getType());
    case Lowering::MakeComplex: break;
  }
  return nullptr;
}

Value* VectorOps::combine(ast::ReduceOp op, DType type, Value* a, Value* b) {
  if (is_complex(type)) return complex_->combine(op, type, a, b);
  const bool fp = is_floating(type);
  Value* args[] = {a, b};
  switch (op) {
    case ast::ReduceOp::Sum: return fp ? b_.CreateFAdd(a, b) : b_.CreateAdd(a, b);
    case ast::ReduceOp::Prod: return fp ? b_.CreateFMul(a, b) : b_.CreateMul(a, b);
    case ast::ReduceOp::Min:
      if (type == DType::Bool) return b_.CreateAnd(a, b);
      return fp ? intrinsic(llvm::Intrinsic::minimum, args) : intrinsic(llvm::Intrinsic::smin, args);
    case ast::ReduceOp::Max:
      if (type == DType::Bool) return b_.CreateOr(a, b);
      return fp ? intrinsic(llvm::Intrinsic::maximum, args) : intrinsic(llvm::Intrinsic::smax, args);
  }
  return nullptr;
}

Value* VectorOps::horizontal(ast::ReduceOp op, DType type, Value* vector) {
  int width = lanes_;
  while (width > 1) {
    const int half = width / 2;
    llvm::SmallVector<int, 32> low, high;
    for (int i = 0; i < half; ++i) {
      low.push_back(i);
      high.push_back(i + half);
    }
    vector = combine(op, type, b_.CreateShuffleVector(vector, low), b_.CreateShuffleVector(vector, high));
    width = half;
  }
  return b_.CreateExtractElement(vector, std::uint64_t{0});
}

// Repairs of SLEEF 3.5.1 results that exceed the mode's bound (measured by exprjit-accuracy,
// docs/accuracy.md).
Value* VectorOps::corrected(const functions::Function& function, DType type, std::span<Value* const> args,
                            Value* result) {
  Value* x = args[0];
  Value* abs_x = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, x);
  if (function.tiny_identity) {
    // tanh(x) = x - x^3/3 + ..., asinh(x) = x - x^3/6 + ..., atanh(x) = x + x^3/3 + ...: below
    // this bound x^2/3 < 2^-(precision+1), so x is the correctly rounded result (subnormals too).
    const double tiny = type == DType::Float32 ? 0x1p-13 : 0x1p-27;
    result = b_.CreateSelect(b_.CreateFCmpOLT(abs_x, constant_vector(type, tiny, 0)), x, result);
  }
  if (function.sleef_name == "tanh" && type == DType::Float64 && accuracy_ == Accuracy::Precise) {
    // Sleef_tanhd*_u10 returns +-1 from |x| > 18.714973875, but tanh(x) rounds to 1 only from
    // |x| > 55*ln(2)/2 = 19.06; in between 1 - 2/(exp(2|x|)+1) is within 0.5 ULP + a tiny bit
    // (the quotient is below 2^-50, so its own error is negligible).
    Value* lanes = b_.CreateAnd(b_.CreateFCmpOGT(abs_x, constant_vector(type, 18.5, 0)),
                                b_.CreateFCmpOLT(abs_x, constant_vector(type, 19.5, 0)));
    result = patch_lanes(result, lanes, [&] {
      Value* twice[] = {b_.CreateFAdd(abs_x, abs_x)};
      Value* e = sleef("exp", "u10", type, twice);
      Value* one = constant_vector(type, 1.0, 1);
      Value* q = b_.CreateFDiv(constant_vector(type, 2.0, 2), b_.CreateFAdd(e, one));
      return b_.CreateIntrinsic(llvm::Intrinsic::copysign, {x->getType()}, {b_.CreateFSub(one, q), x});
    });
  }
  if (function.sleef_name == "hypot" && accuracy_ == Accuracy::Fast) {
    // Sleef_hypot*_u35 returns the largest finite value where the correctly rounded result
    // overflows to inf; near overflow, use the u05 variant.
    const double quarter_max = type == DType::Float32 ? 0x1p126 : 0x1p1022;
    Value* abs_y = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, args[1]);
    Value* lanes = b_.CreateFCmpOGT(b_.CreateBinaryIntrinsic(llvm::Intrinsic::maxnum, abs_x, abs_y),
                                    constant_vector(type, quarter_max, 0));
    result = patch_lanes(result, lanes, [&] { return sleef("hypot", "u05", type, args); });
  }
  return result;
}

// Replaces the lanes selected by `lanes` with `replacement()`, which is only computed (on a cold
// path, blocks `block_name` and `block_name`_join) when at least one lane is selected.
Value* VectorOps::patch_lanes(Value* result, Value* lanes, llvm::function_ref<Value*()> replacement,
                              std::string_view block_name) {
  llvm::Function* function = b_.GetInsertBlock()->getParent();
  auto& ctx = b_.getContext();
  BasicBlock* before = b_.GetInsertBlock();
  BasicBlock* slow = BasicBlock::Create(ctx, llvm::StringRef(block_name), function);
  BasicBlock* join = BasicBlock::Create(ctx, llvm::Twine(llvm::StringRef(block_name)) + "_join", function);
  llvm::MDBuilder weights(ctx);
  b_.CreateCondBr(b_.CreateOrReduce(lanes), slow, join, weights.createBranchWeights(1, 1 << 20));

  b_.SetInsertPoint(slow);
  Value* patched = b_.CreateSelect(lanes, replacement(), result);
  BasicBlock* slow_end = b_.GetInsertBlock();
  b_.CreateBr(join);

  b_.SetInsertPoint(join);
  llvm::PHINode* merged = b_.CreatePHI(result->getType(), 2);
  merged->addIncoming(result, before);
  merged->addIncoming(patched, slow_end);
  return merged;
}

std::span<const std::string_view> VectorOps::libm_fallback_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> list{"pow"};  // the ** operator, not in the function table
    for (const functions::Function& function : functions::all())
      if (function.libm_fallback) list.push_back(function.sleef_name);
    return list;
  }();
  return names;
}

// SLEEF 3.5.1 returns inf or NaN for some finite results (exp just below its overflow threshold,
// sinh/cosh above 709.78, asinh/acosh of huge arguments, log1p above 1e307, pow near DBL_MAX,
// fmod when x/y overflows). Lanes whose result is not finite although every argument is are
// recomputed with glibc, on a cold path that ordinary data never takes.
Value* VectorOps::with_libm_fallback(Value* fast, std::string_view libm_name, DType type,
                                     std::span<Value* const> args) {
  Value* suspect = b_.CreateNot(is_finite(type, fast));
  for (Value* arg : args) suspect = b_.CreateAnd(suspect, is_finite(type, arg));
  return patch_lanes(fast, suspect, [&] {
    // float32 lanes are recomputed in double and rounded once: glibc's float functions (sinhf,
    // ...) are not always within 1 ULP, the double ones are, and double has the range to spare.
    llvm::Type* scalar = scalar_type(type);
    llvm::Type* wide = b_.getDoubleTy();
    llvm::SmallVector<llvm::Type*, 2> params(args.size(), wide);
    llvm::FunctionCallee libm = module_.getOrInsertFunction(libm_name, llvm::FunctionType::get(wide, params, false));
    Value* exact = fast;
    for (int lane = 0; lane < lanes_; ++lane) {
      llvm::SmallVector<Value*, 2> lane_args;
      for (Value* arg : args) lane_args.push_back(b_.CreateFPExt(b_.CreateExtractElement(arg, std::uint64_t(lane)), wide));
      exact = b_.CreateInsertElement(exact, b_.CreateFPTrunc(b_.CreateCall(libm, lane_args), scalar), std::uint64_t(lane));
    }
    return exact;
  }, "libm_fallback");
}

// Calls the SLEEF variant for this vector width, splitting wider vectors into the widest
// variant the CPU has and padding narrower ones.
Value* VectorOps::sleef(std::string_view name, std::string_view accuracy, DType type,
                        std::span<Value* const> args) {
  const int bits = element_bits(type);
  int native = target_.vector_bits / bits;
  if (native < lanes_) {
    // Split: call on each native-width piece, then concatenate.
    llvm::SmallVector<Value*, 4> pieces;
    for (int start = 0; start < lanes_; start += native) {
      llvm::SmallVector<int, 32> mask;
      for (int i = 0; i < native; ++i) mask.push_back(start + i);
      llvm::SmallVector<Value*, 3> part_args;
      for (Value* arg : args) part_args.push_back(b_.CreateShuffleVector(arg, mask));
      pieces.push_back(sleef_exact_width(name, accuracy, type, native, part_args));
    }
    while (pieces.size() > 1) {
      llvm::SmallVector<Value*, 4> joined;
      for (std::size_t i = 0; i < pieces.size(); i += 2) {
        const int width = static_cast<int>(llvm::cast<llvm::FixedVectorType>(pieces[i]->getType())->getNumElements());
        llvm::SmallVector<int, 32> mask;
        for (int k = 0; k < 2 * width; ++k) mask.push_back(k);
        joined.push_back(b_.CreateShuffleVector(pieces[i], pieces[i + 1], mask));
      }
      pieces = joined;
    }
    return pieces[0];
  }
  // Use the narrowest SLEEF variant (128-bit) that holds `lanes_`, padding with zeros.
  int width = 128 / bits;
  while (width < lanes_) width *= 2;
  if (width == lanes_) return sleef_exact_width(name, accuracy, type, lanes_, args);
  llvm::SmallVector<int, 32> widen, narrow;
  for (int i = 0; i < width; ++i) widen.push_back(i < lanes_ ? i : lanes_);
  for (int i = 0; i < lanes_; ++i) narrow.push_back(i);
  llvm::SmallVector<Value*, 3> wide_args;
  for (Value* arg : args)
    wide_args.push_back(b_.CreateShuffleVector(arg, llvm::Constant::getNullValue(arg->getType()), widen));
  return b_.CreateShuffleVector(sleef_exact_width(name, accuracy, type, width, wide_args), narrow);
}

Value* VectorOps::sleef_exact_width(std::string_view name, std::string_view accuracy, DType type, int lanes,
                                    std::span<Value* const> args) {
  const int bits = element_bits(type);
  const std::string_view isa = target::sleef_isa(target_.level, bits, lanes);
  if (isa.empty()) throw CompileError("no SLEEF variant of " + std::string(name) + " for this CPU");
  std::string symbol = "Sleef_" + std::string(name) + (type == DType::Float32 ? "f" : "d") + std::to_string(lanes) +
                       "_" + std::string(accuracy) + std::string(isa);
  llvm::Type* vector = llvm::FixedVectorType::get(scalar_type(type), lanes);
  llvm::SmallVector<llvm::Type*, 3> params(args.size(), vector);
  auto* function_type = llvm::FunctionType::get(vector, params, false);
  llvm::FunctionCallee callee = module_.getOrInsertFunction(symbol, function_type);
  if (auto* declared = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
    declared->setDoesNotAccessMemory();
    declared->setDoesNotThrow();
    declared->setWillReturn();
    declared->addFnAttr("target-features", target_.features);
  }
  return b_.CreateCall(callee, llvm::ArrayRef<Value*>(args.data(), args.size()));
}

}  // namespace exprjit::codegen
