#include "io/output.h"

#include "core/error.h"
#include "io/checked_vsi.h"
#include "io/source_path.h"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace hcgis::io {
namespace fs = std::filesystem;
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string reason(int err) { return std::strerror(err); }

/// The mode a new file gets from the process's umask.
mode_t new_file_mode() {
    static const mode_t mode = [] {
        const mode_t mask = ::umask(022);
        ::umask(mask);
        return static_cast<mode_t>(0666 & ~mask);
    }();
    return mode;
}

fs::path folder_of(const fs::path& p) { return p.has_parent_path() ? p.parent_path() : fs::path("."); }

/// Syncs an open file or folder; EINVAL means the file system has nothing to sync.
bool sync_path(const fs::path& p, int flags, int& err) {
    const int fd = ::open(p.c_str(), flags | O_CLOEXEC);
    if (fd < 0) {
        err = errno;
        return false;
    }
    const bool ok = ::fsync(fd) == 0 || errno == EINVAL;
    if (!ok) err = errno;
    if (::close(fd) != 0 && ok) {
        err = errno;
        return false;
    }
    return ok;
}

}  // namespace

AtomicOutputs::AtomicOutputs(std::vector<fs::path> destinations) {
    // Two outputs onto one file (however each is spelled: ./a.geojson, a.geojson, a link to it) would
    // leave only the one renamed last.
    for (std::size_t i = 0; i < destinations.size(); ++i)
        for (std::size_t j = 0; j < i; ++j) {
            std::error_code e1, e2;
            const fs::path a = fs::weakly_canonical(fs::absolute(destinations[i]), e1);
            const fs::path b = fs::weakly_canonical(fs::absolute(destinations[j]), e2);
            if (!e1 && !e2 && a == b)
                throw UsageError(fmt::format("{} and {} name the same file; choose two outputs", destinations[j].string(),
                                             destinations[i].string()));
        }
    for (auto& d : destinations) {
        File f;
        f.destination = d;
        struct stat st {};
        f.mode = ::stat(d.c_str(), &st) == 0 ? static_cast<mode_t>(st.st_mode & 07777) : new_file_mode();
        const std::string ext = d.extension().string();
        std::string name = (fs::absolute(folder_of(d)) / fmt::format(".{}.hcgis-XXXXXX{}", d.stem().string(), ext)).string();
        const int fd = ::mkstemps(name.data(), static_cast<int>(ext.size()));
        if (fd < 0) {
            const int err = errno;
            files_.push_back(std::move(f));
            fail(files_.size() - 1, reason(err));
        }
        ::close(fd);
        f.temp = name;
        files_.push_back(std::move(f));
    }
}

AtomicOutputs::~AtomicOutputs() {
    if (committed_) return;
    for (const File& f : files_) {
        if (f.temp.empty()) continue;
        for (const char* tail : {"", "-journal", "-wal", "-shm"}) ::unlink((f.temp.string() + tail).c_str());
    }
}

std::string AtomicOutputs::gdal_name(std::size_t i) {
    ::unlink(files_[i].temp.c_str());
    (void)checked_vsi::take_error(files_[i].temp.string());
    return checked_vsi::gdal_name(files_[i].temp.string());
}

void AtomicOutputs::write(std::size_t i, std::string_view bytes) {
    const int fd = ::open(files_[i].temp.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) fail(i, reason(errno));
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t w = ::write(fd, p, left);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            const int err = w < 0 ? errno : ENOSPC;
            ::close(fd);
            fail(i, reason(err));
        }
        p += w;
        left -= static_cast<std::size_t>(w);
    }
    if (::close(fd) != 0) fail(i, reason(errno));
}

void AtomicOutputs::check(std::size_t i, const std::string& gdal_message) {
    if (const auto err = checked_vsi::take_error(files_[i].temp.string())) fail(i, reason(*err));
    if (!gdal_message.empty()) fail(i, gdal_message);
}

void AtomicOutputs::start_sync(std::size_t i) const noexcept {
    const int fd = ::open(files_[i].temp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    (void)::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);  // queues the dirty pages, waits for none
    (void)::close(fd);
}

void AtomicOutputs::commit() {
    for (std::size_t i = 0; i < files_.size(); ++i) {
        int err = 0;
        if (!sync_path(files_[i].temp, O_RDONLY, err)) fail(i, reason(err));
        if (::chmod(files_[i].temp.c_str(), files_[i].mode) != 0) fail(i, reason(errno));
    }
    for (std::size_t i = 0; i < files_.size(); ++i) {
        if (::rename(files_[i].temp.c_str(), files_[i].destination.c_str()) == 0) continue;
        const int err = errno;
        if (i == 0) fail(i, reason(err));
        committed_ = true;  // what was renamed stays; the rest is removed below
        for (std::size_t j = i; j < files_.size(); ++j) ::unlink(files_[j].temp.c_str());
        throw OutputError(fmt::format("{}: cannot write: {} ({} was already replaced)", files_[i].destination.string(),
                                      reason(err), files_[0].destination.string()));
    }
    committed_ = true;
    for (const File& f : files_) {
        int err = 0;
        (void)sync_path(folder_of(f.destination), O_RDONLY | O_DIRECTORY, err);  // best effort: the data is safe
    }
}

void AtomicOutputs::fail(std::size_t i, const std::string& why) const {
    throw OutputError(fmt::format("{}: cannot write: {} (nothing was replaced)", files_[i].destination.string(), why));
}

void replace_file(const fs::path& out, std::string_view bytes) {
    AtomicOutputs outs({out});
    outs.write(0, bytes);
    outs.commit();
}

void check_writable(const fs::path& out, std::initializer_list<std::string_view> extensions) {
    const std::string file = out.string();
    if (extensions.size() > 0) {
        const std::string ext = detail::lower_ext(out);
        if (std::find(extensions.begin(), extensions.end(), ext) == extensions.end()) {
            std::string list;
            for (const auto e : extensions) list += (list.empty() ? "" : ", ") + std::string(e);
            throw OutputError(fmt::format("{}: unknown output format \"{}\" (expected {})", file, ext, list));
        }
    }
    const fs::path folder = folder_of(out);
    std::error_code ec;
    if (!fs::exists(folder, ec))
        throw OutputError(fmt::format("{}: cannot write: the folder {} does not exist", file, folder.string()));
    if (!fs::is_directory(folder, ec))
        throw OutputError(fmt::format("{}: cannot write: {} is not a folder", file, folder.string()));
    if (fs::is_directory(out, ec)) throw OutputError(fmt::format("{}: cannot write: it is a folder", file));
    if (::access(folder.c_str(), W_OK | X_OK) != 0)
        throw OutputError(fmt::format("{}: cannot write in the folder {}: {}", file, folder.string(), reason(errno)));
}

void ProtectedInputs::add(const fs::path& file, const std::string& what) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
    entries_.push_back({st.st_dev, st.st_ino, file.string(), what});
}

void ProtectedInputs::add_project(const Project& project) {
    add(project.file, "the project file");
    for (const auto& [role, spec] : project.layers) {
        const std::string what = fmt::format("the source of the {} layer", role);
        const fs::path file = detail::local_file(spec.source.string());
        if (file.empty()) continue;
        add(file, what);
        const std::string ext = detail::lower_ext(file);
        if (ext == ".gpkg") {
            add(file.string() + "-wal", what);
            add(file.string() + "-shm", what);
        }
        if (ext != ".shp") continue;
        std::error_code ec;
        const std::string stem = lower(file.stem().string());
        for (const auto& entry : fs::directory_iterator(folder_of(file), ec)) {
            const std::string name = lower(entry.path().filename().string());
            if (name.rfind(stem + ".", 0) == 0) add(entry.path(), what + " (a sidecar of its shapefile)");
        }
    }
}

void ProtectedInputs::refuse(const fs::path& out) const {
    struct stat st {};
    if (::stat(out.c_str(), &st) != 0) return;  // nothing there yet: it is no input
    for (const Entry& e : entries_)
        if (e.dev == st.st_dev && e.ino == st.st_ino)
            throw UsageError(fmt::format("{}: refusing to overwrite {} ({}); choose another output", out.string(),
                                         e.what, e.path));
}

}  // namespace hcgis::io
