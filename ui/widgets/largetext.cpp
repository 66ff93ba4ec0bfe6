#include "largetext.h"

#include "util/timeformat.h"

#include <QPlainTextEdit>
#include <QPushButton>

namespace stackdeck::ui {

void setCappedPlainText(QPlainTextEdit* view, QPushButton* showAll, const QString& text, qsizetype cap)
{
    QObject::disconnect(showAll, nullptr, view, nullptr);
    if (text.size() <= cap) {
        view->setPlainText(text);
        showAll->hide();
        return;
    }
    qsizetype cut = text.lastIndexOf(QLatin1Char('\n'), cap);
    if (cut <= 0)
        cut = cap;
    view->setPlainText(
        text.left(cut) + QStringLiteral("\n… %1 more characters not shown: press “Show all”").arg(text.size() - cut));
    showAll->setText(QStringLiteral("Show all (%1)").arg(byteSize(text.size())));
    showAll->show();
    QObject::connect(showAll, &QPushButton::clicked, view, [view, showAll, text] {
        view->setPlainText(text);
        showAll->hide();
    });
}

} // namespace stackdeck::ui
