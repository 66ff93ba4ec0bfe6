#pragma once

#include <QString>
#include <QStringView>

#include <string>
#include <string_view>

namespace stackdeck {

// Characters a terminal or a shell's line editor acts on rather than shows:
// C0 controls (tab and newline too), DEL, C1 controls (U+009B is a CSI to
// many terminals), and the invisible format characters that reorder or hide
// text (bidi overrides and isolates, zero-width characters, U+2028/U+2029).
bool isControlCharacter(char32_t c);
bool containsControlCharacters(QStringView text);

enum class KeepLineBreaks : bool { No, Yes };

// Event text made safe to write to a terminal: each control character as a
// visible escape (\n, \r, \t, \x1b, \u202e). KeepLineBreaks::Yes leaves '\n'
// and '\t' alone, for multi-line text the user wrote (rules).
QString escapeControlCharacters(QStringView text, KeepLineBreaks keep = KeepLineBreaks::No);

// UTF-8 JSON made safe for a terminal and still the same JSON: the control
// characters a JSON encoder may leave raw inside strings (DEL, C1, format
// characters) become \uXXXX escapes; other control bytes (none in valid JSON
// but its white space) too, and bytes that are not UTF-8 become U+FFFD.
std::string escapeJsonForTerminal(std::string_view json);

} // namespace stackdeck
