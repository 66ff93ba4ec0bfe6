#include "endpointscreenshot.h"

#include "endpointcontroller.h"
#include "endpointpanel.h"
#include "envelopeinspector.h"
#include "envelopeitemmodel.h"
#include "envelopelistmodel.h"
#include "forwardingbox.h"
#include "import/importreportdialog.h"
#include "issues/issuelistview.h"
#include "itemmodels/issuelistmodel.h"
#include "keptitemmodel.h"
#include "keptitemsview.h"
#include "main/mainwindow.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QUrl>

#include <algorithm>
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
    // ingest-forwarding: "forward:PROJECT=DSN" arguments set the project's upstream first (as typed and saved in
    // the panel); the other PATHs go to every forwarding project's DSN.
    QStringList paths;
    std::vector<std::pair<QString, QString>> forwards;
    for (const QString& arg : files) {
        const qsizetype eq = arg.indexOf(QLatin1Char('='));
        if (mode == QLatin1String("ingest-forwarding") && arg.startsWith(QLatin1String("forward:")) && eq > 8)
            forwards.emplace_back(arg.mid(8, eq - 8), arg.mid(eq + 1));
        else
            paths << arg;
    }
    ForwardingBox* box = panel->forwardingBox();
    if (!forwards.empty()) {
        waitFor([&] { return !box->projects().isEmpty(); }, 10'000);
        for (const auto& [project, upstream] : forwards) {
            QLineEdit* field = box->dsnField(project);
            if (!field) {
                std::fprintf(stderr, "stackdeck: no project %s in the forwarding settings\n", qPrintable(project));
                continue;
            }
            field->setText(upstream);
            Q_EMIT field->textEdited(upstream);
            box->saveButton(project)->click();
            waitFor([&] { return !box->statusLabel(project)->text().startsWith(QLatin1String("Saving")); }, 20'000);
        }
    }
    panel->setPort(0);
    panel->toggle();
    if (!waitFor([&] { return controller->state() != EndpointController::State::Starting; }, 10'000)
        || !controller->isRunning()) {
        std::fprintf(stderr, "stackdeck: the endpoint did not start: %s\n", qPrintable(controller->errorString()));
        return {};
    }
    QNetworkAccessManager net;
    net.setProxy(QNetworkProxy::NoProxy);
    QStringList dsns {panel->dsnField()->text()};
    if (!forwards.empty()) {
        dsns.clear();
        for (const ProjectDsn& p : controller->info().dsns) {
            if (std::any_of(forwards.begin(), forwards.end(), [&](const auto& f) { return f.first == p.project; }))
                dsns << p.dsn;
        }
    }
    qsizetype sent = 0;
    for (const QString& dsn : dsns)
        for (const QString& file : paths) {
            // The endpoint reports its last envelope at most every 100 ms: one at a time, so the inspector lists each.
            const qint64 before = controller->envelopes()->totalAdded();
            const int status = send(net, dsn, file);
            ++sent;
            if (status != 200)
                std::fprintf(stderr, "stackdeck: %s was answered %d\n", qPrintable(file), status);
            waitFor([&] { return controller->envelopes()->totalAdded() > before; }, 2000);
        }
    // The counters and envelopes come at most every 100 ms, the lists' refresh at most every second.
    waitFor([&] { return controller->counters().requests >= sent; }, 10'000);
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
    auto* page = window.findChild<QScrollArea*>(QStringLiteral("endpointPage"));
    tabs->setCurrentWidget(page);
    if (mode == QLatin1String("ingest-forwarding")) {
        // The forwarders' first attempts (and a failing one's error) come within a second or two.
        waitFor([] { return false; }, 2500);
        page->ensureWidgetVisible(box, 0, 0);
        page->verticalScrollBar()->setValue(std::max(0, box->y() - 220));
    }
    if (mode == QLatin1String("ingest-kept")) {
        // The kept items, read from the workspace, the newest selected with its bytes.
        KeptItemsView* kept = panel->keptItemsView();
        waitFor([&] { return kept->model()->rowCount() > 0 && !kept->isLoading(); }, 10'000);
        waitFor([] { return false; }, 200); // laid out with its rows
        QWidget* group = kept->parentWidget();
        page->verticalScrollBar()->setValue(
            std::max(0, group->y() + group->height() + 12 - page->viewport()->height()));
    }
    waitFor([] { return false; }, 200);
    return window.grab();
}

} // namespace stackdeck::ui
