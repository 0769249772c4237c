// Test helper: the real audit logs of tests/data/corpus (PROVENANCE.md), found and read.
#pragma once

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace audisp_ima::test {

inline const std::string kCorpusDir = AUDISP_IMA_CORPUS_DIR;

// The whole file; throws (a test failure) when it cannot be read.
inline std::string read_corpus_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path + " (tests/data/corpus: see its PROVENANCE.md)");
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// Every *.log and *.txt under the corpus, sorted, so runs visit them in the same order.
inline std::vector<std::string> corpus_logs() {
    std::vector<std::string> files;
    std::vector<std::string> dirs{kCorpusDir};
    while (!dirs.empty()) {
        std::string dir = dirs.back();
        dirs.pop_back();
        DIR* d = opendir(dir.c_str());
        if (!d) continue;
        while (dirent* entry = readdir(d)) {
            std::string name = entry->d_name;
            if (name == "." || name == "..") continue;
            std::string path = dir + "/" + name;
            if (entry->d_type == DT_DIR) dirs.push_back(path);
            else if (name.ends_with(".log") || name.ends_with(".txt")) files.push_back(path);
        }
        closedir(d);
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace audisp_ima::test
