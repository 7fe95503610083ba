// The Analysis of a run made while its residents are read: the district index, the walking graph and all
// that needs no residents (Analysis::prepare) on another thread, beside the reading.
#pragma once

#include "core/analysis.h"
#include "io/load.h"

#include <exception>
#include <optional>
#include <thread>

namespace hcgis::io {

/// Hand it to load_city() (the command line's Opened::load()); once loaded, get() is the Analysis. Without a call of begin() (a scenario
/// changes the layers after the load, the caller passed it nowhere) get() makes it then, unprepared.
class AnalysisWhileLoading final : public WhileResidentsLoad {
public:
    /// `city` is the City the load fills; it must outlive this.
    AnalysisWhileLoading(const City& city, ScorecardOptions options) : city_(city), options_(std::move(options)) {}
    AnalysisWhileLoading(const AnalysisWhileLoading&) = delete;
    AnalysisWhileLoading& operator=(const AnalysisWhileLoading&) = delete;
    ~AnalysisWhileLoading() override { end(); }

    void begin(const City& city) override;
    void end() noexcept override;

    /// The Analysis of the loaded City. Throws what making it threw (as making it here would).
    Analysis& get();

private:
    const City& city_;
    ScorecardOptions options_;
    std::optional<Analysis> analysis_;
    std::exception_ptr error_;  // from the Analysis' constructor on the other thread
    std::thread thread_;
};

}  // namespace hcgis::io
