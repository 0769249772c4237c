// check-messages FORMAT [FILE]: every line of FILE (else stdin) is one message of FORMAT (json, ocsf,
// cef, leef, sysmon) that passes the tests' checks for it (tests/support/format_checks.h). Prints
// each failing line's number and reason; exits 1 when any failed, 2 on bad usage. For logs made
// outside the unit tests: the real-kernel test's audit.log, converted in every format.
#include <fstream>
#include <iostream>
#include <string>

#include "tests/support/format_checks.h"

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::cerr << "usage: check-messages json|cef|leef|ocsf|sysmon [FILE]\n";
        return 2;
    }
    std::string format = argv[1];
    std::ifstream file;
    if (argc == 3) {
        file.open(argv[2], std::ios::binary);
        if (!file) {
            std::cerr << "check-messages: cannot read " << argv[2] << "\n";
            return 2;
        }
    }
    std::istream& in = argc == 3 ? file : std::cin;
    size_t lines = 0, bad = 0;
    for (std::string line; std::getline(in, line);) {
        ++lines;
        std::string problem = audisp_ima::test::message_problems(format, line);
        if (problem.empty()) continue;
        if (problem.rfind("unknown format", 0) == 0) {
            std::cerr << "check-messages: " << problem << "\n";
            return 2;
        }
        ++bad;
        std::cout << "line " << lines << ": " << problem << "\n";
    }
    std::cout << format << ": " << lines << " lines, " << bad << " failed\n";
    return bad == 0 && lines > 0 ? 0 : 1;
}
