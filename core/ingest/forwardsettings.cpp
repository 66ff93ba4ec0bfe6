#include "forwardsettings.h"

#include "forwarder.h"
#include "server/tokenstore.h"
#include "store/forwardupstreams.h"
#include "store/sessionaccess.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QUrl>

namespace stackdeck::ingest {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("stackdeck::ingest::ForwardSettings", text);
}

QString keychainName(const std::string& keyRef)
{
    return QStringLiteral("ingest-forward ") + QString::fromStdString(keyRef);
}

std::string randomRef()
{
    return QString::number(QRandomGenerator::system()->generate64(), 16).toStdString();
}

} // namespace

std::vector<SavedForward> loadSavedForwards(
    const std::shared_ptr<store::WorkspaceSession>& session, bool readKeys, QString* error)
{
    auto rows = store::readWithSession(session,
        [](sql::Database& db) -> Result<std::vector<store::ForwardUpstream>> { return store::forwardUpstreams(db); });
    if (!rows) {
        if (error)
            *error = QString::fromStdString(rows.error().message);
        return {};
    }
    std::vector<SavedForward> out;
    for (const store::ForwardUpstream& row : *rows) {
        SavedForward saved;
        saved.project = QString::fromStdString(row.project);
        saved.upstream = QString::fromStdString(row.upstream);
        if (readKeys) {
            QString why;
            const auto key = server::TokenStore::read(keychainName(row.keyRef), &why);
            QUrl url(saved.upstream);
            if (key && url.isValid()) {
                url.setUserName(QString::fromUtf8(*key));
                saved.dsn = url.toString();
            } else {
                saved.problem = tr("its key is not available (%1)").arg(why);
            }
        }
        out.push_back(std::move(saved));
    }
    return out;
}

ForwardSaveOutcome saveForward(
    const std::shared_ptr<store::WorkspaceSession>& session, const QString& project, const QString& dsn)
{
    ForwardSaveOutcome out;
    const std::string name = project.toStdString();
    auto existing
        = store::readWithSession(session, [&](sql::Database& db) -> Result<std::optional<store::ForwardUpstream>> {
              return store::forwardUpstream(db, name);
          });
    if (!existing) {
        out.message = QString::fromStdString(existing.error().message);
        return out;
    }
    if (dsn.trimmed().isEmpty()) {
        auto removed = store::writeWithSession(session, "forwarding settings", [&](sql::Database& db) -> Status {
            store::removeForwardUpstream(db, name);
            return Ok {};
        });
        if (!removed) {
            out.message = QString::fromStdString(removed.error().message);
            return out;
        }
        if (*existing)
            server::TokenStore::remove(keychainName((*existing)->keyRef));
        out.saved = true;
        out.message = tr("Project %1 is not forwarded any more.").arg(project);
        return out;
    }
    QString why;
    const auto upstream = UpstreamDsn::parse(dsn, &why);
    if (!upstream) {
        out.message = tr("Not a DSN: %1.").arg(why);
        return out;
    }
    store::ForwardUpstream row;
    row.project = name;
    row.upstream = upstream->withoutKey().toStdString();
    row.keyRef = *existing ? (*existing)->keyRef : randomRef();
    const Status stored = server::TokenStore::store(keychainName(row.keyRef), upstream->publicKey.toUtf8());
    out.keyKept = stored.ok();
    auto written = store::writeWithSession(session, "forwarding settings", [&](sql::Database& db) -> Status {
        store::saveForwardUpstream(db, row);
        return Ok {};
    });
    if (!written) {
        out.message = QString::fromStdString(written.error().message);
        return out;
    }
    out.saved = true;
    out.message = out.keyKept
        ? tr("Project %1 is forwarded to %2 (its key is in the keychain).")
              .arg(project, QString::fromStdString(row.upstream))
        : tr("Project %1 is forwarded to %2 until Stackdeck closes: the key could not go to the keychain (%3), "
             "and it is never written anywhere else.")
              .arg(project, QString::fromStdString(row.upstream), QString::fromStdString(stored.error().message));
    return out;
}

} // namespace stackdeck::ingest
