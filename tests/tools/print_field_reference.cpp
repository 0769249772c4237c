// Prints docs/field-reference.md: build/tests/print-field-reference > docs/field-reference.md
#include <cstdio>

#include "formatters/field_reference.h"

int main() {
    std::fputs(audisp_ima::field_reference_markdown().c_str(), stdout);
    return 0;
}
