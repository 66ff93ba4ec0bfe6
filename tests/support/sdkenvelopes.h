#pragma once

// The envelopes the real SDKs sent to a Sentry DSN (shared/corpus/sdk/received),
// for the endpoint's suites and its benchmark.

#include "testsupport.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace stackdeck::test {

// The body of every request to the envelope route, decompressed, in the order
// the SDKs sent them (requests.jsonl); none when the log does not open.
inline std::vector<std::string> sdkEnvelopeBodies()
{
    const QString folder = corpusPath(QStringLiteral("sdk/received"));
    QFile log(folder + QStringLiteral("/requests.jsonl"));
    std::vector<std::string> out;
    if (!log.open(QIODevice::ReadOnly))
        return out;
    while (!log.atEnd()) {
        const QByteArray line = log.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const auto r = nlohmann::json::parse(line.toStdString());
        if (r["endpoint"] != "envelope")
            continue;
        out.push_back(
            readFile(folder + QLatin1Char('/') + QString::fromStdString(r["file"].get<std::string>())).toStdString());
    }
    return out;
}

} // namespace stackdeck::test
