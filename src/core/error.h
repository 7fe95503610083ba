// The errors hcgis reports to its user, thrown by core, io and render alike and caught once, at the top of
// each program, which maps them to exit statuses (DESIGN.md): bad input and failed writes 1, usage 2,
// internal errors (a bug in hcgis, never the user's data) their own status.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace hcgis {

/// Base of every error meant for the user: what() is one line, ready to print.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The place in the input an InputError is about; any part may be left empty.
struct Where {
    std::string file;
    std::string layer;
    std::optional<std::int64_t> feature;
    std::string field;
};

/// The place "the whole of `file`".
inline Where in_file(std::string file) {
    Where w;
    w.file = std::move(file);
    return w;
}

/// Bad input: a project, a data file, a feature or a field the user has to change. what() names the file,
/// the layer, the feature and the field.
class InputError : public Error {
public:
    /// `message` already names the place.
    explicit InputError(const std::string& message) : Error(message) {}
    /// The message is composed: `file: layer L: feature N: field "f": what`, leaving out empty parts.
    InputError(Where where, const std::string& what);
    const Where& where() const noexcept { return where_; }

private:
    Where where_;
};

/// An output could not be written; nothing was replaced (exit 1).
class OutputError : public Error {
public:
    using Error::Error;
};

/// The command line asks for something contradictory or unsafe, such as an output that would overwrite an
/// input (exit 2).
class UsageError : public Error {
public:
    using Error::Error;
};

/// A bug in hcgis, not in the user's data: a broken invariant, a library failing where it must not.
class InternalError : public Error {
public:
    using Error::Error;
};

/// Exit statuses of the hcgis programs.
namespace exit_status {
inline constexpr int ok = 0;
inline constexpr int bad_input = 1;  // also a failed write
inline constexpr int usage = 2;
inline constexpr int internal = 3;
}  // namespace exit_status

}  // namespace hcgis
