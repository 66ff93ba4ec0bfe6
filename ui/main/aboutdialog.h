#pragma once

#include <QDialog>
#include <QString>

#include <memory>

namespace stackdeck::store {
class WorkspaceSession;
}

namespace stackdeck::ui {

// Help > About: the version (the one of the top-level CMakeLists.txt), the
// open workspace and its schema version, the Qt it runs on, and the licences
// of Stackdeck and of every third-party component linked or compiled in.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    // `workspacePath` empty: no workspace is open.
    AboutDialog(const QString& workspacePath, const std::shared_ptr<store::WorkspaceSession>& session,
        QWidget* parent = nullptr);

    // The licences, one paragraph per component (plain text; the package's
    // copyright file holds the full texts).
    static QString licencesText();
    // The workspace's schema version (PRAGMA user_version), 0 when there is
    // no session or it cannot be read.
    static int schemaVersionOf(const std::shared_ptr<store::WorkspaceSession>& session);
};

} // namespace stackdeck::ui
