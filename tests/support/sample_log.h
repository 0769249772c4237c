// Test helper: the bundled sample, examples/sample-audit.log, whole (examples/README.md says what
// each of its events is).
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace audisp_ima::test {

inline std::string sample_log() {
    const std::string path = std::string(AUDISP_IMA_SOURCE_DIR) + "/examples/sample-audit.log";
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace audisp_ima::test
