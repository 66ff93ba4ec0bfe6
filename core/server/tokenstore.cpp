#include "tokenstore.h"

#include <QEventLoop>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <cstdio>
#include <string>

namespace stackdeck::server {
namespace {

const QString kService = QStringLiteral("Stackdeck");
// A keychain that does not answer in this time counts as none (a locked
// desktop session that never shows its prompt, a D-Bus without the service).
constexpr int kKeychainTimeoutMs = 15000;

// Runs a keychain job to its end; false when it timed out.
bool runJob(QKeychain::Job& job)
{
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(kKeychainTimeoutMs, &loop, &QEventLoop::quit);
    job.start();
    if (!finished)
        loop.exec();
    return finished;
}

} // namespace

bool TokenStore::keychainDisabled()
{
    return qEnvironmentVariableIntValue("STACKDECK_NO_KEYCHAIN") == 1;
}

Status TokenStore::store(const QString& key, const QByteArray& token)
{
    if (keychainDisabled())
        return Error {"the keychain is switched off (STACKDECK_NO_KEYCHAIN)"};
    QKeychain::WritePasswordJob job(kService);
    job.setKey(key);
    job.setBinaryData(token);
    if (!runJob(job))
        return Error {"the keychain did not answer"};
    if (job.error() != QKeychain::NoError)
        return Error {"the keychain refused: " + job.errorString().toStdString()};
    return Ok {};
}

std::optional<QByteArray> TokenStore::read(const QString& key, QString* why)
{
    auto fail = [why](const QString& reason) {
        if (why)
            *why = reason;
        return std::nullopt;
    };
    if (keychainDisabled())
        return fail(QStringLiteral("the keychain is switched off (STACKDECK_NO_KEYCHAIN)"));
    QKeychain::ReadPasswordJob job(kService);
    job.setKey(key);
    if (!runJob(job))
        return fail(QStringLiteral("the keychain did not answer"));
    if (job.error() == QKeychain::EntryNotFound)
        return fail(QStringLiteral("the keychain has no token for this account"));
    if (job.error() != QKeychain::NoError)
        return fail(QStringLiteral("no keychain: %1").arg(job.errorString()));
    const QByteArray token = job.binaryData().trimmed();
    if (token.isEmpty())
        return fail(QStringLiteral("the keychain's token for this account is empty"));
    return token;
}

void TokenStore::remove(const QString& key)
{
    if (keychainDisabled())
        return;
    QKeychain::DeletePasswordJob job(kService);
    job.setKey(key);
    runJob(job); // nothing stored, or no keychain: nothing to remove either way
}

QByteArray TokenStore::fromEnvironment()
{
    return qgetenv("SENTRY_AUTH_TOKEN").trimmed();
}

QByteArray TokenStore::fromStdin()
{
    std::string line;
    for (int c = std::fgetc(stdin); c != EOF && c != '\n' && line.size() < 4096; c = std::fgetc(stdin))
        line.push_back(static_cast<char>(c));
    return QByteArray::fromStdString(line).trimmed();
}

QString keychainKey(const QString& accountName, const QString& baseUrl, const QString& organization)
{
    return QStringLiteral("%1 %2 %3").arg(baseUrl, organization, accountName);
}

} // namespace stackdeck::server
