// Text as XML 1.0 character data on one line (the Sysmon format's element and attribute values).
// XML 1.0 §2.2 allows tab, LF, CR and U+0020 and up, except the surrogates, U+FFFE and U+FFFF;
// §2.4 and §3.3.3 reserve '<', '&' and the quotes. So: '&' '<' '>' '"' '\'' become the five
// predefined entities; tab, LF, CR and DEL become character references (&#9; &#10; &#13; &#127;),
// which keep the value exact and the message on one line; every other C0 control character,
// U+FFFE, U+FFFF and invalid UTF-8 have no XML form and become U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace audisp_ima {

// Appends `value` escaped; true when something had to be replaced by U+FFFD.
bool append_xml_text(std::string& out, std::string_view value);

}  // namespace audisp_ima
