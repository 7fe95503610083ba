#include "io/checked_vsi.h"

#include <cpl_vsi.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

namespace hcgis::io::checked_vsi {
namespace {

constexpr const char* prefix = "/vsihcgis/";
constexpr std::size_t buffer_size = 1 << 20;

std::mutex errors_mutex;
std::map<std::string, int> errors;  // the first failure per file

void record(const std::string& path, int err) {
    const std::lock_guard lock(errors_mutex);
    errors.emplace(path, err);
}

/// An open file: an fd and a write buffer (GDAL's drivers write in small pieces).
struct Handle {
    int fd = -1;
    std::string path;
    std::vector<char> pending;
    bool eof = false;
    bool failed = false;

    bool write_all(const char* p, std::size_t n) {
        while (n > 0 && !failed) {
            const ssize_t w = ::write(fd, p, n);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) {
                failed = true;
                record(path, w < 0 ? errno : ENOSPC);
                return false;
            }
            p += w;
            n -= static_cast<std::size_t>(w);
        }
        return !failed;
    }
    bool drain() {
        const bool ok = write_all(pending.data(), pending.size());
        pending.clear();
        return ok;
    }
};

int open_flags(const char* access) {
    const bool plus = std::strchr(access, '+') != nullptr;
    switch (access[0]) {
    case 'r': return plus ? O_RDWR : O_RDONLY;
    case 'w': return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC;
    case 'a': return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND;
    default: return -1;
    }
}

void* open_cb(void*, const char* name, const char* access) {
    const int flags = open_flags(access);
    if (flags < 0) {
        errno = EINVAL;
        return nullptr;
    }
    const int fd = ::open(name, flags | O_CLOEXEC, 0666);
    if (fd < 0) return nullptr;
    auto* h = new Handle;
    h->fd = fd;
    h->path = name;
    return h;
}

vsi_l_offset tell_cb(void* f) {
    auto* h = static_cast<Handle*>(f);
    const off_t at = ::lseek(h->fd, 0, SEEK_CUR);
    return at < 0 ? 0 : static_cast<vsi_l_offset>(at) + h->pending.size();
}

int seek_cb(void* f, vsi_l_offset offset, int whence) {
    auto* h = static_cast<Handle*>(f);
    if (!h->drain()) return -1;
    h->eof = false;
    return ::lseek(h->fd, static_cast<off_t>(offset), whence) < 0 ? -1 : 0;
}

size_t read_cb(void* f, void* buffer, size_t size, size_t count) {
    auto* h = static_cast<Handle*>(f);
    if (size == 0 || count == 0 || !h->drain()) return 0;
    const std::size_t want = size * count;
    std::size_t got = 0;
    char* p = static_cast<char*>(buffer);
    while (got < want) {
        const ssize_t r = ::read(h->fd, p + got, want - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            h->eof = true;
            break;
        }
        got += static_cast<std::size_t>(r);
    }
    return got / size;
}

int eof_cb(void* f) { return static_cast<Handle*>(f)->eof ? 1 : 0; }

size_t write_cb(void* f, const void* buffer, size_t size, size_t count) {
    auto* h = static_cast<Handle*>(f);
    const std::size_t n = size * count;
    if (h->failed || size == 0) return 0;
    const char* p = static_cast<const char*>(buffer);
    if (h->pending.size() + n > buffer_size) {
        if (!h->drain()) return 0;
        if (n >= buffer_size) return h->write_all(p, n) ? count : 0;
    }
    h->pending.insert(h->pending.end(), p, p + n);
    return count;
}

int flush_cb(void* f) { return static_cast<Handle*>(f)->drain() ? 0 : -1; }

int truncate_cb(void* f, vsi_l_offset size) {
    auto* h = static_cast<Handle*>(f);
    if (!h->drain()) return -1;
    if (::ftruncate(h->fd, static_cast<off_t>(size)) != 0) {
        record(h->path, errno);
        return -1;
    }
    return 0;
}

int close_cb(void* f) {
    auto* h = static_cast<Handle*>(f);
    bool ok = h->drain();
    const int mode = ::fcntl(h->fd, F_GETFL) & O_ACCMODE;
    if (ok && mode != O_RDONLY && ::fsync(h->fd) != 0) {
        record(h->path, errno);
        ok = false;
    }
    if (::close(h->fd) != 0) {
        record(h->path, errno);
        ok = false;
    }
    delete h;
    return ok ? 0 : -1;
}

int stat_cb(void*, const char* name, VSIStatBufL* out, int) {
    struct stat st {};
    if (::stat(name, &st) != 0) return -1;
    std::memset(out, 0, sizeof(*out));
    out->st_mode = st.st_mode;
    out->st_size = st.st_size;
    out->st_mtime = st.st_mtime;
    out->st_dev = st.st_dev;
    out->st_ino = st.st_ino;
    return 0;
}

int unlink_cb(void*, const char* name) { return ::unlink(name); }
int rename_cb(void*, const char* from, const char* to) { return ::rename(from, to); }
int mkdir_cb(void*, const char* name, long mode) { return ::mkdir(name, static_cast<mode_t>(mode)); }
int rmdir_cb(void*, const char* name) { return ::rmdir(name); }

void install() {
    static std::once_flag once;
    std::call_once(once, [] {
        VSIFilesystemPluginCallbacksStruct* cb = VSIAllocFilesystemPluginCallbacksStruct();
        cb->open = open_cb;
        cb->tell = tell_cb;
        cb->seek = seek_cb;
        cb->read = read_cb;
        cb->eof = eof_cb;
        cb->write = write_cb;
        cb->flush = flush_cb;
        cb->truncate = truncate_cb;
        cb->close = close_cb;
        cb->stat = stat_cb;
        cb->unlink = unlink_cb;
        cb->rename = rename_cb;
        cb->mkdir = mkdir_cb;
        cb->rmdir = rmdir_cb;
        VSIInstallPluginHandler(prefix, cb);
        VSIFreeFilesystemPluginCallbacksStruct(cb);
    });
}

}  // namespace

std::string gdal_name(const std::string& path) {
    install();
    return prefix + path;
}

std::optional<int> take_error(const std::string& path) {
    const std::lock_guard lock(errors_mutex);
    const auto it = errors.find(path);
    if (it == errors.end()) return std::nullopt;
    const int err = it->second;
    errors.erase(it);
    return err;
}

}  // namespace hcgis::io::checked_vsi
