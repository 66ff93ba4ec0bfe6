// The redaction rules editor, opened from the redaction preview's "Edit
// rules…": it lists the workspace's rules, refuses a regular expression that
// does not compile (saying where), writes an added or removed rule to the
// workspace, and the preview scans again with it.
#include "report/redactionpreview.h"
#include "report/redactionpreviewmodel.h"
#include "report/redactionrulesdialog.h"
#include "report/redactionrulesmodel.h"
#include "store/eventqueries.h"
#include "store/redactionrules.h"
#include "uifixture.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace stackdeck;
using namespace stackdeck::ui;

namespace {

const char* kEventId = "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c";

int customFindings(RedactionPreview& preview, const std::string& detector)
{
    int n = 0;
    for (const auto& row : preview.model()->rows())
        n += row.finding.detector == detector ? 1 : 0;
    return n;
}

} // namespace

class TestRedactionRules : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::shared_ptr<store::WorkspaceSession> m_session;
    IssueId m_issue;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        const QString input = m_dir.filePath(QStringLiteral("event.json"));
        QFile f(input);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const nlohmann::json event
            = {{"event_id", kEventId}, {"timestamp", 1764600000}, {"level", "error"}, {"platform", "python"},
                {"message", "checkout failed"}, {"extra", {{"order", "ORD-4411-ZK"}, {"note", "<b>ORD-9000-AA</b>"}}}};
        f.write(QByteArray::fromStdString(event.dump()));
        f.close();
        const QString path = m_dir.filePath(QStringLiteral("w.stackdeck"));
        QCOMPARE(ui::importFiles(path, {input}, QString(), nullptr, {}, {}).events, 1);
        m_session = test::openSession(path);
        QVERIFY(m_session);
        const auto row = store::eventByEventId(m_session->reader()->db(), kEventId);
        QVERIFY(row.has_value());
        m_issue = row->issue;
    }

    void editRulesFromThePreview()
    {
        RedactionPreview preview;
        preview.resize(800, 400);
        preview.show();
        QVERIFY(!preview.editRulesButton()->isEnabled()); // nothing to scan yet
        QVERIFY(!preview.openRulesEditor());
        QSignalSpy scanned(&preview, &RedactionPreview::scanned);
        preview.scan(m_session, ReportScope {{m_issue}, std::nullopt, "issue"});
        QTRY_COMPARE(scanned.count(), 1);
        QCOMPARE(customFindings(preview, "custom:order"), 0);
        QVERIFY(preview.editRulesButton()->isEnabled());

        RedactionRulesDialog* dialog = preview.openRulesEditor();
        QVERIFY(dialog);
        QAbstractItemModelTester tester(dialog->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(dialog, &RedactionRulesDialog::loaded);
        QSignalSpy changed(dialog, &RedactionRulesDialog::rulesChanged);
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(dialog->model()->rowCount(), 0);

        // A regex that does not compile: refused, saying where; nothing is written.
        dialog->kindBox()->setCurrentIndex(1);
        dialog->patternEdit()->setText(QStringLiteral("ORD-(\\d+"));
        QVERIFY(!dialog->addRule());
        QVERIFY2(dialog->message().contains(QStringLiteral("offset")), qPrintable(dialog->message()));
        QCOMPARE(dialog->model()->rowCount(), 0);
        QCOMPARE(changed.count(), 0);

        // A good one through the Add button: kept in the workspace, and the preview finds its matches.
        dialog->patternEdit()->setText(QStringLiteral("ORD-\\d{4}-[A-Z]{2}"));
        dialog->nameEdit()->setText(QStringLiteral("order"));
        QTest::mouseClick(dialog->addButton(), Qt::LeftButton);
        QTRY_COMPARE(changed.count(), 1);
        QCOMPARE(dialog->model()->rowCount(), 1);
        QCOMPARE(dialog->model()->index(0, RedactionRulesModel::NameColumn).data().toString(),
            QStringLiteral("custom:order"));
        QVERIFY(dialog->patternEdit()->text().isEmpty());
        {
            auto stored = store::loadRedactionRules(m_session->reader()->db());
            QVERIFY(stored.ok());
            QCOMPARE(stored->size(), std::size_t(1));
            QCOMPARE(stored->front().kind, store::RedactionRule::Kind::Regex);
            QCOMPARE(stored->front().name, std::string("order"));
        }
        QTRY_COMPARE(scanned.count(), 2);
        QCOMPARE(customFindings(preview, "custom:order"), 2); // the order and the note (markup is only text)

        // A key rule as well, then the same one again is refused.
        dialog->kindBox()->setCurrentIndex(0);
        dialog->patternEdit()->setText(QStringLiteral("note"));
        QVERIFY(dialog->addRule());
        QTRY_COMPARE(changed.count(), 2);
        QTRY_COMPARE(scanned.count(), 3);
        QCOMPARE(customFindings(preview, "custom:note"), 1);
        dialog->patternEdit()->setText(QStringLiteral("note"));
        QVERIFY(!dialog->addRule());
        QVERIFY2(dialog->message().contains(QStringLiteral("already")), qPrintable(dialog->message()));

        // Remove the regex rule: gone from the workspace and from the preview.
        QVERIFY(!dialog->removeButton()->isEnabled());
        dialog->view()->selectionModel()->select(
            dialog->model()->index(0, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QVERIFY(dialog->removeButton()->isEnabled());
        QTest::mouseClick(dialog->removeButton(), Qt::LeftButton);
        QTRY_COMPARE(changed.count(), 3);
        QCOMPARE(dialog->model()->rowCount(), 1);
        QCOMPARE(dialog->model()->rowAt(0).pattern, std::string("note"));
        QTRY_COMPARE(scanned.count(), 4);
        QCOMPARE(customFindings(preview, "custom:order"), 0);
        dialog->close();
    }

    // A workspace whose stored rules are broken: the editor says so and adds nothing over them.
    void unreadableRulesAreNotOverwritten()
    {
        {
            auto writer = m_session->writer();
            QVERIFY(writer.ok());
            sql::Statement st(
                writer->db(), "INSERT OR REPLACE INTO meta(key, value) VALUES('redaction_rules', 'nope')");
            st.run();
        }
        RedactionRulesDialog dialog(m_session);
        QSignalSpy failed(&dialog, &RedactionRulesDialog::failed);
        QTRY_VERIFY2(failed.count() == 1, qPrintable(dialog.message()));
        QVERIFY(!dialog.addButton()->isEnabled());
        QVERIFY(dialog.message().contains(QStringLiteral("cannot be read")));
        {
            auto writer = m_session->writer();
            QVERIFY(store::saveRedactionRules(writer->db(), {}).ok());
        }
    }
};

QTEST_MAIN(TestRedactionRules)
#include "tst_redactionrules.moc"
