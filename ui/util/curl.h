#pragma once

#include "model/request.h"

#include <QString>

namespace stackdeck::ui {

// POSIX shell single-quoting: 'it'\''s' — safe for any byte sequence.
QString shellQuote(const QString& text);
// A curl command line that replays the request: method, URL with query,
// headers, cookies and body, every argument shell-quoted.
QString curlCommand(const Request& request);
// The URL with its query string, as sent.
QString fullUrl(const Request& request);

} // namespace stackdeck::ui
