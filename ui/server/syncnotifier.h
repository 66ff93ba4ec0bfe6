#pragma once

#include <QObject>
#include <QString>

class QSystemTrayIcon;

namespace stackdeck::ui {

// The one desktop notification a sync raises for the alert searches' new or
// regressed issues (core: server/syncalerts.h): the system tray's message
// where the desktop has a tray; otherwise `notified` says it was not shown
// and the caller puts it in the status bar. The text is plain.
class SyncNotifier : public QObject {
    Q_OBJECT
public:
    explicit SyncNotifier(QObject* parent = nullptr);
    // True when the desktop showed it.
    bool notify(const QString& title, const QString& body);
    int count() const { return m_count; }

Q_SIGNALS:
    void notified(const QString& title, const QString& body, bool shown);

private:
    QSystemTrayIcon* m_tray = nullptr;
    int m_count = 0;
};

} // namespace stackdeck::ui
