// Splitting work over the cores: the one thread pool pattern hcgis uses.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace hcgis {

/// Runs `f(begin, end)` over [0, n) cut into contiguous chunks, one per core (at most 8), or on the
/// calling thread alone when n < `serial_below`. Blocks until every chunk is done; the first exception a
/// worker throws is rethrown here. `f` must be safe to run on several threads at once (GEOS objects it
/// uses must be its own: each thread has its own GEOS context, prepared geometries must not be shared).
template <class F>
void parallel_for(std::size_t n, std::size_t serial_below, F&& f) {
    const std::size_t cores = std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), 8);
    const std::size_t threads = n < serial_below ? 1 : std::min(cores, n);
    if (threads <= 1) {
        if (n > 0) f(std::size_t{0}, n);
        return;
    }
    std::vector<std::exception_ptr> errors(threads);
    {
        std::vector<std::jthread> pool;
        const std::size_t chunk = (n + threads - 1) / threads;
        for (std::size_t t = 0; t < threads; ++t) {
            const std::size_t b = t * chunk, e = std::min(n, b + chunk);
            if (b >= e) break;
            pool.emplace_back([&f, &errors, t, b, e] {
                try {
                    f(b, e);
                } catch (...) {
                    errors[t] = std::current_exception();
                }
            });
        }
    }  // joins every worker
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
}

}  // namespace hcgis
