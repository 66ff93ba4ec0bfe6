#pragma once

#include "model/request.h"

#include <QString>

namespace stackdeck::ui {

// One argument for a POSIX shell (dash included), safe to paste into a
// terminal: nothing in it runs, and no control character reaches the
// terminal or the line editor raw (ESC could end a bracketed paste, ^U or ^C
// edit the line, a newline run it). Plain text is single-quoted: 'it'\''s'.
// Text with control characters (terminaltext.h) becomes
// "$(printf '%b' 'a\0012b')", every control byte an octal escape. Command
// substitution drops trailing newlines and NUL bytes, which no argument can
// carry anyway; curlCommand() sends such a body through stdin instead.
QString shellQuote(const QString& text);
// A curl command line that replays the request: method, --url with the query,
// headers, cookies and body, every argument shell-quoted and every control
// character escaped (percent-encoded in the URL). Headers whose names are not
// HTTP tokens are left out: no client can send them, and one starting with
// '@' would make curl read a file.
QString curlCommand(const Request& request);
// The URL with its query string, as sent.
QString fullUrl(const Request& request);

} // namespace stackdeck::ui
