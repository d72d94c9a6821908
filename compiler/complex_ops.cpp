#include "compiler/complex_ops.h"

#include <cmath>
#include <string>

#include <llvm/IR/Module.h>

#include "compiler/complex_functions.h"
#include "compiler/vector_ops.h"
#include "exprjit/error.h"

namespace exprjit::codegen {

using ast::BinaryOp;
using llvm::Value;

ComplexOps::ComplexOps(llvm::IRBuilder<>& builder, llvm::Module& module, VectorOps& real, int lanes)
    : b_(builder), module_(module), real_(real), lanes_(lanes) {}

llvm::Type* ComplexOps::part_type(DType type) const { return real_.vector_type(real_part_type(type)); }

llvm::StructType* ComplexOps::vector_type(DType type) const {
  return llvm::StructType::get(b_.getContext(), {part_type(type), part_type(type)});
}

Value* ComplexOps::make(Value* re, Value* im) {
  llvm::StructType* type = llvm::StructType::get(b_.getContext(), {re->getType(), im->getType()});
  Value* z = llvm::PoisonValue::get(type);
  return b_.CreateInsertValue(b_.CreateInsertValue(z, re, 0), im, 1);
}

Value* ComplexOps::re(Value* z) { return b_.CreateExtractValue(z, 0); }
Value* ComplexOps::im(Value* z) { return b_.CreateExtractValue(z, 1); }

Value* ComplexOps::part_constant(DType type, double value) {
  return llvm::ConstantFP::get(part_type(type), value);
}

Value* ComplexOps::splat(const ast::Constant& value, DType type) {
  return make(part_constant(type, value.float_value), part_constant(type, value.imag_value));
}

Value* ComplexOps::load_scalar(DType type, Value* address) {
  llvm::Type* part = real_.scalar_type(real_part_type(type));
  const auto part_bytes = static_cast<std::int64_t>(itemsize(real_part_type(type)));
  Value* re = b_.CreateLoad(part, address);
  Value* im = b_.CreateLoad(part, b_.CreateConstGEP1_64(b_.getInt8Ty(), address, part_bytes));
  return make(b_.CreateVectorSplat(lanes_, re), b_.CreateVectorSplat(lanes_, im));
}

Value* ComplexOps::select(Value* mask, Value* a, Value* b) {
  return make(b_.CreateSelect(mask, re(a), re(b)), b_.CreateSelect(mask, im(a), im(b)));
}

namespace {
llvm::SmallVector<int, 64> stride_two(int count, int first) {
  llvm::SmallVector<int, 64> indices;
  for (int i = 0; i < count; ++i) indices.push_back(2 * i + first);
  return indices;
}
}  // namespace

// One <2 x lanes> load of the pairs, split into even (real) and odd (imaginary) elements.
Value* ComplexOps::load_contiguous(DType type, Value* base, Value* mask) {
  const DType part = real_part_type(type);
  llvm::Type* pairs = llvm::FixedVectorType::get(real_.scalar_type(part), 2 * lanes_);
  const llvm::Align align(itemsize(part));
  Value* loaded;
  if (mask) {
    llvm::SmallVector<int, 64> twice;
    for (int i = 0; i < 2 * lanes_; ++i) twice.push_back(i / 2);
    loaded = b_.CreateMaskedLoad(pairs, base, align, b_.CreateShuffleVector(mask, twice),
                                 llvm::Constant::getNullValue(pairs));
  } else {
    loaded = b_.CreateAlignedLoad(pairs, base, align);
  }
  return make(b_.CreateShuffleVector(loaded, stride_two(lanes_, 0)), b_.CreateShuffleVector(loaded, stride_two(lanes_, 1)));
}

void ComplexOps::store_contiguous(DType type, Value* value, Value* base, Value* mask) {
  const llvm::Align align(itemsize(real_part_type(type)));
  llvm::SmallVector<int, 64> interleave;
  for (int i = 0; i < lanes_; ++i) {
    interleave.push_back(i);
    interleave.push_back(i + lanes_);
  }
  Value* pairs = b_.CreateShuffleVector(re(value), im(value), interleave);
  if (!mask) {
    b_.CreateAlignedStore(pairs, base, align);
    return;
  }
  llvm::SmallVector<int, 64> twice;
  for (int i = 0; i < 2 * lanes_; ++i) twice.push_back(i / 2);
  b_.CreateMaskedStore(pairs, base, align, b_.CreateShuffleVector(mask, twice));
}

// The real parts at the element addresses, the imaginary parts one part further.
Value* ComplexOps::gather(DType type, Value* pointers, Value* mask) {
  const DType part = real_part_type(type);
  const llvm::Align align(itemsize(part));
  llvm::Type* vector = part_type(type);
  Value* zeros = llvm::Constant::getNullValue(vector);
  Value* imag_pointers = b_.CreateGEP(b_.getInt8Ty(), pointers, b_.getInt64(static_cast<std::int64_t>(itemsize(part))));
  return make(b_.CreateMaskedGather(vector, pointers, align, mask, zeros),
              b_.CreateMaskedGather(vector, imag_pointers, align, mask, zeros));
}

void ComplexOps::scatter(DType type, Value* value, Value* pointers, Value* mask) {
  const DType part = real_part_type(type);
  const llvm::Align align(itemsize(part));
  Value* imag_pointers = b_.CreateGEP(b_.getInt8Ty(), pointers, b_.getInt64(static_cast<std::int64_t>(itemsize(part))));
  b_.CreateMaskedScatter(re(value), pointers, align, mask);
  b_.CreateMaskedScatter(im(value), imag_pointers, align, mask);
}

// NumPy's conversions: complex -> complex rounds each part; real -> complex has a +0 imaginary
// part; complex -> bool is "either part nonzero"; complex -> other reals drops the imaginary
// part (only reachable through out= with casting='unsafe').
Value* ComplexOps::cast(Value* value, DType from, DType to) {
  if (is_complex(from) && is_complex(to)) {
    return make(b_.CreateFPCast(re(value), part_type(to)), b_.CreateFPCast(im(value), part_type(to)));
  }
  if (is_complex(to)) {
    return make(real_.cast(value, from, real_part_type(to)), part_constant(to, 0.0));
  }
  if (to == DType::Bool) {
    Value* zero = part_constant(from, 0.0);
    return b_.CreateOr(b_.CreateFCmpUNE(re(value), zero), b_.CreateFCmpUNE(im(value), zero));
  }
  return real_.cast(re(value), real_part_type(from), to);
}

Value* ComplexOps::negate(Value* z) { return make(b_.CreateFNeg(re(z)), b_.CreateFNeg(im(z))); }

// The plain formula, as NumPy (no C99 Annex G recovery of infinities).
Value* ComplexOps::multiply(Value* a, Value* b) {
  Value* ar = re(a);
  Value* ai = im(a);
  Value* br = re(b);
  Value* bi = im(b);
  return make(b_.CreateFSub(b_.CreateFMul(ar, br), b_.CreateFMul(ai, bi)),
              b_.CreateFAdd(b_.CreateFMul(ar, bi), b_.CreateFMul(ai, br)));
}

// NumPy's complex divide (numpy/core/src/umath/loops.c.src): Smith's method, and for a zero
// divisor the parts divided by |Re b| = +0 (inf or nan). All three branches are computed and
// selected per lane.
Value* ComplexOps::divide(DType type, Value* a, Value* b) {
  Value* ar = re(a);
  Value* ai = im(a);
  Value* br = re(b);
  Value* bi = im(b);
  Value* one = part_constant(type, 1.0);
  Value* zero = part_constant(type, 0.0);
  Value* abs_br = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, br);
  Value* abs_bi = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, bi);
  Value* real_larger = b_.CreateFCmpOGE(abs_br, abs_bi);
  Value* divisor_zero = b_.CreateAnd(b_.CreateFCmpOEQ(abs_br, zero), b_.CreateFCmpOEQ(abs_bi, zero));

  Value* rat1 = b_.CreateFDiv(bi, br);
  Value* scl1 = b_.CreateFDiv(one, b_.CreateFAdd(br, b_.CreateFMul(bi, rat1)));
  Value* re1 = b_.CreateFMul(b_.CreateFAdd(ar, b_.CreateFMul(ai, rat1)), scl1);
  Value* im1 = b_.CreateFMul(b_.CreateFSub(ai, b_.CreateFMul(ar, rat1)), scl1);

  Value* rat2 = b_.CreateFDiv(br, bi);
  Value* scl2 = b_.CreateFDiv(one, b_.CreateFAdd(bi, b_.CreateFMul(br, rat2)));
  Value* re2 = b_.CreateFMul(b_.CreateFAdd(b_.CreateFMul(ar, rat2), ai), scl2);
  Value* im2 = b_.CreateFMul(b_.CreateFSub(b_.CreateFMul(ai, rat2), ar), scl2);

  Value* re0 = b_.CreateFDiv(ar, abs_br);
  Value* im0 = b_.CreateFDiv(ai, abs_bi);

  Value* re_first = b_.CreateSelect(divisor_zero, re0, re1);
  Value* im_first = b_.CreateSelect(divisor_zero, im0, im1);
  return make(b_.CreateSelect(real_larger, re_first, re2), b_.CreateSelect(real_larger, im_first, im2));
}

Value* ComplexOps::binary(BinaryOp op, DType type, Value* a, Value* b) {
  switch (op) {
    case BinaryOp::Add: return make(b_.CreateFAdd(re(a), re(b)), b_.CreateFAdd(im(a), im(b)));
    case BinaryOp::Sub: return make(b_.CreateFSub(re(a), re(b)), b_.CreateFSub(im(a), im(b)));
    case BinaryOp::Mul: return multiply(a, b);
    case BinaryOp::Div: return divide(type, a, b);
    case BinaryOp::Pow: {
      Value* args[] = {a, b};
      return helper("power", type, args);
    }
    case BinaryOp::Equal: return b_.CreateAnd(b_.CreateFCmpOEQ(re(a), re(b)), b_.CreateFCmpOEQ(im(a), im(b)));
    case BinaryOp::NotEqual: return b_.CreateOr(b_.CreateFCmpUNE(re(a), re(b)), b_.CreateFCmpUNE(im(a), im(b)));
    default: break;
  }
  throw CompileError(std::string("internal error: operator '") + ast::op_symbol(op) + "' on complex operands");
}

// NumPy 1.x's sign: the sign of the real part, or of the imaginary part when the real part is
// zero (lexicographic order), as a complex number with a zero imaginary part; nan when a
// comparison is undecided (NumPy's CGT/CLT/CEQ macros).
Value* ComplexOps::sign(DType type, Value* z) {
  Value* r = re(z);
  Value* i = im(z);
  Value* zero = part_constant(type, 0.0);
  Value* i_not_nan = b_.CreateFCmpORD(i, i);
  Value* r_zero = b_.CreateFCmpOEQ(r, zero);
  Value* greater = b_.CreateOr(b_.CreateAnd(b_.CreateFCmpOGT(r, zero), i_not_nan),
                               b_.CreateAnd(r_zero, b_.CreateFCmpOGT(i, zero)));
  Value* less = b_.CreateOr(b_.CreateAnd(b_.CreateFCmpOLT(r, zero), i_not_nan),
                            b_.CreateAnd(r_zero, b_.CreateFCmpOLT(i, zero)));
  Value* equal = b_.CreateAnd(r_zero, b_.CreateFCmpOEQ(i, zero));
  Value* result = b_.CreateSelect(
      greater, part_constant(type, 1.0),
      b_.CreateSelect(less, part_constant(type, -1.0), b_.CreateSelect(equal, zero, part_constant(type, NAN))));
  return make(result, zero);
}

Value* ComplexOps::call(const functions::Function& function, DType type, std::span<Value* const> args) {
  if (function.lowering == functions::Lowering::MakeComplex) return make(args[0], args[1]);
  const auto complex = complex_functions::find(function.name);
  if (!complex) throw CompileError("internal error: " + std::string(function.name) + "() of a complex argument");
  using complex_functions::Kind;
  Value* infinity = part_constant(type, HUGE_VAL);
  switch (complex->kind) {
    case Kind::Real: return re(args[0]);
    case Kind::Imag: return im(args[0]);
    case Kind::Conj: return make(re(args[0]), b_.CreateFNeg(im(args[0])));
    case Kind::Sign: return sign(type, args[0]);
    case Kind::Round:
      return make(b_.CreateUnaryIntrinsic(llvm::Intrinsic::roundeven, re(args[0])),
                  b_.CreateUnaryIntrinsic(llvm::Intrinsic::roundeven, im(args[0])));
    case Kind::Where: return select(args[0], args[1], args[2]);
    case Kind::Copy: return args[0];
    case Kind::OnesLike: return make(part_constant(type, 1.0), part_constant(type, 0.0));
    case Kind::IsNan: return b_.CreateOr(b_.CreateFCmpUNO(re(args[0]), re(args[0])), b_.CreateFCmpUNO(im(args[0]), im(args[0])));
    case Kind::IsInf:
      return b_.CreateOr(b_.CreateFCmpOEQ(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, re(args[0])), infinity),
                         b_.CreateFCmpOEQ(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, im(args[0])), infinity));
    case Kind::IsFinite:
      return b_.CreateAnd(b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, re(args[0])), infinity),
                          b_.CreateFCmpOLT(b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, im(args[0])), infinity));
    case Kind::Abs: {
      // |z| is hypot(re, im), lowered exactly as the real hypot() function: SLEEF's vector
      // hypot (0.5 ULP, u35 in fast mode) with glibc's for the lanes near overflow. glibc's
      // scalar hypot per lane was 5-9x slower (data-dependent), and NumPy's own AVX-512 abs
      // is not glibc's either.
      Value* parts[] = {re(args[0]), im(args[0])};
      return real_.call(*functions::find("hypot"), real_part_type(type), parts);
    }
    case Kind::Helper: return helper(complex->helper, type, args);
  }
  return nullptr;
}

// A stack array for one part of one step, allocated once in the entry block.
Value* ComplexOps::entry_array(DType type) {
  llvm::BasicBlock& entry = b_.GetInsertBlock()->getParent()->getEntryBlock();
  llvm::IRBuilder<> at_entry(&entry, entry.begin());
  return at_entry.CreateAlloca(part_type(type), nullptr, "complex_lanes");
}

// Stores the arguments' parts, calls the helper on all lanes (dead lanes of a masked step
// compute harmlessly on zeros), and loads the first argument's arrays, which hold the result.
Value* ComplexOps::helper(std::string_view name, DType type, std::span<Value* const> args) {
  llvm::SmallVector<Value*, 5> call_args;
  llvm::SmallVector<llvm::Type*, 5> params;
  for (Value* arg : args) {
    for (Value* part : {re(arg), im(arg)}) {
      Value* array = entry_array(type);
      b_.CreateStore(part, array);
      call_args.push_back(array);
      params.push_back(b_.getPtrTy());
    }
  }
  call_args.push_back(b_.getInt64(lanes_));
  params.push_back(b_.getInt64Ty());
  auto* function_type = llvm::FunctionType::get(b_.getVoidTy(), params, false);
  llvm::FunctionCallee callee = module_.getOrInsertFunction(complex_functions::helper_symbol(name, type), function_type);
  if (auto* function = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
    function->addFnAttr(llvm::Attribute::NoUnwind);
    function->setMemoryEffects(llvm::MemoryEffects::argMemOnly());
  }
  b_.CreateCall(callee, call_args);
  return make(b_.CreateLoad(part_type(type), call_args[0]), b_.CreateLoad(part_type(type), call_args[1]));
}

Value* ComplexOps::identity(ast::ReduceOp op, DType type) {
  return make(part_constant(type, op == ast::ReduceOp::Prod ? 1.0 : 0.0), part_constant(type, 0.0));
}

Value* ComplexOps::combine(ast::ReduceOp op, DType type, Value* a, Value* b) {
  if (op == ast::ReduceOp::Prod) return multiply(a, b);
  return binary(BinaryOp::Add, type, a, b);
}

void ComplexOps::fold_into(ast::ReduceOp op, DType type, Value* vector, Value* address) {
  for (int width = lanes_; width > 1; width /= 2) {
    llvm::SmallVector<int, 32> low, high;
    for (int i = 0; i < width / 2; ++i) {
      low.push_back(i);
      high.push_back(i + width / 2);
    }
    // Keep full-width vectors (lanes past width/2 are don't-care) so the parts keep one type.
    for (int i = width / 2; i < lanes_; ++i) {
      low.push_back(i);
      high.push_back(i);
    }
    Value* lower = make(b_.CreateShuffleVector(re(vector), low), b_.CreateShuffleVector(im(vector), low));
    Value* upper = make(b_.CreateShuffleVector(re(vector), high), b_.CreateShuffleVector(im(vector), high));
    vector = combine(op, type, lower, upper);
  }
  Value* folded = make(b_.CreateVectorSplat(lanes_, b_.CreateExtractElement(re(vector), std::uint64_t{0})),
                       b_.CreateVectorSplat(lanes_, b_.CreateExtractElement(im(vector), std::uint64_t{0})));
  Value* merged = combine(op, type, load_scalar(type, address), folded);
  const auto part_bytes = static_cast<std::int64_t>(itemsize(real_part_type(type)));
  b_.CreateStore(b_.CreateExtractElement(re(merged), std::uint64_t{0}), address);
  b_.CreateStore(b_.CreateExtractElement(im(merged), std::uint64_t{0}),
                 b_.CreateConstGEP1_64(b_.getInt8Ty(), address, part_bytes));
}

}  // namespace exprjit::codegen
