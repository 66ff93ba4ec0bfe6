#pragma once

#include "itemmodels/tablemodelbase.h"
#include "store/redactionrules.h"

namespace stackdeck::ui {

// The workspace's own redaction rules, one per row: the kind (key name or
// regular expression), the pattern and the label findings show.
class RedactionRulesModel : public TableModelBase<store::RedactionRule> {
    Q_OBJECT
public:
    enum Column { KindColumn, PatternColumn, NameColumn, NUM_COLUMNS };
    using TableModelBase::TableModelBase;

    static QString kindText(store::RedactionRule::Kind kind);

protected:
    QStringList headers() const override;
    QVariant cell(const store::RedactionRule& row, int column, int role) const override;
};

} // namespace stackdeck::ui
