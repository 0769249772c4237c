// The field reference (docs/field-reference.md), made from the field catalogue and the formats'
// key tables, so that it cannot drift from what the formatters print. tests/tools prints it; a
// test checks that the file in docs/ is what it prints.
#pragma once

#include <string>

namespace audisp_ima {

std::string field_reference_markdown();

}  // namespace audisp_ima
