#pragma once

#include <QString>

#include <memory>
#include <vector>

namespace stackdeck::store {
class WorkspaceSession;
}

namespace stackdeck::ingest {

// A project's saved forwarding upstream (store/forwardupstreams.h): the DSN
// without its key in the workspace, the key in the OS keychain.
//
// Why the keychain for a DSN's public key: Sentry calls it public (browser
// SDKs ship it), but whoever has it can send into that Sentry project and
// spend its quota, and the project's rule is that credentials live only in the
// keychain, never in plaintext files or logs. So the workspace (which people
// copy and attach to bug reports) holds https://host/ID, and the key is read
// back from the keychain when the endpoint starts. Where no keychain answers
// (a headless machine, CI, STACKDECK_NO_KEYCHAIN=1) the key is not written
// anywhere: the caller keeps the DSN in memory for the session, and `serve
// --forward` gives it on the command line.
struct SavedForward {
    QString project;
    QString upstream; // the DSN without its key
    QString dsn; // with the key from the keychain; empty when it could not be read
    QString problem; // why dsn is empty
};

// The saved upstreams of the workspace's projects; with `readKeys`, each with
// its key from the keychain (blocking: up to 15 s when the keychain does not
// answer; call it off the GUI thread). Empty with `error` when the workspace cannot be read.
std::vector<SavedForward> loadSavedForwards(
    const std::shared_ptr<store::WorkspaceSession>& session, bool readKeys, QString* error = nullptr);

struct ForwardSaveOutcome {
    bool saved = false; // the upstream (without key) is in the workspace, or was removed
    bool keyKept = false; // the key is in the keychain
    QString message; // what happened, for the user (never the key)
};

// Saves `dsn` as the project's upstream (an empty one removes it, and its key
// from the keychain). A DSN that is not one is refused with the reason.
// Blocking like loadSavedForwards().
ForwardSaveOutcome saveForward(
    const std::shared_ptr<store::WorkspaceSession>& session, const QString& project, const QString& dsn);

} // namespace stackdeck::ingest
