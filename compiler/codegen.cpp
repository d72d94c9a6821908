#include "compiler/codegen.h"

#include <functional>
#include <unordered_map>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/IntrinsicsX86.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

#include "compiler/bytes_ops.h"
#include "compiler/complex_ops.h"
#include "compiler/jit.h"
#include "compiler/vector_ops.h"
#include "exprjit/error.h"

namespace exprjit::codegen {

using ast::Kind;
using ast::Node;
using llvm::BasicBlock;
using llvm::Value;

namespace {

// Complex values are pairs of vectors of their part type, so they count as their part type.
void widest_type(const Node& node, std::size_t& widest) {
  if (node.dtype) widest = std::max(widest, itemsize(real_part_type(*node.dtype)));
  for (const Node* child : ast::children(node)) widest_type(*child, widest);
}

enum class Access { Contiguous, Strided };

// One SIMD step of a loop: which elements, which lanes are live, how memory is addressed,
// and the values already computed for this step's nodes (shared subtrees are emitted once).
struct Step {
  Value* index;
  Value* mask;  // nullptr when all lanes are live
  Access access;
  std::unordered_map<const Node*, Value*> values;
  Value* stream = nullptr;  // i1: store the output with aligned non-temporal stores (nullptr: never)
};

class KernelEmitter {
 public:
  KernelEmitter(const KernelSource& source, const target::Target& target, llvm::Module& module)
      : source_(source),
        module_(module),
        b_(module.getContext()),
        ops_(b_, module, target, lanes_for(*source.root, source.signature, target), source.options.accuracy),
        bytes_(b_, module, ops_.lanes()) {}

  void emit(const target::Target& target) {
    create_function(target);
    load_arguments();
    const bool reduction = source_.root->kind == Kind::Reduce;
    BasicBlock* done = block("done");
    if (!reduction) {
      branch_on_contiguity(/*include_output=*/true, done, [&](Step& step) { store_result(step); },
                           /*may_stream=*/streamable(target));
    } else {
      BasicBlock* accumulate = block("accumulate_all");
      BasicBlock* elementwise = block("accumulate_each");
      b_.CreateCondBr(b_.CreateICmpEQ(strides_[0], b_.getInt64(0)), accumulate, elementwise);
      b_.SetInsertPoint(accumulate);
      emit_full_reduction(done);
      b_.SetInsertPoint(elementwise);
      branch_on_contiguity(/*include_output=*/true, done, [&](Step& step) { accumulate_each(step); });
    }
    b_.SetInsertPoint(done);
    b_.CreateRetVoid();
    std::string problems;
    llvm::raw_string_ostream stream(problems);
    if (llvm::verifyFunction(*function_, &stream)) throw CompileError("internal error: invalid kernel IR: " + problems);
  }

 private:
  BasicBlock* block(const char* name) { return BasicBlock::Create(module_.getContext(), name, function_); }

  void create_function(const target::Target& target) {
    auto& ctx = module_.getContext();
    llvm::Type* i64 = llvm::Type::getInt64Ty(ctx);
    llvm::Type* ptr = llvm::PointerType::getUnqual(ctx);
    auto* type = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), {i64, ptr, ptr, i64}, false);
    function_ = llvm::Function::Create(type, llvm::Function::ExternalLinkage, source_.symbol, module_);
    function_->addFnAttr(llvm::Attribute::NoUnwind);
    function_->addFnAttr("target-cpu", target.cpu);
    function_->addFnAttr("target-features", target.features);
    // Without these, LLVM's x86 backend splits 512-bit vectors in two on many CPUs.
    function_->addFnAttr("min-legal-vector-width", std::to_string(target.vector_bits));
    function_->addFnAttr("prefer-vector-width", std::to_string(target.vector_bits));
    entry_ = block("entry");
    b_.SetInsertPoint(entry_);
  }

  std::size_t operand_count() const { return source_.signature.size() + 1; }
  DType operand_type(std::size_t operand) const {
    return operand == 0 ? *source_.root->dtype : source_.signature[operand - 1].dtype;
  }
  llvm::Type* memory_type(DType type) const {
    return type == DType::Bool ? llvm::Type::getInt8Ty(module_.getContext()) : ops_.scalar_type(type);
  }

  void load_arguments() {
    llvm::Argument* n = function_->getArg(0);
    Value* data = function_->getArg(1);
    Value* strides = function_->getArg(2);
    n_ = n;
    flags_ = function_->getArg(3);
    llvm::Type* ptr = llvm::PointerType::getUnqual(module_.getContext());
    for (std::size_t k = 0; k < operand_count(); ++k) {
      bases_.push_back(b_.CreateLoad(ptr, b_.CreateConstGEP1_64(ptr, data, k), "base"));
      strides_.push_back(b_.CreateLoad(b_.getInt64Ty(), b_.CreateConstGEP1_64(b_.getInt64Ty(), strides, k), "stride"));
    }
    // Scalars are read once, before any loop.
    scalars_.resize(operand_count(), nullptr);
    for (std::size_t k = 1; k < operand_count(); ++k) {
      if (!source_.signature[k - 1].scalar || operand_type(k) == DType::Bytes) continue;
      const DType type = operand_type(k);
      if (is_complex(type)) {
        scalars_[k] = ops_.complex().load_scalar(type, bases_[k]);
        continue;
      }
      Value* value = b_.CreateLoad(memory_type(type), bases_[k]);
      if (type == DType::Bool) value = b_.CreateICmpNE(value, b_.getInt8(0));
      scalars_[k] = b_.CreateVectorSplat(ops_.lanes(), value);
    }
  }

  Value* unit_stride(std::size_t operand) {
    return b_.CreateICmpEQ(strides_[operand], b_.getInt64(static_cast<std::int64_t>(itemsize(operand_type(operand)))));
  }

  Value* inputs_contiguous(bool include_output) {
    Value* all = include_output && operand_type(0) != DType::Bytes ? unit_stride(0) : b_.getTrue();
    for (std::size_t k = 1; k < operand_count(); ++k)
      if (!source_.signature[k - 1].scalar && operand_type(k) != DType::Bytes) all = b_.CreateAnd(all, unit_stride(k));
    return all;
  }

  void branch_on_contiguity(bool include_output, BasicBlock* done, const std::function<void(Step&)>& body,
                            bool may_stream = false) {
    if (source_.contiguous_only) {
      emit_loop(Access::Contiguous, body, may_stream ? streaming_requested() : nullptr);
      b_.CreateBr(done);
      return;
    }
    BasicBlock* contiguous = block("contiguous");
    BasicBlock* strided = block("strided");
    b_.CreateCondBr(inputs_contiguous(include_output), contiguous, strided);
    b_.SetInsertPoint(contiguous);
    emit_loop(Access::Contiguous, body, may_stream ? streaming_requested() : nullptr);
    b_.CreateBr(done);
    b_.SetInsertPoint(strided);
    emit_loop(Access::Strided, body);
    b_.CreateBr(done);
  }

  llvm::AllocaInst* entry_alloca(llvm::Type* type, const char* name) {
    llvm::IRBuilder<> at_entry(entry_, entry_->begin());
    return at_entry.CreateAlloca(type, nullptr, name);
  }

  // Non-temporal stores exist only as aligned whole-register stores: the output's vector must
  // fill a machine vector (not so for a bool output, or int32 next to float64 inputs).
  bool streamable(const target::Target& target) const {
    return static_cast<int>(itemsize(operand_type(0))) * ops_.lanes() * 8 == target.vector_bits;
  }

  // With flags & kStreamOutput (set by the executor for outputs larger than the cache), the
  // contiguous loop writes the output with non-temporal stores: no read-for-ownership of each
  // output line, no eviction of the inputs. An output not aligned to its element size
  // (possible for borrowed memory) can never reach vector alignment and keeps plain stores.
  Value* streaming_requested() {
    const std::int64_t item = static_cast<std::int64_t>(itemsize(operand_type(0)));
    Value* address = b_.CreatePtrToInt(bases_[0], b_.getInt64Ty());
    Value* wanted = b_.CreateICmpNE(b_.CreateAnd(flags_, b_.getInt64(jit::kStreamOutput)), b_.getInt64(0));
    Value* element_aligned = b_.CreateICmpEQ(b_.CreateAnd(address, b_.getInt64(item - 1)), b_.getInt64(0));
    return b_.CreateAnd(wanted, element_aligned);
  }

  // Elements before the first vector-aligned output element (at most n); 0 unless streaming.
  Value* streaming_head(Value* stream) {
    const std::int64_t item = static_cast<std::int64_t>(itemsize(operand_type(0)));
    Value* address = b_.CreatePtrToInt(bases_[0], b_.getInt64Ty());
    Value* head = b_.CreateUDiv(b_.CreateAnd(b_.CreateNeg(address), b_.getInt64(item * ops_.lanes() - 1)),
                                b_.getInt64(item));
    head = b_.CreateSelect(b_.CreateICmpSLT(head, n_), head, n_);
    return b_.CreateSelect(stream, head, b_.getInt64(0));
  }

  //   [masked step over [0, head)]  for (i = head; i + lanes <= n; i += lanes) body(all lanes);
  //   if (i < n) body(masked lanes)
  // head is 0 unless `stream` (an i1, or nullptr for never) holds; then the full steps store
  // with aligned non-temporal stores. The head and the tail are one masked step emitted once
  // and entered twice, so streaming adds no copy of the expression's body.
  void emit_loop(Access access, const std::function<void(Step&)>& body, Value* stream = nullptr) {
    const int lanes = ops_.lanes();
    llvm::AllocaInst* index = entry_alloca(b_.getInt64Ty(), "i");
    llvm::AllocaInst* in_head = entry_alloca(b_.getInt1Ty(), "in_head");
    Value* head = stream ? streaming_head(stream) : b_.getInt64(0);
    BasicBlock* header = block("loop");
    BasicBlock* full = block("vector_step");
    BasicBlock* check_tail = block("check_tail");
    BasicBlock* masked = block("masked_step");
    BasicBlock* after_head = block("after_head");
    BasicBlock* after = block("loop_end");
    b_.CreateStore(b_.getInt64(0), index);
    b_.CreateStore(b_.getTrue(), in_head);
    if (stream) b_.CreateCondBr(b_.CreateICmpSGT(head, b_.getInt64(0)), masked, after_head);
    else b_.CreateBr(after_head);

    b_.SetInsertPoint(after_head);
    b_.CreateStore(head, index);
    b_.CreateBr(header);

    b_.SetInsertPoint(header);
    Value* i = b_.CreateLoad(b_.getInt64Ty(), index);
    b_.CreateCondBr(b_.CreateICmpSLE(b_.CreateAdd(i, b_.getInt64(lanes)), n_), full, check_tail);

    b_.SetInsertPoint(full);
    Step step{b_.CreateLoad(b_.getInt64Ty(), index), nullptr, access, {}};
    step.stream = stream;
    body(step);
    b_.CreateStore(b_.CreateAdd(step.index, b_.getInt64(lanes)), index);
    b_.CreateBr(header);

    b_.SetInsertPoint(check_tail);
    b_.CreateStore(b_.getFalse(), in_head);
    b_.CreateCondBr(b_.CreateICmpSLT(b_.CreateLoad(b_.getInt64Ty(), index), n_), masked, after);

    b_.SetInsertPoint(masked);
    Value* heading = b_.CreateLoad(b_.getInt1Ty(), in_head);
    Step last{b_.CreateLoad(b_.getInt64Ty(), index), nullptr, access, {}};
    Value* limit = b_.CreateSelect(heading, head, n_);
    last.mask = b_.CreateICmpSLT(lane_indices(last.index), b_.CreateVectorSplat(lanes, limit));
    body(last);
    b_.CreateCondBr(b_.CreateLoad(b_.getInt1Ty(), in_head), after_head, after);

    b_.SetInsertPoint(after);
    if (!stream) return;
    // Non-temporal stores are weakly ordered: fence them before the caller signals completion.
    BasicBlock* fence = block("stream_fence");
    BasicBlock* end = block("stream_end");
    b_.CreateCondBr(stream, fence, end);
    b_.SetInsertPoint(fence);
    b_.CreateCall(llvm::Intrinsic::getDeclaration(&module_, llvm::Intrinsic::x86_sse_sfence));
    b_.CreateBr(end);
    b_.SetInsertPoint(end);
  }

  Value* lane_indices(Value* start) {
    llvm::SmallVector<llvm::Constant*, 32> iota;
    for (int lane = 0; lane < ops_.lanes(); ++lane) iota.push_back(b_.getInt64(lane));
    return b_.CreateAdd(b_.CreateVectorSplat(ops_.lanes(), start), llvm::ConstantVector::get(iota));
  }

  Value* all_lanes() { return b_.CreateVectorSplat(ops_.lanes(), b_.getTrue()); }

  Value* element_pointers(std::size_t operand, Step& step) {
    Value* offsets = b_.CreateMul(lane_indices(step.index), b_.CreateVectorSplat(ops_.lanes(), strides_[operand]));
    return b_.CreateGEP(b_.getInt8Ty(), bases_[operand], offsets);
  }

  Value* element_address(std::size_t operand, Step& step) {
    const auto item = static_cast<std::int64_t>(itemsize(operand_type(operand)));
    return b_.CreateGEP(b_.getInt8Ty(), bases_[operand], b_.CreateMul(step.index, b_.getInt64(item)));
  }

  Value* load(std::size_t operand, Step& step) {
    const DType type = operand_type(operand);
    if (is_complex(type)) {
      if (step.access == Access::Contiguous) return ops_.complex().load_contiguous(type, element_address(operand, step), step.mask);
      return ops_.complex().gather(type, element_pointers(operand, step), step.mask ? step.mask : all_lanes());
    }
    llvm::Type* vector = llvm::FixedVectorType::get(memory_type(type), ops_.lanes());
    const llvm::Align align(itemsize(type));
    Value* zeros = llvm::Constant::getNullValue(vector);
    Value* loaded;
    if (step.access == Access::Contiguous) {
      Value* address = b_.CreateGEP(memory_type(type), bases_[operand], step.index);
      loaded = step.mask ? static_cast<Value*>(b_.CreateMaskedLoad(vector, address, align, step.mask, zeros))
                         : static_cast<Value*>(b_.CreateAlignedLoad(vector, address, align));
    } else {
      loaded = b_.CreateMaskedGather(vector, element_pointers(operand, step), align,
                                     step.mask ? step.mask : all_lanes(), zeros);
    }
    if (type == DType::Bool) loaded = b_.CreateICmpNE(loaded, zeros);
    return loaded;
  }

  void store(std::size_t operand, Value* value, Step& step) {
    const DType type = operand_type(operand);
    if (is_complex(type)) {
      if (step.access == Access::Contiguous) {
        ops_.complex().store_contiguous(type, value, element_address(operand, step), step.mask);
      } else {
        ops_.complex().scatter(type, value, element_pointers(operand, step), step.mask ? step.mask : all_lanes());
      }
      return;
    }
    const llvm::Align align(itemsize(type));
    if (type == DType::Bool) value = b_.CreateZExt(value, llvm::FixedVectorType::get(b_.getInt8Ty(), ops_.lanes()));
    if (step.access == Access::Contiguous) {
      Value* address = b_.CreateGEP(memory_type(type), bases_[operand], step.index);
      if (step.mask) {
        b_.CreateMaskedStore(value, address, align, step.mask);
      } else if (step.stream) {
        store_maybe_streaming(value, address, align, step.stream);
      } else {
        b_.CreateAlignedStore(value, address, align);
      }
    } else {
      b_.CreateMaskedScatter(value, element_pointers(operand, step), align, step.mask ? step.mask : all_lanes());
    }
  }

  // One branch on the loop-invariant `stream` flag around the store, rather than a second
  // copy of the loop: the body is emitted (and compiled) once.
  void store_maybe_streaming(Value* value, Value* address, llvm::Align align, Value* stream) {
    BasicBlock* streaming = block("store_stream");
    BasicBlock* plain = block("store_plain");
    BasicBlock* stored = block("stored");
    b_.CreateCondBr(stream, streaming, plain);
    b_.SetInsertPoint(streaming);
    const llvm::Align vector_align(static_cast<std::size_t>(ops_.lanes()) * align.value());
    llvm::StoreInst* store = b_.CreateAlignedStore(value, address, vector_align);
    auto* one = llvm::ConstantAsMetadata::get(b_.getInt32(1));
    store->setMetadata(llvm::LLVMContext::MD_nontemporal, llvm::MDNode::get(module_.getContext(), {one}));
    b_.CreateBr(stored);
    b_.SetInsertPoint(plain);
    b_.CreateAlignedStore(value, address, align);
    b_.CreateBr(stored);
    b_.SetInsertPoint(stored);
  }

  Value* value_of(const Node& node, Step& step) {
    if (auto it = step.values.find(&node); it != step.values.end()) return it->second;
    Value* value = compute(node, step);
    step.values.emplace(&node, value);
    return value;
  }

  Value* compute(const Node& node, Step& step) {
    switch (node.kind) {
      case Kind::Constant: return ops_.splat(node.constant, *node.dtype);
      case Kind::Variable: {
        const std::size_t operand = param_index(node.variable.name) + 1;
        return scalars_[operand] ? scalars_[operand] : load(operand, step);
      }
      case Kind::Unary: return ops_.unary(node.unary.op, *node.dtype, value_of(*node.unary.operand, step));
      case Kind::Binary: {
        const DType operands = *node.binary.lhs->dtype;
        if (operands == DType::Bytes) {
          return bytes_.compare(node.binary.op, string_operand(*node.binary.lhs, step),
                                string_operand(*node.binary.rhs, step), live_lanes(step), bytes_buffer());
        }
        return ops_.binary(node.binary.op, operands, value_of(*node.binary.lhs, step), value_of(*node.binary.rhs, step));
      }
      case Kind::Call: {
        if (node.call.name == "contains") {
          return bytes_.contains(string_operand(*node.call.args[0], step), string_operand(*node.call.args[1], step),
                                 live_lanes(step), bytes_buffer());
        }
        llvm::SmallVector<Value*, 3> args;
        for (const auto& arg : node.call.args) args.push_back(value_of(*arg, step));
        // where(c, a, b) computes in the type of a and b; other functions in their args' type.
        const DType type = *node.call.args.back()->dtype;
        return ops_.call(node.call.function, type, args);
      }
      case Kind::Cast:
        return ops_.cast(value_of(*node.cast.operand, step), *node.cast.operand->dtype, *node.dtype);
      case Kind::Reduce: break;
    }
    throw CompileError("internal error: unexpected node in kernel body");
  }

  // A byte string operand (a literal or an input) for this step; see compiler/bytes_ops.h.
  StringOperand string_operand(const Node& node, Step& step) {
    if (node.kind == Kind::Constant) {
      auto [it, added] = literals_.try_emplace(&node);  // one global per literal, for every loop
      if (added) it->second = bytes_.literal(node.constant.bytes_value);
      return it->second;
    }
    if (node.kind != Kind::Variable) throw CompileError("internal error: a byte string that is not an operand");
    const std::size_t operand = param_index(node.variable.name) + 1;
    const Param& param = source_.signature[operand - 1];
    const auto width = static_cast<std::int64_t>(std::max<std::size_t>(param.width, 1));
    if (param.scalar) return {bases_[operand], b_.getInt64(0), width};
    Value* first = b_.CreateGEP(b_.getInt8Ty(), bases_[operand], b_.CreateMul(step.index, strides_[operand]));
    return {first, strides_[operand], width};
  }

  // Live lanes of a step: all, or the masked step's mask (a prefix of the lanes) counted.
  Value* live_lanes(Step& step) {
    if (!step.mask) return b_.getInt64(ops_.lanes());
    Value* bits = b_.CreateBitCast(step.mask, b_.getIntNTy(static_cast<unsigned>(ops_.lanes())));
    Value* count = b_.CreateUnaryIntrinsic(llvm::Intrinsic::ctpop, bits);
    return b_.CreateZExtOrTrunc(count, b_.getInt64Ty());
  }

  Value* bytes_buffer() {
    if (!bytes_buffer_) bytes_buffer_ = entry_alloca(llvm::ArrayType::get(b_.getInt8Ty(), ops_.lanes()), "bytes_results");
    return bytes_buffer_;
  }

  std::size_t param_index(const std::string& name) const {
    for (std::size_t k = 0; k < source_.signature.size(); ++k)
      if (source_.signature[k].name == name) return k;
    throw CompileError("internal error: variable '" + name + "' missing from the signature");
  }

  void store_result(Step& step) {
    if (*source_.root->dtype == DType::Bytes) {  // a byte string input alone: copied
      const StringOperand from = string_operand(*source_.root, step);
      Value* first = b_.CreateGEP(b_.getInt8Ty(), bases_[0], b_.CreateMul(step.index, strides_[0]));
      bytes_.copy(from, {first, strides_[0], from.width}, live_lanes(step));
      return;
    }
    store(0, value_of(*source_.root, step), step);
  }

  const ast::Reduce& reduction() const { return source_.root->reduce; }

  // The reduced operand's value for this step, with identity in the dead lanes.
  Value* reduced_value(Step& step) {
    Value* value = value_of(*reduction().operand, step);
    if (!step.mask) return value;
    Value* identity = ops_.identity(reduction().op, *source_.root->dtype);
    if (is_complex(*source_.root->dtype)) return ops_.complex().select(step.mask, value, identity);
    return b_.CreateSelect(step.mask, value, identity);
  }

  void accumulate_each(Step& step) {
    const DType type = *source_.root->dtype;
    Value* value = reduced_value(step);
    store(0, ops_.combine(reduction().op, type, load(0, step), value), step);
  }

  // Every element folds into one vector accumulator; its lanes are folded at the end in a
  // fixed order, so the result does not depend on where the caller split the work.
  void emit_full_reduction(BasicBlock* done) {
    const DType type = *source_.root->dtype;
    llvm::Type* vector_type = is_complex(type) ? static_cast<llvm::Type*>(ops_.complex().vector_type(type)) : ops_.vector_type(type);
    llvm::AllocaInst* accumulator = entry_alloca(vector_type, "acc");
    b_.CreateStore(ops_.identity(reduction().op, type), accumulator);
    BasicBlock* finish = block("fold_lanes");
    auto body = [&](Step& step) {
      Value* current = b_.CreateLoad(vector_type, accumulator);
      b_.CreateStore(ops_.combine(reduction().op, type, current, reduced_value(step)), accumulator);
    };
    branch_on_contiguity(/*include_output=*/false, finish, body);
    b_.SetInsertPoint(finish);
    if (is_complex(type)) {
      ops_.complex().fold_into(reduction().op, type, b_.CreateLoad(vector_type, accumulator), bases_[0]);
      b_.CreateBr(done);
      return;
    }
    Value* folded = ops_.horizontal(reduction().op, type, b_.CreateLoad(ops_.vector_type(type), accumulator));
    Value* old = b_.CreateLoad(memory_type(type), bases_[0]);
    if (type == DType::Bool) old = b_.CreateICmpNE(old, b_.getInt8(0));
    Value* merged = ops_.combine(reduction().op, type, b_.CreateVectorSplat(ops_.lanes(), old),
                                 b_.CreateVectorSplat(ops_.lanes(), folded));
    Value* result = b_.CreateExtractElement(merged, std::uint64_t{0});
    if (type == DType::Bool) result = b_.CreateZExt(result, b_.getInt8Ty());
    b_.CreateStore(result, bases_[0]);
    b_.CreateBr(done);
  }

  const KernelSource& source_;
  llvm::Module& module_;
  llvm::IRBuilder<> b_;
  VectorOps ops_;
  BytesOps bytes_;
  Value* bytes_buffer_ = nullptr;
  std::unordered_map<const Node*, StringOperand> literals_;
  llvm::Function* function_ = nullptr;
  BasicBlock* entry_ = nullptr;
  Value* n_ = nullptr;
  Value* flags_ = nullptr;
  std::vector<Value*> bases_, strides_, scalars_;
};

}  // namespace

int lanes_for(const ast::Node& root, const Signature& signature, const target::Target& target) {
  std::size_t widest = 1;
  widest_type(root, widest);
  for (const Param& param : signature) widest = std::max(widest, itemsize(real_part_type(param.dtype)));
  widest = std::max<std::size_t>(widest, 4);  // bool/byte-only kernels still use 32-bit lanes
  return target.vector_bits / static_cast<int>(widest * 8);
}

std::unique_ptr<llvm::Module> emit_kernel(const KernelSource& source, const target::Target& target,
                                          llvm::LLVMContext& context) {
  auto module = std::make_unique<llvm::Module>("exprjit", context);
  module->setTargetTriple(target.triple);
  KernelEmitter(source, target, *module).emit(target);
  return module;
}

}  // namespace exprjit::codegen
