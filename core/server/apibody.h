#pragma once

#include "sentryclient.h"

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>
#include <optional>

namespace stackdeck::server {

// Parses an untrusted response body: at most `maxDepth` nested arrays and
// objects (checked before the parser recurses), nullopt when it is not JSON
// (truncated, HTML from a proxy, ...). An empty body is null.
std::optional<nlohmann::json> parseBody(const QByteArray& body, int maxDepth);

// What the server said, readably: `detail` (string, or object with
// `message`), a field map flattened, a bare JSON string (429), else the first
// bytes of a text body; cut to 300 characters, control characters dropped.
QString serverDetail(const QByteArray& body);

// The actionable message for an HTTP error status on `path`.
ApiError httpError(int status, const QString& path, const QByteArray& body, const QByteArray& wwwAuthenticate);

} // namespace stackdeck::server
