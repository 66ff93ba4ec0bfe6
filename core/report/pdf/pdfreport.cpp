#include "pdfreport.h"

#include <QFile>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

namespace stackdeck::report {

Result<PdfInfo> writePdf(const std::string& html, const std::string& path, const std::string& title)
{
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance()) == nullptr)
        return Error {"rendering a PDF needs a QGuiApplication"};
    const QString file = QString::fromStdString(path);
    int pages = 0;
    {
        QPdfWriter writer(file);
        writer.setTitle(QString::fromStdString(title));
        writer.setCreator(QStringLiteral("Stackdeck"));
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setResolution(300);

        QTextDocument doc;
        doc.setHtml(QString::fromStdString(html));
        doc.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size().toSizeF());
        pages = doc.pageCount();
        doc.print(&writer);
    }
    QFile out(file);
    if (!out.exists() || out.size() == 0)
        return Error {"could not write " + path};
    return PdfInfo {pages, out.size()};
}

std::unique_ptr<QCoreApplication> makeOffscreenGuiApplication(int& argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<QGuiApplication>(argc, argv);
}

} // namespace stackdeck::report
