// How distances are measured: on the walking network or in a straight line. What a user asks for
// (ModeChoice, with Auto = the network when there are roads) and what a value was measured with (Measure).
#pragma once

#include <optional>
#include <string_view>

namespace hcgis {

enum class ModeChoice { Auto, Network, Straight };
enum class Measure { None, Network, Straight };

/// "auto", "network", "straight" → the choice; nullopt for another word.
inline std::optional<ModeChoice> parse_mode_choice(std::string_view s) {
    if (s == "auto") return ModeChoice::Auto;
    if (s == "network") return ModeChoice::Network;
    if (s == "straight") return ModeChoice::Straight;
    return std::nullopt;
}

/// "network", "straight", or "" for None: the words of the JSON report and of output attributes.
inline const char* measure_name(Measure m) {
    return m == Measure::Network ? "network" : m == Measure::Straight ? "straight" : "";
}

/// How a map or report says it: "步行网络距离", "直线距离", "".
inline const char* measure_zh(Measure m) {
    return m == Measure::Network ? "步行网络距离" : m == Measure::Straight ? "直线距离" : "";
}

}  // namespace hcgis
