#pragma once

#include "sentryclient.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <atomic>
#include <optional>

namespace stackdeck::server {

// What "Test connection" learned: the organization's name, where its calls
// go and how many projects the token sees in it.
struct ConnectionCheck {
    std::optional<ApiError> error; // the client's actionable error, or ours (organization not found)
    QString organizationName;
    QString regionUrl; // empty: the base URL
    int projects = 0;
    bool more = false; // more than one page of projects
    bool ok() const { return !error.has_value(); }
};

// Lists the token's organizations (finding `organization` among them and
// checking its region host) and the first page of its projects. Blocking: runs
// an event loop on the calling thread (a worker). The token goes only where
// the client allows it.
ConnectionCheck testConnection(const QUrl& baseUrl, const QString& organization, const QByteArray& token,
    const ClientOptions& options = {}, const std::atomic<bool>* cancel = nullptr);

} // namespace stackdeck::server
