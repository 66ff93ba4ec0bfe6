#include "jsonsanitize.h"

namespace stackdeck {

bool replaceNonFiniteNumbers(std::string_view in, std::string& out)
{
    bool replaced = false;
    bool inString = false;
    out.clear();
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < in.size()) {
                out += in[++i];
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
            out += c;
            continue;
        }
        auto token = [&](std::string_view word) { return in.substr(i, word.size()) == word; };
        if (token("-Infinity")) {
            out += "null";
            i += 8;
            replaced = true;
        } else if (token("Infinity")) {
            out += "null";
            i += 7;
            replaced = true;
        } else if (token("NaN")) {
            out += "null";
            i += 2;
            replaced = true;
        } else {
            out += c;
        }
    }
    return replaced;
}

} // namespace stackdeck
