// A fresh folder for one test's files, removed with everything in it when the test is done: the one the
// suites share.
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include <unistd.h>

namespace hcgis::test {

class TempDir {
public:
    /// hcgis-`name`-<process>-<serial> under the system's temporary folder, empty.
    explicit TempDir(const std::string& name = "test") {
        static std::atomic<int> serial{0};
        path = std::filesystem::temp_directory_path() /
               ("hcgis-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(++serial));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    /// Permissions are given back first, so that a test that took them away leaves nothing behind.
    ~TempDir() {
        std::error_code ec;
        std::filesystem::permissions(path, std::filesystem::perms::all, ec);
        std::filesystem::remove_all(path, ec);
    }
    /// Writes `text` as file `name` in the folder; returns its path.
    std::filesystem::path write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
        return path / name;
    }

    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::filesystem::path path;
};

}  // namespace hcgis::test
