// A private directory for one test, removed with everything in it when the test ends.
#pragma once

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace audisp_ima::test {

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "audisp-ima-test-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string path() const { return path_.string(); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    // Writes `text` to the file `name` (replacing it) with `mode`, and returns its path.
    std::string write(const std::string& name, const std::string& text, mode_t mode = 0640) const {
        std::string target = file(name);
        {
            std::ofstream out(target, std::ios::binary | std::ios::trunc);
            out << text;
            if (!out) throw std::runtime_error("cannot write " + target);
        }
        if (::chmod(target.c_str(), mode) != 0) throw std::runtime_error("cannot chmod " + target);
        return target;
    }

private:
    std::filesystem::path path_;
};

}  // namespace audisp_ima::test
