#pragma once

#include "endpointcontroller.h"

#include <QGroupBox>

#include <map>
#include <memory>
#include <string>
#include <vector>

class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace stackdeck::store {
class WorkspaceSession;
}

namespace stackdeck::ui {

// The Endpoint tab's forwarding settings (issue #19): per workspace project,
// the upstream Sentry DSN its requests are relayed to as well (validated as a
// DSN, with the reason when it is not one), and that upstream's state: off,
// saved, delivering (sent, waiting on disk), or failing with the last error
// and the time of the next try. Saved upstreams are kept without their key in
// the workspace, the key in the OS keychain (ingest/forwardsettings.h); both
// are read and written off the GUI thread. Where no keychain answers, a DSN
// entered here forwards until Stackdeck closes and is written nowhere.
class ForwardingBox : public QGroupBox {
    Q_OBJECT
public:
    explicit ForwardingBox(EndpointController* controller, QWidget* parent = nullptr);

    // Reads the workspace's projects and their saved upstreams (with keys) in the background: loaded().
    void setSession(std::shared_ptr<store::WorkspaceSession> session);
    // Project -> DSN with its key, for the next start of the endpoint.
    std::map<std::string, QString> forwardDsns() const;

    QStringList projects() const;
    QLineEdit* dsnField(const QString& project) const;
    QPushButton* saveButton(const QString& project) const;
    QLabel* statusLabel(const QString& project) const;
    QString message() const;

Q_SIGNALS:
    void loaded();
    // A save (or removal) finished: `ok` when it is in the workspace.
    void saved(const QString& project, bool ok, const QString& message);

private:
    struct Row {
        QString project;
        QLineEdit* field = nullptr;
        QPushButton* save = nullptr;
        QLabel* status = nullptr;
        QString upstream; // saved, without its key
        QString dsn; // with its key: from the keychain, or entered in this session
        QString problem; // why the saved upstream has no key
        bool memoryOnly = false; // the keychain did not take the key
        bool saving = false;
    };
    struct Loaded;
    void rebuild(const Loaded& result);
    Row* row(const QString& project);
    const Row* row(const QString& project) const;
    void onEdited(Row& row);
    void save(const QString& project);
    void updateStatus();
    QString statusOf(const Row& row) const;
    static QString masked(const QString& dsn);

    EndpointController* m_controller;
    std::shared_ptr<store::WorkspaceSession> m_session;
    quint64 m_generation = 0;
    QLabel* m_message;
    QGridLayout* m_grid;
    std::vector<Row> m_rows;
};

} // namespace stackdeck::ui
