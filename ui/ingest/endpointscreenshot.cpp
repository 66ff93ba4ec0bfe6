#include "endpointscreenshot.h"

#include "endpointcontroller.h"
#include "endpointpanel.h"
#include "envelopeinspector.h"
#include "envelopeitemmodel.h"
#include "envelopelistmodel.h"
#include "import/importreportdialog.h"
#include "issues/issuelistview.h"
#include "itemmodels/issuelistmodel.h"
#include "main/mainwindow.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableView>
#include <QUrl>

#include <cstdio>

namespace stackdeck::ui {

namespace {

template <typename F> bool waitFor(F done, int ms)
{
    QDeadlineTimer deadline(ms);
    while (!done() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
    return done();
}

int send(QNetworkAccessManager& net, const QString& dsn, const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const bool store = QFileInfo(path).suffix() == QLatin1String("json");
    const QUrl parsed(dsn);
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(parsed.host());
    url.setPort(parsed.port());
    url.setPath(
        QStringLiteral("/api%1/%2/").arg(parsed.path(), store ? QStringLiteral("store") : QStringLiteral("envelope")));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
        store ? QByteArrayLiteral("application/json") : QByteArrayLiteral("application/x-sentry-envelope"));
    request.setRawHeader("X-Sentry-Auth",
        "Sentry sentry_version=7, sentry_client=stackdeck-screenshot, sentry_key=" + parsed.userName().toLatin1());
    QNetworkReply* reply = net.post(request, file.readAll());
    waitFor([reply] { return reply->isFinished(); }, 20'000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

} // namespace

QPixmap grabEndpointScreenshot(MainWindow& window, const QString& mode, const QStringList& files)
{
    auto* panel = window.findChild<EndpointPanel*>();
    auto* controller = window.findChild<EndpointController*>(QStringLiteral("endpointController"));
    auto* tabs = qobject_cast<QTabWidget*>(window.centralWidget());
    if (!panel || !controller || !tabs)
        return {};
    panel->setPort(0);
    panel->toggle();
    if (!waitFor([&] { return controller->state() != EndpointController::State::Starting; }, 10'000)
        || !controller->isRunning()) {
        std::fprintf(stderr, "stackdeck: the endpoint did not start: %s\n", qPrintable(controller->errorString()));
        return {};
    }
    QNetworkAccessManager net;
    net.setProxy(QNetworkProxy::NoProxy);
    const QString dsn = panel->dsnField()->text();
    for (const QString& file : files) {
        // The endpoint reports its last envelope at most every 100 ms: one at a time, so the inspector lists each.
        const qint64 before = controller->envelopes()->totalAdded();
        const int status = send(net, dsn, file);
        if (status != 200)
            std::fprintf(stderr, "stackdeck: %s was answered %d\n", qPrintable(file), status);
        waitFor([&] { return controller->envelopes()->totalAdded() > before; }, 2000);
    }
    // The counters and envelopes come at most every 100 ms, the lists' refresh at most every second.
    waitFor([&] { return controller->counters().requests >= files.size(); }, 10'000);
    waitFor([] { return false; }, 1300);
    waitFor([&] { return !window.isRefreshing(); }, 10'000);
    if (window.issueList()->model()->rowCount() > 0 && !window.issueList()->currentIssue().isValid())
        window.issueList()->selectRow(0);
    waitFor([] { return false; }, 400);

    if (mode == QLatin1String("ingest-live")) {
        tabs->setCurrentIndex(0);
        waitFor([] { return false; }, 200);
        return window.grab();
    }
    if (mode == QLatin1String("ingest-inspector")) {
        EnvelopeInspector* inspector = panel->openInspector();
        auto* model = controller->envelopes();
        int best = 0;
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->rowAt(row).envelope.items.size() > model->rowAt(best).envelope.items.size())
                best = row;
        }
        inspector->selectEnvelope(best);
        inspector->selectItem(inspector->itemModel()->rowCount() - 1); // an attachment, when it has one
        waitFor([] { return false; }, 200);
        return inspector->grab();
    }
    tabs->setCurrentWidget(window.findChild<QScrollArea*>(QStringLiteral("endpointPage")));
    waitFor([] { return false; }, 200);
    return window.grab();
}

} // namespace stackdeck::ui
