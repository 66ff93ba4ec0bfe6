#include "redactionrulesmodel.h"

namespace stackdeck::ui {

QString RedactionRulesModel::kindText(store::RedactionRule::Kind kind)
{
    return kind == store::RedactionRule::Kind::Key ? tr("Key name") : tr("Regular expression");
}

QStringList RedactionRulesModel::headers() const
{
    return {tr("Kind"), tr("Pattern"), tr("Shown as")};
}

QVariant RedactionRulesModel::cell(const store::RedactionRule& row, int column, int role) const
{
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (column) {
    case KindColumn:
        if (role == Qt::ToolTipRole)
            return row.kind == store::RedactionRule::Kind::Key
                ? tr("Removes the value of every key that contains this text (any case)")
                : tr("Removes every match in any text value");
        return kindText(row.kind);
    case PatternColumn:
        return role == Qt::ToolTipRole ? qs(row.pattern) : firstLine(qs(row.pattern), 200);
    case NameColumn:
        return QString(QStringLiteral("custom:") + qs(row.name));
    default:
        return {};
    }
}

} // namespace stackdeck::ui
