#include "syncnotifier.h"

#include <QApplication>
#include <QStyle>
#include <QSystemTrayIcon>

namespace stackdeck::ui {

SyncNotifier::SyncNotifier(QObject* parent)
    : QObject(parent)
{
}

bool SyncNotifier::notify(const QString& title, const QString& body)
{
    ++m_count;
    bool shown = false;
    if (QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
        if (!m_tray) {
            // The tray icon exists only once there is something to say.
            QIcon icon = QApplication::windowIcon();
            if (icon.isNull())
                icon = QApplication::style()->standardIcon(QStyle::SP_MessageBoxInformation);
            m_tray = new QSystemTrayIcon(icon, this);
            m_tray->setToolTip(QApplication::applicationDisplayName());
        }
        m_tray->show();
        m_tray->showMessage(title, body, QSystemTrayIcon::Information);
        shown = true;
    }
    Q_EMIT notified(title, body, shown);
    return shown;
}

} // namespace stackdeck::ui
