// Outputs that never lose what the user had.
//
// Every file hcgis writes is written to a temporary file beside its destination, checked at every step,
// synced to disk and only then renamed over the destination; a failure removes the temporary file and
// leaves the old one as it was. Before any work, an output that would overwrite an input (the project
// file, a layer's source or a shapefile's sidecar, the indicator catalog, a style) is refused, and so is one
// that cannot be written (no such folder, no permission, an unknown extension).
#pragma once

#include "io/project.h"

#include <sys/types.h>

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace hcgis::io {

/// The destinations of one command, replaced together: nothing is replaced unless every file was written.
/// The destructor removes every temporary file not committed (with SQLite's journal files beside it).
class AtomicOutputs {
public:
    /// Reserves a temporary file in the folder of each destination (a hidden name with the same extension).
    /// Throws OutputError naming the destination when that is not possible.
    explicit AtomicOutputs(std::vector<std::filesystem::path> destinations);
    ~AtomicOutputs();
    AtomicOutputs(const AtomicOutputs&) = delete;
    AtomicOutputs& operator=(const AtomicOutputs&) = delete;

    std::size_t size() const { return files_.size(); }
    const std::filesystem::path& destination(std::size_t i) const { return files_[i].destination; }
    /// The temporary file standing for destination `i` (absolute).
    const std::filesystem::path& temp(std::size_t i) const { return files_[i].temp; }
    /// The name GDAL writes temp(i) through: the checked file system of io/checked_vsi.h. The temporary
    /// file itself is removed first, so a driver that refuses to create over a file can create it.
    std::string gdal_name(std::size_t i);

    /// Writes `bytes` into temp(i), checking every write. Throws OutputError.
    void write(std::size_t i, std::string_view bytes);

    /// Throws OutputError for destination `i` when a write through gdal_name(i) failed, with the system's
    /// reason, or with `gdal_message` when GDAL reported a failure of its own (non-empty).
    void check(std::size_t i, const std::string& gdal_message = {});

    /// Starts writing what temp(i) holds so far to disk and returns at once, best effort (commit() syncs
    /// every file all the same): for a large file written in steps, so that its sync in commit() finds
    /// little left to write. Does not throw.
    void start_sync(std::size_t i) const noexcept;

    /// Syncs every temporary file to disk and renames each over its destination, then syncs the folders.
    /// Throws OutputError naming the file and the system's reason ("(nothing was replaced)") when a step
    /// before the first rename fails.
    void commit();

    /// Throws OutputError: "<destination>: cannot write: <reason> (nothing was replaced)".
    [[noreturn]] void fail(std::size_t i, const std::string& reason) const;

private:
    struct File {
        std::filesystem::path destination;
        std::filesystem::path temp;
        mode_t mode = 0644;
    };
    std::vector<File> files_;
    bool committed_ = false;
};

/// Writes `bytes` to `out`, replacing it atomically. Throws OutputError.
void replace_file(const std::filesystem::path& out, std::string_view bytes);

/// Throws OutputError naming `out` when it cannot be written: its folder does not exist or is not a folder,
/// the folder is not writable, `out` is a folder, or its extension (compared without case) is not one of
/// `extensions` (given with the dot; empty accepts any).
void check_writable(const std::filesystem::path& out, std::initializer_list<std::string_view> extensions);

/// Files a run must not overwrite, compared as files on disk (device and inode), so relative paths,
/// `./`, `..` and symbolic links are seen through.
class ProtectedInputs {
public:
    /// `file` as `what` ("the project file"); files that do not exist are skipped.
    void add(const std::filesystem::path& file, const std::string& what);
    /// The project file and every layer's source: the archive of a /vsizip/ or /vsigzip/ source, every
    /// sidecar of a shapefile (same name, any extension) and a GeoPackage's -wal and -shm files.
    void add_project(const Project& project);
    /// Throws UsageError naming the input when `out` is one of them.
    void refuse(const std::filesystem::path& out) const;

private:
    struct Entry {
        dev_t dev;
        ino_t ino;
        std::string path;
        std::string what;
    };
    std::vector<Entry> entries_;
};

}  // namespace hcgis::io
