#include "aboutdialog.h"

#include "store/schema.h"
#include "store/workspacesession.h"

#include <QDialogButtonBox>
#include <QFont>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include <exception>

namespace stackdeck::ui {

namespace {
QLabel* plainLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText); // a workspace path is the user's text
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}
} // namespace

int AboutDialog::schemaVersionOf(const std::shared_ptr<store::WorkspaceSession>& session)
{
    if (!session)
        return 0;
    auto reader = session->reader();
    if (!reader)
        return 0;
    try {
        return store::schemaVersion(reader->db());
    } catch (const std::exception&) {
        return 0;
    }
}

QString AboutDialog::licencesText()
{
    // Keep in step with packaging/copyright (the machine-readable file the
    // Debian package installs as /usr/share/doc/stackdeck/copyright).
    return tr("Stackdeck is free software under the MIT licence.\n\n"
              "Linked libraries (shared, from the system):\n"
              "- Qt 6 (Core, Gui, Widgets, Network, Concurrent, DBus) and its platform and SVG icon plugins: "
              "LGPL-3.0-only or GPL-2.0-only or GPL-3.0-only. The Qt Company Ltd.\n"
              "- QtKeychain: BSD-2-Clause. Frank Osterfeld and contributors.\n"
              "- SQLite: public domain.\n"
              "- simdjson: Apache-2.0. The simdjson authors.\n"
              "- Zstandard (zstd): BSD-3-Clause or GPL-2.0-only. Meta Platforms, Inc.\n"
              "- LZ4: BSD-2-Clause. Yann Collet.\n"
              "- zlib: Zlib. Jean-loup Gailly and Mark Adler.\n"
              "- gperftools (tcmalloc): BSD-3-Clause. Google Inc.\n\n"
              "Compiled in:\n"
              "- JSON for Modern C++ (nlohmann/json): MIT. Niels Lohmann.\n"
              "- Sentry's built-in grouping rules (stack trace enhancements newstyle:2023-01-11, fingerprinting "
              "javascript@2024-02-02): Functional Source License 1.1, Apache 2.0 Future License "
              "(FSL-1.1-Apache-2.0). Functional Software, Inc. dba Sentry.\n\n"
              "The full texts are in /usr/share/doc/stackdeck/copyright.");
}

AboutDialog::AboutDialog(
    const QString& workspacePath, const std::shared_ptr<store::WorkspaceSession>& session, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About Stackdeck"));
    auto* layout = new QVBoxLayout(this);

    auto* title = plainLabel(tr("Stackdeck %1").arg(QStringLiteral(STACKDECK_VERSION)), this);
    title->setObjectName(QStringLiteral("aboutVersion"));
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    title->setFont(big);
    layout->addWidget(title);
    layout->addWidget(plainLabel(tr("A desktop workbench for Sentry-style error events."), this));

    const int schema = schemaVersionOf(session);
    QString workspace = workspacePath.isEmpty()
        ? tr("No workspace is open.")
        : tr("Workspace: %1\nSchema version %2 (this build reads up to %3).")
              .arg(workspacePath, schema > 0 ? QString::number(schema) : tr("unknown"))
              .arg(store::latestSchemaVersion());
    auto* workspaceLabel = plainLabel(workspace, this);
    workspaceLabel->setObjectName(QStringLiteral("aboutWorkspace"));
    layout->addWidget(workspaceLabel);
    layout->addWidget(plainLabel(
        tr("Built with Qt %1, running on Qt %2.").arg(QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion())),
        this));

    auto* licences = new QPlainTextEdit(licencesText(), this);
    licences->setObjectName(QStringLiteral("aboutLicences"));
    licences->setReadOnly(true);
    licences->setMinimumSize(560, 300);
    layout->addWidget(licences, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace stackdeck::ui
