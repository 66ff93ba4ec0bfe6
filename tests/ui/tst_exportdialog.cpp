// Reports from the window: every format written off the GUI thread, the
// redaction preview listing findings with path and detector, a finding kept
// by the preview left in the export and logged as not applied.
#include "report/exportdialog.h"
#include "report/exportjob.h"
#include "report/issuereport.h"
#include "report/redactionpreview.h"
#include "report/redactionpreviewmodel.h"
#include "store/reportqueries.h"
#include "store/sessionaccess.h"
#include "store/workspacesession.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

using namespace stackdeck;
using namespace stackdeck::ui;

class TestExportDialog : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::shared_ptr<store::WorkspaceSession> m_session;

    ReportScope everything() const
    {
        ReportScope scope;
        scope.matching = SqlFilter {};
        scope.selectionText = "all issues";
        return scope;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        if (test::corpusDir().isEmpty())
            return;
        const QString path = m_dir.filePath(QStringLiteral("r.stackdeck"));
        QVERIFY(test::buildCorpusWorkspace(path).events > 0);
        m_session = std::move(store::WorkspaceSession::open(path.toStdString())).value();
    }

    void exportsEveryFormat_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<bool>("redact");
        for (auto f :
            {ExportFormat::Markdown, ExportFormat::Html, ExportFormat::Pdf, ExportFormat::Csv, ExportFormat::Json}) {
            for (bool redact : {false, true}) {
                QTest::addRow("%s%s", qPrintable(exportFormatSuffix(f)), redact ? " redacted" : "")
                    << static_cast<int>(f) << redact;
            }
        }
    }
    void exportsEveryFormat()
    {
        STACKDECK_REQUIRE_CORPUS();
        QFETCH(int, format);
        QFETCH(bool, redact);
        ExportDialog dialog(m_session);
        dialog.setSearch(QString(), SqlFilter {}, 10);
        dialog.useSearch(true);
        dialog.setFormat(static_cast<ExportFormat>(format));
        const QString out = m_dir.filePath(
            QStringLiteral("%1.%2").arg(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-'),
                exportFormatSuffix(static_cast<ExportFormat>(format))));
        dialog.setOutput(out);
        dialog.setRedact(redact);
        if (redact)
            QTRY_VERIFY_WITH_TIMEOUT(!dialog.preview()->isScanning(), 30000);
        QSignalSpy exported(&dialog, &ExportDialog::exported);
        QSignalSpy failed(&dialog, &ExportDialog::failed);
        dialog.startExport();
        QVERIFY(dialog.isExporting()); // the work is on a worker
        QTRY_VERIFY_WITH_TIMEOUT(!exported.isEmpty() || !failed.isEmpty(), 60000);
        QVERIFY2(failed.isEmpty(), qPrintable(dialog.statusText()));
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.size() > 100);
        QCOMPARE(file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());
        if (static_cast<ExportFormat>(format) == ExportFormat::Pdf) {
            QVERIFY(bytes.startsWith("%PDF"));
            QVERIFY(dialog.statusText().contains(QStringLiteral("page")));
        }
        if (static_cast<ExportFormat>(format) == ExportFormat::Json)
            QVERIFY(!nlohmann::json::parse(bytes.toStdString(), nullptr, false).is_discarded());
        QCOMPARE(QFile::exists(out + QStringLiteral(".redaction-log.json")), redact);
    }

    void caseFileOpensAsWorkspace_data()
    {
        QTest::addColumn<bool>("redact");
        QTest::addRow("plain") << false;
        QTest::addRow("redacted") << true;
    }
    void caseFileOpensAsWorkspace()
    {
        STACKDECK_REQUIRE_CORPUS();
        QFETCH(bool, redact);
        // Two issues whose shown event holds values the detectors find (e-mail, IP, ...).
        const std::atomic<bool> noCancel {false};
        auto findings = store::readWithLease(m_session,
            [&](store::WorkspaceSession::Reader& reader) { return scanScope(reader, everything(), noCancel); });
        QVERIFY(findings.ok());
        std::vector<IssueId> picked;
        std::set<std::string> secrets;
        for (const PreviewFinding& f : *findings) {
            if (f.finding.wholeValue || f.finding.match.size() < 6)
                continue;
            if (std::find(picked.begin(), picked.end(), f.issue) == picked.end()) {
                if (picked.size() == 2)
                    continue;
                picked.push_back(f.issue);
            }
            secrets.insert(f.finding.match);
        }
        QVERIFY2(!picked.empty(), "the SDK corpus holds e-mail addresses and IPs");

        ExportDialog dialog(m_session);
        dialog.setSelection(picked);
        dialog.useSearch(false);
        dialog.setFormat(ExportFormat::Case);
        dialog.setRedact(redact);
        const QString out
            = m_dir.filePath(QStringLiteral("case-%1.stackdeck").arg(QString::fromLatin1(QTest::currentDataTag())));
        dialog.setOutput(out);
        QSignalSpy exported(&dialog, &ExportDialog::exported);
        QSignalSpy failed(&dialog, &ExportDialog::failed);
        dialog.startExport();
        QVERIFY(dialog.isExporting());
        QTRY_VERIFY_WITH_TIMEOUT(!exported.isEmpty() || !failed.isEmpty(), 60000);
        QVERIFY2(failed.isEmpty(), qPrintable(dialog.statusText()));
        QVERIFY(QFile::exists(out));

        // The file opens as a workspace holding exactly the selected issues.
        auto opened = store::WorkspaceSession::open(out.toStdString(), store::WorkspaceSession::Mode::ReadOnly);
        QVERIFY(opened.ok());
        std::shared_ptr<store::WorkspaceSession> caseSession = *opened;
        std::set<std::string> wanted;
        std::set<std::string> got;
        {
            auto reader = m_session->reader();
            for (IssueId id : picked)
                wanted.insert(report::loadIssueReport(reader->db(), id)->issue.title);
            auto caseReader = caseSession->reader();
            const auto ids = store::issueIdsMatching(caseReader->db(), SqlFilter {}, 0);
            QVERIFY(ids.ok());
            QCOMPARE(ids->size(), picked.size());
            for (IssueId id : *ids)
                got.insert(report::loadIssueReport(caseReader->db(), id)->issue.title);
        }
        QCOMPARE(got, wanted);

        // Redaction honoured: none of the values found is left in the case file's events.
        auto caseFindings = store::readWithLease(caseSession,
            [&](store::WorkspaceSession::Reader& reader) { return scanScope(reader, everything(), noCancel); });
        QVERIFY(caseFindings.ok());
        std::size_t left = 0;
        for (const PreviewFinding& f : *caseFindings)
            left += secrets.count(f.finding.match);
        if (redact)
            QCOMPARE(left, std::size_t(0));
        else
            QVERIFY(left > 0);
    }

    void previewListsFindingsAndKeepsWhatIsUnticked()
    {
        STACKDECK_REQUIRE_CORPUS();
        RedactionPreview preview;
        QAbstractItemModelTester tester(preview.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy scanned(&preview, &RedactionPreview::scanned);
        preview.scan(m_session, everything());
        QVERIFY(preview.isScanning());
        QTRY_VERIFY_WITH_TIMEOUT(!scanned.isEmpty(), 30000);
        RedactionPreviewModel* model = preview.model();
        QVERIFY2(model->rowCount() > 0, "the SDK corpus holds e-mail addresses, IPs and cookies");
        for (int r = 0; r < model->rowCount(); ++r) {
            QVERIFY(model->index(r, RedactionPreviewModel::PathColumn).data().toString().startsWith(u'/'));
            QVERIFY(!model->index(r, RedactionPreviewModel::DetectorColumn).data().toString().isEmpty());
        }
        QCOMPARE(model->appliedCount(), model->rowCount());
        QVERIFY(preview.summary().contains(QString::number(model->rowCount())));

        // Untick the first finding: every finding at that path of that issue goes with it.
        const PreviewFinding first = model->rowAt(0);
        QVERIFY(model->setData(model->index(0, RedactionPreviewModel::ApplyColumn), Qt::Unchecked, Qt::CheckStateRole));
        const auto kept = model->keptPaths();
        QCOMPARE(kept.size(), std::size_t(1));
        QVERIFY(kept.at(first.issue.value).count(first.finding.path));

        ExportRequest request;
        request.format = ExportFormat::Json;
        request.scope.ids = {first.issue};
        request.redact = true;
        request.keep = kept;
        request.output = m_dir.filePath(QStringLiteral("kept.json"));
        std::atomic<bool> cancel {false};
        auto reader = m_session->reader();
        auto result = exportReports(*reader, request, cancel);
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
        QFile logFile(result->log);
        QVERIFY(logFile.open(QIODevice::ReadOnly));
        const auto log = nlohmann::json::parse(logFile.readAll().toStdString());
        bool loggedAsKept = false;
        for (const auto& entry : log["issues"][0]["redactions"]) {
            if (entry["path"] == first.finding.path)
                loggedAsKept = loggedAsKept || entry["applied"] == false;
            QVERIFY(!entry.contains("match")); // the log never holds the secret
        }
        QVERIFY(loggedAsKept);
        model->setAllApplied(false);
        QCOMPARE(model->appliedCount(), 0);
    }

    void cancelledExportWritesNothing()
    {
        STACKDECK_REQUIRE_CORPUS();
        ExportRequest request;
        request.format = ExportFormat::Markdown;
        request.scope = everything();
        request.output = m_dir.filePath(QStringLiteral("cancelled.md"));
        std::atomic<bool> cancel {true};
        auto reader = m_session->reader();
        QVERIFY(!exportReports(*reader, request, cancel).ok());
        QVERIFY(!QFile::exists(request.output));
    }
};

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
