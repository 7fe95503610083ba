#include "io/analysis_while_loading.h"


namespace hcgis::io {

void AnalysisWhileLoading::begin(const City& city) {
    if (&city != &city_ || thread_.joinable() || analysis_) return;
    try {
        thread_ = std::thread([this] {
            try {
                analysis_.emplace(city_, options_);
            } catch (...) {
                error_ = std::current_exception();
                return;
            }
            try {
                analysis_->prepare();
            } catch (...) {  // what it failed to make is made (and fails) again where the scorecard needs it
            }
        });
    } catch (...) {  // no thread to be had (std::system_error, std::bad_alloc): get() makes the Analysis after the load
    }
}

void AnalysisWhileLoading::end() noexcept {
    if (thread_.joinable()) thread_.join();
}

Analysis& AnalysisWhileLoading::get() {
    end();
    if (error_) std::rethrow_exception(error_);
    if (!analysis_) analysis_.emplace(city_, options_);
    return *analysis_;
}

}  // namespace hcgis::io
