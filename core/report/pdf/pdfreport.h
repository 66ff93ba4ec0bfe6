#pragma once

#include "util/result.h"

#include <QCoreApplication>

#include <memory>
#include <string>

namespace stackdeck::report {

struct PdfInfo {
    int pages = 0;
    std::int64_t bytes = 0;
};

// Renders the report HTML (renderHtml's output: the same content) to an A4
// PDF at `path`, atomically (QSaveFile) and owner-only (0600). Needs a QGuiApplication; QTextDocument loads no external
// resource (there is none in the HTML, and its default loadResource only reads
// files and qrc, which the escaped text cannot name).
Result<PdfInfo> writePdf(const std::string& html, const std::string& path, const std::string& title);

// For command-line programs: a QGuiApplication on the offscreen platform
// (QT_QPA_PLATFORM=offscreen unless set), so a PDF renders without a display.
std::unique_ptr<QCoreApplication> makeOffscreenGuiApplication(int& argc, char** argv);

} // namespace stackdeck::report
