#include "compiler/jit.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <utility>
#include <vector>

#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/Config/llvm-config.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/CodeGen.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include "compiler/bytes_helpers.h"
#include "compiler/complex_math.h"
#include "compiler/target.h"
#include "compiler/vector_ops.h"
#include "exprjit/error.h"

namespace exprjit::jit {
namespace {

std::string message_of(llvm::Error error) { return llvm::toString(std::move(error)); }

template <class T> T unwrap(llvm::Expected<T> value, const char* what) {
  if (!value) throw CompileError(std::string(what) + ": " + message_of(value.takeError()));
  return std::move(*value);
}

void check(llvm::Error error, const char* what) {
  if (error) throw CompileError(std::string(what) + ": " + message_of(std::move(error)));
}

void initialize_llvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
  });
}

llvm::orc::JITTargetMachineBuilder host_machine_builder() {
  initialize_llvm();
  const target::Target& host = target::host();
  llvm::orc::JITTargetMachineBuilder builder{llvm::Triple(host.triple)};
  builder.setCPU(host.cpu);
  llvm::SubtargetFeatures features(host.features);
  builder.addFeatures(features.getFeatures());
  builder.setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  return builder;
}

std::unique_ptr<llvm::TargetMachine> host_machine() {
  return unwrap(host_machine_builder().createTargetMachine(), "cannot create the host target machine");
}

// A TargetMachine builds its subtarget (the x86 lowering tables, from our ~250-entry feature
// string) on first use, which costs more than optimising a small kernel; so optimize() reuses
// them. A TargetMachine is not thread-safe, hence a pool: each compile takes one and gives it
// back. (A pool rather than thread_local, so that none is destroyed on a worker thread's exit;
// never freed, like the JIT it serves the whole process.)
class MachinePool {
 public:
  static MachinePool& instance() {
    static auto* pool = new MachinePool();
    return *pool;
  }
  std::unique_ptr<llvm::TargetMachine> take() {
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        auto machine = std::move(free_.back());
        free_.pop_back();
        return machine;
      }
    }
    return host_machine();
  }
  void give(std::unique_ptr<llvm::TargetMachine> machine) {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(machine));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<llvm::TargetMachine>> free_;
};

// The JIT's IR compiler: one TargetMachine for the life of the JIT (the default creates one per
// module when concurrent compilation is possible). Safe because Engine::add serialises compiles.
llvm::Expected<std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> reusing_compiler(
    llvm::orc::JITTargetMachineBuilder builder) {
  auto machine = builder.createTargetMachine();
  if (!machine) return machine.takeError();
  return std::make_unique<llvm::orc::TMOwningSimpleCompiler>(std::move(*machine));
}

// One LLJIT per process, shared by every kernel; kept alive by the kernels that use it so
// that static destruction order cannot free it under them.
class Engine {
 public:
  static std::shared_ptr<Engine> instance() {
    static std::shared_ptr<Engine> engine = std::shared_ptr<Engine>(new Engine());
    return engine;
  }

  std::pair<llvm::orc::ResourceTrackerSP, llvm::orc::ExecutorAddr> add(llvm::orc::ThreadSafeModule module,
                                                                        const std::string& symbol) {
    std::lock_guard lock(mutex_);
    llvm::orc::JITDylib& main = jit_->getMainJITDylib();
    auto tracker = main.createResourceTracker();
    check(jit_->addIRModule(tracker, std::move(module)), "cannot add the kernel to the JIT");
    take_session_error();
    auto address = jit_->lookup(main, symbol);
    if (!address) {
      llvm::consumeError(tracker->remove());
      std::string cause = take_session_error();
      throw CompileError("cannot compile the kernel: " + message_of(address.takeError()) +
                         (cause.empty() ? "" : " (" + cause + ")"));
    }
    return {tracker, *address};
  }

  void remove(const llvm::orc::ResourceTrackerSP& tracker) {
    std::lock_guard lock(mutex_);
    llvm::consumeError(tracker->remove());
  }

  ~Engine() {
    if (jit_) llvm::consumeError(jit_->getExecutionSession().endSession());
  }

 private:
  Engine() {
    jit_ = unwrap(llvm::orc::LLJITBuilder()
                      .setJITTargetMachineBuilder(host_machine_builder())
                      .setCompileFunctionCreator(reusing_compiler)
                      .create(),
                  "cannot create the LLVM JIT");
    // Kernels call SLEEF's vector functions; resolve exactly those from the loaded library.
    auto generator = llvm::orc::DynamicLibrarySearchGenerator::Load(
        "libsleef.so.3", jit_->getDataLayout().getGlobalPrefix(),
        [](const llvm::orc::SymbolStringPtr& name) { return (*name).starts_with("Sleef_"); });
    jit_->getMainJITDylib().addGenerator(unwrap(std::move(generator), "cannot load SLEEF (libsleef.so.3)"));
    // ... and the few glibc functions of the rare fallback path (codegen/vector_ops.cpp).
    auto libm = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
        jit_->getDataLayout().getGlobalPrefix(), [](const llvm::orc::SymbolStringPtr& name) {
          for (std::string_view allowed : codegen::VectorOps::libm_fallback_names())
            if ((*name).str() == allowed) return true;
          return false;
        });
    jit_->getMainJITDylib().addGenerator(unwrap(std::move(libm), "cannot search the process for libm"));
    // ... and this library's own helpers, by address: complex functions (compiler/complex_math.h)
    // and byte string operations (compiler/bytes_helpers.h).
    llvm::orc::SymbolMap helpers;
    for (const complex_math::Helper& helper : complex_math::helpers()) {
      helpers[jit_->mangleAndIntern(helper.symbol)] = {llvm::orc::ExecutorAddr::fromPtr(helper.address),
                                                       llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
    }
    for (const bytes_helpers::Symbol& helper : bytes_helpers::symbols()) {
      helpers[jit_->mangleAndIntern(helper.name)] = {llvm::orc::ExecutorAddr::fromPtr(helper.address),
                                                     llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
    }
    check(jit_->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(helpers))),
          "cannot define the complex and byte string helpers");
    // ORC's default reporter prints link errors to stderr; keep them for the CompileError instead.
    jit_->getExecutionSession().setErrorReporter([this](llvm::Error error) {
      std::lock_guard lock(session_error_mutex_);
      session_error_ = message_of(std::move(error));
    });
  }

  std::string take_session_error() {
    std::lock_guard lock(session_error_mutex_);
    return std::exchange(session_error_, {});
  }

  std::mutex mutex_;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  std::mutex session_error_mutex_;  // the reporter runs inside lookup(), under mutex_
  std::string session_error_;
};

std::atomic<std::size_t> live_codes{0};

class JitCode final : public Code {
 public:
  JitCode(std::shared_ptr<Engine> engine, llvm::orc::ResourceTrackerSP tracker, llvm::orc::ExecutorAddr address)
      : engine_(std::move(engine)), tracker_(std::move(tracker)), address_(address) {
    live_codes.fetch_add(1, std::memory_order_relaxed);
  }
  ~JitCode() override {
    engine_->remove(tracker_);
    live_codes.fetch_sub(1, std::memory_order_relaxed);
  }
  KernelFunction entry() const override { return address_.toPtr<KernelFunction>(); }

 private:
  std::shared_ptr<Engine> engine_;
  llvm::orc::ResourceTrackerSP tracker_;
  llvm::orc::ExecutorAddr address_;
};

std::atomic<int> injected_failures{0};

bool take_injected_failure() {
  int left = injected_failures.load();
  while (left > 0 && !injected_failures.compare_exchange_weak(left, left - 1)) {}
  return left > 0;
}

void add_unresolved_reference(llvm::Module& module) {
  llvm::LLVMContext& context = module.getContext();
  auto callee = module.getOrInsertFunction("exprjit_injected_unresolved_symbol",
                                           llvm::FunctionType::get(llvm::Type::getVoidTy(context), false));
  new llvm::GlobalVariable(module, llvm::PointerType::get(context, 0), true, llvm::GlobalValue::ExternalLinkage,
                           llvm::cast<llvm::Constant>(callee.getCallee()), "exprjit_injected_reference");
}

}  // namespace

namespace {

void run_passes(llvm::Module& module, int level, llvm::TargetMachine& machine) {
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(&machine);
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(cgscc);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, cgscc, modules);
  if (level == kKernelOptLevel) {
    llvm::ModulePassManager passes;
    // instcombine's textual default in LLVM 19 verifies that one iteration reached a fixpoint
    // and aborts the process (report_fatal_error) when it did not: a test-suite check, not
    // something to ship. The O1-O3 pipelines build it without that check.
    check(builder.parsePassPipeline(
              passes, "function(sroa,early-cse,simplifycfg,loop-mssa(licm),instcombine<no-verify-fixpoint>,simplifycfg)"),
          "internal error: the kernel pass pipeline");
    passes.run(module, modules);
    return;
  }
  const llvm::OptimizationLevel levels[] = {llvm::OptimizationLevel::O0, llvm::OptimizationLevel::O1,
                                            llvm::OptimizationLevel::O2, llvm::OptimizationLevel::O3};
  builder.buildPerModuleDefaultPipeline(levels[std::clamp(level, 1, 3)]).run(module, modules);
}

}  // namespace

void optimize(llvm::Module& module, int level) {
  // Given back to the pool after the analyses that refer to it are gone, and only on success:
  // after an exception its state is unknown.
  std::unique_ptr<llvm::TargetMachine> machine = MachinePool::instance().take();
  module.setDataLayout(machine->createDataLayout());
  if (level != 0) run_passes(module, level, *machine);
  MachinePool::instance().give(std::move(machine));
}

std::unique_ptr<Code> compile(std::unique_ptr<llvm::Module> module, std::unique_ptr<llvm::LLVMContext> context,
                              const std::string& symbol) {
  auto engine = Engine::instance();
  if (take_injected_failure()) add_unresolved_reference(*module);
  auto [tracker, address] = engine->add(llvm::orc::ThreadSafeModule(std::move(module), std::move(context)), symbol);
  return std::make_unique<JitCode>(engine, tracker, address);
}

std::string assembly(llvm::Module& module) {
  auto machine = host_machine();
  module.setDataLayout(machine->createDataLayout());
  llvm::SmallString<4096> text;
  llvm::raw_svector_ostream stream(text);
  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, stream, nullptr, llvm::CodeGenFileType::AssemblyFile))
    throw CompileError("the host target cannot emit assembly");
  passes.run(module);
  return std::string(text.str());
}

void fail_next_compiles_for_testing(int count) { injected_failures.store(count); }

std::size_t live_code_count() { return live_codes.load(std::memory_order_relaxed); }

std::string llvm_version() { return LLVM_VERSION_STRING; }

}  // namespace exprjit::jit
