#pragma once

#include "endpointcontroller.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace stackdeck::ui {

class EnvelopeInspector;
class ForwardingBox;
class KeptItemsView;

// The local DSN endpoint's panel: Start / Stop; where it listens (127.0.0.1
// unless the user picks another interface, which shows a warning); the
// browser origins allowed (CORS, off by default); each project's DSN with a
// Copy button and set-up snippets for the Python and JavaScript SDKs; live
// counters; the items kept in the workspace (not interpreted, or refused
// with the reason) with their bytes; and the envelope inspector.
class EndpointPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr quint16 kDefaultPort = 8970;

    explicit EndpointPanel(EndpointController* controller, QWidget* parent = nullptr);

    // The choices on the panel, for the next start.
    EndpointSettings settings() const;
    void setPort(quint16 port); // 0: any free port
    // Start (or Stop) as the button does; the choices are remembered for the next session.
    void toggle();
    EnvelopeInspector* openInspector();
    EnvelopeInspector* inspector() const;
    ForwardingBox* forwardingBox() const { return m_forwarding; }

    QPushButton* startButton() const { return m_startStop; }
    QComboBox* bindChoice() const { return m_bind; }
    QSpinBox* portField() const { return m_port; }
    QLineEdit* originsField() const { return m_origins; }
    QLabel* bindWarning() const { return m_warning; }
    QComboBox* projectChoice() const { return m_project; }
    QLineEdit* dsnField() const { return m_dsn; }
    QPlainTextEdit* pythonSnippetView() const { return m_python; }
    QPlainTextEdit* javaScriptSnippetView() const { return m_javaScript; }
    QString statusText() const;
    // "Requests", "Events stored", ...: the counter's shown value.
    QString counterText(const QString& objectName) const;
    // The kept items, read from the workspace (they survive a restart).
    KeptItemsView* keptItemsView() const { return m_kept; }

private:
    void loadSettings();
    void saveSettings() const;
    void updateState();
    void updateWarning();
    void updateDsn();
    void showCounters(const ingest::EndpointCounters& counters);
    void updateInspectButton();
    QPushButton* copyButton(const QString& objectName, std::function<QString()> text);
    EndpointController* m_controller;
    QLabel* m_status;
    QPushButton* m_startStop;
    QComboBox* m_bind;
    QSpinBox* m_port;
    QLineEdit* m_origins;
    QLabel* m_warning;
    QWidget* m_warningRow = nullptr;
    QComboBox* m_project;
    QLineEdit* m_dsn;
    QPlainTextEdit* m_python;
    QPlainTextEdit* m_javaScript;
    QWidget* m_dsnBox;
    QLabel* m_dsnHint;
    QList<QLabel*> m_counters;
    KeptItemsView* m_kept;
    QPushButton* m_inspect;
    QPointer<EnvelopeInspector> m_inspector;
    ForwardingBox* m_forwarding = nullptr;
};

} // namespace stackdeck::ui
