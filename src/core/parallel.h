// Splitting work over the cores: the one thread pool pattern hcgis uses.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <future>
#include <thread>
#include <vector>

namespace hcgis {

/// The cores work is spread over: the machine's, at least 1 and at most 8.
inline std::size_t core_count() { return std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), 8); }

/// Cores other work of the caller's holds for now (a writer on a thread of its own): `count` of a pool's
/// threads start only once `done` is ready, or at once when `done` has no state.
struct CoresHeld {
    std::size_t count = 0;
    std::shared_future<void> done;
};

/// The threads for `items` pieces of work: one a core (at most 8), less `leave_free` cores (other work of
/// the caller's running meanwhile; one thread is always left), and no more than the items.
inline std::size_t pool_threads(std::size_t items, std::size_t leave_free = 0) {
    const std::size_t cores = core_count();
    return std::clamp<std::size_t>(cores - std::min(leave_free, cores - 1), 1, std::max<std::size_t>(items, 1));
}

/// Runs `f(i)` for every i in [0, items) on `threads` threads, each taking the next item as it comes free
/// (on the calling thread alone when `threads` <= 1). Blocks until every item is done; after a failure
/// the items not yet taken are left, and the exception of the lowest-numbered thread that failed is
/// rethrown here. parallel_for, parallel_chunks and the coverage's catchments run on it (the union's
/// merge, union_in_order, keeps a pool of its own that can hold threads back).
template <class F>
void take_in_turn(std::size_t items, std::size_t threads, F&& f) {
    if (threads <= 1) {
        for (std::size_t i = 0; i < items; ++i) f(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::vector<std::exception_ptr> errors(threads);
    {
        std::vector<std::jthread> pool;
        for (std::size_t t = 0; t < threads; ++t)
            pool.emplace_back([&f, &errors, &next, &failed, t, items] {
                try {
                    while (!failed.load(std::memory_order_relaxed)) {
                        const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
                        if (i >= items) break;
                        f(i);
                    }
                } catch (...) {
                    errors[t] = std::current_exception();
                    failed.store(true, std::memory_order_relaxed);
                }
            });
    }  // joins every worker
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
}

/// Runs `f(begin, end)` over [0, n) cut into contiguous chunks, one per core (at most 8), or on the
/// calling thread alone when n < `serial_below`. Blocks until every chunk is done; after a failure the
/// chunks not yet taken are left, and one exception is rethrown here (take_in_turn's: that of the
/// lowest-numbered thread that failed). `f` must be safe to run on several threads at once (GEOS objects it
/// uses must be its own: each thread has its own GEOS context, prepared geometries must not be shared).
template <class F>
void parallel_for(std::size_t n, std::size_t serial_below, F&& f) {
    const std::size_t threads = n < serial_below ? 1 : pool_threads(n);
    if (threads <= 1) {
        if (n > 0) f(std::size_t{0}, n);
        return;
    }
    const std::size_t chunk = (n + threads - 1) / threads;
    take_in_turn(threads, threads, [&f, n, chunk](std::size_t t) {
        const std::size_t b = t * chunk, e = std::min(n, b + chunk);
        if (b < e) f(b, e);
    });
}

/// As `parallel_for`, but [0, n) is cut into chunks of `grain` items that the workers (one per core, at
/// most 8) take in turn as each finishes its last: a worker slowed by other work on its core (a family
/// on a second thread, another process) takes fewer chunks, where `parallel_for` would wait for its one
/// fixed half. `f` may be called many times per thread, so it must keep no state per call that has to be
/// per thread, and it must write each item's result in place (the order the chunks run in is not fixed).
template <class F>
void parallel_chunks(std::size_t n, std::size_t serial_below, std::size_t grain, F&& f) {
    grain = std::max<std::size_t>(grain, 1);
    const std::size_t chunks = (n + grain - 1) / grain;
    const std::size_t threads = n < serial_below ? 1 : pool_threads(chunks);
    if (threads <= 1) {
        if (n > 0) f(std::size_t{0}, n);
        return;
    }
    take_in_turn(chunks, threads, [&f, n, grain](std::size_t c) { f(c * grain, std::min(n, (c + 1) * grain)); });
}

}  // namespace hcgis
