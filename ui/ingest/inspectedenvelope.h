#pragma once

#include "ingest/ingestendpoint.h"

#include <QDateTime>
#include <QHostAddress>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <map>
#include <string>
#include <vector>

namespace stackdeck::ui {

// An envelope the local endpoint received, as the window keeps it for the
// inspector: a copy of IngestEndpoint::lastEnvelope() (its body is shared,
// not copied) with the time it reached the window.
struct InspectedEnvelope {
    QDateTime received;
    ingest::ReceivedEnvelope envelope;
};

// What the user chose for the next start of the endpoint.
struct EndpointSettings {
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; // 0: a free port
    QStringList allowedOrigins; // CORS: empty = off
    // Project -> the upstream DSN its requests are relayed to, with its key: kept in memory only
    // (ForwardingBox reads saved keys from the keychain).
    std::map<std::string, QString> forwardDsns;
};

struct ProjectDsn {
    QString project;
    QString dsn;
};

// The running endpoint, as the window shows it.
struct EndpointInfo {
    QString baseUrl; // http://127.0.0.1:PORT
    QString address;
    quint16 port = 0;
    bool loopback = true;
    std::vector<ProjectDsn> dsns;
};

} // namespace stackdeck::ui

Q_DECLARE_METATYPE(stackdeck::ui::InspectedEnvelope)
Q_DECLARE_METATYPE(stackdeck::ui::EndpointInfo)
Q_DECLARE_METATYPE(std::vector<stackdeck::ingest::ForwardStatus>)
