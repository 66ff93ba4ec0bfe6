#include "sdksnippets.h"

namespace stackdeck::ui {

namespace {

// A DSN is a URL (no quotes or backslashes in it), but the snippet is code: escape anyway.
QString quoted(const QString& text)
{
    QString out = text;
    out.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

} // namespace

QString pythonSnippet(const QString& dsn)
{
    return QStringLiteral("import sentry_sdk\n\nsentry_sdk.init(dsn=%1, traces_sample_rate=1.0)\n").arg(quoted(dsn));
}

QString javaScriptSnippet(const QString& dsn)
{
    return QStringLiteral(
        "import * as Sentry from \"@sentry/node\";\n\nSentry.init({ dsn: %1, tracesSampleRate: 1.0 });\n")
        .arg(quoted(dsn));
}

} // namespace stackdeck::ui
