#pragma once

#include <string>
#include <string_view>

namespace stackdeck::report {

// The one way event text enters HTML: & < > " ' become entities, and control
// characters other than tab and newline are dropped. Safe in element content
// and in quoted attribute values alike.
std::string htmlEscape(std::string_view text);

// Event text inline in Markdown: every ASCII punctuation character is
// backslash-escaped (CommonMark allows it for all of them), so no link, image,
// emphasis, HTML tag, autolink or heading can start inside it; line breaks
// become spaces so the text cannot leave its line or table cell.
std::string markdownEscape(std::string_view text);

// A fenced code block whose fence is longer than any backtick run inside.
std::string markdownCodeBlock(std::string_view text, std::string_view info = {});

// One CSV field (RFC 4180): formula-safe first (a leading = + - @ tab or CR
// gets an apostrophe before it), then quoted when it holds a comma, a quote,
// CR or LF, with quotes doubled.
std::string csvField(std::string_view text);

// Only the formula neutralisation of csvField.
std::string formulaSafe(std::string_view text);

} // namespace stackdeck::report
