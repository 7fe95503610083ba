// Classification of indicator values into map classes. Pure arithmetic: no Qt, no GEOS.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hcgis::render {

enum class Method { Quantile, EqualInterval, Jenks, StdDev, Pretty, Manual, Target };

/// "quantile", "equal_interval", "jenks", "stddev", "pretty", "manual", "target"; nullopt otherwise.
std::optional<Method> parse_method(const std::string& name);
const char* method_name(Method m);

/// Class edges for `values` (nulls already removed): ascending, one more than the classes, the first the
/// minimum and the last the maximum (for Manual: the given breaks, widened to the data). Fewer distinct
/// values than `classes` give fewer classes; an empty input gives no edges. The second edge equals the
/// first when the lowest class holds the minimum alone. Target is not handled here
/// (see target_class).
std::vector<double> class_edges(Method method, std::vector<double> values, int classes,
                                std::span<const double> manual_breaks = {});

/// Fisher-Jenks natural breaks (exact, dynamic programming): edges minimising the within-class sum of
/// squared deviations.
std::vector<double> jenks_edges(std::vector<double> values, int classes);

/// Index of the class holding `v`: class i spans (edges[i], edges[i+1]], the first also holds edges[0].
/// Values below the first edge go to class 0, above the last to the last class.
int class_index(double v, const std::vector<double>& edges);

/// Target-based classes: 0 fail, 1 near (within `near` of the target, as a fraction of it, or one unit of
/// a zero target), 2 pass. `at_least` is the indicator's direction.
int target_class(double v, double target, bool at_least, double near = 0.1);

/// A "nice" step for about `classes` classes over [lo, hi]: 1, 2 or 5 times a power of ten.
double pretty_step(double lo, double hi, int classes);

}  // namespace hcgis::render
