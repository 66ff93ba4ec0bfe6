#pragma once

#include "util/result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace stackdeck::server {

// Where an account's token comes from and goes to. The OS keychain (through
// QtKeychain: the Secret Service, KWallet, the macOS keychain, Windows'
// credential store) is the only place it is ever written, and QtKeychain's
// plaintext fallback is off. Where no keychain answers (a headless machine,
// CI, the tests), the token comes from SENTRY_AUTH_TOKEN or standard input
// and stays in this process's memory. It never goes to the workspace,
// settings, logs or error messages.
class TokenStore {
public:
    // `key` names the account in the keychain (keychainKey()).
    static Status store(const QString& key, const QByteArray& token);
    // The keychain's token, nullopt when there is none or no keychain answers
    // (`why` says which).
    static std::optional<QByteArray> read(const QString& key, QString* why = nullptr);
    static void remove(const QString& key);
    // SENTRY_AUTH_TOKEN, trimmed; empty when unset.
    static QByteArray fromEnvironment();
    // One line from standard input, trimmed.
    static QByteArray fromStdin();
    // STACKDECK_NO_KEYCHAIN=1 skips the keychain (tests; machines where asking it hangs).
    static bool keychainDisabled();
};

QString keychainKey(const QString& accountName, const QString& baseUrl, const QString& organization);

} // namespace stackdeck::server
