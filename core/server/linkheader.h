#pragma once

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace stackdeck::server {

// One entry of an RFC 8288 Link header, as Sentry sends them:
// <url>; rel="next"; results="true"; cursor="0:100:0"
struct LinkEntry {
    QString url;
    QString rel;
    bool results = true; // Sentry's results="false": that page is empty
    QString cursor;
};

// Parses quoted strings and commas between entries properly (a cursor or a
// URL may hold commas and semicolons). Untrusted input: at most 16 entries
// from at most 16 KiB; a malformed entry ends the parse with what came before.
std::vector<LinkEntry> parseLinkHeader(const QByteArray& header);

// The cursor of the next page, when there is one with results.
std::optional<LinkEntry> nextPage(const std::vector<LinkEntry>& entries);

} // namespace stackdeck::server
