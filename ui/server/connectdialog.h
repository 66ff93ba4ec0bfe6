#pragma once

#include "server/connectiontest.h"
#include "store/accounts.h"

#include <QDialog>

#include <atomic>
#include <memory>

class QComboBox;
class QLineEdit;
class QLabel;
class QPushButton;

namespace stackdeck::ui {

// Server > Connect…: a preset (sentry.io, its US and EU region hosts,
// self-hosted Sentry, GlitchTip) or any URL, the organization, a name and the
// token (never echoed, never written to settings), with the scopes it needs.
// "Test connection" runs on a worker and shows what the server said, or the
// client's actionable error.
class ConnectDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectDialog(QWidget* parent = nullptr);
    ~ConnectDialog() override;

    struct Preset {
        QString label;
        QString url; // empty: the user types it
    };
    static QList<Preset> presets();

    void setClientOptions(const server::ClientOptions& options) { m_client = options; }
    store::ServerAccount account() const; // as filled in (id 0)
    QUrl baseUrl() const; // without a trailing slash
    QByteArray token() const;
    void testConnection();
    bool isTesting() const { return m_testing; }
    QString resultText() const;

    QComboBox* presetBox() const { return m_preset; }
    QLineEdit* urlEdit() const { return m_url; }
    QLineEdit* orgEdit() const { return m_org; }
    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* tokenEdit() const { return m_token; }
    QPushButton* testButton() const { return m_test; }

Q_SIGNALS:
    void tested(bool ok);

private:
    void presetChosen(int index);
    void updateButtons();
    QComboBox* m_preset;
    QLineEdit* m_url;
    QLineEdit* m_org;
    QLineEdit* m_name;
    QLineEdit* m_token;
    QLabel* m_result;
    QPushButton* m_test;
    QPushButton* m_ok;
    server::ClientOptions m_client;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_testing = false;
    bool m_nameEdited = false;
};

} // namespace stackdeck::ui
