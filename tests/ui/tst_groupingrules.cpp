// The project grouping rules dialog: live validation with errors at their
// line:column (underlined, listed, a click jumps there), saving for future
// imports, and the preview it opens.

#include "groupingfixture.h"
#include "query/facets.h"
#include "rules/ruleeditor.h"
#include "rules/rulesdialog.h"
#include "rules/whatifdialog.h"
#include "store/workspace.h"
#include "uifixture.h"

#include <QComboBox>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>

using namespace stackdeck;
using namespace stackdeck::ui;

class TestGroupingRules : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<store::Workspace> m_ws;
    std::string m_project;

    std::unique_ptr<RulesDialog> makeDialog()
    {
        auto dialog = std::make_unique<RulesDialog>(test::openSession(m_path));
        dialog->setInteractive(false);
        dialog->resize(1120, 680);
        dialog->show();
        return dialog;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        m_path = m_dir.filePath(QStringLiteral("rules.stackdeck"));
        QCOMPARE(test::importEvents(m_path, m_dir.filePath(QStringLiteral("events.json")),
                     {test::groupingEvent("0a000000000000000000000000000001", "ValueError", "bad"),
                         test::groupingEvent("0a000000000000000000000000000002", "KeyError", "missing")}),
            2);
        auto ws = store::Workspace::open(m_path.toStdString());
        QVERIFY(ws.ok());
        m_ws = std::move(ws).value();
        const auto projects = query::projectFacet(m_ws->db());
        QVERIFY(projects.ok() && !projects->empty());
        m_project = projects->front().name;
    }

    void listsTheProjects()
    {
        auto dialog = makeDialog();
        QVERIFY(dialog->projectBox()->findText(QString::fromStdString(m_project)) >= 0);
        QCOMPARE(dialog->project(), QString::fromStdString(m_project));
        QVERIFY(dialog->errors().empty());
        QVERIFY(dialog->saveButton()->isEnabled());
        QVERIFY(dialog->previewButton()->isEnabled());
    }

    void showsASyntaxErrorAtItsLineAndColumn_data()
    {
        QTest::addColumn<QString>("stack");
        QTest::addColumn<QString>("fingerprint");
        QTest::newRow("unknown action on line 2")
            << QStringLiteral("family:native -app\nfunction:foo bogus-action") << QString();
        QTest::newRow("fingerprint rule without ->")
            << QString() << QStringLiteral("# comment\ntype:ValueError -> fine\nmessage:\"x\" nope");
    }
    void showsASyntaxErrorAtItsLineAndColumn()
    {
        QFETCH(QString, stack);
        QFETCH(QString, fingerprint);
        auto dialog = makeDialog();
        // Typing schedules a check; the result arrives without saving anything.
        dialog->enhancementsEditor()->setPlainText(stack);
        dialog->fingerprintEditor()->setPlainText(fingerprint);
        QVERIFY(!dialog->saveButton()->isEnabled());
        QTRY_VERIFY(!dialog->errors().empty());
        const regroup::RuleError error = dialog->errors().front();
        QCOMPARE(error.line, stack.isEmpty() ? 3 : 2);
        QVERIFY(error.column >= 1);
        const QString position = QStringLiteral("%1:%2").arg(error.line).arg(error.column);
        QVERIFY2(dialog->errorMessages().front().contains(position), qPrintable(dialog->errorMessages().front()));
        QVERIFY(dialog->errorList()->isVisible());
        QVERIFY(!dialog->saveButton()->isEnabled());
        QVERIFY(!dialog->previewButton()->isEnabled());
        QVERIFY(!dialog->save());
        QVERIFY(dialog->preview() == nullptr);

        RuleEditor* editor = stack.isEmpty() ? dialog->fingerprintEditor() : dialog->enhancementsEditor();
        QCOMPARE(editor->marks().size(), std::size_t(1));
        QCOMPARE(editor->marks().front().line, error.line);
        QCOMPARE(editor->extraSelections().size(), 1);
        // A click on the problem puts the cursor there.
        QListWidgetItem* item = dialog->errorList()->item(0);
        Q_EMIT dialog->errorList()->itemClicked(item);
        QCOMPARE(editor->textCursor().blockNumber() + 1, error.line);
        QCOMPARE(editor->textCursor().positionInBlock() + 1, error.column);

        // Fixing the text clears the problem.
        editor->setPlainText(QStringLiteral("type:ValueError -app").left(stack.isEmpty() ? 0 : 20));
        dialog->validateNow();
        QVERIFY(dialog->errors().empty());
        QVERIFY(editor->extraSelections().isEmpty());
        QVERIFY(dialog->saveButton()->isEnabled());
    }

    void savesTheRules()
    {
        auto dialog = makeDialog();
        QSignalSpy saved(dialog.get(), &RulesDialog::saved);
        dialog->setTexts(QStringLiteral("stack.module:framework.* -group"), QStringLiteral("type:KeyError -> keys"));
        QVERIFY(dialog->save());
        QCOMPARE(saved.count(), 1);
        const auto stored = regroup::loadProjectRules(m_ws->db(), m_project);
        QVERIFY(stored.ok());
        QCOMPARE(stored->enhancements, std::string("stack.module:framework.* -group"));
        QCOMPARE(stored->fingerprintRules, std::string("type:KeyError -> keys"));
        // A new dialog starts from the saved texts.
        auto again = makeDialog();
        QCOMPARE(again->fingerprintEditor()->toPlainText(), QStringLiteral("type:KeyError -> keys"));
        again->setTexts({}, {});
        QVERIFY(again->save());
    }

    void previewOpensTheWhatIfDialog()
    {
        auto dialog = makeDialog();
        dialog->setTexts({}, QStringLiteral("type:ValueError -> one\ntype:KeyError -> one"));
        WhatIfDialog* whatIf = dialog->preview();
        QVERIFY(whatIf);
        QTRY_VERIFY_WITH_TIMEOUT(whatIf->plan() != nullptr, 30000);
        QVERIFY(!whatIf->isRunning());
    }

    void cleanupTestCase() { m_ws.reset(); }
};

QTEST_MAIN(TestGroupingRules)
#include "tst_groupingrules.moc"
