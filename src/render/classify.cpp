#include "render/classify.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace hcgis::render {
namespace {

// Collapses repeated edges into one class boundary. The second edge may equal the first: then the first
// class holds the minimum alone ([min, min]), a real class of its own.
std::vector<double> dedupe(const std::vector<double>& edges) {
    std::vector<double> out;
    for (std::size_t i = 0; i < edges.size(); ++i)
        if (i < 2 || edges[i] != out.back()) out.push_back(edges[i]);
    if (out.size() == 1) out.push_back(out.front());  // one value: one class [v, v]
    return out;
}

}  // namespace

std::optional<Method> parse_method(const std::string& n) {
    if (n == "quantile") return Method::Quantile;
    if (n == "equal_interval") return Method::EqualInterval;
    if (n == "jenks") return Method::Jenks;
    if (n == "stddev") return Method::StdDev;
    if (n == "pretty") return Method::Pretty;
    if (n == "manual") return Method::Manual;
    if (n == "target") return Method::Target;
    return std::nullopt;
}

const char* method_name(Method m) {
    switch (m) {
        case Method::Quantile: return "quantile";
        case Method::EqualInterval: return "equal_interval";
        case Method::Jenks: return "jenks";
        case Method::StdDev: return "stddev";
        case Method::Pretty: return "pretty";
        case Method::Manual: return "manual";
        case Method::Target: return "target";
    }
    return "";
}

double pretty_step(double lo, double hi, int classes) {
    const double span = hi - lo;
    if (!(span > 0) || classes < 1) return 1.0;
    const double raw = span / classes;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * mag * (1 + 1e-9)) return m * mag;
    return 10.0 * mag;
}

std::vector<double> jenks_edges(std::vector<double> v, int classes) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    if (n == 0) return {};
    std::vector<double> distinct = v;
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, classes)), distinct.size());
    // Prefix sums for the cost of a class v[i..j]: sum of squared deviations.
    std::vector<double> s1(n + 1, 0), s2(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        s1[i + 1] = s1[i] + v[i];
        s2[i + 1] = s2[i] + v[i] * v[i];
    }
    auto ssd = [&](std::size_t i, std::size_t j) {  // v[i..j] inclusive
        const double cnt = static_cast<double>(j - i + 1), sum = s1[j + 1] - s1[i];
        return (s2[j + 1] - s2[i]) - sum * sum / cnt;
    };
    constexpr double inf = std::numeric_limits<double>::infinity();
    // cost[c][j]: best cost of v[0..j] in c+1 classes; cut[c][j]: first index of the last class.
    std::vector<std::vector<double>> cost(k, std::vector<double>(n, inf));
    std::vector<std::vector<std::size_t>> cut(k, std::vector<std::size_t>(n, 0));
    for (std::size_t j = 0; j < n; ++j) cost[0][j] = ssd(0, j);
    for (std::size_t c = 1; c < k; ++c)
        for (std::size_t j = c; j < n; ++j)
            for (std::size_t i = c; i <= j; ++i) {
                // A class must not start inside a run of equal values.
                if (v[i] == v[i - 1]) continue;
                const double total = cost[c - 1][i - 1] + ssd(i, j);
                if (total < cost[c][j]) {
                    cost[c][j] = total;
                    cut[c][j] = i;
                }
            }
    std::vector<double> edges(k + 1);
    edges[0] = v.front();
    edges[k] = v.back();
    std::size_t j = n - 1;
    for (std::size_t c = k - 1; c >= 1; --c) {
        const std::size_t i = cut[c][j];
        edges[c] = v[i - 1];  // the upper bound of the class before
        j = i - 1;
    }
    return dedupe(edges);
}

std::vector<double> class_edges(Method method, std::vector<double> v, int classes, std::span<const double> manual) {
    if (v.empty()) return {};
    std::sort(v.begin(), v.end());
    const double lo = v.front(), hi = v.back();
    classes = std::max(1, classes);
    std::vector<double> e;
    switch (method) {
        case Method::Quantile: {
            e.push_back(lo);
            for (int i = 1; i < classes; ++i) {
                // The value below which i/classes of the data lie (lower of the two middle values).
                const double pos = static_cast<double>(i) * static_cast<double>(v.size()) / classes;
                const auto idx = static_cast<std::size_t>(std::max(0.0, std::ceil(pos) - 1));
                e.push_back(v[std::min(idx, v.size() - 1)]);
            }
            e.push_back(hi);
            break;
        }
        case Method::EqualInterval:
            for (int i = 0; i <= classes; ++i) e.push_back(i == classes ? hi : lo + (hi - lo) * i / classes);
            break;
        case Method::Jenks:
            return jenks_edges(std::move(v), classes);
        case Method::StdDev: {
            // Breaks at the mean and every standard deviation either side, within the data's range.
            const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
            double var = 0;
            for (double x : v) var += (x - mean) * (x - mean);
            const double sd = std::sqrt(var / static_cast<double>(v.size()));
            e.push_back(lo);
            if (sd > 0)
                for (int m = -3; m <= 3; ++m) {
                    const double b = mean + m * sd;
                    if (b > lo && b < hi) e.push_back(b);
                }
            e.push_back(hi);
            break;
        }
        case Method::Pretty: {
            const double step = pretty_step(lo, hi, classes);
            const double start = std::floor(lo / step) * step;
            for (double b = start; b < hi + step * 1e-9; b += step) e.push_back(b);
            if (e.back() < hi) e.push_back(e.back() + step);
            if (e.size() == 1) e.push_back(e.front() + step);
            return e;  // nice numbers, kept even where they lie outside the data
        }
        case Method::Manual:
            e.assign(manual.begin(), manual.end());
            std::sort(e.begin(), e.end());
            if (e.empty() || e.front() > lo) e.insert(e.begin(), lo);
            if (e.back() < hi) e.push_back(hi);
            break;
        case Method::Target:
            return {};
    }
    return dedupe(e);
}

int class_index(double v, const std::vector<double>& edges) {
    if (edges.size() < 2) return 0;
    const int last = static_cast<int>(edges.size()) - 2;
    for (int i = 0; i <= last; ++i)
        if (v <= edges[static_cast<std::size_t>(i) + 1]) return i;
    return last;
}

int target_class(double v, double target, bool at_least, double near) {
    const double eps = 1e-9 * std::max(1.0, std::abs(target));
    if (at_least) {
        if (v >= target - eps) return 2;
        return v >= target * (1 - near) - eps ? 1 : 0;
    }
    if (v <= target + eps) return 2;
    return v <= std::max(target * (1 + near), target + 1) + eps ? 1 : 0;
}

}  // namespace hcgis::render
