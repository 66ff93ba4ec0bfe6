#include "pdfreport.h"

#include <QAbstractTextDocumentLayout>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

namespace stackdeck::report {

Result<PdfInfo> writePdf(const std::string& html, const std::string& path, const std::string& title)
{
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance()) == nullptr)
        return Error {"rendering a PDF needs a QGuiApplication"};
    const QString file = QString::fromStdString(path);
    // Written beside the target and renamed over it when complete, so a
    // failed or interrupted export never leaves half a PDF (or a previous
    // report damaged); owner-only like every other report and the workspace.
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return Error {"cannot write " + path + ": " + out.errorString().toStdString()};
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    int pages = 0;
    {
        QPdfWriter writer(&out);
        writer.setTitle(QString::fromStdString(title));
        writer.setCreator(QStringLiteral("Stackdeck"));
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setResolution(300);

        QTextDocument doc;
        // Lay out at the writer's 300 dpi: otherwise point sizes are taken at
        // the screen's 96 dpi and the text comes out a third of its size.
        doc.documentLayout()->setPaintDevice(&writer);
        doc.setHtml(QString::fromStdString(html));
        doc.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size().toSizeF());
        pages = doc.pageCount();
        doc.print(&writer);
    }
    const qint64 bytes = out.size();
    if (bytes == 0) {
        out.cancelWriting();
        return Error {"could not render " + path};
    }
    if (!out.commit())
        return Error {"cannot write " + path + ": " + out.errorString().toStdString()};
    return PdfInfo {pages, bytes};
}

std::unique_ptr<QCoreApplication> makeOffscreenGuiApplication(int& argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<QGuiApplication>(argc, argv);
}

} // namespace stackdeck::report
