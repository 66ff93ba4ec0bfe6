#include "largetext.h"

#include "common/jsonreindent.h"
#include "common/timeformat.h"

#include <QCoreApplication>
#include <QPlainTextEdit>
#include <QPushButton>

#include <algorithm>
#include <memory>

namespace stackdeck::ui {

namespace {
QString utf8(const std::string& text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}
} // namespace

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
    view->setPlainText(text.left(cut)
        + QCoreApplication::translate("LargeText", "\n… %1 more characters not shown: press “Show all”")
              .arg(text.size() - cut));
    showAll->setText(QCoreApplication::translate("LargeText", "Show all (%1)").arg(byteSize(text.size())));
    showAll->show();
    QObject::connect(showAll, &QPushButton::clicked, view, [view, showAll, text] {
        view->setPlainText(text);
        showAll->hide();
    });
}

bool setCappedPrettyJson(QPlainTextEdit* view, QPushButton* showAll, std::string json, qsizetype cap)
{
    auto pretty = reindentJson(json, static_cast<std::size_t>(std::max<qsizetype>(cap, 0)));
    if (!pretty)
        return false;
    QObject::disconnect(showAll, nullptr, view, nullptr);
    if (pretty->complete()) {
        view->setPlainText(utf8(pretty->head));
        showAll->hide();
        return true;
    }
    const auto hidden = static_cast<std::int64_t>(pretty->totalSize - pretty->head.size());
    view->setPlainText(utf8(pretty->head)
        + QCoreApplication::translate("LargeText", "\n… %1 more not shown: press “Show all”").arg(byteSize(hidden)));
    showAll->setText(QCoreApplication::translate("LargeText", "Show all (%1)")
                         .arg(byteSize(static_cast<std::int64_t>(pretty->totalSize))));
    showAll->show();
    auto source = std::make_shared<const std::string>(std::move(json));
    QObject::connect(showAll, &QPushButton::clicked, view, [view, showAll, source] {
        if (auto whole = reindentJson(*source))
            view->setPlainText(utf8(whole->head));
        showAll->hide();
    });
    return true;
}

} // namespace stackdeck::ui
